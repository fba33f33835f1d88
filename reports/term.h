/*
 * People at a terminal: colour only on a terminal that wants it, and a progress bar for runs
 * that last more than a second. Nothing here reaches a report or a pipe.
 */
#ifndef JT_TERM_H
#define JT_TERM_H

#include <stddef.h>
#include <stdio.h>

/* 1 when f is a terminal, NO_COLOR is unset or empty and TERM is not "dumb". */
int jt_term_colour(FILE *f);

typedef struct jt_progress {
    FILE *f;
    int enabled;  /* f is a terminal */
    int shown;    /* the bar is on the screen */
    size_t total; /* files expected (0: unknown) */
    size_t done;
    double start_s; /* monotonic clock at init */
    double delay_s; /* shown only after this long (1 s) */
    double last_s;  /* last drawn */
} jt_progress;

/* A bar on f for total files; it stays hidden unless f is a terminal. The environment
   variable JT_PROGRESS_DELAY_MS (0 to 3600000) changes the delay of 1 s (tests use 0). */
void jt_progress_init(jt_progress *p, FILE *f, size_t total);
/* One more file done (label: its path); draws the bar once the run has lasted the delay. */
void jt_progress_step(jt_progress *p, const char *label);
/* Erases the bar (before other output on f); the next step draws it again. */
void jt_progress_clear(jt_progress *p);

struct jt_file_result;
struct jt_expect;

/*
 * The line of one file once it has run, from its records' verdicts (fr->verdicts), as the
 * totals line counts them: "PATH: N passed, N failed, N skipped" and, when the run has known
 * deviations x, ", N known deviation(s), N unexpectedly passed"; "PATH: not run (input error)"
 * for a file that could not be read or parsed. colour: counts that are not zero in colour.
 */
void jt_term_file_line(FILE *out, const struct jt_file_result *fr, const struct jt_expect *x,
                       int colour);

/* The number of case files that paths name, as the runner finds them (sim/run/paths.h); a
   path that is not a folder counts 1. */
size_t jt_term_count_cases(char *const *paths, size_t n);

#endif

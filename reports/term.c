/* Colour and a progress bar for a terminal (see reports/term.h). */
#include "reports/term.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/common.h"
#include "sim/run/expect.h"
#include "sim/run/paths.h"
#include "sim/run/runner.h"

#define BAR_WIDTH 30
#define REDRAW_S 0.1

int jt_term_colour(FILE *f) {
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
    if (!isatty(fileno(f)))
        return 0;
    if (no && *no)
        return 0;
    return !(term && strcmp(term, "dumb") == 0);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int columns(FILE *f) {
    struct winsize ws;
    if (ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

void jt_progress_init(jt_progress *p, FILE *f, size_t total) {
    const char *delay;
    memset(p, 0, sizeof *p);
    p->f = f;
    p->enabled = isatty(fileno(f));
    p->total = total;
    p->delay_s = 1.0;
    delay = getenv("JT_PROGRESS_DELAY_MS");
    if (delay && *delay) {
        char *end;
        long ms = strtol(delay, &end, 10);
        if (!*end && ms >= 0 && ms <= 3600000L)
            p->delay_s = (double)ms / 1000.0;
    }
    p->start_s = now_s();
}

void jt_progress_clear(jt_progress *p) {
    if (!p->shown)
        return;
    fputs("\r\033[K", p->f);
    fflush(p->f);
    p->shown = 0;
}

void jt_progress_step(jt_progress *p, const char *label) {
    char line[512];
    size_t total, filled, n, i;
    int width, room;
    double t;
    p->done++;
    if (!p->enabled)
        return;
    t = now_s();
    if (t - p->start_s < p->delay_s || (p->shown && t - p->last_s < REDRAW_S && p->done < p->total))
        return;
    p->last_s = t;
    total = p->total > p->done ? p->total : p->done;
    filled = total ? p->done * BAR_WIDTH / total : 0;
    n = 0;
    line[n++] = '[';
    for (i = 0; i < BAR_WIDTH; i++)
        line[n++] = i < filled ? '#' : '.';
    n += (size_t)snprintf(line + n, sizeof line - n, "] %zu/%zu files %3zu%%  ", p->done, total,
                          total ? p->done * 100 / total : 0);
    width = columns(p->f) - 1;
    room = width - (int)n;
    if (label && room > 4) {
        size_t len = strlen(label);
        if (len > (size_t)room)
            n += (size_t)snprintf(line + n, sizeof line - n, "...%s",
                                  label + len - (size_t)room + 3);
        else
            n += (size_t)snprintf(line + n, sizeof line - n, "%s", label);
    }
    if (n > (size_t)width && width > 0)
        n = (size_t)width;
    line[n < sizeof line ? n : sizeof line - 1] = '\0';
    fprintf(p->f, "\r\033[K%s", line);
    fflush(p->f);
    p->shown = 1;
}

/* n what, in colour code when colour and n is not zero. */
static void term_count(FILE *out, int colour, const char *code, size_t n, const char *what) {
    if (colour && n)
        fprintf(out, "%s%zu %s\033[0m", code, n, what);
    else
        fprintf(out, "%zu %s", n, what);
}

void jt_term_file_line(FILE *out, const jt_file_result *fr, const jt_expect *x, int colour) {
    const size_t *v = fr->verdicts;
    if (fr->error) {
        fprintf(out, "%s: not run (input error)\n", fr->path);
        return;
    }
    fprintf(out, "%s: ", fr->path);
    term_count(out, colour, "\033[32m", v[JT_VERDICT_PASS], "passed");
    fputs(", ", out);
    term_count(out, colour, "\033[31m", v[JT_VERDICT_FAIL] + v[JT_VERDICT_ERROR], "failed");
    fputs(", ", out);
    term_count(out, colour, "\033[33m", v[JT_VERDICT_SKIP], "skipped");
    if (x) {
        fputs(", ", out);
        term_count(out, colour, "\033[33m", v[JT_VERDICT_XFAIL],
                   v[JT_VERDICT_XFAIL] == 1 ? "known deviation" : "known deviations");
        fputs(", ", out);
        term_count(out, colour, "\033[31m", v[JT_VERDICT_XPASS], "unexpectedly passed");
    }
    fputc('\n', out);
}

static int count_found(void *ctx, const char *path, const char *rel, jt_error *err) {
    (void)path;
    (void)rel;
    (void)err;
    ++*(size_t *)ctx;
    return JT_OK;
}

static int count_unreadable(void *ctx, const char *dir, const char *message, jt_error *err) {
    (void)ctx;
    (void)dir;
    (void)message;
    (void)err;
    return JT_OK; /* the run says so */
}

size_t jt_term_count_cases(char *const *paths, size_t n) {
    size_t i, found = 0;
    const jt_case_walk w = {count_found, count_unreadable, &found};
    for (i = 0; i < n; i++) {
        struct stat sb;
        jt_error err;
        if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            jt_case_walk_folder(paths[i], &w, &err); /* a count for the bar, whatever befalls */
        else
            found++;
    }
    return found;
}

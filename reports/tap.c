/*
 * TAP version 13: one test point per record ("path:line: title"), a file that could not be
 * read or parsed as one failed point, a YAML block (message, severity, file, line) under
 * every failure, "# SKIP reason" for skipped records, "# TODO known deviation: reason" for
 * an expected failure. An unexpected pass is a failed point (the run fails). Comment lines
 * carry the run's metadata, the requirements and the spec-coverage table.
 */
#include <string.h>

#include "reports/internal.h"

/* A description or directive: one line, '#' escaped as TAP wants. */
static void desc(FILE *f, const char *s) {
    size_t n = jt_report_first_line(s), i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '#' && s[j] != '\\')
            j++;
        jt_report_plain(f, s + i, j - i);
        if (j < n) {
            fputc('\\', f);
            fputc(s[j], f);
            j++;
        }
        i = j;
    }
}

/* A YAML block under a failed point. Strings are double-quoted with JSON's escapes (a JSON
   string is a YAML double-quoted scalar), which the YAMLish readers of TAP harnesses accept,
   diff lines and all. */
static void yaml(FILE *f, const char *severity, const char *file, int line, const char *message) {
    fputs("  ---\n", f);
    fprintf(f, "  severity: %s\n", severity);
    fputs("  file: ", f);
    jt_report_json_str(f, file);
    fputc('\n', f);
    if (line > 0)
        fprintf(f, "  line: %d\n", line);
    fputs("  message: ", f);
    jt_report_json_str(f, message);
    fputs("\n  ...\n", f);
}

static void point(FILE *f, size_t n, const jt_report_data *d, const jt_record_result *rr) {
    const jt_expect_entry *e = rr->deviation;
    int v = rr->verdict;
    fprintf(f, "%s %zu - ",
            v == JT_VERDICT_FAIL || v == JT_VERDICT_ERROR || v == JT_VERDICT_XPASS ||
                    v == JT_VERDICT_XFAIL
                ? "not ok"
                : "ok",
            n);
    desc(f, rr->file);
    fprintf(f, ":%d: ", rr->line);
    if (rr->subtest) {
        desc(f, rr->subtest);
        fputs(": ", f);
    }
    desc(f, rr->kind);
    switch (v) {
    case JT_VERDICT_SKIP:
        fputs(" # SKIP ", f);
        desc(f, rr->message ? rr->message : "skipped");
        fputc('\n', f);
        break;
    case JT_VERDICT_XFAIL:
        fputs(" # TODO known deviation: ", f);
        desc(f, e->reason);
        fputc('\n', f);
        yaml(f, "todo", rr->file, rr->line, rr->message);
        break;
    case JT_VERDICT_XPASS: {
        char why[JT_MESSAGE_MAX * 4];
        snprintf(why, sizeof why,
                 "%s:%d: unexpectedly passed: listed as a known deviation at %s:%d: %s", rr->file,
                 rr->line, d->run->expect->path, e->source_line, e->reason);
        fputc('\n', f);
        yaml(f, "fail", rr->file, rr->line, why);
        break;
    }
    case JT_VERDICT_FAIL:
        fputc('\n', f);
        yaml(f, "fail", rr->file, rr->line, rr->message);
        break;
    case JT_VERDICT_ERROR:
        fputc('\n', f);
        yaml(f, "error", rr->file, rr->line, rr->message);
        break;
    default:
        fputc('\n', f);
        break;
    }
}

int jt_report_write_tap(FILE *f, const jt_report_data *d) {
    const jt_run_result *run = d->run;
    const jt_report_meta *m = d->meta;
    char seed[32];
    size_t i, r, n = 0, total = 0;
    for (i = 0; i < run->nfiles; i++)
        total += run->files[i].nrecords + (run->files[i].error ? 1 : 0);
    fputs("TAP version 13\n", f);
    fprintf(f, "1..%zu\n", total);
    fprintf(f, "# jobtck %s %s: driver ", m->version ? m->version : "?",
            m->command ? m->command : "run");
    desc(f, m->driver ? m->driver : "?");
    fputs(", profile ", f);
    desc(f, m->profile ? m->profile : JT_PROFILE_DEFAULT);
    if (jt_report_seed(seed, sizeof seed, m))
        fprintf(f, ", seed %s", seed);
    if (run->expect) {
        fputs(", known deviations from ", f);
        desc(f, run->expect->path);
    }
    fputc('\n', f);
    for (i = 0; i < run->nfiles; i++) {
        const jt_file_result *fr = &run->files[i];
        if (fr->error) {
            fprintf(f, "not ok %zu - ", ++n);
            desc(f, fr->path);
            fputs(": read and parse\n", f);
            yaml(f, "error", fr->path, 0, fr->error);
        }
        for (r = 0; r < fr->nrecords; r++)
            point(f, ++n, d, &fr->records[r]);
    }
    for (i = 0; i < d->nreqs; i++) {
        const jt_report_req *q = &d->reqs[i];
        fprintf(f,
                "# requirement %s%s: %zu records, %zu passed, %zu failed, %zu skipped, %zu known "
                "deviations, %zu unexpectedly passed\n",
                q->id,
                q->source && strcmp(q->source, JT_REQ_V21) == 0 ? ""
                : q->source                                     ? " (later releases)"
                                                                : " (not in docs/spec.md)",
                q->records, q->verdicts[JT_VERDICT_PASS],
                q->verdicts[JT_VERDICT_FAIL] + q->verdicts[JT_VERDICT_ERROR],
                q->verdicts[JT_VERDICT_SKIP], q->verdicts[JT_VERDICT_XFAIL],
                q->verdicts[JT_VERDICT_XPASS]);
    }
    jt_report_speccov_text(f, d, "# ");
    return jt_report_status(f);
}

/*
 * The HTML report: one self-contained page (inline CSS, no script, no external asset) with
 * the run's metadata, a summary, the requirement matrix (requirement id x driver/profile:
 * records and cases, by verdict), each failure with its SQL and diff, the known deviations,
 * the spec-coverage table and the files.
 */
#include <string.h>

#include "reports/internal.h"

#define TITLE_MAX 512

static const char css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:0 2em 2em;color:#1d1d1f;background:#fff}"
    "h1{margin:.6em 0 .2em;font-size:22px}h2{margin:1.4em 0 .4em;font-size:18px;"
    "border-bottom:1px solid #ddd}h3{font-size:14px;margin:.8em 0 .3em}"
    "table{border-collapse:collapse;margin:.3em 0}td,th{border:1px solid #ccc;padding:3px 7px;"
    "text-align:left;vertical-align:top}th{background:#f2f2f2}"
    "table.meta td,table.meta th{border:none;padding:1px 10px 1px 0}"
    ".verdict{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:bold}"
    ".verdict.pass{background:#2e7d32}.verdict.fail{background:#c62828}"
    ".boxes span{display:inline-block;margin:0 8px 4px 0;padding:4px 10px;border-radius:4px;"
    "background:#eee}.boxes b{font-size:16px}"
    "td.pass{background:#e3f4e4}td.fail{background:#fbe0e0}td.none{background:#f5f5f5;"
    "color:#888}td.skip{background:#fff6d6}td.xfail{background:#fff0c2}"
    "td.cell{text-align:center;font-family:monospace;min-width:5.5em}"
    "td.hit{background:#d8efd9}td.miss{background:#fbe9e7;color:#b71c1c}"
    ".files{font-size:12px;color:#555}code,pre{font-family:ui-monospace,monospace;font-size:12px}"
    "pre{background:#f7f7f7;border:1px solid #e0e0e0;padding:6px;overflow-x:auto;margin:.2em 0}"
    "pre .del{color:#b71c1c;background:#fdecea;display:block}"
    "pre .add{color:#1b5e20;background:#e8f5e9;display:block}"
    "div.failure{border-left:4px solid #c62828;padding-left:10px;margin:1em 0}"
    "div.xpass{border-color:#ef6c00}div.xfail{border-color:#f9a825}.muted{color:#777}";

static void text(FILE *f, const char *s) {
    jt_report_xmls(f, s ? s : "");
}

static void meta_row(FILE *f, const char *name, const char *value) {
    if (!value)
        return;
    fprintf(f, "<tr><th>%s</th><td><code>", name);
    text(f, value);
    fputs("</code></td></tr>\n", f);
}

static void header(FILE *f, const jt_report_data *d) {
    const jt_report_meta *m = d->meta;
    char seed[32];
    int status = jt_expect_exit_status(&d->tally);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width\">\n<title>jobtck ",
          f);
    text(f, m->command ? m->command : "run");
    fputs(" report</title>\n<style>", f);
    fputs(css, f);
    fputs("</style>\n</head>\n<body>\n<h1>jobtck ", f);
    text(f, m->command ? m->command : "run");
    fprintf(f, " report <span class=\"verdict %s\">%s</span></h1>\n", status ? "fail" : "pass",
            status == 0   ? "PASSED"
            : status == 1 ? "FAILED"
                          : "INPUT ERRORS");
    fputs("<table class=\"meta\">\n", f);
    meta_row(f, "kit version", m->version);
    meta_row(f, "driver", m->driver);
    meta_row(f, "profile", m->profile ? m->profile : JT_PROFILE_DEFAULT);
    meta_row(f, "seed",
             jt_report_seed(seed, sizeof seed, m) ? seed
                                                  : "none (the run draws no "
                                                    "random numbers)");
    meta_row(f, "known deviations", d->run->expect ? d->run->expect->path : "none");
    meta_row(f, "replay", m->replay);
    fputs("</table>\n", f);
}

static void summary(FILE *f, const jt_report_data *d) {
    const jt_expect_tally *t = &d->tally;
    size_t i, records = 0;
    for (i = 0; i < d->run->nfiles; i++)
        records += d->run->files[i].nrecords;
    fputs("<h2 id=\"summary\">Summary</h2>\n<div class=\"boxes\">", f);
    fprintf(f, "<span><b>%zu</b> files</span>", d->run->nfiles);
    fprintf(f, "<span><b>%zu</b> records</span>", records);
    fprintf(f, "<span><b>%zu</b> passed</span>", t->passed);
    fprintf(f, "<span><b>%zu</b> failed</span>", t->failed);
    fprintf(f, "<span><b>%zu</b> skipped</span>", t->skipped);
    if (d->run->expect) {
        fprintf(f, "<span><b>%zu</b> known deviations</span>", t->xfailed);
        fprintf(f, "<span><b>%zu</b> unexpectedly passed</span>", t->xpassed);
    }
    fprintf(f, "<span><b>%zu</b> input errors</span>", t->errors);
    if (d->cov.profile)
        fprintf(f, "<span><b>%zu / %zu</b> transition-table cells exercised</span>",
                d->cov.exercised, d->cov.cells);
    fputs("</div>\n", f);
}

/* The last part of a path, for the case lists of the matrix. */
static const char *base(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

static void matrix(FILE *f, const jt_report_data *d) {
    const jt_report_meta *m = d->meta;
    size_t i, k;
    fputs("<h2 id=\"matrix\">Requirement matrix</h2>\n<table class=\"matrix\">\n<tr><th>id</th>"
          "<th>requirement (docs/spec.md, section 1)</th><th>",
          f);
    text(f, m->driver ? m->driver : "?");
    fputs(" / ", f);
    text(f, m->profile ? m->profile : JT_PROFILE_DEFAULT);
    fputs("</th></tr>\n", f);
    for (i = 0; i < d->nreqs; i++) {
        const jt_report_req *q = &d->reqs[i];
        size_t failed = q->verdicts[JT_VERDICT_FAIL] + q->verdicts[JT_VERDICT_ERROR] +
                        q->verdicts[JT_VERDICT_XPASS];
        const char *cls = !q->records                         ? "none"
                          : failed                            ? "fail"
                          : q->verdicts[JT_VERDICT_XFAIL]     ? "xfail"
                          : q->verdicts[JT_VERDICT_PASS] == 0 ? "skip"
                                                              : "pass";
        fputs("<tr><th><code>", f);
        text(f, q->id);
        fputs("</code></th><td>", f);
        if (q->text)
            text(f, q->text);
        else
            fputs("<span class=\"muted\">not in docs/spec.md</span>", f);
        fprintf(f, "</td><td class=\"%s\">", cls);
        if (!q->records) {
            fputs("no record covers it", f);
        } else {
            fprintf(f, "<b>%s</b> %zu record%s in %zu case%s: %zu passed",
                    failed ? "&#10008;" : "&#10004;", q->records, q->records == 1 ? "" : "s",
                    q->nfiles, q->nfiles == 1 ? "" : "s", q->verdicts[JT_VERDICT_PASS]);
            if (failed)
                fprintf(f, ", <b>%zu failed</b>", failed);
            if (q->verdicts[JT_VERDICT_SKIP])
                fprintf(f, ", %zu skipped", q->verdicts[JT_VERDICT_SKIP]);
            if (q->verdicts[JT_VERDICT_XFAIL])
                fprintf(f, ", %zu known deviations", q->verdicts[JT_VERDICT_XFAIL]);
            fputs("<div class=\"files\">", f);
            for (k = 0; k < q->nfiles; k++) {
                if (k)
                    fputs(", ", f);
                text(f, base(d->run->files[q->files[k]].path));
            }
            fputs("</div>", f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
    if (d->uncovered_records)
        fprintf(f, "<p class=\"muted\">%zu records have no <code>covers</code> line.</p>\n",
                d->uncovered_records);
}

/* A failure message: its first line, then the diff lines coloured. */
static void message(FILE *f, const char *s) {
    fputs("<pre>", f);
    for (;;) {
        size_t n = jt_report_first_line(s);
        const char *cls = NULL;
        if (n > 4 && strncmp(s, "    -", 5) == 0)
            cls = "del";
        else if (n > 4 && strncmp(s, "    +", 5) == 0)
            cls = "add";
        if (cls)
            fprintf(f, "<span class=\"%s\">", cls);
        jt_report_xml(f, s, n);
        if (cls)
            fputs("</span>", f);
        else if (s[n])
            fputc('\n', f);
        if (!s[n])
            break;
        s += n + 1;
    }
    fputs("</pre>\n", f);
}

static void failures(FILE *f, const jt_report_data *d) {
    const jt_run_result *run = d->run;
    size_t i, r, n = 0;
    fputs("<h2 id=\"failures\">Failures and known deviations</h2>\n", f);
    for (i = 0; i < run->nfiles; i++) {
        const jt_file_result *fr = &run->files[i];
        if (fr->error) {
            n++;
            fputs("<div class=\"failure\"><h3>", f);
            text(f, fr->path);
            fputs(": input error</h3>\n", f);
            message(f, fr->error);
            fputs("</div>\n", f);
        }
        for (r = 0; r < fr->nrecords; r++) {
            const jt_record_result *rr = &fr->records[r];
            const jt_expect_entry *e = rr->deviation;
            char title[TITLE_MAX];
            int v = rr->verdict;
            if (v != JT_VERDICT_FAIL && v != JT_VERDICT_ERROR && v != JT_VERDICT_XPASS &&
                v != JT_VERDICT_XFAIL)
                continue;
            n++;
            jt_report_title(title, sizeof title, rr);
            fprintf(f, "<div class=\"failure%s\"><h3>",
                    v == JT_VERDICT_XPASS   ? " xpass"
                    : v == JT_VERDICT_XFAIL ? " xfail"
                                            : "");
            text(f, rr->file);
            fprintf(f, ":%d: ", rr->line);
            text(f, title);
            fputs(v == JT_VERDICT_XPASS ? " (unexpectedly passed)" : "", f);
            fputs("</h3>\n", f);
            if (v == JT_VERDICT_XFAIL) {
                fputs("<p>A known deviation: ", f);
                text(f, e->reason);
                fputs(" <span class=\"muted\">(", f);
                text(f, d->run->expect->path);
                fprintf(f, ":%d)</span></p>\n", e->source_line);
            }
            if (rr->sql) {
                fputs("<div class=\"muted\">as ", f);
                text(f, rr->user);
                fputs(":</div><pre>", f);
                text(f, rr->sql);
                fputs("</pre>\n", f);
            }
            if (v == JT_VERDICT_XPASS) {
                fprintf(f, "<p>Listed as a known deviation at <code>");
                text(f, d->run->expect->path);
                fprintf(f, ":%d</code> (", e->source_line);
                text(f, e->reason);
                fputs("), but it passed: remove it from the list.</p>\n", f);
            } else {
                message(f, rr->message);
            }
            fputs("</div>\n", f);
        }
    }
    if (!n)
        fputs("<p>None.</p>\n", f);
}

static void deviations(FILE *f, const jt_report_data *d) {
    const jt_expect *x = d->run->expect;
    size_t i;
    if (!x)
        return;
    fputs("<h2 id=\"deviations\">Known deviations</h2>\n<p>From <code>", f);
    text(f, x->path);
    fputs("</code>.</p>\n<table>\n<tr><th>entry</th><th>reason</th><th>records</th>"
          "<th>failed as expected</th><th>unexpectedly passed</th></tr>\n",
          f);
    for (i = 0; i < x->nentries; i++) {
        const jt_expect_entry *e = &x->entries[i];
        const char *cls = d->tally.xpasses[i] ? "fail" : !d->tally.matches[i] ? "none" : "xfail";
        fputs("<tr><td><code>", f);
        text(f, e->selector);
        fputs("</code></td><td>", f);
        text(f, e->reason);
        fprintf(f, "</td><td class=\"%s\">%zu%s</td><td>%zu</td><td>%zu</td></tr>\n", cls,
                d->tally.matches[i], d->tally.matches[i] ? "" : " (lists no record of this run)",
                d->tally.xfails[i], d->tally.xpasses[i]);
    }
    fputs("</table>\n", f);
}

static void speccov(FILE *f, const jt_report_data *d) {
    const jt_speccov *c = &d->cov;
    int st, op, ty, pv;
    fputs("<h2 id=\"spec-coverage\">Spec coverage: the transition table</h2>\n", f);
    if (!c->profile) {
        if (d->meta->no_coverage) {
            fputs("<p>Not computed for this run.</p>\n", f);
            return;
        }
        fputs("<p>Not available: the kit has no profile named <code>", f);
        text(f, d->meta->profile ? d->meta->profile : JT_PROFILE_DEFAULT);
        fputs("</code>.</p>\n", f);
        return;
    }
    fprintf(f,
            "<p>%zu of %zu cells (status &times; statement &times; job type &times; privilege) "
            "exercised by %zu control statements, as replayed on the model of profile "
            "<code>",
            c->exercised, c->cells, c->statements);
    text(f, c->profile->name);
    fputs("</code>. A cell names the hits; <span class=\"muted\">&middot;</span> marks a cell "
          "no record exercised.</p>\n<table>\n<tr><th rowspan=\"2\">status</th><th "
          "rowspan=\"2\">job type</th>",
          f);
    for (op = 0; op < JT_OP_COUNT; op++)
        fprintf(f, "<th colspan=\"%d\">%s</th>", JT_PRIV_COUNT, jt_speccov_op_name(op));
    fputs("</tr>\n<tr>", f);
    for (op = 0; op < JT_OP_COUNT; op++)
        for (pv = 0; pv < JT_PRIV_COUNT; pv++)
            fprintf(f, "<th>%s</th>", jt_speccov_priv_name(pv));
    fputs("</tr>\n", f);
    for (st = 0; st <= JT_COVER_MISSING; st++)
        for (ty = 0; ty < JT_TY_COUNT; ty++) {
            if (!jt_speccov_is_cell(c, st, ty))
                continue;
            fputs("<tr><th>", f);
            text(f, jt_speccov_status_name(c, st));
            fputs("</th><td>", f);
            text(f, jt_speccov_type_name(c, st, ty));
            fputs("</td>", f);
            for (op = 0; op < JT_OP_COUNT; op++)
                for (pv = 0; pv < JT_PRIV_COUNT; pv++) {
                    uint64_t h = c->hits[st][op][ty][pv];
                    if (h)
                        fprintf(f, "<td class=\"cell hit\">%llu</td>", (unsigned long long)h);
                    else
                        fputs("<td class=\"cell miss\">&middot;</td>", f);
                }
            fputs("</tr>\n", f);
        }
    fputs("</table>\n", f);
}

static void files(FILE *f, const jt_report_data *d) {
    size_t i;
    fputs("<h2 id=\"files\">Files</h2>\n<table>\n<tr><th>case file</th><th>passed</th>"
          "<th>failed</th><th>skipped</th><th>known deviations</th></tr>\n",
          f);
    for (i = 0; i < d->run->nfiles; i++) {
        const jt_file_result *fr = &d->run->files[i];
        const size_t *n = fr->verdicts;
        fputs("<tr><td><code>", f);
        text(f, fr->path);
        fputs("</code>", f);
        if (fr->error)
            fputs(" <b>input error</b>", f);
        fprintf(f, "</td><td>%zu</td><td class=\"%s\">%zu</td><td>%zu</td><td>%zu</td></tr>\n",
                n[JT_VERDICT_PASS],
                n[JT_VERDICT_FAIL] + n[JT_VERDICT_ERROR] + n[JT_VERDICT_XPASS] ? "fail" : "",
                n[JT_VERDICT_FAIL] + n[JT_VERDICT_ERROR] + n[JT_VERDICT_XPASS], n[JT_VERDICT_SKIP],
                n[JT_VERDICT_XFAIL]);
    }
    fputs("</table>\n", f);
}

int jt_report_write_html(FILE *f, const jt_report_data *d) {
    header(f, d);
    summary(f, d);
    matrix(f, d);
    failures(f, d);
    deviations(f, d);
    speccov(f, d);
    files(f, d);
    fputs("</body>\n</html>\n", f);
    return jt_report_status(f);
}

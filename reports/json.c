/*
 * The JSON report; its schema is docs/report-json.md (format_version 1).
 *
 * Written by hand as it goes, not with jansson (which reads and writes the exec protocol): a
 * jansson document of the bundled suite's report holds about 110 MB before it is written, and
 * jansson's writer lays the report out otherwise (an array's items a line each) and escapes
 * otherwise (\u001F, DEL as it is; text that is not UTF-8 refused, where this report writes
 * U+FFFD), so the report would not stay the same byte for byte.
 */
#include <string.h>

#include "reports/internal.h"

static void key(FILE *f, int indent, const char *name) {
    fprintf(f, "%*s\"%s\": ", indent, "", name);
}

static void str_field(FILE *f, int indent, const char *name, const char *value, int more) {
    key(f, indent, name);
    jt_report_json_str(f, value);
    fputs(more ? ",\n" : "\n", f);
}

static void num_field(FILE *f, int indent, const char *name, size_t value, int more) {
    key(f, indent, name);
    fprintf(f, "%zu%s", value, more ? ",\n" : "\n");
}

static void record(FILE *f, const jt_record_result *rr, int more) {
    const jt_expect_entry *e = rr->deviation;
    int v = rr->verdict;
    size_t c;
    static const char *const outcomes[] = {"?", "pass", "fail", "skip", "error"};
    fputs("        {\n", f);
    num_field(f, 10, "line", (size_t)rr->line, 1);
    str_field(f, 10, "kind", rr->kind, 1);
    str_field(f, 10, "subtest", rr->subtest, 1);
    key(f, 10, "covers");
    fputc('[', f);
    for (c = 0; c < rr->ncovers; c++) {
        if (c)
            fputs(", ", f);
        jt_report_json_str(f, rr->covers[c]);
    }
    fputs("],\n", f);
    str_field(f, 10, "user", rr->user, 1);
    str_field(f, 10, "sql", rr->sql, 1);
    str_field(f, 10, "outcome",
              rr->outcome >= JT_OUTCOME_PASS && rr->outcome <= JT_OUTCOME_ERROR
                  ? outcomes[rr->outcome]
                  : "?",
              1);
    str_field(f, 10, "verdict", jt_verdict_name(v), 1);
    num_field(f, 10, "attempts", (size_t)(rr->attempts > 0 ? rr->attempts : 1), 1);
    str_field(f, 10, "message", rr->message, 1);
    key(f, 10, "deviation");
    if (e && v != JT_VERDICT_ERROR) {
        fputs("{\"selector\": ", f);
        jt_report_json_str(f, e->selector);
        fputs(", \"reason\": ", f);
        jt_report_json_str(f, e->reason);
        fprintf(f, ", \"line\": %d}\n", e->source_line);
    } else {
        fputs("null\n", f);
    }
    fprintf(f, "        }%s\n", more ? "," : "");
}

static void file(FILE *f, const jt_file_result *fr, int more) {
    const size_t *n = fr->verdicts;
    size_t i;
    fputs("    {\n", f);
    str_field(f, 6, "path", fr->path, 1);
    str_field(f, 6, "error", fr->error, 1);
    num_field(f, 6, "passed", n[JT_VERDICT_PASS], 1);
    num_field(f, 6, "failed", n[JT_VERDICT_FAIL] + n[JT_VERDICT_ERROR], 1);
    num_field(f, 6, "skipped", n[JT_VERDICT_SKIP], 1);
    num_field(f, 6, "known_deviations", n[JT_VERDICT_XFAIL], 1);
    num_field(f, 6, "unexpected_passes", n[JT_VERDICT_XPASS], 1);
    num_field(f, 6, "input_errors", fr->errors, 1);
    key(f, 6, "records");
    if (!fr->nrecords) {
        fputs("[]\n", f);
    } else {
        fputs("[\n", f);
        for (i = 0; i < fr->nrecords; i++)
            record(f, &fr->records[i], i + 1 < fr->nrecords);
        fputs("      ]\n", f);
    }
    fprintf(f, "    }%s\n", more ? "," : "");
}

static void requirements(FILE *f, const jt_report_data *d) {
    size_t i, k;
    key(f, 2, "requirements");
    fputs("[\n", f);
    for (i = 0; i < d->nreqs; i++) {
        const jt_report_req *q = &d->reqs[i];
        fputs("    {\n", f);
        str_field(f, 6, "id", q->id, 1);
        str_field(f, 6, "text", q->text, 1);
        key(f, 6, "in_spec");
        fputs(q->source && strcmp(q->source, JT_REQ_V21) == 0 ? "true,\n" : "false,\n", f);
        str_field(f, 6, "source", q->source, 1);
        num_field(f, 6, "records", q->records, 1);
        num_field(f, 6, "passed", q->verdicts[JT_VERDICT_PASS], 1);
        num_field(f, 6, "failed", q->verdicts[JT_VERDICT_FAIL] + q->verdicts[JT_VERDICT_ERROR], 1);
        num_field(f, 6, "skipped", q->verdicts[JT_VERDICT_SKIP], 1);
        num_field(f, 6, "known_deviations", q->verdicts[JT_VERDICT_XFAIL], 1);
        num_field(f, 6, "unexpected_passes", q->verdicts[JT_VERDICT_XPASS], 1);
        key(f, 6, "files");
        fputc('[', f);
        for (k = 0; k < q->nfiles; k++) {
            if (k)
                fputs(", ", f);
            jt_report_json_str(f, d->run->files[q->files[k]].path);
        }
        fputs("]\n", f);
        fprintf(f, "    }%s\n", i + 1 < d->nreqs ? "," : "");
    }
    fputs("  ],\n", f);
}

static void deviations(FILE *f, const jt_report_data *d) {
    const jt_expect *x = d->run->expect;
    size_t i;
    key(f, 2, "deviations");
    if (!x || !x->nentries) {
        fputs("[],\n", f);
        return;
    }
    fputs("[\n", f);
    for (i = 0; i < x->nentries; i++) {
        const jt_expect_entry *e = &x->entries[i];
        fputs("    {\n", f);
        str_field(f, 6, "selector", e->selector, 1);
        str_field(f, 6, "reason", e->reason, 1);
        num_field(f, 6, "line", (size_t)e->source_line, 1);
        num_field(f, 6, "records", d->tally.matches[i], 1);
        num_field(f, 6, "known_deviations", d->tally.xfails[i], 1);
        num_field(f, 6, "unexpected_passes", d->tally.xpasses[i], 0);
        fprintf(f, "    }%s\n", i + 1 < x->nentries ? "," : "");
    }
    fputs("  ],\n", f);
}

static void names(FILE *f, const char *const *list, size_t n, int more) {
    size_t i;
    int first = 1;
    fputc('[', f);
    for (i = 0; i < n; i++) {
        if (!list[i])
            continue;
        if (!first)
            fputs(", ", f);
        first = 0;
        jt_report_json_str(f, list[i]);
    }
    fputs(more ? "],\n" : "]\n", f);
}

static void speccov(FILE *f, const jt_report_data *d) {
    const jt_speccov *c = &d->cov;
    const char *ops[JT_OP_COUNT], *privs[JT_PRIV_COUNT];
    int st, op, ty, pv, first = 1;
    key(f, 2, "spec_coverage");
    if (!c->profile) {
        fputs("null\n", f);
        return;
    }
    for (op = 0; op < JT_OP_COUNT; op++)
        ops[op] = jt_speccov_op_name(op);
    for (pv = 0; pv < JT_PRIV_COUNT; pv++)
        privs[pv] = jt_speccov_priv_name(pv);
    fputs("{\n", f);
    str_field(f, 4, "profile", c->profile->name, 1);
    num_field(f, 4, "cells", c->cells, 1);
    num_field(f, 4, "exercised", c->exercised, 1);
    num_field(f, 4, "control_statements", c->statements, 1);
    key(f, 4, "statuses");
    names(f, c->profile->status_names, JT_ST_COUNT, 1);
    key(f, 4, "statements");
    names(f, ops, JT_OP_COUNT, 1);
    key(f, 4, "job_types");
    names(f, c->profile->type_names, JT_TY_COUNT, 1);
    key(f, 4, "privileges");
    names(f, privs, JT_PRIV_COUNT, 1);
    key(f, 4, "table");
    fputs("[\n", f);
    for (st = 0; st <= JT_COVER_MISSING; st++)
        for (ty = 0; ty < JT_TY_COUNT; ty++)
            for (op = 0; op < JT_OP_COUNT; op++)
                for (pv = 0; pv < JT_PRIV_COUNT; pv++) {
                    if (!jt_speccov_is_cell(c, st, ty))
                        continue;
                    if (!first)
                        fputs(",\n", f);
                    first = 0;
                    fputs("      {\"status\": ", f);
                    jt_report_json_str(f, st == JT_COVER_MISSING ? NULL
                                                                 : jt_speccov_status_name(c, st));
                    fputs(", \"statement\": ", f);
                    jt_report_json_str(f, ops[op]);
                    fputs(", \"job_type\": ", f);
                    jt_report_json_str(f, st == JT_COVER_MISSING ? NULL
                                                                 : jt_speccov_type_name(c, st, ty));
                    fputs(", \"privilege\": ", f);
                    jt_report_json_str(f, privs[pv]);
                    fprintf(f, ", \"hits\": %llu}", (unsigned long long)c->hits[st][op][ty][pv]);
                }
    fputs("\n    ]\n  }\n", f);
}

int jt_report_write_json(FILE *f, const jt_report_data *d) {
    const jt_run_result *run = d->run;
    const jt_report_meta *m = d->meta;
    const jt_expect_tally *t = &d->tally;
    char seed[32];
    size_t i, records = 0;
    for (i = 0; i < run->nfiles; i++)
        records += run->files[i].nrecords;
    fputs("{\n", f);
    str_field(f, 2, "format", "jobtck-report", 1);
    num_field(f, 2, "format_version", 1, 1);
    str_field(f, 2, "kit_version", m->version, 1);
    str_field(f, 2, "command", m->command, 1);
    str_field(f, 2, "driver", m->driver, 1);
    str_field(f, 2, "profile", m->profile ? m->profile : JT_PROFILE_DEFAULT, 1);
    str_field(f, 2, "seed", jt_report_seed(seed, sizeof seed, m), 1);
    str_field(f, 2, "replay", m->replay, 1);
    str_field(f, 2, "expect_file", d->run->expect ? d->run->expect->path : NULL, 1);
    num_field(f, 2, "exit_status", (size_t)jt_expect_exit_status(t), 1);
    key(f, 2, "summary");
    fputs("{\n", f);
    num_field(f, 4, "files", run->nfiles, 1);
    num_field(f, 4, "records", records, 1);
    num_field(f, 4, "passed", t->passed, 1);
    num_field(f, 4, "failed", t->failed, 1);
    num_field(f, 4, "skipped", t->skipped, 1);
    num_field(f, 4, "known_deviations", t->xfailed, 1);
    num_field(f, 4, "unexpected_passes", t->xpassed, 1);
    num_field(f, 4, "input_errors", t->errors, 1);
    num_field(f, 4, "retried", run->retried, 1);
    num_field(f, 4, "records_without_covers", d->uncovered_records, 0);
    fputs("  },\n", f);
    key(f, 2, "files");
    if (!run->nfiles) {
        fputs("[],\n", f);
    } else {
        fputs("[\n", f);
        for (i = 0; i < run->nfiles; i++)
            file(f, &run->files[i], i + 1 < run->nfiles);
        fputs("  ],\n", f);
    }
    requirements(f, d);
    deviations(f, d);
    speccov(f, d);
    fputs("}\n", f);
    return jt_report_status(f);
}

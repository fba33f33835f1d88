/*
 * JUnit XML, as CI systems read it (tests/reports/junit.xsd): <testsuites> with one
 * <testsuite> per case file and one <testcase> per record. A failure's message attribute is
 * its first line, "path:line: what"; its text is the whole message with the diff. Skipped
 * records and known deviations are <skipped>; an unexpected pass is a <failure>; malformed
 * input is an <error>. A last testsuite, jobtck.spec-coverage, has no test cases and holds
 * the spec-coverage table in its <system-out>. No time or host name: the file is the same
 * for the same run. The shape is that of the common Jenkins / Ant JUnit schema: no file or
 * line attribute on a <testcase> (a record's "path:line" starts its failure message, and a
 * skipped record has it in its <system-out>), no skipped count on <testsuites>.
 */
#include <stdlib.h>
#include <string.h>

#include "reports/internal.h"

#define TITLE_MAX 512

static void attr(FILE *f, const char *name, const char *value) {
    fprintf(f, " %s=\"", name);
    jt_report_xml_attr(f, value, strlen(value));
    fputc('"', f);
}

static void property(FILE *f, const char *name, const char *value) {
    if (!value)
        return;
    fputs("      <property", f);
    attr(f, "name", name);
    attr(f, "value", value);
    fputs("/>\n", f);
}

static void properties(FILE *f, const jt_report_data *d) {
    const jt_report_meta *m = d->meta;
    char seed[32];
    fputs("    <properties>\n", f);
    property(f, "jobtck.version", m->version);
    property(f, "jobtck.command", m->command);
    property(f, "jobtck.driver", m->driver);
    property(f, "jobtck.profile", m->profile ? m->profile : "");
    property(f, "jobtck.seed", jt_report_seed(seed, sizeof seed, m));
    property(f, "jobtck.expect", d->run->expect ? d->run->expect->path : NULL);
    fputs("    </properties>\n", f);
}

/* <failure>/<error>/<skipped> with message (its first line) and the whole text. */
static void outcome(FILE *f, const char *tag, const char *type, const char *message,
                    const char *text) {
    fprintf(f, "      <%s", tag);
    fputs(" message=\"", f);
    jt_report_xml_attr(f, message, jt_report_first_line(message));
    fputc('"', f);
    if (type)
        attr(f, "type", type);
    if (!text) {
        fputs("/>\n", f);
        return;
    }
    fputc('>', f);
    jt_report_xmls(f, text);
    fprintf(f, "</%s>\n", tag);
}

static void testcase(FILE *f, const jt_report_data *d, const char *cls,
                     const jt_record_result *rr) {
    const jt_expect_entry *e = rr->deviation;
    char title[TITLE_MAX], why[JT_MESSAGE_MAX * 4];
    int v = rr->verdict;
    jt_report_title(title, sizeof title, rr);
    fputs("    <testcase", f);
    attr(f, "classname", cls);
    attr(f, "name", title);
    if (v == JT_VERDICT_PASS) {
        fputs("/>\n", f);
        return;
    }
    fputs(">\n", f);
    switch (v) {
    case JT_VERDICT_FAIL:
        outcome(f, "failure", rr->kind, rr->message, rr->message);
        break;
    case JT_VERDICT_ERROR:
        outcome(f, "error", "input error", rr->message, rr->message);
        break;
    case JT_VERDICT_SKIP:
        outcome(f, "skipped", NULL, rr->message ? rr->message : "skipped", NULL);
        fputs("      <system-out>", f);
        jt_report_xmls(f, rr->file);
        fprintf(f, ":%d</system-out>\n", rr->line);
        break;
    case JT_VERDICT_XFAIL:
        snprintf(why, sizeof why, "known deviation (%s:%d): %s", d->run->expect->path,
                 e->source_line, e->reason);
        outcome(f, "skipped", NULL, why, NULL);
        fputs("      <system-out>", f);
        jt_report_xmls(f, rr->message);
        fputs("</system-out>\n", f);
        break;
    default: /* XPASS */
        snprintf(why, sizeof why,
                 "%s:%d: unexpectedly passed: listed as a known deviation at %s:%d: %s", rr->file,
                 rr->line, d->run->expect->path, e->source_line, e->reason);
        outcome(f, "failure", "unexpected pass", why, why);
        break;
    }
    fputs("    </testcase>\n", f);
}

static void file_suite(FILE *f, const jt_report_data *d, const jt_file_result *fr) {
    char cls[TITLE_MAX];
    const size_t *v = fr->verdicts;
    size_t i, tests = fr->nrecords, failures = v[JT_VERDICT_FAIL] + v[JT_VERDICT_XPASS];
    size_t errors = v[JT_VERDICT_ERROR], skipped = v[JT_VERDICT_SKIP] + v[JT_VERDICT_XFAIL];
    if (fr->error) {
        tests++;
        errors++;
    }
    jt_report_class(cls, sizeof cls, fr->path);
    fputs("  <testsuite", f);
    attr(f, "name", fr->path);
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", tests, failures,
            errors, skipped);
    properties(f, d);
    if (fr->error) {
        fputs("    <testcase", f);
        attr(f, "classname", cls);
        attr(f, "name", "read and parse");
        fputs(">\n", f);
        outcome(f, "error", "input error", fr->error, fr->error);
        fputs("    </testcase>\n", f);
    }
    for (i = 0; i < fr->nrecords; i++)
        testcase(f, d, cls, &fr->records[i]);
    fputs("  </testsuite>\n", f);
}

int jt_report_write_junit(FILE *f, const jt_report_data *d) {
    const jt_run_result *run = d->run;
    char name[64], *buf = NULL;
    size_t i, len = 0, tests = 0, failures = 0, errors = 0;
    FILE *mem;
    int rc = JT_OK;
    for (i = 0; i < run->nfiles; i++) {
        const jt_file_result *fr = &run->files[i];
        tests += fr->nrecords + (fr->error ? 1 : 0);
        errors += (fr->error ? 1 : 0) + fr->verdicts[JT_VERDICT_ERROR];
        failures += fr->verdicts[JT_VERDICT_FAIL] + fr->verdicts[JT_VERDICT_XPASS];
    }
    snprintf(name, sizeof name, "jobtck %s", d->meta->command ? d->meta->command : "run");
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", f);
    attr(f, "name", name);
    fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", tests, failures, errors);
    for (i = 0; i < run->nfiles; i++)
        file_suite(f, d, &run->files[i]);
    fputs("  <testsuite name=\"jobtck.spec-coverage\" tests=\"0\" failures=\"0\" errors=\"0\" "
          "skipped=\"0\">\n",
          f);
    properties(f, d);
    /* The table goes through a memory stream so that it is escaped like any text. */
    mem = open_memstream(&buf, &len);
    if (!mem)
        return JT_ENOMEM;
    jt_report_speccov_text(mem, d, "");
    if (fclose(mem) != 0 || !buf) {
        free(buf);
        return JT_ENOMEM;
    }
    fputs("    <system-out>", f);
    jt_report_xml(f, buf, len);
    free(buf);
    fputs("</system-out>\n  </testsuite>\n</testsuites>\n", f);
    rc = jt_report_status(f);
    return rc;
}

/* Known deviations: the --expect file and the verdicts it gives (see sim/run/expect.h). */
#include "sim/run/expect.h"
#include "sim/text/slurp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most bytes an expect file may have. */
#define EXPECT_FILE_MAX ((size_t)64 << 20)

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

void jt_expect_free(jt_expect *x) {
    size_t i;
    if (!x)
        return;
    for (i = 0; i < x->nentries; i++) {
        free(x->entries[i].file);
        free(x->entries[i].subtest);
        free(x->entries[i].selector);
        free(x->entries[i].reason);
    }
    free(x->entries);
    free(x->path);
    free(x);
}

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

/* Same selector: same kind, file, line and subtest. */
static int same_selector(const jt_expect_entry *a, const jt_expect_entry *b) {
    return a->sel == b->sel && strcmp(a->file, b->file) == 0 && a->line == b->line &&
           ((!a->subtest && !b->subtest) ||
            (a->subtest && b->subtest && strcmp(a->subtest, b->subtest) == 0));
}

/* Fills e from the selector s (n bytes); returns 0 or a message (static). */
static const char *parse_selector(jt_expect_entry *e, const char *s, size_t n, int *oom) {
    const char *hash = memchr(s, '#', n);
    size_t flen = n;
    *oom = 0;
    e->sel = JT_SEL_FILE;
    if (hash) {
        flen = (size_t)(hash - s);
        if (hash + 1 == s + n)
            return "expected a subtest name after '#'";
        e->sel = JT_SEL_SUBTEST;
        e->subtest = jt_strndup(hash + 1, n - flen - 1);
        if (!e->subtest)
            goto oom;
    } else {
        /* FILE:LINE when what follows the last ':' is all digits. */
        size_t k = n;
        while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9')
            k--;
        if (k > 0 && k < n && s[k - 1] == ':') {
            long line = 0;
            size_t d;
            for (d = k; d < n; d++) {
                line = line * 10 + (s[d] - '0');
                if (line > 1000000000L)
                    return "line number out of range";
            }
            if (line < 1)
                return "line number must be 1 or more";
            e->sel = JT_SEL_LINE;
            e->line = (int)line;
            flen = k - 1;
        }
    }
    if (flen == 0)
        return "expected a case file before ':' or '#'";
    e->file = jt_strndup(s, flen);
    e->selector = jt_strndup(s, n);
    if (!e->file || !e->selector)
        goto oom;
    return NULL;
oom:
    *oom = 1;
    return NULL;
}

static void entry_clear(jt_expect_entry *e) {
    free(e->file);
    free(e->subtest);
    free(e->selector);
    free(e->reason);
    memset(e, 0, sizeof *e);
}

/* One line (without its newline) at lineno. */
static int parse_line(jt_expect *x, const char *s, size_t n, int lineno, jt_error *err) {
    jt_expect_entry e;
    const char *why;
    size_t a = 0, b, r, i;
    int oom, rc;
    while (a < n && is_space(s[a]))
        a++;
    if (a == n || s[a] == '#')
        return JT_OK;
    if (n > JT_LIMIT_LINE)
        return jt_error_set(err, JT_ELIMIT, lineno, "%s:%d: line longer than %d bytes", x->path,
                            lineno, JT_LIMIT_LINE);
    b = a;
    while (b < n && !is_space(s[b]))
        b++;
    r = b;
    while (r < n && is_space(s[r]))
        r++;
    while (n > r && is_space(s[n - 1]))
        n--;
    if (r >= n)
        return jt_error_set(err, JT_EPARSE, lineno, "%s:%d: expected a reason after '%.*s'",
                            x->path, lineno, (int)(b - a), s + a);
    memset(&e, 0, sizeof e);
    e.source_line = lineno;
    why = parse_selector(&e, s + a, b - a, &oom);
    if (oom) {
        entry_clear(&e);
        return nomem(err);
    }
    if (why) {
        rc = jt_error_set(err, JT_EPARSE, lineno, "%s:%d: %s in '%.*s'", x->path, lineno, why,
                          (int)(b - a), s + a);
        entry_clear(&e);
        return rc;
    }
    for (i = 0; i < x->nentries; i++) {
        if (same_selector(&x->entries[i], &e)) {
            rc = jt_error_set(err, JT_EPARSE, lineno,
                              "%s:%d: '%s' is listed twice (first at line %d)", x->path, lineno,
                              e.selector, x->entries[i].source_line);
            entry_clear(&e);
            return rc;
        }
    }
    e.reason = jt_strndup(s + r, n - r);
    if (!e.reason) {
        entry_clear(&e);
        return nomem(err);
    }
    rc = jt_grow((void **)&x->entries, &x->cap, x->nentries + 1, sizeof *x->entries,
                 JT_LIMIT_RECORDS);
    if (rc < 0) {
        entry_clear(&e);
        return rc == JT_ELIMIT ? jt_error_set(err, rc, lineno, "%s:%d: more than %d entries",
                                              x->path, lineno, JT_LIMIT_RECORDS)
                               : nomem(err);
    }
    x->entries[x->nentries++] = e;
    return JT_OK;
}

int jt_expect_parse(jt_expect **out, const char *path, const char *text, size_t len,
                    jt_error *err) {
    jt_expect *x;
    size_t at = 0;
    int lineno = 0, rc = JT_OK;
    *out = NULL;
    x = jt_calloc(1, sizeof *x);
    if (!x)
        return nomem(err);
    x->path = jt_strdup(path);
    if (!x->path) {
        rc = nomem(err);
        goto out;
    }
    if (memchr(text, '\0', len)) {
        size_t k;
        const char *nul = memchr(text, '\0', len);
        lineno = 1;
        for (k = 0; text + k < nul; k++)
            lineno += text[k] == '\n';
        rc = jt_error_set(err, JT_EPARSE, lineno, "%s:%d: NUL byte in the file", path, lineno);
        goto out;
    }
    while (at < len && rc == JT_OK) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        lineno++;
        rc = parse_line(x, text + at, n, lineno, err);
        at += n + (nl ? 1 : 0);
    }
out:
    if (rc != JT_OK) {
        jt_expect_free(x);
        return rc;
    }
    *out = x;
    return JT_OK;
}

int jt_expect_read(jt_expect **out, const char *path, jt_error *err) {
    char *buf;
    size_t len;
    int rc = jt_slurp(path, EXPECT_FILE_MAX, &buf, &len, err);
    *out = NULL;
    if (rc < 0)
        return rc;
    rc = jt_expect_parse(out, path, buf, len, err);
    free(buf);
    return rc;
}

/* FILE matches path: equal, or path ends with "/" FILE. */
static int file_matches(const char *file, const char *path) {
    size_t n = strlen(file), m = strlen(path);
    if (strcmp(file, path) == 0)
        return 1;
    return m > n && path[m - n - 1] == '/' && strcmp(path + m - n, file) == 0;
}

/* The entry that lists rr (the most precise), or NULL; x may be NULL. */
static const jt_expect_entry *find(const jt_expect *x, const jt_record_result *rr) {
    const jt_expect_entry *best = NULL;
    size_t i;
    if (!x)
        return NULL;
    for (i = 0; i < x->nentries; i++) {
        const jt_expect_entry *e = &x->entries[i];
        if (best && best->sel <= e->sel)
            continue;
        if (!file_matches(e->file, rr->file))
            continue;
        if (e->sel == JT_SEL_LINE && e->line != rr->line)
            continue;
        if (e->sel == JT_SEL_SUBTEST && (!rr->subtest || strcmp(e->subtest, rr->subtest) != 0))
            continue;
        best = e;
    }
    return best;
}

/* rr's verdict, and the entry that lists it (an input error is never looked up). */
static void judge(jt_record_result *rr, const jt_expect *x) {
    const jt_expect_entry *e = rr->outcome == JT_OUTCOME_ERROR ? NULL : find(x, rr);
    switch (rr->outcome) {
    case JT_OUTCOME_PASS:
        rr->verdict = e ? JT_VERDICT_XPASS : JT_VERDICT_PASS;
        break;
    case JT_OUTCOME_FAIL:
        rr->verdict = e ? JT_VERDICT_XFAIL : JT_VERDICT_FAIL;
        break;
    case JT_OUTCOME_SKIP:
        rr->verdict = JT_VERDICT_SKIP;
        break;
    default:
        rr->verdict = JT_VERDICT_ERROR;
        break;
    }
    rr->deviation = e;
}

void jt_expect_judge(jt_file_result *fr, const jt_expect *x) {
    size_t i;
    memset(fr->verdicts, 0, sizeof fr->verdicts);
    for (i = 0; i < fr->nrecords; i++) {
        judge(&fr->records[i], x);
        fr->verdicts[fr->records[i].verdict]++;
    }
}

const char *jt_verdict_name(int verdict) {
    switch (verdict) {
    case JT_VERDICT_PASS:
        return "pass";
    case JT_VERDICT_FAIL:
        return "fail";
    case JT_VERDICT_SKIP:
        return "skip";
    case JT_VERDICT_ERROR:
        return "error";
    case JT_VERDICT_XFAIL:
        return "xfail";
    case JT_VERDICT_XPASS:
        return "xpass";
    default:
        JT_ASSERT(0);
        return "?";
    }
}

void jt_expect_tally_dispose(jt_expect_tally *t) {
    free(t->xfails);
    free(t->xpasses);
    free(t->matches);
    memset(t, 0, sizeof *t);
}

/* Adds the verdicts of fr's records to out (their entries to the per-entry counts). */
static void tally_file(jt_expect_tally *out, const jt_expect *x, const jt_file_result *fr) {
    size_t i;
    out->passed += fr->verdicts[JT_VERDICT_PASS];
    out->skipped += fr->verdicts[JT_VERDICT_SKIP];
    out->xfailed += fr->verdicts[JT_VERDICT_XFAIL];
    out->xpassed += fr->verdicts[JT_VERDICT_XPASS];
    out->failed += fr->verdicts[JT_VERDICT_FAIL] + fr->verdicts[JT_VERDICT_ERROR];
    for (i = 0; x && i < fr->nrecords; i++) {
        const jt_record_result *rr = &fr->records[i];
        size_t k;
        if (!rr->deviation)
            continue;
        k = (size_t)(rr->deviation - x->entries);
        JT_ASSERT(k < x->nentries);
        out->matches[k]++;
        out->xfails[k] += rr->verdict == JT_VERDICT_XFAIL;
        out->xpasses[k] += rr->verdict == JT_VERDICT_XPASS;
    }
}

int jt_expect_tally_init(jt_expect_tally *out, const jt_run_result *run) {
    const jt_expect *x = run->expect;
    size_t f, i, n = x ? x->nentries : 0;
    memset(out, 0, sizeof *out);
    if (n) {
        out->xfails = jt_calloc(n, sizeof *out->xfails);
        out->xpasses = jt_calloc(n, sizeof *out->xpasses);
        out->matches = jt_calloc(n, sizeof *out->matches);
        if (!out->xfails || !out->xpasses || !out->matches) {
            jt_expect_tally_dispose(out);
            return JT_ENOMEM;
        }
    }
    out->errors = run->errors;
    for (f = 0; f < run->nfiles; f++)
        tally_file(out, x, &run->files[f]);
    for (i = 0; i < n; i++)
        out->unmatched += out->matches[i] == 0;
    return JT_OK;
}

int jt_expect_exit_status(const jt_expect_tally *t) {
    if (t->errors > 0)
        return 2;
    return t->failed > 0 || t->xpassed > 0 ? 1 : 0;
}

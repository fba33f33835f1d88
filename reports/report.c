/* Reports: the --report option, the data every writer reads, the summary, write_all. */
#include "reports/report.h"
#include "sim/text/atomic.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "reports/internal.h"
#include "sim/text/strbuf.h"

#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

static const char *const kind_names[JT_REPORT_COUNT] = {"junit", "tap", "json", "html"};

/* ---- --report ------------------------------------------------------------------------ */

void jt_report_spec_init(jt_report_spec *spec) {
    memset(spec, 0, sizeof *spec);
}

void jt_report_spec_dispose(jt_report_spec *spec) {
    int k;
    for (k = 0; k < JT_REPORT_COUNT; k++)
        free(spec->path[k]);
    memset(spec, 0, sizeof *spec);
}

int jt_report_spec_any(const jt_report_spec *spec) {
    int k;
    for (k = 0; k < JT_REPORT_COUNT; k++)
        if (spec->path[k])
            return 1;
    return 0;
}

int jt_report_spec_add(jt_report_spec *spec, const char *arg, jt_error *err) {
    const char *s = arg;
    if (!*s)
        return jt_error_set(err, JT_EINVAL, 0,
                            "--report: expected KIND=PATH (junit, tap, json or html)");
    while (*s) {
        const char *comma = strchr(s, ','), *eq;
        size_t n = comma ? (size_t)(comma - s) : strlen(s), klen;
        int k, kind = -1;
        eq = memchr(s, '=', n);
        klen = eq ? (size_t)(eq - s) : n;
        for (k = 0; k < JT_REPORT_COUNT; k++)
            if (strlen(kind_names[k]) == klen && strncmp(kind_names[k], s, klen) == 0)
                kind = k;
        if (kind < 0)
            return jt_error_set(err, JT_EINVAL, 0,
                                "--report: unknown kind '%.*s' (expected junit, tap, json or html)",
                                (int)klen, s);
        if (!eq || eq + 1 == s + n)
            return jt_error_set(err, JT_EINVAL, 0, "--report: %s needs a path: %s=%s",
                                kind_names[kind], kind_names[kind],
                                kind == JT_REPORT_HTML ? "DIR" : "FILE");
        if (spec->path[kind])
            return jt_error_set(err, JT_EINVAL, 0, "--report: %s is given twice", kind_names[kind]);
        spec->path[kind] = jt_strndup(eq + 1, (size_t)(s + n - eq - 1));
        if (!spec->path[kind])
            return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        s += n;
        if (*s == ',') {
            s++;
            if (!*s)
                return jt_error_set(err, JT_EINVAL, 0, "--report: nothing after ','");
        }
    }
    return JT_OK;
}

/* ---- shared helpers ------------------------------------------------------------------ */

void jt_report_title(char *buf, size_t size, const jt_record_result *rr) {
    if (rr->subtest)
        snprintf(buf, size, "%s: line %d: %s", rr->subtest, rr->line, rr->kind);
    else
        snprintf(buf, size, "line %d: %s", rr->line, rr->kind);
}

size_t jt_report_first_line(const char *s) {
    const char *nl = strchr(s, '\n');
    return nl ? (size_t)(nl - s) : strlen(s);
}

void jt_report_class(char *buf, size_t size, const char *path) {
    size_t n = strlen(path), i, o = 0;
    if (n > 5 && strcmp(path + n - 5, ".test") == 0)
        n -= 5;
    for (;;) { /* no leading "./" or "/": a class name does not start with a dot */
        if (n > 2 && path[0] == '.' && path[1] == '/') {
            path += 2;
            n -= 2;
        } else if (n > 1 && path[0] == '/') {
            path++;
            n--;
        } else {
            break;
        }
    }
    for (i = 0; i < n && o + 1 < size; i++)
        buf[o++] = path[i] == '/' ? '.' : path[i];
    if (size)
        buf[o] = '\0';
}

const char *jt_report_seed(char *buf, size_t size, const jt_report_meta *meta) {
    if (!meta->has_seed)
        return NULL;
    snprintf(buf, size, "%" PRIu64, meta->seed);
    return buf;
}

int jt_report_status(FILE *f) {
    return ferror(f) ? JT_EIO : JT_OK;
}

/* ---- the data ------------------------------------------------------------------------ */

void jt_report_data_dispose(jt_report_data *d) {
    size_t i;
    for (i = 0; i < d->nreqs; i++)
        free(d->reqs[i].files);
    free(d->reqs);
    jt_expect_tally_dispose(&d->tally);
    memset(d, 0, sizeof *d);
}

/* The requirements met so far, found by id: a run of the whole corpus looks an id up for every
   covered record of every profile (millions of times), so neither the tables nor d->reqs are
   searched one by one. An open-addressing table of indexes + 1 into d->reqs (0: empty), and
   before it a few ids by their address: the records of a file share their covers strings. */
#define REQ_MEMO 32 /* a power of two */
typedef struct req_index {
    uint32_t *slot;
    size_t cap; /* a power of two, at least twice d->nreqs */
    const char *memo_id[REQ_MEMO];
    size_t memo[REQ_MEMO];
} req_index;

static size_t memo_slot(const char *id) {
    return ((uintptr_t)id >> 3) & (REQ_MEMO - 1);
}

static size_t hash_id(const char *s) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)(h ^ (h >> 29));
}

/* The index in d->reqs of id, or SIZE_MAX with *h its empty slot. */
static size_t index_find(req_index *x, const jt_report_data *d, const char *id, size_t *h) {
    size_t mask = x->cap - 1;
    for (*h = hash_id(id) & mask; x->slot[*h]; *h = (*h + 1) & mask)
        if (strcmp(d->reqs[x->slot[*h] - 1].id, id) == 0) {
            x->memo_id[memo_slot(id)] = id;
            return x->memo[memo_slot(id)] = x->slot[*h] - 1;
        }
    return SIZE_MAX;
}

/* Room for n requirements: the table rebuilt at twice the size when it would be half full. */
static int index_room(req_index *x, const jt_report_data *d, size_t n) {
    size_t cap = x->cap ? x->cap : 64, i, h;
    uint32_t *slot;
    if (x->cap && n * 2 <= x->cap)
        return JT_OK;
    while (cap < n * 2)
        cap *= 2;
    if (!(slot = jt_calloc(cap, sizeof *slot)))
        return JT_ENOMEM;
    free(x->slot);
    x->slot = slot;
    x->cap = cap;
    for (i = 0; i < d->nreqs; i++)
        if (index_find(x, d, d->reqs[i].id, &h) == SIZE_MAX)
            x->slot[h] = (uint32_t)(i + 1);
    return JT_OK;
}

/* The requirement of id, added (at the end) when new. */
static jt_report_req *req_of(jt_report_data *d, req_index *x, size_t *cap, const char *id) {
    size_t h, k;
    const jt_requirement *later;
    if (x->memo_id[memo_slot(id)] == id)
        return &d->reqs[x->memo[memo_slot(id)]];
    if ((k = index_find(x, d, id, &h)) != SIZE_MAX)
        return &d->reqs[k];
    if (index_room(x, d, d->nreqs + 1) < 0 ||
        jt_grow((void **)&d->reqs, cap, d->nreqs + 1, sizeof *d->reqs, JT_LIMIT_RECORDS) < 0)
        return NULL;
    (void)index_find(x, d, id, &h); /* its empty slot, in the table as it is now */
    x->slot[h] = (uint32_t)(d->nreqs + 1);
    memset(&d->reqs[d->nreqs], 0, sizeof *d->reqs);
    d->reqs[d->nreqs].id = id;
    if ((later = jt_profile_requirement_find(id)) != NULL) {
        d->reqs[d->nreqs].text = later->text;
        d->reqs[d->nreqs].source = JT_REQ_LATER;
    }
    return &d->reqs[d->nreqs++];
}

static int cmp_req(const void *a, const void *b) {
    return strcmp(((const jt_report_req *)a)->id, ((const jt_report_req *)b)->id);
}

/* The requirements of docs/spec.md's v2.1 table, first, in its order. */
static int requirements_listed(jt_report_data *d, req_index *x, size_t *cap) {
    size_t i;
    if (jt_grow((void **)&d->reqs, cap, jt_requirements_count, sizeof *d->reqs, JT_LIMIT_RECORDS) <
        0)
        return JT_ENOMEM;
    memset(d->reqs, 0, jt_requirements_count * sizeof *d->reqs);
    for (i = 0; i < jt_requirements_count; i++) {
        d->reqs[i].id = jt_requirements[i].id;
        d->reqs[i].text = jt_requirements[i].text;
        d->reqs[i].source = JT_REQ_V21;
    }
    d->nreqs = jt_requirements_count;
    return index_room(x, d, d->nreqs + 1);
}

/* Each record's verdict counted under the requirements it covers. */
static int requirements_count(jt_report_data *d, req_index *x, size_t *cap) {
    const jt_run_result *run = d->run;
    size_t f, i, c;
    for (f = 0; f < run->nfiles; f++) {
        const jt_file_result *fr = &run->files[f];
        for (i = 0; i < fr->nrecords; i++) {
            const jt_record_result *rr = &fr->records[i];
            int v = rr->verdict;
            if (!rr->ncovers)
                d->uncovered_records++;
            for (c = 0; c < rr->ncovers; c++) {
                jt_report_req *q = req_of(d, x, cap, rr->covers[c]);
                if (!q)
                    return JT_ENOMEM;
                q->verdicts[v]++;
                q->records++;
                if (q->nfiles == 0 || q->files[q->nfiles - 1] != f) {
                    if (jt_grow((void **)&q->files, &q->fcap, q->nfiles + 1, sizeof *q->files,
                                JT_LIMIT_FILES) < 0)
                        return JT_ENOMEM;
                    q->files[q->nfiles++] = f;
                }
            }
        }
    }
    return JT_OK;
}

static int requirements(jt_report_data *d) {
    req_index x;
    size_t cap = 0;
    int rc;
    memset(&x, 0, sizeof x);
    rc = requirements_listed(d, &x, &cap);
    if (rc == JT_OK)
        rc = requirements_count(d, &x, &cap);
    free(x.slot);
    if (rc == JT_OK && d->nreqs > jt_requirements_count + 1)
        qsort(d->reqs + jt_requirements_count, d->nreqs - jt_requirements_count, sizeof *d->reqs,
              cmp_req);
    return rc;
}

int jt_report_data_init(jt_report_data *out, const jt_run_result *run, const jt_report_meta *meta,
                        jt_error *err) {
    int rc;
    memset(out, 0, sizeof *out);
    out->run = run;
    out->meta = meta;
    rc = jt_expect_tally_init(&out->tally, run);
    if (rc == JT_OK)
        rc = requirements(out);
    if (rc < 0) {
        jt_report_data_dispose(out);
        return jt_error_set(err, rc, 0, "reports: %s", jt_strerror(rc));
    }
    if (!meta->no_coverage)
        jt_speccov_init(&out->cov, &run->coverage, meta->profile);
    return JT_OK;
}

/* ---- the spec-coverage table as text ------------------------------------------------- */

/* A letter per job type: the initials when they differ, else A, B, C... */
static void type_letters(char *out, const jt_speccov *c) {
    int ty, k, distinct = 1;
    for (ty = 0; ty < JT_TY_COUNT; ty++) {
        const char *name = c->profile->type_names[ty];
        out[ty] = name && name[0] ? name[0] : '?';
        for (k = 0; k < ty && name; k++) /* the types the profile has */
            distinct = distinct && (!c->profile->type_names[k] || out[k] != out[ty]);
    }
    for (ty = 0; ty < JT_TY_COUNT && !distinct; ty++)
        out[ty] = (char)('A' + ty);
}

void jt_report_speccov_text(FILE *f, const jt_report_data *d, const char *prefix) {
    const jt_speccov *c = &d->cov;
    char letters[JT_TY_COUNT];
    int st, op, ty, pv;
    if (!c->profile) {
        if (d->meta->no_coverage)
            fprintf(f, "%sspec coverage: not computed for this run\n", prefix);
        else
            fprintf(f, "%sspec coverage: not available (the kit has no profile '%s')\n", prefix,
                    d->meta->profile ? d->meta->profile : JT_PROFILE_DEFAULT);
        return;
    }
    type_letters(letters, c);
    fprintf(f,
            "%sspec coverage (profile %s): %zu of %zu cells exercised "
            "(status x statement x job type x privilege)\n",
            prefix, c->profile->name, c->exercised, c->cells);
    fprintf(f, "%s  job types:", prefix);
    for (ty = 0; ty < JT_TY_COUNT; ty++)
        if (c->profile->type_names[ty])
            fprintf(f, " %c=%s", letters[ty], c->profile->type_names[ty]);
    fprintf(f, "; '.' = not exercised; (no such id): '+' exercised\n");
    fprintf(f, "%s  %-13s", prefix, "status");
    for (op = 0; op < JT_OP_COUNT; op++)
        for (pv = 0; pv < JT_PRIV_COUNT; pv++) {
            char head[32];
            snprintf(head, sizeof head, "%s/%s", jt_speccov_op_name(op), jt_speccov_priv_name(pv));
            fprintf(f, op + 1 < JT_OP_COUNT || pv + 1 < JT_PRIV_COUNT ? " %-16s" : " %s", head);
        }
    fputc('\n', f);
    for (st = 0; st <= JT_COVER_MISSING; st++) {
        if (!jt_speccov_is_cell(c, st, 0) && st != JT_COVER_MISSING)
            continue;
        fprintf(f, "%s  %-13s", prefix, jt_speccov_status_name(c, st));
        for (op = 0; op < JT_OP_COUNT; op++)
            for (pv = 0; pv < JT_PRIV_COUNT; pv++) {
                char cell[JT_TY_COUNT + 1];
                int n = 0;
                for (ty = 0; ty < JT_TY_COUNT; ty++) {
                    if (!jt_speccov_is_cell(c, st, ty))
                        continue;
                    if (st == JT_COVER_MISSING)
                        cell[n++] = c->hits[st][op][ty][pv] ? '+' : '.';
                    else
                        cell[n++] = c->hits[st][op][ty][pv] ? letters[ty] : '.';
                }
                cell[n] = '\0';
                fprintf(f, op + 1 < JT_OP_COUNT || pv + 1 < JT_PRIV_COUNT ? " %-16s" : " %s", cell);
            }
        fputc('\n', f);
    }
}

/* ---- the summary --------------------------------------------------------------------- */

static const char *colour(unsigned flags, const char *code) {
    return (flags & JT_SUMMARY_COLOUR) ? code : "";
}

/* A count with its colour when not zero. */
static void count(FILE *out, unsigned flags, const char *code, size_t n, const char *what) {
    if (n && (flags & JT_SUMMARY_COLOUR))
        fprintf(out, "%s%zu %s%s", code, n, what, ANSI_RESET);
    else
        fprintf(out, "%zu %s", n, what);
}

void jt_report_print_summary(FILE *out, const jt_report_data *d, unsigned flags) {
    const jt_run_result *run = d->run;
    const jt_expect *x = run->expect;
    const jt_expect_tally *t = &d->tally;
    size_t f, i;
    int first = 1;
    for (f = 0; f < run->nfiles; f++) {
        const jt_file_result *fr = &run->files[f];
        for (i = 0; i < fr->nrecords; i++) {
            const jt_record_result *rr = &fr->records[i];
            if (rr->verdict != JT_VERDICT_FAIL || rr->outcome != JT_OUTCOME_FAIL)
                continue;
            if (first)
                fputc('\n', out);
            first = 0;
            fprintf(out, "%s\n", rr->message);
        }
    }
    if (t->xfailed || t->xpassed) {
        fprintf(out, "\nknown deviations (%s):\n", x->path);
        for (f = 0; f < run->nfiles; f++) {
            const jt_file_result *fr = &run->files[f];
            for (i = 0; i < fr->nrecords; i++) {
                const jt_record_result *rr = &fr->records[i];
                const jt_expect_entry *e = rr->deviation;
                int v = rr->verdict;
                if (v == JT_VERDICT_XFAIL)
                    fprintf(out, "  %s:%d: %sknown deviation%s: %s\n", rr->file, rr->line,
                            colour(flags, ANSI_YELLOW), colour(flags, ANSI_RESET), e->reason);
                else if (v == JT_VERDICT_XPASS)
                    fprintf(out,
                            "  %s:%d: %sunexpectedly passed%s: listed at %s:%d (%s); remove it "
                            "from the list\n",
                            rr->file, rr->line, colour(flags, ANSI_RED), colour(flags, ANSI_RESET),
                            x->path, e->source_line, e->reason);
            }
        }
    }
    if (x && t->unmatched) {
        fputc('\n', out);
        for (i = 0; i < x->nentries; i++)
            if (!t->matches[i])
                fprintf(out, "%s:%d: warning: '%s' lists no record of this run\n", x->path,
                        x->entries[i].source_line, x->entries[i].selector);
    }
    fputc('\n', out);
    if (run->retried)
        fprintf(out, "%zu record%s needed more than one attempt (query ... retry)\n", run->retried,
                run->retried == 1 ? "" : "s");
    if (run->errors)
        fprintf(out, "%zu input error%s (on stderr)\n", run->errors, run->errors == 1 ? "" : "s");
    count(out, flags, ANSI_GREEN, t->passed, "passed");
    fputs(", ", out);
    count(out, flags, ANSI_RED ANSI_BOLD, t->failed, "failed");
    fputs(", ", out);
    count(out, flags, ANSI_YELLOW, t->skipped, "skipped");
    if (x) {
        fputs(", ", out);
        count(out, flags, ANSI_YELLOW, t->xfailed,
              t->xfailed == 1 ? "known deviation" : "known deviations");
        fputs(", ", out);
        count(out, flags, ANSI_RED ANSI_BOLD, t->xpassed, "unexpectedly passed");
    }
    fputc('\n', out);
}

/* ---- every report -------------------------------------------------------------------- */

typedef int (*writer_fn)(FILE *f, const jt_report_data *d);

static int write_one(int kind, const char *path, const jt_report_data *d, jt_error *err) {
    static const writer_fn writers[JT_REPORT_COUNT] = {jt_report_write_junit, jt_report_write_tap,
                                                       jt_report_write_json, jt_report_write_html};
    jt_atomic_file af;
    jt_strbuf target;
    int rc;
    jt_strbuf_init(&target, JT_LIMIT_SQL);
    if (kind == JT_REPORT_HTML) {
        rc = jt_report_mkdirs(path, err);
        if (rc < 0)
            goto out;
        if (jt_strbuf_adds(&target, path) < 0 ||
            (path[strlen(path) - 1] != '/' && jt_strbuf_adds(&target, "/") < 0) ||
            jt_strbuf_adds(&target, "index.html") < 0) {
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
            goto out;
        }
        path = target.data;
    }
    if (kind != JT_REPORT_HTML && strchr(path, '/')) {
        const char *slash = strrchr(path, '/');
        if (jt_strbuf_add(&target, path, (size_t)(slash - path)) < 0) {
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
            goto out;
        }
        if (target.len > 0 && (rc = jt_report_mkdirs(target.data, err)) < 0)
            goto out;
    }
    rc = jt_atomic_open(&af, path, err);
    if (rc < 0)
        goto out;
    errno = 0;
    if (writers[kind](af.fp, d) < 0) {
        int e = errno ? errno : EIO;
        jt_atomic_abort(&af);
        rc = jt_error_set(err, JT_EIO, 0, "%s: %s", path, strerror(e));
        goto out;
    }
    rc = jt_atomic_commit(&af, err);
out:
    jt_strbuf_dispose(&target);
    return rc;
}

int jt_report_write_all(FILE *errout, const jt_report_spec *spec, const jt_report_data *d) {
    int k, failed = 0;
    for (k = 0; k < JT_REPORT_COUNT; k++) {
        jt_error err;
        if (!spec->path[k])
            continue;
        memset(&err, 0, sizeof err);
        if (write_one(k, spec->path[k], d, &err) < 0) {
            fprintf(errout, "jobtck %s: cannot write the %s report %s\n",
                    d->meta->command ? d->meta->command : "run", kind_names[k], err.message);
            failed = 1;
        }
    }
    fflush(errout);
    return failed ? JT_EIO : JT_OK;
}

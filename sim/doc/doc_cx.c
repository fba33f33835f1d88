/* jobtck doc, claims: the context the kinds of claims work in (the world tried, the oracle, the
   witness), and the counterexample a witness becomes: a case file whose last records say what
   the claim says, so that `jobtck run` on it fails there, as the claim does. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "sim/cases/casewrite.h"
#include "sim/doc/doc_claims.h"

/* ---- the context ----------------------------------------------------------------------------- */

static int used_id(const jt_doc_world *w, int64_t id) {
    size_t i;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_JOB && w->fx[i].fx.id == id)
            return 1;
    return 0;
}

int jt_doc_cx_init(jt_doc_cx *c, const jt_doc_page *page, const jt_doc_world *w, jt_error *err) {
    int64_t id = 1;
    size_t k;
    memset(c, 0, sizeof *c);
    c->page = page;
    c->w = w;
    c->err = err;
    for (k = 0; k < JT_DOC_FRESH; k++) {
        while (used_id(w, id))
            id++;
        c->fresh[k] = id++;
    }
    c->cap = w->nfx + JT_DOC_MAX_EXTRA;
    c->fx = jt_calloc(c->cap, sizeof *c->fx);
    jt_strbuf_init(&c->desc, JT_LIMIT_MESSAGE);
    jt_strbuf_init(&c->why, JT_LIMIT_MESSAGE);
    return c->fx ? JT_OK : jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

void jt_doc_cx_clear_witness(jt_doc_cx *c) {
    size_t i;
    for (i = 0; i < c->nsteps; i++) {
        free(c->steps[i].sql);
        free(c->steps[i].claim);
    }
    c->nsteps = 0;
    jt_strbuf_dispose(&c->why);
    jt_strbuf_init(&c->why, JT_LIMIT_MESSAGE);
}

void jt_doc_cx_dispose(jt_doc_cx *c) {
    jt_doc_cx_clear_witness(c);
    jt_strbuf_dispose(&c->desc);
    jt_strbuf_dispose(&c->why);
    free(c->fx);
    memset(c, 0, sizeof *c);
}

void jt_doc_cx_use(jt_doc_cx *c, jt_session *s, const char *profile) {
    c->s = s;
    c->profile = profile;
}

void jt_doc_cx_fixture(jt_doc_cx *c, const jt_fixture *f) {
    JT_ASSERT(c->nfx < c->cap);
    c->fx[c->nfx++] = *f;
}

void jt_doc_cx_user(jt_doc_cx *c, const char *name, int admin, unsigned options) {
    jt_fixture f;
    memset(&f, 0, sizeof f);
    f.kind = JT_FIXTURE_USER;
    f.name = name;
    f.admin = admin;
    f.options = options;
    jt_doc_cx_fixture(c, &f);
}

void jt_doc_cx_job(jt_doc_cx *c, int64_t id, const char *type, const char *status,
                   const char *user) {
    jt_fixture f;
    memset(&f, 0, sizeof f);
    f.kind = JT_FIXTURE_JOB;
    f.id = id;
    f.type = type;
    f.status = status;
    f.user = user && strcmp(user, "root") != 0 ? user : NULL;
    jt_doc_cx_fixture(c, &f);
}

const jt_fixture *jt_doc_cx_job_fx(const jt_doc_cx *c, int64_t id) {
    const jt_fixture *f = NULL;
    size_t i;
    for (i = 0; i < c->nfx; i++)
        if (c->fx[i].kind == JT_FIXTURE_JOB && c->fx[i].id == id)
            f = &c->fx[i];
    return f;
}

int jt_doc_cx_is_admin(const jt_doc_cx *c, const char *user) {
    size_t i;
    int admin = strcmp(user, "root") == 0;
    for (i = 0; i < c->nfx; i++)
        if (c->fx[i].kind == JT_FIXTURE_USER && strcmp(c->fx[i].name, user) == 0)
            admin = c->fx[i].admin;
    return admin;
}

const char *jt_doc_cx_job_words(char *buf, size_t size, const jt_fixture *f) {
    snprintf(buf, size, "%s, %s", f->type ? f->type : "IMPORT", f->status ? f->status : "running");
    return buf;
}

int jt_doc_cx_run(jt_doc_cx *c, const char *user, const char *sql, jt_result *res) {
    memset(res, 0, sizeof *res);
    res->count = -1;
    return jt_session_exec(c->s, user, sql, res, c->err);
}

void jt_doc_cx_done(jt_doc_cx *c, jt_result *res) {
    jt_session_free_result(c->s, res);
}

int jt_doc_cx_settle(jt_doc_cx *c, int *moved) {
    return jt_doc_settle(c->s, moved, c->err);
}

int jt_doc_cx_unsupported(const jt_result *res) {
    return res->failed &&
           (strcmp(res->sqlstate, "42601") == 0 || strcmp(res->sqlstate, "0A000") == 0);
}

int jt_doc_cx_step(jt_doc_cx *c, const char *user, const char *sql, const char *claim, int settle) {
    jt_doc_step *st;
    if (c->nsteps >= JT_DOC_MAX_STEPS)
        return JT_OK;
    st = &c->steps[c->nsteps];
    memset(st, 0, sizeof *st);
    snprintf(st->user, sizeof st->user, "%s", user);
    st->settle = settle;
    st->sql = jt_strdup(sql);
    if (claim)
        st->claim = jt_strdup(claim);
    c->nsteps++; /* freed with the witness, also when a copy failed */
    return st->sql && (!claim || st->claim) ? JT_OK : JT_ENOMEM;
}

/* A step whose claim is `head` then the SQL. */
static int step_with(jt_doc_cx *c, const char *user, const char *sql, const char *head) {
    size_t n = strlen(head) + strlen(sql) + 3;
    char *claim = jt_malloc(n);
    int rc;
    if (!claim)
        return JT_ENOMEM;
    snprintf(claim, n, "%s\n%s\n", head, sql);
    rc = jt_doc_cx_step(c, user, sql, claim, 0);
    free(claim);
    return rc;
}

int jt_doc_cx_step_fails(jt_doc_cx *c, const char *user, const char *sql) {
    return step_with(c, user, sql, "statement error .");
}

int jt_doc_cx_step_works(jt_doc_cx *c, const char *user, const char *sql) {
    return step_with(c, user, sql, "statement ok");
}

/* ---- the counterexample ---------------------------------------------------------------------- */

static int mkdirs(const char *dir, jt_error *err) {
    char path[4096];
    size_t n = strlen(dir), i;
    struct stat sbuf;
    if (n == 0 || n >= sizeof path)
        return jt_error_set(err, JT_EINVAL, 0, "%s: not a usable folder name", dir);
    memcpy(path, dir, n + 1);
    for (i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) < 0 && errno != EEXIST)
            return jt_error_set(err, JT_EIO, 0, "%s: cannot make folder: %s", path,
                                strerror(errno));
        path[i] = i < n ? '/' : '\0';
    }
    if (stat(dir, &sbuf) < 0 || !S_ISDIR(sbuf.st_mode))
        return jt_error_set(err, JT_EIO, 0, "%s: not a folder", dir);
    return JT_OK;
}

/* The folder counterexamples go to: cfg's, or (once, when it cannot be made and cfg allows) a
   new temporary one. */
static int out_folder(char *out, size_t size, jt_doc_cx *c, const jt_doc_config *cfg) {
    char *fallback = c->fallback;
    const char *tmpdir;
    int rc;
    if (fallback[0] && cfg->out_fallback) {
        snprintf(out, size, "%s", fallback);
        return JT_OK;
    }
    rc = mkdirs(cfg->out_dir, c->err);
    if (rc == JT_OK || !cfg->out_fallback) {
        snprintf(out, size, "%s", cfg->out_dir);
        return rc;
    }
    tmpdir = getenv("TMPDIR");
    snprintf(fallback, sizeof c->fallback, "%s/jobtck-doc-XXXXXX",
             tmpdir && *tmpdir && strlen(tmpdir) < 200 ? tmpdir : "/tmp");
    if (!mkdtemp(fallback)) {
        rc = jt_error_set(c->err, JT_EIO, 0, "%s: cannot make folder: %s", fallback,
                          strerror(errno));
        fallback[0] = '\0';
        return rc;
    }
    snprintf(out, size, "%s", fallback);
    return JT_OK;
}

/* `<out_dir>/<page without .md>-<line>.test` */
static int case_path(char *buf, size_t size, const char *out_dir, const char *page, int line) {
    const char *base = strrchr(page, '/');
    size_t n;
    base = base ? base + 1 : page;
    n = strlen(base);
    if (n > 3 && strcmp(base + n - 3, ".md") == 0)
        n -= 3;
    if (n > 200)
        n = 200;
    return (size_t)snprintf(buf, size, "%s/%.*s-%d.test", out_dir, (int)n, base, line) < size
               ? JT_OK
               : JT_ELIMIT;
}

static size_t lines_in(const jt_strbuf *sb) {
    size_t i, n = 0;
    for (i = 0; i < sb->len; i++)
        n += sb->data[i] == '\n';
    return n;
}

/* One step as a record: what the claim says, or what the oracle gives. *claim_line: the line
   (in body) of the first claimed record, 0 until there is one. */
static int write_step(jt_strbuf *body, jt_doc_cx *c, const jt_doc_step *st, char *user,
                      size_t *claim_line) {
    jt_result res;
    int rc = JT_OK;
    if (strcmp(user, st->user) != 0) {
        rc = jt_strbuf_addf(body, "user %s\n\n", st->user);
        snprintf(user, JT_LIMIT_NAME + 1, "%s", st->user);
    }
    if (rc == JT_OK)
        rc = jt_doc_cx_run(c, st->user, st->sql, &res);
    if (rc < 0)
        return rc;
    if (st->claim) {
        if (!*claim_line)
            *claim_line = lines_in(body) + 1;
        rc = jt_strbuf_adds(body, st->claim);
    } else {
        rc = jt_casewrite_expect(body, st->sql, &res);
    }
    jt_doc_cx_done(c, &res);
    if (rc == JT_OK)
        rc = jt_strbuf_adds(body, "\n");
    if (rc == JT_OK && st->settle)
        rc = jt_doc_cx_settle(c, NULL);
    return rc;
}

/* The records of the case file: the world's fixtures, then the steps. */
static int case_body(jt_strbuf *body, size_t *claim_line, jt_doc_cx *c) {
    char user[JT_LIMIT_NAME + 1] = "root";
    size_t i;
    int rc = jt_session_restart(c->s, c->err);
    for (i = 0; i < c->nfx && rc == JT_OK; i++) {
        rc = jt_session_fixture(c->s, &c->fx[i], c->err);
        if (rc == JT_OK)
            rc = jt_casewrite_fixture(body, &c->fx[i]);
    }
    if (rc == JT_OK)
        rc = jt_strbuf_adds(body, "\n");
    for (i = 0; i < c->nsteps && rc == JT_OK; i++)
        rc = write_step(body, c, &c->steps[i], user, claim_line);
    return rc;
}

/* The comment at the top of the case file, and its first records. */
static int case_head(jt_strbuf *cs, jt_doc_cx *c, const jt_doc_kind *k, size_t body_claim_line) {
    const jt_doc_claim *cl = c->claim;
    int other = strcmp(c->profile, JT_PROFILE_DEFAULT) != 0, rc;
    const char *desc = jt_doc_sb(&c->desc);
    char run[96];
    if (strncmp(desc, "when ", 5) == 0)
        desc += 5;
    else if (strcmp(desc, "in the page's own world") == 0)
        desc = "";
    snprintf(run, sizeof run, "jobtck run%s%s", other ? " --profile " : "",
             other ? c->profile : "");
    rc = jt_strbuf_addf(cs,
                        "# Counterexample to a claim of %s (written by jobtck doc):\n"
                        "#   %s:%d: \"%s\"\n"
                        "# The world: %s%s%s.\n"
                        "# The records give what the model of profile %s gives, but the last\n"
                        "# ones, which say what the claim says: `%s` on this file fails\n",
                        c->page->path, c->page->path, cl->line, cl->text,
                        k->bare ? "" : "the page's jobs and users",
                        !k->bare && *desc ? ", and " : "", desc, c->profile, run);
    if (rc == JT_OK) {
        /* this line, the blank one, the profile lines, covers, subtest */
        size_t head = lines_in(cs) + 2 + (other ? 2 : 0) + 2 + 2;
        rc = jt_strbuf_addf(cs, "# at line %zu, as the claim does.\n\n", head + body_claim_line);
    }
    if (rc == JT_OK && other)
        rc = jt_strbuf_addf(cs, "profile %s\n\n", c->profile);
    if (rc == JT_OK)
        rc = jt_strbuf_addf(cs, "covers %s\n\nsubtest claim_line_%d\n\n", k->covers, cl->line);
    return rc;
}

/* The file itself, at path. */
static int write_case(char *path, size_t size, jt_doc_cx *c, const jt_doc_kind *k,
                      const jt_doc_config *cfg) {
    jt_strbuf body, cs;
    char dir[4096];
    size_t claim_line = 0;
    int rc;
    jt_strbuf_init(&body, JT_LIMIT_MESSAGE * 16);
    jt_strbuf_init(&cs, JT_LIMIT_MESSAGE * 32);
    rc = case_body(&body, &claim_line, c);
    if (rc == JT_OK)
        rc = case_head(&cs, c, k, claim_line);
    if (rc == JT_OK)
        rc = jt_strbuf_add(&cs, body.data ? body.data : "", body.len);
    if (rc == JT_OK)
        rc = out_folder(dir, sizeof dir, c, cfg);
    if (rc == JT_OK)
        rc = case_path(path, size, dir, c->page->path, c->claim->line);
    if (rc == JT_ELIMIT)
        rc = jt_error_set(c->err, JT_ELIMIT, 0, "counterexample of %s:%d: too long", c->page->path,
                          c->claim->line);
    if (rc == JT_OK)
        rc = jt_casewrite_atomic(path, cs.data ? cs.data : "", cs.len, c->err);
    jt_strbuf_dispose(&body);
    jt_strbuf_dispose(&cs);
    return rc;
}

int jt_doc_counterexample(char **file_out, jt_strbuf *msg, jt_doc_cx *c, const jt_doc_kind *k,
                          const jt_doc_config *cfg) {
    char path[4200];
    int rc;
    *file_out = NULL;
    if (!c->nsteps)
        return jt_strbuf_adds(msg, "; no case file can show it");
    if (!cfg->out_dir)
        return jt_strbuf_adds(msg, "; counterexample not written (no output folder)");
    rc = write_case(path, sizeof path, c, k, cfg);
    if (rc == JT_ENOMEM)
        return rc;
    if (rc < 0)
        return rc;
    *file_out = jt_strdup(path);
    if (!*file_out)
        return JT_ENOMEM;
    return jt_strbuf_addf(msg, "; counterexample written to %s", path);
}

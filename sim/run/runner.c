/* The runner: case files through a driver, results kept per file and per record. */
#include "sim/run/runner.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/cases/check.h"
#include "sim/drivers/session.h"
#include "model/common.h"
#include "sim/text/strbuf.h"

#define DEFAULT_USER "root"
#define SYNTAX_ERROR "42601"

struct jt_runner {
    jt_runner_config cfg;
    const char *profile;
    const jt_profile *prof; /* the profile of that name */
    jt_session *session;    /* cfg.session, the runner's */
    /* The shadow model: it runs the file beside the driver when the run counts the spec
       coverage (its counts go to run.coverage), and for a file with `retry` records under a
       profile whose jobs move on their own (paths), where it says which results can occur on
       the way to an expected one. */
    jt_model *shadow;
    int shadow_on, paths;
    size_t seen; /* case files met by run_path so far (for shards) */
    jt_run_result run;
};

/* A variable of `let`; value NULL when its query failed. */
typedef struct var {
    char *name;
    char *value;
} var;

/* The state of one file while it runs. */
typedef struct file_state {
    jt_file_result *fr;
    const char *user;
    var *vars;
    size_t nvars, vcap;
    /* Set when the records that follow do not run: as skipped, or as failed. */
    char *skip_reason;
    char *abort_reason;
} file_state;

/* ---- results ------------------------------------------------------------------------- */

static void file_result_dispose(jt_file_result *fr) {
    size_t i;
    for (i = 0; i < fr->nrecords; i++)
        free(fr->records[i].message);
    free(fr->records);
    free(fr->path);
    free(fr->error);
    jt_case_free(fr->scenario);
    memset(fr, 0, sizeof *fr);
}

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* A new file result at the end of the run. */
static int add_file(jt_file_result **out, jt_runner *r, const char *path, jt_error *err) {
    jt_file_result *fr;
    int rc = jt_grow((void **)&r->run.files, &r->run.cap, r->run.nfiles + 1, sizeof *r->run.files,
                     JT_LIMIT_FILES);
    *out = NULL;
    if (rc == JT_ELIMIT)
        return jt_error_set(err, rc, 0, "more than %d case files", JT_LIMIT_FILES);
    if (rc < 0)
        return nomem(err);
    fr = &r->run.files[r->run.nfiles];
    memset(fr, 0, sizeof *fr);
    fr->path = jt_strdup(path);
    if (!fr->path)
        return nomem(err);
    r->run.nfiles++;
    *out = fr;
    return JT_OK;
}

static void file_done(jt_runner *r, const jt_file_result *fr) {
    if (r->cfg.on_file)
        r->cfg.on_file(r->cfg.ctx, fr);
}

/* A file that could not be read or parsed. Takes nothing; copies message. */
static int add_input_error(jt_runner *r, const char *path, const char *message, jt_error *err) {
    jt_file_result *fr;
    int rc = add_file(&fr, r, path, err);
    if (rc < 0)
        return rc;
    fr->error = jt_strdup(message);
    if (!fr->error)
        return nomem(err);
    fr->errors = 1;
    r->run.errors++;
    file_done(r, fr);
    return JT_OK;
}

/* Adds the result of rec (a counted record or a failed fixture); takes message. */
static int add_record(jt_runner *r, file_state *st, const jt_case_record *rec, int outcome,
                      char *message, jt_error *err) {
    jt_file_result *fr = st->fr;
    jt_record_result *rr;
    int rc;
    if (outcome != JT_OUTCOME_PASS && !message)
        return nomem(err);
    rc = jt_grow((void **)&fr->records, &fr->cap, fr->nrecords + 1, sizeof *fr->records,
                 JT_LIMIT_RECORDS);
    if (rc < 0) {
        free(message);
        return rc == JT_ELIMIT ? jt_error_set(err, rc, 0, "too many records") : nomem(err);
    }
    rr = &fr->records[fr->nrecords++];
    memset(rr, 0, sizeof *rr);
    rr->file = fr->path;
    rr->line = rec->line;
    rr->kind = jt_case_kind_name(rec);
    rr->subtest = rec->subtest;
    rr->covers = rec->covers;
    rr->ncovers = rec->ncovers;
    rr->user = st->user;
    rr->sql = rec->sql;
    rr->outcome = outcome;
    rr->attempts = 1;
    rr->message = message;
    switch (outcome) {
    case JT_OUTCOME_PASS:
        fr->passed++;
        r->run.passed++;
        break;
    case JT_OUTCOME_SKIP:
        fr->skipped++;
        r->run.skipped++;
        break;
    case JT_OUTCOME_ERROR:
        fr->errors++;
        r->run.errors++;
        fr->failed++;
        r->run.failed++;
        break;
    default:
        fr->failed++;
        r->run.failed++;
        break;
    }
    return JT_OK;
}

/* An allocated message "path:line: text", or "path:line:col: text" when col > 0. */
__attribute__((format(printf, 4, 0))) static char *vmessage(const char *path, int line, int col,
                                                            const char *fmt, va_list ap) {
    jt_strbuf sb;
    char text[JT_MESSAGE_MAX * 2], where[32] = "";
    vsnprintf(text, sizeof text, fmt, ap);
    if (col > 0)
        snprintf(where, sizeof where, ":%d", col);
    jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
    if (jt_strbuf_addf(&sb, "%s:%d%s: %s", path, line, where, text) < 0) {
        jt_strbuf_dispose(&sb);
        return NULL;
    }
    return jt_strbuf_take(&sb);
}

__attribute__((format(printf, 3, 4))) static char *message_at(const char *path, int line,
                                                              const char *fmt, ...) {
    va_list ap;
    char *m;
    va_start(ap, fmt);
    m = vmessage(path, line, 0, fmt, ap);
    va_end(ap);
    return m;
}

__attribute__((format(printf, 4, 5))) static char *message_at_col(const char *path, int line,
                                                                  int col, const char *fmt, ...) {
    va_list ap;
    char *m;
    va_start(ap, fmt);
    m = vmessage(path, line, col, fmt, ap);
    va_end(ap);
    return m;
}

/* ---- the driver ---------------------------------------------------------------------- */

int jt_runner_new(jt_runner **out, const jt_runner_config *cfg, jt_error *err) {
    jt_runner *r = NULL;
    *out = NULL;
    JT_ASSERT(cfg->session != NULL);
    if (cfg->shard_count > 1 && (cfg->shard_index < 1 || cfg->shard_index > cfg->shard_count)) {
        jt_session_close(cfg->session);
        return jt_error_set(err, JT_EINVAL, 0, "shard %u/%u: expected K/N with 1 <= K <= N",
                            cfg->shard_index, cfg->shard_count);
    }
    if (!jt_profile_find(cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT)) {
        jt_session_close(cfg->session);
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", cfg->profile);
    }
    r = jt_calloc(1, sizeof *r);
    if (!r) {
        jt_session_close(cfg->session);
        return nomem(err);
    }
    r->cfg = *cfg;
    r->session = cfg->session;
    r->profile = cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT;
    r->prof = jt_profile_find(r->profile);
    *out = r;
    return JT_OK;
}

void jt_runner_free(jt_runner *r) {
    size_t i;
    if (!r)
        return;
    jt_session_close(r->session);
    jt_model_free(r->shadow);
    for (i = 0; i < r->run.nfiles; i++)
        file_result_dispose(&r->run.files[i]);
    free(r->run.files);
    free(r);
}

const jt_run_result *jt_runner_result(const jt_runner *r) {
    return &r->run;
}

int jt_run_exit_status(const jt_run_result *run) {
    if (run->errors > 0)
        return 2;
    return run->failed > 0 ? 1 : 0;
}

/* ---- records ------------------------------------------------------------------------- */

/* Whether rec's skipif/onlyif let it run here; *reason (static or in buf) when not. */
static int allowed(const jt_runner *r, const jt_case_record *rec, char *buf, size_t bufsize) {
    size_t i, t;
    for (i = 0; i < rec->nconds; i++) {
        const jt_case_cond *c = &rec->conds[i];
        int match = 0;
        for (t = 0; t < c->ntags && !match; t++)
            match = strcmp(c->tags[t], jt_session_name(r->session)) == 0 ||
                    strcmp(c->tags[t], r->profile) == 0;
        if (match == c->skip) {
            size_t n = (size_t)snprintf(buf, bufsize, "%s", c->skip ? "skipif" : "onlyif");
            for (t = 0; t < c->ntags && n < bufsize; t++)
                n += (size_t)snprintf(buf + n, bufsize - n, " %s", c->tags[t]);
            return 0;
        }
    }
    return 1;
}

static var *find_var(file_state *st, const char *name, size_t n) {
    size_t i;
    for (i = 0; i < st->nvars; i++)
        if (strlen(st->vars[i].name) == n && strncmp(st->vars[i].name, name, n) == 0)
            return &st->vars[i];
    return NULL;
}

/* Binds name (value NULL: its let failed). */
static int set_var(file_state *st, const char *name, const char *value) {
    var *v = find_var(st, name, strlen(name));
    char *copy = NULL;
    int rc;
    if (value && !(copy = jt_strdup(value)))
        return JT_ENOMEM;
    if (!v) {
        rc = jt_grow((void **)&st->vars, &st->vcap, st->nvars + 1, sizeof *st->vars,
                     JT_LIMIT_RECORDS);
        if (rc < 0) {
            free(copy);
            return rc;
        }
        v = &st->vars[st->nvars];
        v->name = jt_strdup(name);
        if (!v->name) {
            free(copy);
            return JT_ENOMEM;
        }
        v->value = NULL;
        st->nvars++;
    }
    free(v->value);
    v->value = copy;
    return JT_OK;
}

static int is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}

/* sql with $name replaced by the value of each bound variable. *unbound_out: a variable
   whose let failed (the record cannot run), or NULL. */
static int substitute(char **out, const char **unbound_out, file_state *st, const char *sql) {
    jt_strbuf sb;
    const char *s = sql;
    int rc = JT_OK;
    *out = NULL;
    *unbound_out = NULL;
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    while (*s && rc == JT_OK) {
        const char *dollar = strchr(s, '$');
        size_t n = 0;
        var *v;
        if (!dollar || !st->nvars) {
            rc = jt_strbuf_adds(&sb, s);
            break;
        }
        rc = jt_strbuf_add(&sb, s, (size_t)(dollar - s));
        s = dollar + 1;
        if (is_name_start(*s))
            while (is_name_char(s[n]))
                n++;
        v = n ? find_var(st, s, n) : NULL;
        if (rc < 0)
            break;
        if (!v) {
            rc = jt_strbuf_add(&sb, "$", 1);
            continue;
        }
        if (!v->value) {
            *unbound_out = v->name;
            goto out;
        }
        rc = jt_strbuf_adds(&sb, v->value);
        s += n;
    }
    if (rc == JT_OK)
        *out = jt_strbuf_take(&sb);
    if (rc == JT_OK && !*out)
        rc = JT_ENOMEM;
out:
    jt_strbuf_dispose(&sb);
    return rc;
}

static int wants_error(const jt_case_record *rec) {
    return rec->expect == JT_EXPECT_ERROR;
}

/* Where character position pos (1-based, of a statement's text, 0: unknown) is in the case
   file: the SQL starts on the line after the record's directive (or `let`), its lines as
   they were written. Positions past a $name substitution are not mapped (the start). */
static void sql_location(int *line_out, int *col_out, const jt_case_record *rec, const char *sql,
                         int pos) {
    const char *s = rec->sql;
    int line = rec->line + 1, col = 1, k;
    if (pos > 0 && strcmp(sql, rec->sql) == 0) {
        for (k = 1; k < pos && *s; s++) {
            if (((unsigned char)*s & 0xC0) == 0x80)
                continue; /* inside a character */
            k++;
            if (*s == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
    }
    *line_out = line;
    *col_out = col;
}

/* What an SQL error says of the case file when the record expected no error, whatever the
   driver (include/jobtck/driver.h, ABI 3): SQL outside the subset the implementation parses
   (a syntax error with its position), or beyond its limits (SQLSTATE class 54,
   program_limit_exceeded); or NULL when it is an ordinary result to compare. */
static const char *input_error_kind(const jt_result *res) {
    if (strcmp(res->sqlstate, SYNTAX_ERROR) == 0 && res->position > 0)
        return "SQL outside the subset";
    if (strncmp(res->sqlstate, "54", 2) == 0)
        return "SQL beyond the model's limits";
    return NULL;
}

/* The results the shadow model gives for sql as its jobs move on, one step at a time, until
   one meets the record's expectation (the shadow stays there) or nothing moves: their keys,
   in *keys (n of them). */
static int shadow_path(jt_runner *r, file_state *st, const jt_case_record *rec, const char *sql,
                       char ***keys, size_t *n, jt_error *err) {
    size_t cap = 0, step;
    int rc = JT_OK;
    *keys = NULL;
    *n = 0;
    for (step = 0; step <= JT_LIMIT_PROGRESS; step++) {
        jt_result res;
        jt_error derr;
        char *msg = NULL, *key;
        int64_t moved = 0;
        memset(&res, 0, sizeof res);
        memset(&derr, 0, sizeof derr);
        if (jt_model_exec(r->shadow, st->user, sql, &res, &derr) < 0)
            return nomem(err); /* the model fails only when memory runs out */
        key = jt_result_key(&res);
        rc = key ? jt_check_result(&msg, st->fr->path, rec, &res, err) : JT_ENOMEM;
        jt_result_dispose(&res);
        if (rc == JT_ELIMIT)
            rc = JT_OK;
        if (rc == JT_OK)
            rc = jt_grow((void **)keys, &cap, *n + 1, sizeof **keys, JT_LIMIT_PROGRESS + 1);
        if (rc < 0) {
            free(key);
            free(msg);
            return nomem(err);
        }
        (*keys)[(*n)++] = key;
        if (!msg)
            break; /* the expected result */
        free(msg);
        if (jt_model_advance(r->shadow, &moved) < 0)
            return nomem(err);
        if (moved == 0)
            break;
    }
    return JT_OK;
}

/* Waits before asking a live driver again: 10 ms, doubling to 1 s, within the time left. */
static void backoff(int attempt, int64_t *left_ms) {
    int64_t ms = 10;
    struct timespec ts;
    while (attempt-- > 0 && ms < 1000)
        ms *= 2;
    if (ms > 1000)
        ms = 1000;
    if (ms > *left_ms)
        ms = *left_ms;
    *left_ms -= ms;
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* Runs a statement or query record and records its outcome. */
static int run_sql(jt_runner *r, file_state *st, const jt_case_record *rec, jt_error *err) {
    jt_session *s = r->session;
    const char *path = st->fr->path, *unbound = NULL;
    char *sql = NULL, *msg = NULL, **allowed_keys = NULL;
    size_t nallowed = 0, k;
    int rc, attempt, outcome = JT_OUTCOME_FAIL, retry = (rec->flags & JT_QUERY_RETRY) != 0, oom;
    int live = !jt_session_has_advance(s); /* asked again after a wait, rather than moved */
    int64_t left_ms = r->cfg.retry_ms;
    rc = substitute(&sql, &unbound, st, rec->sql);
    if (rc == JT_ELIMIT) {
        msg = message_at(path, rec->line, "SQL longer than %d bytes after $name substitution",
                         JT_LIMIT_SQL);
        rc = add_record(r, st, rec, JT_OUTCOME_ERROR, msg, err);
        msg = NULL; /* add_record took it */
        goto out;
    }
    if (rc < 0) {
        rc = nomem(err);
        goto out;
    }
    if (strstr(sql, JT_CHECK_OUTSIDE_VALUE)) { /* a value of a let outside the kit */
        rc = add_record(r, st, rec, JT_OUTCOME_SKIP,
                        jt_strdup("not job control: a $name of a statement outside the kit"), err);
        goto out;
    }
    if (unbound) {
        msg = message_at(path, rec->line, "not run: $%s has no value (its let failed)", unbound);
        rc = add_record(r, st, rec, JT_OUTCOME_FAIL, msg, err);
        msg = NULL;
        goto out;
    }
    if (r->shadow_on) {
        if (retry && r->paths) {
            rc = shadow_path(r, st, rec, sql, &allowed_keys, &nallowed, err);
        } else {
            jt_result res;
            jt_error derr;
            memset(&res, 0, sizeof res);
            if (jt_model_exec(r->shadow, st->user, sql, &res, &derr) == JT_OK)
                jt_result_dispose(&res);
            else
                rc = nomem(err); /* the model fails only when memory runs out */
        }
        if (rc < 0)
            goto out;
    }
    for (attempt = 0;; attempt++) {
        jt_result res;
        jt_error derr;
        char *key = NULL;
        int64_t moved = 0;
        memset(&res, 0, sizeof res);
        memset(&derr, 0, sizeof derr);
        free(msg);
        msg = NULL;
        rc = jt_session_exec(s, st->user, sql, &res, &derr);
        if (rc == JT_ENOMEM) {
            rc = nomem(err);
            goto out;
        }
        if (rc < 0) {
            /* The implementation is gone or unusable (an adapter that crashed, hung...): the
               rest of the file does not run, and the next file starts on a new connection. */
            char reason[64];
            msg = message_at(path, rec->line, "driver failure: %s", derr.message);
            outcome = JT_OUTCOME_FAIL;
            snprintf(reason, sizeof reason, "not run: the driver failed at line %d", rec->line);
            free(st->abort_reason);
            st->abort_reason = jt_strdup(reason);
            rc = st->abort_reason ? JT_OK : nomem(err);
            if (rc < 0)
                goto out;
            break;
        }
        if ((msg = jt_check_outside(&res, &oom)) != NULL || oom) {
            /* SQL the kit does not model (a CockroachDB logic test's other statements) */
            outcome = JT_OUTCOME_SKIP;
            jt_session_free_result(s, &res);
            if (oom) {
                rc = nomem(err);
                goto out;
            }
            break;
        }
        if (!wants_error(rec) && res.failed && input_error_kind(&res)) {
            /* An input error at the place in the file: "path:line:col: SQL outside ..." */
            int line, col;
            sql_location(&line, &col, rec, sql, res.position);
            msg = message_at_col(path, line, col, "%s: %s", input_error_kind(&res),
                                 res.message ? res.message : "syntax error");
            outcome = JT_OUTCOME_ERROR;
            jt_session_free_result(s, &res);
            break;
        }
        rc = jt_check_result(&msg, path, rec, &res, err);
        if (rc == JT_ELIMIT) {
            msg = message_at(path, rec->line, "%s: the result is too large to compare",
                             jt_case_kind_name(rec));
            rc = JT_OK;
        }
        if (rc == JT_OK && rec->let && !msg) /* it held: there is exactly one value */
            rc = set_var(st, rec->let, jt_check_render(res.values ? res.values[0] : NULL));
        if (rc == JT_OK && msg && retry && allowed_keys) {
            key = jt_result_key(&res);
            if (!key)
                rc = JT_ENOMEM;
        }
        jt_session_free_result(s, &res);
        if (rc < 0) {
            free(key);
            rc = nomem(err);
            goto out;
        }
        outcome = msg ? JT_OUTCOME_FAIL : JT_OUTCOME_PASS;
        if (!msg || !retry)
            break;
        if (key) {
            /* On the way to the expected result, only what the model's jobs pass through. */
            for (k = 0; k < nallowed && strcmp(allowed_keys[k], key) != 0; k++)
                ;
            free(key);
            if (k == nallowed) {
                char *why = message_at(path, rec->line,
                                       "retry: a result that profile %s says cannot occur on the "
                                       "way to the expected one (attempt %d)\n%s",
                                       r->profile, attempt + 1, msg);
                free(msg);
                msg = why;
                break;
            }
        }
        if (!live) {
            if (attempt >= JT_LIMIT_PROGRESS)
                break;
            rc = jt_session_advance(s, &moved, &derr);
            if (rc == JT_ENOTSUP) {
                live = 1; /* a plugin without a virtual clock */
            } else if (rc == JT_ENOMEM) {
                rc = nomem(err);
                goto out;
            } else if (rc < 0 || moved == 0) {
                break; /* nothing moves any more: the result stays */
            }
        }
        if (live) {
            if (attempt >= r->cfg.retries)
                break;
            backoff(attempt, &left_ms);
        }
    }
    /* a let that failed binds nothing; one outside the kit, a value that says so */
    if (outcome != JT_OUTCOME_PASS && rec->let &&
        set_var(st, rec->let, outcome == JT_OUTCOME_SKIP ? JT_CHECK_OUTSIDE_VALUE : NULL) < 0) {
        rc = nomem(err);
        goto out;
    }
    rc = add_record(r, st, rec, outcome, msg, err);
    msg = NULL;
    if (rc == JT_OK && attempt > 0) {
        st->fr->records[st->fr->nrecords - 1].attempts = attempt + 1;
        r->run.retried++;
    }
out:
    for (k = 0; k < nallowed; k++)
        free(allowed_keys[k]);
    free(allowed_keys);
    free(msg);
    free(sql);
    return rc;
}

static int run_fixture(jt_runner *r, file_state *st, const jt_case_record *rec, jt_error *err) {
    jt_error derr;
    int rc;
    memset(&derr, 0, sizeof derr);
    /* the shadow takes the fixture as the driver does; memory, only, may fail it */
    if (r->shadow_on && jt_model_fixture(r->shadow, &rec->fixture, &derr) == JT_ENOMEM)
        return nomem(err);
    rc = jt_session_fixture(r->session, &rec->fixture, &derr);
    if (rc == JT_OK)
        return JT_OK;
    if (rc == JT_ENOMEM)
        return nomem(err);
    if (rc == JT_ENOTSUP) {
        /* A fixture this implementation cannot make (role options on an adapter without
           them...): the rest of the file is skipped, never passed nor failed. */
        char reason[JT_MESSAGE_MAX + 64];
        snprintf(reason, sizeof reason, "driver %s lacks this fixture (line %d): %s",
                 jt_session_name(r->session), rec->line, derr.message);
        st->skip_reason = jt_strdup(reason);
        return st->skip_reason ? JT_OK : nomem(err);
    }
    /* The implementation refuses a fixture its version cannot have (a status of a later
       version): the case file does not fit the run, an input error at the fixture. The session
       is broken: the next file starts on a new connection. */
    if (rc == JT_EINVAL)
        rc = add_record(r, st, rec, JT_OUTCOME_ERROR,
                        message_at_col(st->fr->path, rec->line, 1, "fixture: %s", derr.message),
                        err);
    else
        rc = add_record(r, st, rec, JT_OUTCOME_FAIL,
                        message_at(st->fr->path, rec->line, "fixture: %s", derr.message), err);
    if (rc < 0)
        return rc;
    {
        char reason[64];
        snprintf(reason, sizeof reason, "not run: the fixture at line %d failed", rec->line);
        st->abort_reason = jt_strdup(reason);
    }
    return st->abort_reason ? JT_OK : nomem(err);
}

/* What the driver lacks for this file, or NULL. */
static const char *lacking(const jt_runner *r, const jt_case_file *cf) {
    unsigned caps = jt_session_caps(r->session);
    size_t i;
    for (i = 0; i < cf->nrecords; i++) {
        const jt_case_record *rec = &cf->records[i];
        if (rec->kind == JT_CASE_FIXTURE && !(caps & JT_CAP_FIXTURES))
            return "fixtures";
        if (rec->kind == JT_CASE_FIXTURE && (rec->fixture.options || rec->fixture.member_of) &&
            !(caps & JT_CAP_ROLES))
            return "role fixtures (role options, role members)";
        if (rec->kind == JT_CASE_FIXTURE && (rec->fixture.schedule || rec->fixture.age_s) &&
            !(caps & JT_CAP_JOB_META))
            return "job fixtures with a schedule or an age";
        if (rec->kind == JT_CASE_USER && strcmp(rec->arg, DEFAULT_USER) != 0 &&
            !(caps & JT_CAP_USERS))
            return "users";
    }
    return NULL;
}

/* After a file: the driver starts over at once, so that what it does wrong after the file's
   last record (an exec adapter's late second reply line) fails that record, not the next
   file's start. A reset that fails turns the file's last passing record into a failure, and
   the next file starts on a new connection. */
static int finish_file(jt_runner *r, jt_file_result *fr, jt_error *err) {
    jt_error derr;
    jt_record_result *last = NULL;
    char *msg;
    size_t i;
    memset(&derr, 0, sizeof derr);
    if (jt_session_tidy(r->session, &derr) == JT_OK)
        return JT_OK;
    for (i = fr->nrecords; i-- > 0 && !last;)
        if (fr->records[i].sql && fr->records[i].outcome != JT_OUTCOME_SKIP)
            last = &fr->records[i];
    if (!last || last->outcome != JT_OUTCOME_PASS)
        return JT_OK; /* already failed: the next file reconnects all the same */
    msg = message_at(fr->path, last->line, "driver failure after this record: %s", derr.message);
    if (!msg)
        return nomem(err);
    last->outcome = JT_OUTCOME_FAIL;
    last->message = msg;
    fr->passed--;
    fr->failed++;
    r->run.passed--;
    r->run.failed++;
    return JT_OK;
}

/* Whether the file is written for the run's profile (or for any). */
static int written_for(const jt_runner *r, const jt_case_file *cf) {
    size_t i;
    for (i = 0; i < cf->nprofiles; i++)
        if (jt_profile_accepts(r->prof, cf->profiles[i]))
            return 1;
    return cf->nprofiles == 0;
}

/* Whether the file has `retry` queries under a profile whose jobs move on their own. */
static int needs_shadow(const jt_runner *r, const jt_case_file *cf) {
    size_t i, s;
    int moves = 0;
    for (s = 0; s < JT_ST_COUNT; s++)
        moves |= r->prof->status_names[s] && r->prof->progress[s] != JT_NO_STATUS;
    for (i = 0; moves && i < cf->nrecords; i++)
        if (cf->records[i].kind == JT_CASE_QUERY && (cf->records[i].flags & JT_QUERY_RETRY))
            return 1;
    return 0;
}

/* Whether the shadow model runs the file beside the driver: for the spec coverage, or for the
   paths of its retried queries (r->paths). */
static int wants_shadow(jt_runner *r, const jt_case_file *cf) {
    r->paths = needs_shadow(r, cf);
    return r->paths || r->cfg.coverage;
}

/* The shadow model, empty, for the file that starts. */
static int shadow_start(jt_runner *r, jt_error *err) {
    jt_error derr;
    memset(&derr, 0, sizeof derr);
    if (!r->shadow && jt_model_new(&r->shadow, r->prof, &derr) < 0)
        return derr.code == JT_ENOMEM ? nomem(err)
                                      : jt_error_set(err, derr.code, 0, "%s", derr.message);
    jt_model_reset(r->shadow);
    r->shadow_on = 1;
    return JT_OK;
}

static int run_records(jt_runner *r, file_state *st, jt_error *err) {
    const jt_case_file *cf = st->fr->scenario;
    char reason[JT_LIMIT_LINE / 64];
    size_t i;
    int rc = JT_OK;
    for (i = 0; i < cf->nrecords && rc == JT_OK; i++) {
        const jt_case_record *rec = &cf->records[i];
        int counted = jt_case_counted(rec);
        if (!allowed(r, rec, reason, sizeof reason)) {
            if (counted)
                rc = add_record(r, st, rec, JT_OUTCOME_SKIP, jt_strdup(reason), err);
            continue;
        }
        if (rec->kind == JT_CASE_HALT)
            break;
        if (rec->kind == JT_CASE_USER) {
            st->user = rec->arg;
            continue;
        }
        if (st->skip_reason) {
            if (counted)
                rc = add_record(r, st, rec, JT_OUTCOME_SKIP, jt_strdup(st->skip_reason), err);
            continue;
        }
        if (st->abort_reason) {
            if (counted)
                rc = add_record(r, st, rec, JT_OUTCOME_FAIL,
                                message_at(st->fr->path, rec->line, "%s", st->abort_reason), err);
            continue;
        }
        if (rec->kind == JT_CASE_FIXTURE)
            rc = run_fixture(r, st, rec, err);
        else if (counted)
            rc = run_sql(r, st, rec, err);
    }
    if (r->shadow_on && r->cfg.coverage) /* a reset keeps the counts: taken as the file ends */
        jt_model_coverage_take(r->shadow, &r->run.coverage);
    return rc;
}

int jt_runner_run_case(jt_runner *r, jt_case_file *cf, jt_error *err) {
    jt_file_result *fr = NULL;
    file_state st;
    jt_error derr;
    const char *lack;
    size_t i;
    int rc;
    memset(&st, 0, sizeof st);
    memset(&derr, 0, sizeof derr);
    rc = add_file(&fr, r, cf->path, err);
    if (rc < 0) {
        jt_case_free(cf);
        return rc;
    }
    fr->scenario = cf;
    st.fr = fr;
    st.user = DEFAULT_USER;
    lack = lacking(r, cf);
    if (!written_for(r, cf)) {
        jt_strbuf sb;
        jt_strbuf_init(&sb, JT_LIMIT_LINE);
        jt_strbuf_adds(&sb, "written for profile");
        for (i = 0; i < cf->nprofiles; i++)
            jt_strbuf_addf(&sb, "%s %s", i ? "," : (cf->nprofiles > 1 ? "s" : ""), cf->profiles[i]);
        jt_strbuf_addf(&sb, " (this run: %s)", r->profile);
        st.skip_reason = jt_strbuf_take(&sb);
        if (!st.skip_reason) {
            rc = nomem(err);
            goto out;
        }
    } else if (lack) {
        char buf[JT_LIMIT_NAME + 64];
        snprintf(buf, sizeof buf, "driver %s lacks %s", jt_session_name(r->session), lack);
        st.skip_reason = jt_strdup(buf);
        if (!st.skip_reason) {
            rc = nomem(err);
            goto out;
        }
    } else if (jt_session_restart(r->session, &derr) < 0) {
        char reason[JT_MESSAGE_MAX + 64];
        snprintf(reason, sizeof reason, "not run: the driver could not start over: %s",
                 derr.message);
        st.abort_reason = jt_strdup(reason);
        if (!st.abort_reason) {
            rc = nomem(err);
            goto out;
        }
    }
    r->shadow_on = 0;
    if (!st.skip_reason && !st.abort_reason && wants_shadow(r, cf)) {
        rc = shadow_start(r, err);
        if (rc < 0)
            goto out;
    }
    rc = run_records(r, &st, err);
    if (rc == JT_OK)
        rc = finish_file(r, fr, err);
out:
    for (i = 0; i < st.nvars; i++) {
        free(st.vars[i].name);
        free(st.vars[i].value);
    }
    free(st.vars);
    free(st.skip_reason);
    free(st.abort_reason);
    if (rc == JT_OK)
        file_done(r, fr);
    return rc;
}

int jt_runner_run_file(jt_runner *r, const char *path, jt_error *err) {
    jt_case_file *cf = NULL;
    jt_error perr;
    int rc;
    memset(&perr, 0, sizeof perr);
    rc = jt_case_read(&cf, path, &perr);
    if (rc == JT_ENOMEM)
        return nomem(err);
    if (rc < 0)
        return add_input_error(r, path, perr.message, err);
    return jt_runner_run_case(r, cf, err);
}

/* ---- paths --------------------------------------------------------------------------- */

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *join_path(const char *dir, const char *name) {
    jt_strbuf sb;
    size_t n = strlen(dir);
    jt_strbuf_init(&sb, JT_LIMIT_SQL);
    if (jt_strbuf_adds(&sb, dir) < 0 ||
        (n > 0 && dir[n - 1] != '/' && jt_strbuf_add(&sb, "/", 1) < 0) ||
        jt_strbuf_adds(&sb, name) < 0) {
        jt_strbuf_dispose(&sb);
        return NULL;
    }
    return jt_strbuf_take(&sb);
}

/* Whether the next case file met belongs to this runner's shard (see jt_runner_config). */
static int in_shard(jt_runner *r) {
    size_t i = r->seen++;
    return r->cfg.shard_count <= 1 || i % r->cfg.shard_count == r->cfg.shard_index - 1;
}

/* The *.test files under dir, and its subfolders, in order; *found counts the files. */
static int run_dir(jt_runner *r, const char *dir, int depth, size_t *found, jt_error *err) {
    DIR *dp;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i;
    int rc = JT_OK;
    dp = opendir(dir);
    if (!dp) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s: cannot open: %s", dir, strerror(errno));
        return add_input_error(r, dir, msg, err);
    }
    while ((de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        rc = jt_grow((void **)&names, &cap, n + 1, sizeof *names, JT_LIMIT_FILES);
        if (rc < 0) {
            rc = rc == JT_ELIMIT
                     ? jt_error_set(err, rc, 0, "%s: more than %d entries", dir, JT_LIMIT_FILES)
                     : nomem(err);
            goto out;
        }
        names[n] = jt_strdup(de->d_name);
        if (!names[n]) {
            rc = nomem(err);
            goto out;
        }
        n++;
    }
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (i = 0; i < n && rc == JT_OK; i++) {
        struct stat sbuf;
        char *full = join_path(dir, names[i]);
        if (!full) {
            rc = nomem(err);
            break;
        }
        if (stat(full, &sbuf) == 0 && S_ISDIR(sbuf.st_mode)) {
            if (depth < JT_LIMIT_DEPTH)
                rc = run_dir(r, full, depth + 1, found, err);
        } else if (ends_with(names[i], ".test")) {
            (*found)++;
            if (in_shard(r))
                rc = jt_runner_run_file(r, full, err);
        }
        free(full);
    }
out:
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(dp);
    return rc;
}

int jt_runner_run_path(jt_runner *r, const char *path, jt_error *err) {
    struct stat sbuf;
    size_t found = 0, before = r->run.nfiles;
    int rc;
    if (stat(path, &sbuf) != 0)
        return jt_runner_run_file(r, path, err); /* its input error, in every shard */
    if (!S_ISDIR(sbuf.st_mode))
        return in_shard(r) ? jt_runner_run_file(r, path, err) : JT_OK;
    rc = run_dir(r, path, 0, &found, err);
    if (rc == JT_OK && found == 0 && r->run.nfiles == before) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s: no .test files in the folder", path);
        rc = add_input_error(r, path, msg, err);
    }
    return rc;
}

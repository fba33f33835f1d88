/*
 * Faulty implementations: the reference model with one documented rule broken, built as
 * plugins (mutant-NN.so, one per value of -DMUTANT=NN) for `jobtck mutants`, which runs the
 * bundled suite against each and expects every one to be caught.
 *
 * Each mutant breaks exactly one rule of docs/spec.md, named by its requirement id. Some change
 * one cell of a copy of the v2.1 profile (model/profile.h: the profile is data); the others
 * wrap the model and rewrite what goes in or comes out, as a faulty implementation would
 * behave: run a bulk statement one id at a time, count NULLs, drop a WHERE clause...
 *
 * The driver's name tells `jobtck mutants` what the mutant is: "SLUG RULE-ID what it does".
 */
#include <jobtck/driver.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/profile.h"

#ifndef MUTANT
#error "build with -DMUTANT=n (1 to MUTANT_COUNT)"
#endif

enum {
    PAUSE_BY_NONADMIN = 1,
    SCHEMA_CHANGE_PAUSABLE,
    BULK_IGNORES_WHERE,
    BULK_NOT_ATOMIC,
    NULLS_COUNTED,
    SUCCEEDED_PAUSABLE,
    RESUME_RUNNING_FAILS,
    IDS_32BIT,
    SINGULAR_TAG,
    SHOW_ORDER_REVERSED,
    ROLLBACK_CANCELABLE,
    DUPLICATES_NOT_COUNTED,
    SHOW_OPEN_TO_ALL,
    RESUME_PAUSED_NOOP,
    CHANGEFEED_NOT_PAUSABLE,
    PRIVILEGE_SQLSTATE,
    KEYWORDS_CASE_SENSITIVE,
    SHOW_HIDES_FINISHED,
    CANCEL_CANCELED_FAILS,
    TAG_WORDS,
    MUTANT_COUNT = TAG_WORDS
};

_Static_assert(MUTANT >= 1 && MUTANT <= MUTANT_COUNT, "MUTANT out of range");
#ifdef MUTANT_BUILT
/* the build makes mutant-01 .. mutant-MUTANT_BUILT: all of them */
_Static_assert(MUTANT_BUILT == MUTANT_COUNT, "tests/mutants/CMakeLists.txt builds another count");
#endif

/* "SLUG RULE-ID what it does", by MUTANT. */
static const char *const names[MUTANT_COUNT + 1] = {
    [PAUSE_BY_NONADMIN] = "pause-by-nonadmin PJ-PRIV a user outside admin may PAUSE",
    [SCHEMA_CHANGE_PAUSABLE] = "schema-change-pausable PJ-NOSCHEMA a SCHEMA CHANGE job can be "
                               "paused",
    [BULK_IGNORES_WHERE] = "bulk-ignores-where PJ-BULK the bulk form ignores the WHERE clause "
                           "of its selection",
    [BULK_NOT_ATOMIC] = "bulk-not-atomic PJ-ATOMIC a failing bulk statement keeps the changes "
                        "made before the failing id",
    [NULLS_COUNTED] = "nulls-counted PJ-BULK NULL ids are counted in the command tag",
    [SUCCEEDED_PAUSABLE] = "succeeded-pausable PJ-STATES pausing a succeeded job succeeds",
    [RESUME_RUNNING_FAILS] = "resume-running-fails PJ-STATES RESUME of a running job fails",
    [IDS_32BIT] = "ids-32bit PJ-ID job ids are truncated to 32 bits",
    [SINGULAR_TAG] = "singular-tag PJ-SYNTAX the singular form's command tag is PAUSE JOB "
                     "without a count, not PAUSE JOBS n",
    [SHOW_ORDER_REVERSED] = "show-order-reversed PJ-SHOW SHOW JOBS lists its rows in reverse "
                            "order",
    [ROLLBACK_CANCELABLE] = "rollback-cancelable PJ-NOSCHEMA a ROLL BACK schema change can be "
                            "canceled",
    [DUPLICATES_NOT_COUNTED] = "duplicates-not-counted PJ-BULK an id given twice is counted "
                               "once",
    [SHOW_OPEN_TO_ALL] = "show-open-to-all PJ-SHOW users outside admin may read SHOW JOBS",
    [RESUME_PAUSED_NOOP] = "resume-paused-noop PJ-RESUME RESUME leaves a paused job paused",
    [CHANGEFEED_NOT_PAUSABLE] = "changefeed-not-pausable PJ-TYPES a CHANGEFEED job cannot be "
                                "paused",
    [PRIVILEGE_SQLSTATE] = "privilege-sqlstate PJ-PRIV the privilege error has SQLSTATE XX000, "
                           "not 42501",
    [KEYWORDS_CASE_SENSITIVE] = "keywords-case-sensitive PJ-SYNTAX keywords in lower case are a "
                                "syntax error",
    [SHOW_HIDES_FINISHED] = "show-hides-finished PJ-SHOW SHOW JOBS leaves out finished jobs",
    [CANCEL_CANCELED_FAILS] = "cancel-canceled-fails PJ-STATES CANCEL of a canceled job fails",
    [TAG_WORDS] = "tag-words PJ-SYNTAX the command tag reads PAUSE JOB n, its count right, "
                  "where v2.1 says PAUSE JOBS n",
};

typedef struct mconn {
    jt_model *m;
    struct jt_profile profile; /* the model's profile: a changed copy of v2.1 */
    int64_t feeds[256];        /* CHANGEFEED job ids (changefeed-not-pausable) */
    size_t nfeeds;
    char admins[64][JT_LIMIT_NAME]; /* users declared admin (changefeed-not-pausable) */
    size_t nadmins;
} mconn;

/* ---- the profile ----------------------------------------------------------------------- */

static void change_profile(struct jt_profile *p) {
    switch (MUTANT) {
    case SCHEMA_CHANGE_PAUSABLE:
        p->schema_refuses[JT_OP_PAUSE] = 0;
        break;
    case SUCCEEDED_PAUSABLE:
        p->table[JT_ST_SUCCEEDED][JT_OP_PAUSE] = (jt_transition){JT_ACT_NOOP, 0, JT_ERR_NONE};
        break;
    case RESUME_RUNNING_FAILS:
        p->table[JT_ST_RUNNING][JT_OP_RESUME] =
            (jt_transition){JT_ACT_ERROR, 0, JT_ERR_RESUME_STATUS};
        break;
    case ROLLBACK_CANCELABLE:
        p->rollback_refuses[JT_OP_CANCEL] = 0;
        break;
    case SHOW_OPEN_TO_ALL:
        p->show_admin_only = 0;
        break;
    case RESUME_PAUSED_NOOP:
        p->table[JT_ST_PAUSED][JT_OP_RESUME] = (jt_transition){JT_ACT_NOOP, 0, JT_ERR_NONE};
        break;
    case PRIVILEGE_SQLSTATE:
        p->errors[JT_ERR_PRIVILEGE].sqlstate = "XX000";
        break;
    case CANCEL_CANCELED_FAILS:
        p->table[JT_ST_CANCELED][JT_OP_CANCEL] =
            (jt_transition){JT_ACT_ERROR, 0, JT_ERR_CANCEL_STATUS};
        break;
    default:
        break;
    }
}

/* ---- reading statements ---------------------------------------------------------------- */

static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int is_ident(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$';
}

static int is_blank(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The length of word at s (case-insensitive, then not a name character), or 0. */
static size_t word_at(const char *s, const char *word) {
    size_t n = strlen(word), i;
    for (i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != word[i])
            return 0;
    return is_ident((unsigned char)s[n]) ? 0 : n;
}

/* Whether text has word (case-insensitive, as a whole word). */
static int contains(const char *text, const char *word) {
    const char *s;
    for (s = text; *s; s++)
        if ((s == text || !is_ident((unsigned char)s[-1])) && word_at(s, word))
            return 1;
    return 0;
}

/* PAUSE|RESUME|CANCEL JOB e / JOBS select, as written. */
typedef struct control {
    int op;          /* enum jt_op */
    int plural;      /* JOBS */
    const char *arg; /* e or select */
    size_t arglen;   /* without a trailing ';' and blanks */
} control;

static int parse_control(control *out, const char *sql) {
    static const char *const ops[] = {"pause", "resume", "cancel"};
    const char *s = sql;
    size_t n = 0;
    int op;
    while (is_blank((unsigned char)*s))
        s++;
    for (op = 0; op < 3 && !(n = word_at(s, ops[op])); op++) {
    }
    if (op == 3)
        return 0;
    s += n;
    while (is_blank((unsigned char)*s))
        s++;
    out->op = op;
    if ((n = word_at(s, "jobs")) != 0)
        out->plural = 1;
    else if ((n = word_at(s, "job")) != 0)
        out->plural = 0;
    else
        return 0;
    s += n;
    out->arg = s;
    out->arglen = strlen(s);
    while (out->arglen > 0 &&
           (is_blank((unsigned char)s[out->arglen - 1]) || s[out->arglen - 1] == ';'))
        out->arglen--;
    return 1;
}

static const char *op_word(int op) {
    return op == JT_OP_PAUSE ? "PAUSE" : op == JT_OP_RESUME ? "RESUME" : "CANCEL";
}

/* The ids a control statement's selection returns, run as root before the statement:
   a result with one INT column, or failed (then the mutation leaves the statement alone). */
static void selection(mconn *c, const control *ct, jt_result *out) {
    char *sql = malloc(ct->arglen + 16);
    jt_error err;
    memset(out, 0, sizeof *out);
    if (!sql) {
        out->failed = 1;
        return;
    }
    snprintf(sql, ct->arglen + 16, "%s%.*s", ct->plural ? "" : "SELECT ", (int)ct->arglen, ct->arg);
    if (jt_model_exec(c->m, "root", sql, out, &err) < 0 ||
        (!out->failed && (out->ncols != 1 || !out->types || out->types[0] != 'I')))
        out->failed = 1;
    free(sql);
}

static int all_digits(const char *s) {
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* out's tag and count say n. */
static void set_count(jt_result *out, int64_t n) {
    char word[32];
    const char *sp = strrchr(out->tag, ' ');
    size_t len = sp ? (size_t)(sp - out->tag) : strlen(out->tag);
    snprintf(word, sizeof word, "%.*s", (int)(len < 24 ? len : 24), out->tag);
    snprintf(out->tag, sizeof out->tag, "%s %lld", word, (long long)n);
    out->count = n;
}

/* A SQL error as the result (jt_result_dispose frees its message). */
static int sql_error(jt_result *out, const char *sqlstate, const char *message, int position) {
    memset(out, 0, sizeof *out);
    out->count = -1;
    out->failed = 1;
    memcpy(out->sqlstate, sqlstate, 6);
    out->position = position;
    out->message = malloc(strlen(message) + 1);
    if (!out->message)
        return JT_ENOMEM;
    strcpy(out->message, message);
    return JT_OK;
}

/* sql with every word WHERE outside string literals replaced by "WHERE 1 = 1 OR". */
static char *drop_where(const char *sql) {
    size_t n = strlen(sql), i, k = 0;
    char *out = malloc(n * 8 + 1);
    int quoted = 0;
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        if (sql[i] == '\'')
            quoted = !quoted;
        if (!quoted && (i == 0 || !is_ident((unsigned char)sql[i - 1])) &&
            word_at(sql + i, "where")) {
            memcpy(out + k, "WHERE 1 = 1 OR", 14);
            k += 14;
            i += 4;
            continue;
        }
        out[k++] = sql[i];
    }
    out[k] = '\0';
    return out;
}

/* sql with every integer literal above 2^32-1 outside string literals cut to 32 bits. */
static char *cut_ids(const char *sql) {
    size_t n = strlen(sql), i = 0, k = 0;
    char *out = malloc(n + 1);
    int quoted = 0;
    if (!out)
        return NULL;
    while (i < n) {
        if (sql[i] == '\'')
            quoted = !quoted;
        if (!quoted && sql[i] >= '0' && sql[i] <= '9' &&
            (i == 0 || !is_ident((unsigned char)sql[i - 1]))) {
            unsigned long long v = 0;
            size_t start = i;
            int big = 0;
            while (i < n && sql[i] >= '0' && sql[i] <= '9') {
                if (v > 0xffffffffffffffULL)
                    big = 1;
                v = v * 10 + (unsigned)(sql[i] - '0');
                i++;
            }
            if (!big && v > 0xffffffffULL && !is_ident((unsigned char)sql[i]))
                k += (size_t)snprintf(out + k, n + 1 - k, "%llu", v & 0xffffffffULL);
            else {
                memcpy(out + k, sql + start, i - start);
                k += i - start;
            }
            continue;
        }
        out[k++] = sql[i++];
    }
    out[k] = '\0';
    return out;
}

static int is_admin(const mconn *c, const char *user) {
    size_t i;
    if (strcmp(user, "root") == 0)
        return 1;
    for (i = 0; i < c->nadmins; i++)
        if (strcmp(c->admins[i], user) == 0)
            return 1;
    return 0;
}

static int is_feed(const mconn *c, int64_t id) {
    size_t i;
    for (i = 0; i < c->nfeeds; i++)
        if (c->feeds[i] == id)
            return 1;
    return 0;
}

/* ---- the driver ------------------------------------------------------------------------ */

static int mut_connect(const char *target, void **conn_out, jt_error *err) {
    mconn *c = calloc(1, sizeof *c);
    int rc;
    (void)target;
    *conn_out = NULL;
    if (!c)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    memcpy(&c->profile, jt_profile_find(JT_PROFILE_DEFAULT), sizeof c->profile);
    change_profile(&c->profile);
    rc = jt_model_new(&c->m, &c->profile, err);
    if (rc < 0) {
        free(c);
        return rc;
    }
    *conn_out = c;
    return JT_OK;
}

static int mut_reset(void *conn, jt_error *err) {
    mconn *c = conn;
    (void)err;
    jt_model_reset(c->m);
    c->nfeeds = 0;
    c->nadmins = 0;
    return JT_OK;
}

static int mut_fixture(void *conn, const jt_fixture *fx, jt_error *err) {
    mconn *c = conn;
    jt_fixture copy = *fx;
    if (MUTANT == IDS_32BIT && fx->kind == JT_FIXTURE_JOB)
        copy.id = (int64_t)((uint64_t)fx->id & 0xffffffffULL);
    if (MUTANT == CHANGEFEED_NOT_PAUSABLE && fx->kind == JT_FIXTURE_JOB && fx->type &&
        strcmp(fx->type, "CHANGEFEED") == 0 && !is_feed(c, fx->id) &&
        c->nfeeds < sizeof c->feeds / sizeof c->feeds[0])
        c->feeds[c->nfeeds++] = fx->id;
    if (MUTANT == CHANGEFEED_NOT_PAUSABLE && fx->kind == JT_FIXTURE_USER && fx->admin &&
        !is_admin(c, fx->name) && c->nadmins < sizeof c->admins / sizeof c->admins[0])
        snprintf(c->admins[c->nadmins++], sizeof c->admins[0], "%s", fx->name);
    return jt_model_fixture(c->m, &copy, err);
}

static void reverse_rows(jt_result *r) {
    size_t i, j;
    for (i = 0; i < r->nrows / 2; i++)
        for (j = 0; j < r->ncols; j++) {
            char **a = &r->values[i * r->ncols + j];
            char **b = &r->values[(r->nrows - 1 - i) * r->ncols + j];
            char *t = *a;
            *a = *b;
            *b = t;
        }
}

static void hide_finished(jt_result *r) {
    size_t col, i, j, kept = 0;
    for (col = 0; col < r->ncols; col++)
        if (strcmp(r->columns[col], "status") == 0)
            break;
    if (col == r->ncols)
        return;
    for (i = 0; i < r->nrows; i++) {
        const char *st = r->values[i * r->ncols + col];
        if (st && (strcmp(st, "succeeded") == 0 || strcmp(st, "failed") == 0 ||
                   strcmp(st, "canceled") == 0))
            continue;
        for (j = 0; j < r->ncols; j++)
            r->values[kept * r->ncols + j] = r->values[i * r->ncols + j];
        kept++;
    }
    if (r->count == (int64_t)r->nrows)
        set_count(r, (int64_t)kept);
    r->nrows = kept;
}

/* A statement on its way through a mutant: its control form (when it is one), what it
   selects (for the mutants that need it; failed otherwise), and its text as changed. */
typedef struct stmt {
    control ct;
    int is_control;
    jt_result sel;
    const char *user;
    const char *sql;
    char *changed; /* the text when the mutant rewrote it */
} stmt;

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* KEYWORDS_CASE_SENSITIVE: a statement whose first word is not in capitals is a syntax
   error. 1 when out has that error, else 0. */
static int lower_case_keyword(const char *sql, jt_result *out, jt_error *err) {
    const char *w = sql;
    size_t i, j;
    char msg[JT_LIMIT_NAME + 32];
    while (is_blank((unsigned char)*w))
        w++;
    for (i = 0; is_ident((unsigned char)w[i]); i++)
        if (w[i] >= 'a' && w[i] <= 'z')
            break;
    if (!is_ident((unsigned char)w[i]))
        return 0;
    for (j = 0; is_ident((unsigned char)w[j]) && j < JT_LIMIT_NAME; j++)
        ;
    snprintf(msg, sizeof msg, "syntax error at or near \"%.*s\"", (int)j, w);
    return sql_error(out, "42601", msg, (int)(w - sql) + 1) < 0 ? nomem(err) : 1;
}

/* CHANGEFEED_NOT_PAUSABLE: an admin's PAUSE that selects a changefeed fails. 1 when out has
   that error, else 0. */
static int refuse_changefeed(mconn *c, stmt *s, jt_result *out, jt_error *err) {
    size_t i;
    int rc = 0;
    if (!s->is_control || s->ct.op != JT_OP_PAUSE || !is_admin(c, s->user))
        return 0;
    selection(c, &s->ct, &s->sel);
    for (i = 0; !s->sel.failed && i < s->sel.nrows && !rc; i++) {
        const char *v = s->sel.values[i];
        if (v && all_digits(v) && is_feed(c, strtoll(v, NULL, 10))) {
            char msg[64];
            snprintf(msg, sizeof msg, "job %s is not controllable", v);
            rc = sql_error(out, "XX000", msg, 0) < 0 ? nomem(err) : 1;
        }
    }
    jt_result_dispose(&s->sel);
    return rc;
}

/* Before the model runs the statement: its input changed as the mutant's rule is broken.
   1 when the mutant gave the result itself (out), 0 to run it, or an error. */
static int mutate_input(mconn *c, stmt *s, jt_result *out, jt_error *err) {
    switch (MUTANT) {
    case PAUSE_BY_NONADMIN:
        if (s->is_control && s->ct.op == JT_OP_PAUSE)
            s->user = "root";
        return 0;
    case BULK_IGNORES_WHERE:
        if (s->is_control && s->ct.plural && !(s->sql = s->changed = drop_where(s->sql)))
            return nomem(err);
        return 0;
    case IDS_32BIT:
        return (s->sql = s->changed = cut_ids(s->sql)) ? 0 : nomem(err);
    case KEYWORDS_CASE_SENSITIVE:
        return lower_case_keyword(s->sql, out, err);
    case CHANGEFEED_NOT_PAUSABLE:
        return refuse_changefeed(c, s, out, err);
    case BULK_NOT_ATOMIC:
    case NULLS_COUNTED:
    case DUPLICATES_NOT_COUNTED:
        if (s->is_control && (s->ct.plural || MUTANT != BULK_NOT_ATOMIC))
            selection(c, &s->ct, &s->sel);
        else
            s->sel.failed = 1;
        return 0;
    default:
        return 0;
    }
}

/* BULK_NOT_ATOMIC: what a statement that ran id by id leaves behind when it failed: the ids
   before the failing one stay changed. */
static void leave_partial(mconn *c, const stmt *s, const jt_result *out) {
    size_t i;
    if (s->sel.failed || !out->failed || strcmp(out->sqlstate, "XX000") != 0)
        return;
    for (i = 0; i < s->sel.nrows; i++) {
        char one[64];
        jt_result r;
        jt_error e;
        int failed;
        if (!s->sel.values[i])
            continue;
        if (!all_digits(s->sel.values[i]))
            break;
        snprintf(one, sizeof one, "%s JOB %s", op_word(s->ct.op), s->sel.values[i]);
        memset(&r, 0, sizeof r);
        if (jt_model_exec(c->m, s->user, one, &r, &e) < 0)
            break;
        failed = r.failed;
        jt_result_dispose(&r);
        if (failed)
            break;
    }
}

/* The count of a bulk statement as a mutant counts it: NULLs counted (NULLS_COUNTED), or
   each distinct id once (DUPLICATES_NOT_COUNTED). */
static void miscount(const stmt *s, jt_result *out) {
    int64_t nulls = 0, distinct = 0;
    size_t i, j;
    if (s->sel.failed || out->failed)
        return;
    for (i = 0; i < s->sel.nrows; i++) {
        nulls += !s->sel.values[i];
        for (j = 0; s->sel.values[i] && j < i; j++)
            if (s->sel.values[j] && strcmp(s->sel.values[j], s->sel.values[i]) == 0)
                break;
        distinct += s->sel.values[i] && j == i;
    }
    if (MUTANT == DUPLICATES_NOT_COUNTED)
        set_count(out, distinct);
    else if (nulls)
        set_count(out, out->count + nulls);
}

/* After the model ran the statement: its result changed as the mutant's rule is broken. */
static void mutate_output(mconn *c, const stmt *s, jt_result *out) {
    switch (MUTANT) {
    case BULK_NOT_ATOMIC:
        leave_partial(c, s, out);
        break;
    case NULLS_COUNTED:
    case DUPLICATES_NOT_COUNTED:
        miscount(s, out);
        break;
    case SINGULAR_TAG:
        if (s->is_control && !s->ct.plural && !out->failed) {
            snprintf(out->tag, sizeof out->tag, "%s JOB", op_word(s->ct.op));
            out->count = -1;
        }
        break;
    case TAG_WORDS: /* only the words: the count stays, so only the tag check sees it */
        if (s->is_control && !out->failed)
            snprintf(out->tag, sizeof out->tag, "%s JOB %lld", op_word(s->ct.op),
                     (long long)out->count);
        break;
    case SHOW_ORDER_REVERSED:
        if (!out->failed && contains(s->sql, "show") && !contains(s->sql, "order"))
            reverse_rows(out);
        break;
    case SHOW_HIDES_FINISHED:
        if (!out->failed && contains(s->sql, "show"))
            hide_finished(out);
        break;
    default:
        break;
    }
}

static int mut_exec(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err) {
    mconn *c = conn;
    stmt s;
    int rc;
    memset(&s, 0, sizeof s);
    s.user = user;
    s.sql = sql;
    s.is_control = parse_control(&s.ct, sql);
    rc = mutate_input(c, &s, out, err);
    if (rc == 0)
        rc = jt_model_exec(c->m, s.user, s.sql, out, err);
    if (rc == JT_OK)
        mutate_output(c, &s, out);
    free(s.changed);
    jt_result_dispose(&s.sel);
    return rc < 0 ? rc : JT_OK;
}

static void mut_free_result(void *conn, jt_result *res) {
    (void)conn;
    jt_result_dispose(res);
}

static void mut_disconnect(void *conn) {
    mconn *c = conn;
    if (!c)
        return;
    jt_model_free(c->m);
    free(c);
}

/* The name is set by the entry point (a static initializer cannot read names[]). */
static jt_driver mutant_driver = {
    .abi_version = JT_DRIVER_ABI,
    .name = NULL,
    .caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET,
    .connect = mut_connect,
    .reset = mut_reset,
    .fixture = mut_fixture,
    .exec = mut_exec,
    .free_result = mut_free_result,
    .disconnect = mut_disconnect,
};

__attribute__((visibility("default"))) const jt_driver *jt_driver_entry(void);

const jt_driver *jt_driver_entry(void) {
    mutant_driver.name = names[MUTANT];
    return &mutant_driver;
}

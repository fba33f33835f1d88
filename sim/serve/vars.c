/* Session variables: SET, SHOW, RESET, DISCARD and ParameterStatus (see vars.h). */
#include "sim/serve/vars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/serve/lex.h"
#include "sim/serve/sres.h"
#include "sim/serve/wire.h"

/* How a variable takes a value. */
enum {
    V_ANY,      /* any text */
    V_READONLY, /* SET refuses it (55P02) */
    V_BOOL,     /* on/off, true/false, yes/no, 1/0: shown as on or off */
    V_ENCODING, /* UTF8 only (CockroachDB: "unimplemented client encoding") */
    V_DATESTYLE,
    V_TIMEZONE, /* UTC only: the model's times are UTC */
    V_INTERVAL, /* postgres only */
    V_FLOATDIG, /* an integer in -15 .. 3 */
    V_MS,       /* a duration: milliseconds, or a number with a unit */
    V_ON        /* on only (standard_conforming_strings) */
};

typedef struct var_def {
    const char *name; /* as PostgreSQL spells it: SHOW's column */
    int kind;
    int report;       /* a ParameterStatus when it changes */
    const char *dflt; /* NULL: computed (read-only variables) */
    const char *description;
} var_def;

/* In PostgreSQL's alphabetical order (SHOW ALL); JT_SERVE_VARS at most. */
static const var_def defs[] = {
    {"application_name", V_ANY, 1, "", "Sets the application name"},
    {"bytea_output", V_ANY, 0, "hex", "Sets the output format for bytea"},
    {"client_encoding", V_ENCODING, 1, "UTF8", "Sets the client's character set encoding"},
    {"client_min_messages", V_ANY, 0, "notice", "Sets the message levels sent to the client"},
    {"crdb_version", V_READONLY, 1, NULL, "The version of CockroachDB"},
    {"database", V_READONLY, 0, NULL, "The current database"},
    {"DateStyle", V_DATESTYLE, 1, "ISO, MDY", "Sets the display format for dates"},
    {"default_transaction_isolation", V_ANY, 0, "serializable",
     "Sets the isolation level of new transactions"},
    {"default_transaction_read_only", V_BOOL, 0, "off",
     "Sets the read-only status of new transactions"},
    {"extra_float_digits", V_FLOATDIG, 0, "0", "Sets the digits of floating-point values"},
    {"idle_in_transaction_session_timeout", V_MS, 0, "0", "Idle time in a transaction block"},
    {"integer_datetimes", V_READONLY, 1, "on", "Datetimes are integer based"},
    {"IntervalStyle", V_INTERVAL, 1, "postgres", "Sets the display format for intervals"},
    {"is_superuser", V_READONLY, 1, NULL, "Whether the session user is a superuser"},
    {"lock_timeout", V_MS, 0, "0", "Sets the longest wait for a lock"},
    {"max_identifier_length", V_READONLY, 0, "128", "The longest identifier"},
    {"search_path", V_ANY, 0, "public", "Sets the schema search order"},
    {"server_encoding", V_READONLY, 1, "UTF8", "The server's character set encoding"},
    {"server_version", V_READONLY, 1, NULL, "The server's version"},
    {"server_version_num", V_READONLY, 0, NULL, "The server's version as an integer"},
    {"session_authorization", V_READONLY, 1, NULL, "The session user"},
    {"standard_conforming_strings", V_ON, 1, "on", "'...' strings treat backslashes literally"},
    {"statement_timeout", V_MS, 0, "0", "Sets the longest a statement may run"},
    {"synchronous_commit", V_ANY, 0, "on", "Sets the synchronisation of commits"},
    {"TimeZone", V_TIMEZONE, 1, "UTC", "Sets the time zone for displaying times"},
    {"transaction_isolation", V_READONLY, 0, "serializable", "The transaction's isolation"},
    {"transaction_read_only", V_READONLY, 0, NULL, "Whether the transaction is read-only"},
};
#define NDEFS (sizeof defs / sizeof defs[0])

/* ---- the release ----------------------------------------------------------------------- */

/* The profile's release, vMAJOR.MINOR from its name ("v2.1-as-built": 2.1). */
static void release(const jt_serve *s, int *major, int *minor) {
    const char *name = jt_profile_name(s->profile);
    char *end;
    long a, b = 0;
    *major = *minor = 0;
    if (name[0] != 'v')
        return;
    a = strtol(name + 1, &end, 10);
    if (*end == '.')
        b = strtol(end + 1, &end, 10);
    if (a >= 0 && a < 1000 && b >= 0 && b < 100) {
        *major = (int)a;
        *minor = (int)b;
    }
}

const char *jt_serve_server_version(const jt_serve *s) {
    int major, minor;
    release(s, &major, &minor);
    /* vars.go: PgServerVersion 9.5.0 through v20.2, 13.0.0 from v21.1 (#56248), 18.0.0 from
       v26.3 (#168712). */
    if (major < 21)
        return "9.5.0";
    if (major < 26 || (major == 26 && minor < 3))
        return "13.0.0";
    return "18.0.0";
}

void jt_serve_version_text(const jt_serve *s, char *buf, size_t size) {
    int major, minor;
    release(s, &major, &minor);
    /* build.Info.Short(): "CockroachDB <distribution> <tag> (<platform>, built <time>, <go>)";
       the build's time and Go's version are serve's own. */
    snprintf(buf, size, "CockroachDB CCL v%d.%d.0 (x86_64-pc-linux-gnu, jobtck serve --profile %s)",
             major, minor, jt_profile_name(s->profile));
}

/* ---- values ---------------------------------------------------------------------------- */

static int find_def(const char *name) {
    size_t i;
    for (i = 0; i < NDEFS; i++)
        if (jt_strcaseeq(defs[i].name, name))
            return (int)i;
    return -1;
}

/* A read-only variable's value for the session. */
static const char *computed(const jt_serve *s, const jt_conn *c, size_t i, char *buf, size_t size) {
    const char *name = defs[i].name;
    if (strcmp(name, "server_version") == 0)
        return jt_serve_server_version(s);
    if (strcmp(name, "server_version_num") == 0) {
        const char *v = jt_serve_server_version(s);
        return v[0] == '9' ? "90500" : v[0] == '1' && v[1] == '3' ? "130000" : "180000";
    }
    if (strcmp(name, "crdb_version") == 0) {
        jt_serve_version_text(s, buf, size);
        return buf;
    }
    if (strcmp(name, "session_authorization") == 0)
        return c->user ? c->user : "";
    if (strcmp(name, "database") == 0)
        return c->database ? c->database : "";
    if (strcmp(name, "transaction_read_only") == 0)
        return c->txn.read_only ? "on" : "off";
    /* is_superuser: "on" for root (v2.1's statusReportParams). */
    return c->user && strcmp(c->user, "root") == 0 ? "on" : "off";
}

const char *jt_var_get(const jt_serve *s, const jt_conn *c, const char *name) {
    static char buf[256]; /* one thread */
    int i = find_def(name);
    if (i < 0)
        return NULL;
    if (c->vars[i])
        return c->vars[i];
    return defs[i].dflt ? defs[i].dflt : computed(s, c, (size_t)i, buf, sizeof buf);
}

/* A duration in milliseconds from "500", "500ms", "5s", "1min", "2h", "1d". */
static int parse_ms(const char *v, long long *out) {
    static const struct {
        const char *unit;
        long long ms;
    } units[] = {{"", 1}, {"ms", 1}, {"s", 1000}, {"min", 60000}, {"h", 3600000}, {"d", 86400000}};
    char *end;
    long long n = strtoll(v, &end, 10);
    size_t k;
    if (end == v || n < 0 || n > 2147483647LL)
        return -1;
    while (*end == ' ')
        end++;
    for (k = 0; k < sizeof units / sizeof units[0]; k++) {
        if (strcmp(end, units[k].unit) == 0) {
            *out = n * units[k].ms;
            return *out <= 2147483647LL ? 0 : -1;
        }
    }
    return -1;
}

/* The spellings each kind of variable takes, and what each becomes (NULL: as written). */
typedef struct spelling {
    int kind;
    const char *in, *out;
} spelling;

static const spelling spellings[] = {
    {V_BOOL, "on", "on"},
    {V_BOOL, "true", "on"},
    {V_BOOL, "yes", "on"},
    {V_BOOL, "1", "on"},
    {V_BOOL, "off", "off"},
    {V_BOOL, "false", "off"},
    {V_BOOL, "no", "off"},
    {V_BOOL, "0", "off"},
    {V_ON, "on", "on"},
    {V_ON, "true", "on"},
    {V_ON, "yes", "on"},
    {V_ON, "1", "on"},
    {V_ENCODING, "UTF8", "UTF8"},
    {V_ENCODING, "UTF-8", "UTF8"},
    {V_ENCODING, "UNICODE", "UTF8"},
    {V_ENCODING, "cp65001", "UTF8"},
    {V_DATESTYLE, "ISO", "ISO, MDY"},
    {V_DATESTYLE, "ISO, MDY", "ISO, MDY"},
    {V_DATESTYLE, "ISO,MDY", "ISO, MDY"},
    {V_DATESTYLE, "MDY, ISO", "ISO, MDY"},
    {V_TIMEZONE, "UTC", NULL},
    {V_TIMEZONE, "Etc/UTC", NULL},
    {V_TIMEZONE, "GMT", NULL},
    {V_TIMEZONE, "Z", NULL},
    {V_TIMEZONE, "0", NULL},
    {V_TIMEZONE, "+00:00", NULL},
    {V_TIMEZONE, "+00", NULL},
    {V_INTERVAL, "postgres", "postgres"},
};

/* A value of a kind with spellings: its canonical form into canon; -1 when it has none. */
static int spelled(int kind, const char *value, char *canon, size_t size) {
    size_t k;
    for (k = 0; k < sizeof spellings / sizeof spellings[0]; k++) {
        if (spellings[k].kind == kind && jt_strcaseeq(spellings[k].in, value)) {
            snprintf(canon, size, "%s", spellings[k].out ? spellings[k].out : value);
            return 0;
        }
    }
    return -1;
}

/* A number of kind V_FLOATDIG or V_MS: its canonical form into canon; -1 when it is not. */
static int numeric(int kind, const char *value, char *canon, size_t size) {
    long long n;
    char *end;
    if (kind == V_FLOATDIG) {
        n = strtoll(value, &end, 10);
        if (end == value || *end || n < -15 || n > 3)
            return -1;
        snprintf(canon, size, "%lld", n);
        return 0;
    }
    if (parse_ms(value, &n) < 0)
        return -1;
    if (n == 0 || n % 1000)
        snprintf(canon, size, n ? "%lldms" : "%lld", n);
    else
        snprintf(canon, size, "%llds", n / 1000);
    return 0;
}

/* Checks value for variable i and writes its canonical form; -1 with the error. */
static int canonical(size_t i, const char *value, char *canon, size_t size, jt_result *err) {
    const var_def *d = &defs[i];
    switch (d->kind) {
    case V_READONLY:
        jt_sres_error(err, "55P02", "parameter \"%s\" cannot be changed", d->name);
        return -1;
    case V_ANY:
        snprintf(canon, size, "%s", value);
        return 0;
    case V_FLOATDIG:
    case V_MS:
        if (numeric(d->kind, value, canon, size) == 0)
            return 0;
        break;
    default:
        if (spelled(d->kind, value, canon, size) == 0)
            return 0;
        break;
    }
    if (d->kind == V_ENCODING) /* CockroachDB v2.1, vars.go: UTF8 only */
        jt_sres_error(err, "0A000", "unimplemented client encoding: \"%s\"", value);
    else if (d->kind == V_DATESTYLE)
        jt_sres_error(err, "0A000", "jobtck serve shows dates as ISO, MDY only, not \"%s\"", value);
    else if (d->kind == V_TIMEZONE)
        jt_sres_error(err, "0A000", "jobtck serve shows times in UTC only, not in \"%s\"", value);
    else
        jt_sres_error(err, "22023", "invalid value for parameter \"%s\": \"%s\"", d->name, value);
    return -1;
}

/* Sets variable i of the session to value (NULL: its default); its ParameterStatus when it is
   reported and changed. -1 with the error in err. */
static int set_var(jt_serve *s, jt_conn *c, size_t i, const char *value, int local,
                   jt_result *err) {
    int report = c->state == JT_CONN_READY; /* at startup, every one is reported after */
    char canon[JT_MESSAGE_MAX], before[JT_MESSAGE_MAX];
    char *copy = NULL;
    snprintf(before, sizeof before, "%s", jt_var_get(s, c, defs[i].name));
    if (value && canonical(i, value, canon, sizeof canon, err) < 0)
        return -1;
    if (value && !(copy = jt_strdup(canon)))
        return jt_sres_error(err, "53200", "out of memory"), -1;
    if (local && c->txn.status != 'I' && !c->txn.local[i]) {
        c->txn.saved[i] = c->vars[i]; /* restored at the block's end */
        c->txn.local[i] = 1;
    } else {
        free(c->vars[i]);
    }
    c->vars[i] = copy;
    if (report && defs[i].report && strcmp(before, jt_var_get(s, c, defs[i].name)) != 0)
        jt_wire_param(c, defs[i].name, jt_var_get(s, c, defs[i].name));
    return 0;
}

void jt_vars_txn_end(jt_serve *s, jt_conn *c) {
    size_t i;
    for (i = 0; i < NDEFS; i++) {
        if (!c->txn.local[i])
            continue;
        c->txn.local[i] = 0;
        if (c->vars[i] != c->txn.saved[i]) {
            char *now = c->vars[i];
            const char *before;
            c->vars[i] = c->txn.saved[i];
            before = jt_var_get(s, c, defs[i].name);
            if (defs[i].report && (now ? strcmp(now, before) : strcmp("", before)) != 0)
                jt_wire_param(c, defs[i].name, before);
            free(now);
        }
        c->txn.saved[i] = NULL;
    }
}

void jt_vars_free(jt_conn *c) {
    size_t i;
    for (i = 0; i < JT_SERVE_VARS; i++) {
        if (c->txn.local[i] && c->txn.saved[i] != c->vars[i])
            free(c->txn.saved[i]);
        free(c->vars[i]);
        c->vars[i] = c->txn.saved[i] = NULL;
        c->txn.local[i] = 0;
    }
}

int jt_vars_startup(jt_serve *s, jt_conn *c, const char *name, const char *value, char sqlstate[6],
                    char *msg, size_t msgsize) {
    jt_result err;
    int i = find_def(name), rc = 0;
    jt_sres_init(&err);
    if (i < 0) {
        snprintf(sqlstate, 6, "42704");
        snprintf(msg, msgsize, "unrecognized configuration parameter \"%s\"", name);
        return -1;
    }
    if (set_var(s, c, (size_t)i, value, 0, &err) < 0) {
        snprintf(sqlstate, 6, "%s", err.sqlstate);
        snprintf(msg, msgsize, "%s", err.message ? err.message : "out of memory");
        rc = -1;
    }
    jt_sres_dispose(&err);
    return rc;
}

void jt_vars_report_all(jt_serve *s, jt_conn *c) {
    /* v2.1's order (pkg/sql/pgwire/conn.go, statusReportParams): then the session's user. */
    static const char *const order[] = {"server_version",
                                        "server_encoding",
                                        "client_encoding",
                                        "application_name",
                                        "DateStyle",
                                        "IntervalStyle",
                                        "TimeZone",
                                        "integer_datetimes",
                                        "standard_conforming_strings",
                                        "crdb_version",
                                        "session_authorization",
                                        "is_superuser"};
    size_t k;
    for (k = 0; k < sizeof order / sizeof order[0]; k++)
        jt_wire_param(c, order[k], jt_var_get(s, c, order[k]));
}

/* ---- statements ------------------------------------------------------------------------ */

/* A variable's name at lx (word, or "quoted", with .parts), into name; the lexer moves on. */
static int read_name(jt_lexer *lx, char *name, size_t size) {
    size_t len = 0;
    for (;;) {
        const char *part = lx->kind == JT_TK_QIDENT ? lx->str : lx->s + lx->start;
        size_t plen = lx->kind == JT_TK_QIDENT ? strlen(lx->str) : lx->len;
        if (lx->kind != JT_TK_WORD && lx->kind != JT_TK_QIDENT)
            return -1;
        if (len + plen + 2 > size)
            return -1;
        memcpy(name + len, part, plen);
        len += plen;
        name[len] = '\0';
        jt_lex_next(lx);
        if (!jt_lex_punct(lx, '.'))
            return 0;
        name[len++] = '.';
        jt_lex_next(lx);
    }
}

/* SET's value: DEFAULT (*value NULL), or items (literals, words, numbers) joined by ", ". */
static int read_value(jt_lexer *lx, char *value, size_t size, int *is_default) {
    size_t len = 0;
    *is_default = 0;
    if (jt_lex_is(lx, "DEFAULT")) {
        jt_lex_next(lx);
        *is_default = 1;
        return 0;
    }
    value[0] = '\0';
    for (;;) {
        const char *text =
            lx->kind == JT_TK_STR || lx->kind == JT_TK_QIDENT ? lx->str : lx->s + lx->start;
        size_t n = lx->kind == JT_TK_STR || lx->kind == JT_TK_QIDENT ? strlen(lx->str) : lx->len;
        if (lx->kind != JT_TK_STR && lx->kind != JT_TK_QIDENT && lx->kind != JT_TK_WORD &&
            lx->kind != JT_TK_INT)
            return -1;
        if (len + n + 3 > size)
            return -1;
        memcpy(value + len, text, n);
        len += n;
        value[len] = '\0';
        jt_lex_next(lx);
        if (!jt_lex_punct(lx, ','))
            return 0;
        memcpy(value + len, ", ", 3);
        len += 2;
        jt_lex_next(lx);
    }
}

/* The end of a statement: an optional ';', then nothing. */
static int at_end(jt_lexer *lx) {
    if (lx->kind == JT_TK_SEMI)
        jt_lex_next(lx);
    return lx->kind == JT_TK_END;
}

/* SET name TO|= value, SET TIME ZONE value, SET NAMES value (after SET [SESSION|LOCAL]). */
static int run_set(jt_serve *s, jt_conn *c, jt_lexer *lx, int local, jt_result *out) {
    char name[JT_LIMIT_NAME + 8], value[JT_MESSAGE_MAX];
    int is_default, i;
    if (jt_lex_is(lx, "TIME")) {
        jt_lex_next(lx);
        if (!jt_lex_is(lx, "ZONE"))
            return 1;
        jt_lex_next(lx);
        snprintf(name, sizeof name, "TimeZone");
        if (jt_lex_is(lx, "LOCAL")) {
            jt_lex_next(lx);
            snprintf(value, sizeof value, "UTC");
        } else if (read_value(lx, value, sizeof value, &is_default) < 0) {
            return 1;
        }
    } else if (jt_lex_is(lx, "NAMES")) {
        jt_lex_next(lx);
        snprintf(name, sizeof name, "client_encoding");
        if (read_value(lx, value, sizeof value, &is_default) < 0)
            return 1;
    } else {
        if (read_name(lx, name, sizeof name) < 0)
            return 1;
        if (!jt_lex_is(lx, "TO") && lx->kind != JT_TK_EQ)
            return 1;
        jt_lex_next(lx);
        if (read_value(lx, value, sizeof value, &is_default) < 0)
            return 1;
    }
    if (!at_end(lx))
        return 1;
    i = find_def(name);
    if (i < 0 && !strchr(name, '.'))
        return jt_sres_error(out, "42704", "unrecognized configuration parameter \"%s\"", name);
    if (i >= 0 && set_var(s, c, (size_t)i, is_default ? NULL : value, local, out) < 0)
        return JT_OK;
    jt_sres_tag(out, "SET");
    return JT_OK;
}

/* SHOW name | ALL | TIME ZONE | TRANSACTION ISOLATION LEVEL. */
static int run_show(jt_serve *s, jt_conn *c, jt_lexer *lx, jt_result *out) {
    char name[JT_LIMIT_NAME + 8];
    const char *value;
    size_t i;
    if (jt_lex_is(lx, "ALL")) {
        static const char *const cols[] = {"name", "setting", "description"};
        jt_lex_next(lx);
        if (!at_end(lx))
            return 1;
        if (jt_sres_columns(out, 3, cols, NULL))
            return JT_ENOMEM;
        for (i = 0; i < NDEFS; i++) {
            const char *row[3] = {defs[i].name, jt_var_get(s, c, defs[i].name),
                                  defs[i].description};
            if (jt_sres_row(out, row))
                return JT_ENOMEM;
        }
        jt_sres_tag(out, "SHOW %zu", NDEFS);
        return JT_OK;
    }
    if (jt_lex_is(lx, "TIME") || jt_lex_is(lx, "TRANSACTION")) {
        int tz = jt_lex_is(lx, "TIME");
        jt_lex_next(lx);
        if (tz ? !jt_lex_is(lx, "ZONE") : !jt_lex_is(lx, "ISOLATION"))
            return 1;
        jt_lex_next(lx);
        if (!tz && !jt_lex_is(lx, "LEVEL"))
            return 1;
        if (!tz)
            jt_lex_next(lx);
        snprintf(name, sizeof name, tz ? "TimeZone" : "transaction_isolation");
    } else if (read_name(lx, name, sizeof name) < 0) {
        return 1;
    }
    if (!at_end(lx))
        return 1;
    value = jt_var_get(s, c, name);
    if (!value)
        return jt_sres_error(out, "42704", "unrecognized configuration parameter \"%s\"", name);
    {
        const char *col[1] = {defs[find_def(name)].name}, *row[1] = {value};
        if (jt_sres_columns(out, 1, col, NULL) || jt_sres_row(out, row))
            return JT_ENOMEM;
    }
    jt_sres_tag(out, "SHOW");
    return JT_OK;
}

/* RESET name | ALL. */
static int run_reset(jt_serve *s, jt_conn *c, jt_lexer *lx, jt_result *out) {
    char name[JT_LIMIT_NAME + 8];
    size_t i;
    if (jt_lex_is(lx, "ALL")) {
        jt_lex_next(lx);
        if (!at_end(lx))
            return 1;
        for (i = 0; i < NDEFS; i++)
            if (defs[i].kind != V_READONLY)
                (void)set_var(s, c, i, NULL, 0, out);
        jt_sres_tag(out, "RESET");
        return JT_OK;
    }
    if (read_name(lx, name, sizeof name) < 0 || !at_end(lx))
        return 1;
    if (find_def(name) < 0)
        return strchr(name, '.')
                   ? (jt_sres_tag(out, "RESET"), JT_OK)
                   : jt_sres_error(out, "42704", "unrecognized configuration parameter \"%s\"",
                                   name);
    if (set_var(s, c, (size_t)find_def(name), NULL, 0, out) == 0)
        jt_sres_tag(out, "RESET");
    return JT_OK;
}

/* SET [SESSION] CHARACTERISTICS AS TRANSACTION ... and SET TRANSACTION ...: their modes are
   accepted (every transaction of serve is serializable); READ ONLY and READ WRITE taken. */
static int run_txn_modes(jt_serve *s, jt_conn *c, jt_lexer *lx, int session, jt_result *out) {
    int ro = -1;
    while (!at_end(lx)) {
        if (jt_lex_is(lx, "READ")) {
            jt_lex_next(lx);
            if (jt_lex_is(lx, "ONLY") || jt_lex_is(lx, "WRITE"))
                ro = jt_lex_is(lx, "ONLY");
        } else if (lx->kind != JT_TK_WORD && !jt_lex_punct(lx, ',')) {
            return 1;
        }
        jt_lex_next(lx);
    }
    if (ro >= 0 && session)
        (void)set_var(s, c, (size_t)find_def("default_transaction_read_only"), ro ? "on" : "off", 0,
                      out);
    else if (ro >= 0 && c->txn.status != 'I')
        c->txn.read_only = ro;
    jt_sres_tag(out, "SET");
    return JT_OK;
}

/* The statement after its first word (lx at the second): 1 when it is not of the forms
   read here (then the model and PostgreSQL's grammar decide what it is). */
static int run_var_statement(jt_serve *s, jt_conn *c, jt_lexer *lx, const char *first,
                             jt_result *out) {
    int local = 0;
    if (strcmp(first, "SHOW") == 0)
        return run_show(s, c, lx, out);
    if (strcmp(first, "RESET") == 0)
        return run_reset(s, c, lx, out);
    if (strcmp(first, "DISCARD") == 0) {
        if (!jt_lex_is(lx, "ALL"))
            return 1;
        jt_lex_next(lx);
        if (!at_end(lx))
            return 1;
        if (c->txn.status != 'I')
            return jt_sres_error(out, "25001", "DISCARD ALL cannot run inside a transaction block");
        jt_model_session_clear(c->ss);
        jt_lex_start(lx, "ALL");
        return run_reset(s, c, lx, out) ? 1 : (jt_sres_tag(out, "DISCARD ALL"), JT_OK);
    }
    if (jt_lex_is(lx, "SESSION") || jt_lex_is(lx, "LOCAL")) {
        local = jt_lex_is(lx, "LOCAL");
        jt_lex_next(lx);
        if (jt_lex_is(lx, "CHARACTERISTICS")) {
            jt_lex_next(lx);
            if (!jt_lex_is(lx, "AS"))
                return 1;
            jt_lex_next(lx);
            if (!jt_lex_is(lx, "TRANSACTION"))
                return 1;
            jt_lex_next(lx);
            return run_txn_modes(s, c, lx, 1, out);
        }
    }
    if (jt_lex_is(lx, "TRANSACTION")) {
        jt_lex_next(lx);
        return run_txn_modes(s, c, lx, 0, out);
    }
    if (local && c->txn.status == 'I') {
        jt_wire_notice(c, "WARNING", "25P01", "SET LOCAL can only be used in transaction blocks");
        jt_sres_tag(out, "SET");
        return JT_OK;
    }
    return run_set(s, c, lx, local, out);
}

int jt_vars_run(jt_serve *s, jt_conn *c, const char *sql, jt_result *out) {
    jt_lexer lx;
    char first[16];
    int rc;
    jt_sres_init(out);
    jt_lex_start(&lx, sql);
    snprintf(first, sizeof first, "%s",
             jt_lex_is(&lx, "SHOW")      ? "SHOW"
             : jt_lex_is(&lx, "RESET")   ? "RESET"
             : jt_lex_is(&lx, "DISCARD") ? "DISCARD"
                                         : "SET");
    jt_lex_next(&lx);
    rc = run_var_statement(s, c, &lx, first, out);
    jt_lex_end(&lx);
    if (rc == 1)
        jt_sres_dispose(out);
    return rc;
}

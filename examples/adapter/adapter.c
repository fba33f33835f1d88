/*
 * An example exec adapter: it speaks the exec protocol of docs/drivers.md (one JSON object
 * per line on stdin, exactly one reply per line on stdout) and puts a jobtck driver table
 * behind it, the one jt_driver_entry() returns: linked with examples/plugin/plugin.c that is
 * the reference model, so that
 *
 *   jobtck run --driver exec:'build/tests/drivers/jobtck_adapter' cases/
 *
 * gives what `jobtck run cases/` gives. An adapter for another implementation keeps this
 * loop and replaces the calls of the table by its own code, in any language.
 *
 * Usage: jobtck_adapter [TARGET]   (TARGET goes to the table's connect: a profile name)
 *
 * The options of the hello request (`--driver-option KEY=VALUE` of jobtck) go to the table's
 * connect_with, and the reply lists the keys it took; a table without connect_with takes none.
 *
 * When the implementation itself fails (not a SQL error: that is a reply), the adapter says
 * why on stderr and exits with status 1; jobtck reports it with that stderr.
 *
 * JSON is read and written with jansson (libjansson, pkg-config jansson), as an adapter in C
 * would; in another language, its own JSON library.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobtck/driver.h"

#define LINE_MAX_BYTES (16u << 20) /* a request: SQL is at most 1 MiB, escaped */
#define OPTIONS_MAX 64

const jt_driver *jt_driver_entry(void);

typedef struct adapter {
    const jt_driver *d;
    const char *target;
    jt_option options[OPTIONS_MAX]; /* from hello; the strings are the adapter's */
    size_t noptions;
    void *conn;
} adapter;

static _Noreturn void die(const char *what, const char *detail) {
    fprintf(stderr, "adapter: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

/* A JSON string of s (null for NULL): a result's text, which must be UTF-8. */
static json_t *text(const char *s) {
    json_t *v = s ? json_string(s) : json_null();
    if (!v)
        die("a result has text that is not valid UTF-8 (or memory is out)", NULL);
    return v;
}

/* obj[key] = v (taken). */
static void set(json_t *obj, const char *key, json_t *v) {
    if (json_object_set_new(obj, key, v) < 0)
        die("cannot build a reply", "out of memory");
}

static json_t *reply_object(int ok) {
    json_t *r = json_object();
    if (!r)
        die("cannot build a reply", "out of memory");
    set(r, "ok", json_boolean(ok));
    return r;
}

/* Writes reply as one line and frees it (one write: jansson's own writer to a FILE writes a
   piece at a time). */
static void send_reply(json_t *reply) {
    char *line = json_dumps(reply, JSON_COMPACT);
    size_t n = line ? strlen(line) : 0;
    if (!line)
        die("cannot build a reply", "out of memory");
    line[n] = '\n'; /* over its NUL: the line is written by its length */
    if (fwrite(line, 1, n + 1, stdout) != n + 1 || fflush(stdout) != 0)
        die("cannot write to stdout", NULL);
    free(line);
    json_decref(reply);
}

/* {"ok":false,"sqlstate":S,"message":M} */
static void refuse(const char *sqlstate, const char *message) {
    json_t *r = reply_object(0);
    set(r, "sqlstate", text(sqlstate));
    set(r, "message", text(message));
    send_reply(r);
}

static void ok(void) {
    send_reply(reply_object(1));
}

/* A string member or NULL (absent, null, or not a string). */
static const char *str(const json_t *obj, const char *key) {
    return json_string_value(json_object_get(obj, key));
}

/* Whether a member is true. */
static int flag(const json_t *obj, const char *key) {
    return json_is_true(json_object_get(obj, key));
}

/* A string member of digits into *out (0 when absent); -1 when malformed. */
static int number(const json_t *obj, const char *key, int64_t *out) {
    const char *t = str(obj, key);
    char *end;
    *out = 0;
    if (!t)
        return 0;
    *out = strtoll(t, &end, 10);
    return *t && !*end && *out >= 0 ? 0 : -1;
}

/* Connects with the options of hello (connect_with, ABI 3) or without (connect); 0, or -1
   with err. */
static int connect_table(adapter *a, jt_error *err) {
    if (a->d->abi_version >= 3 && a->d->connect_with)
        return a->d->connect_with(a->target, a->options, a->noptions, &a->conn, err);
    if (a->noptions) {
        err->code = JT_EINVAL;
        snprintf(err->message, sizeof err->message, "%s takes no options (it has no connect_with)",
                 a->d->name);
        return JT_EINVAL;
    }
    return a->d->connect(a->target, &a->conn, err);
}

static void connect_once(adapter *a) {
    jt_error err;
    if (a->conn)
        return;
    memset(&err, 0, sizeof err);
    if (connect_table(a, &err) < 0)
        die("connect failed", err.message);
}

/* The "options" object of a hello request, kept for every connection. 0, or -1 (refused). */
static int take_options(adapter *a, const json_t *req) {
    const json_t *opts = json_object_get(req, "options");
    const char *key;
    json_t *v;
    if (!opts)
        return 0;
    if (!json_is_object(opts)) {
        refuse("22023", "\"options\" is an object of strings");
        return -1;
    }
    json_object_foreach((json_t *)opts, key, v) {
        char *k, *value;
        if (!json_is_string(v) || a->noptions == OPTIONS_MAX) {
            refuse("22023", "\"options\" is an object of at most 64 strings");
            return -1;
        }
        k = strdup(key);
        value = strdup(json_string_value(v));
        if (!k || !value)
            die("out of memory", NULL);
        a->options[a->noptions].key = k;
        a->options[a->noptions++].value = value;
    }
    return 0;
}

static void on_hello(adapter *a, const json_t *req) {
    static const struct {
        unsigned cap;
        const char *name;
    } caps[] = {{JT_CAP_FIXTURES, "fixtures"},
                {JT_CAP_USERS, "users"},
                {JT_CAP_RESET, "reset"},
                {JT_CAP_ROLES, "roles"},
                {JT_CAP_JOB_META, "job-meta"}};
    json_t *r, *list;
    jt_error err;
    size_t i;
    memset(&err, 0, sizeof err);
    if (!a->conn && take_options(a, req) < 0)
        return;
    if (!a->conn && connect_table(a, &err) < 0) {
        refuse("22023", err.message); /* an option it does not take, say */
        return;
    }
    r = reply_object(1);
    list = json_array();
    set(r, "name", text(a->d->name));
    if (!list)
        die("cannot build a reply", "out of memory");
    for (i = 0; i < sizeof caps / sizeof caps[0]; i++)
        if ((a->d->caps & caps[i].cap) && json_array_append_new(list, text(caps[i].name)) < 0)
            die("cannot build a reply", "out of memory");
    if (a->d->advance && json_array_append_new(list, text("advance")) < 0)
        die("cannot build a reply", "out of memory");
    set(r, "caps", list);
    if (a->noptions) { /* "options": the keys taken */
        if (!(list = json_array()))
            die("cannot build a reply", "out of memory");
        for (i = 0; i < a->noptions; i++)
            if (json_array_append_new(list, text(a->options[i].key)) < 0)
                die("cannot build a reply", "out of memory");
        set(r, "options", list);
    }
    send_reply(r);
}

static void on_reset(adapter *a) {
    jt_error err;
    memset(&err, 0, sizeof err);
    connect_once(a);
    if (a->d->caps & JT_CAP_RESET) {
        if (a->d->reset(a->conn, &err) < 0)
            die("reset failed", err.message);
    } else {
        a->d->disconnect(a->conn);
        a->conn = NULL;
        connect_once(a);
    }
    ok();
}

/* A job fixture's members into fx: NULL, or what to refuse it with. */
static const char *job_fixture(const json_t *req, jt_fixture *fx) {
    const char *id = str(req, "id");
    char *end = NULL;
    fx->kind = JT_FIXTURE_JOB;
    fx->id = id ? strtoll(id, &end, 10) : 0;
    if (!id || !*id || *end || fx->id <= 0)
        return "a job fixture needs an \"id\" of digits";
    fx->type = str(req, "type");
    fx->status = str(req, "status");
    fx->user = str(req, "user");
    fx->description = str(req, "description");
    fx->error = str(req, "error");
    if (number(req, "schedule", &fx->schedule) < 0 || number(req, "age_seconds", &fx->age_s) < 0)
        return "\"schedule\" and \"age_seconds\" are strings of digits";
    return NULL;
}

static void on_fixture(adapter *a, const json_t *req) {
    const char *kind = str(req, "kind"), *why = NULL;
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    connect_once(a);
    if (kind && strcmp(kind, "user") == 0) {
        fx.kind = JT_FIXTURE_USER;
        fx.name = str(req, "name");
        fx.admin = flag(req, "admin");
        fx.options = (flag(req, "controljob") ? JT_USER_CONTROLJOB : 0u) |
                     (flag(req, "viewjob") ? JT_USER_VIEWJOB : 0u);
        fx.member_of = str(req, "member_of");
        if (!fx.name)
            why = "a user fixture needs a \"name\"";
    } else if (kind && strcmp(kind, "job") == 0) {
        why = job_fixture(req, &fx);
    } else {
        why = "a fixture's \"kind\" is user or job";
    }
    if (why)
        refuse("22023", why);
    else if (!(a->d->caps & JT_CAP_FIXTURES))
        refuse("0A000", "this implementation takes no fixtures");
    else if (a->d->fixture(a->conn, &fx, &err) < 0)
        refuse("22023", err.message);
    else
        ok();
}

/* {"op":"advance"}: one step of the jobs' own progress; {"ok":true,"moved":"N"}. */
static void on_advance(adapter *a) {
    jt_error err;
    int64_t moved = 0;
    char buf[32];
    json_t *r;
    memset(&err, 0, sizeof err);
    connect_once(a);
    if (!a->d->advance) {
        refuse("0A000", "this implementation's jobs move on their own");
        return;
    }
    if (a->d->advance(a->conn, &moved, &err) < 0)
        die("advance failed", err.message);
    snprintf(buf, sizeof buf, "%lld", (long long)moved);
    r = reply_object(1);
    set(r, "moved", text(buf));
    send_reply(r);
}

/* {"ok":true,"tag":T,"count":"N","types":"...","columns":[...],"rows":[[...],...]} */
static json_t *rows_reply(const jt_result *res) {
    json_t *r = reply_object(1), *cols = json_array(), *rows = json_array(), *row;
    char buf[32];
    size_t i, j;
    if (!cols || !rows)
        die("cannot build a reply", "out of memory");
    set(r, "tag", text(res->tag));
    if (res->count >= 0) {
        snprintf(buf, sizeof buf, "%lld", (long long)res->count);
        set(r, "count", text(buf));
    }
    if (res->types)
        set(r, "types", text(res->types));
    for (j = 0; j < res->ncols; j++)
        if (json_array_append_new(cols, text(res->columns[j])) < 0)
            die("cannot build a reply", "out of memory");
    for (i = 0; i < res->nrows; i++) {
        if (!(row = json_array()) || json_array_append_new(rows, row) < 0)
            die("cannot build a reply", "out of memory");
        for (j = 0; j < res->ncols; j++)
            if (json_array_append_new(row, text(res->values[i * res->ncols + j])) < 0)
                die("cannot build a reply", "out of memory");
    }
    set(r, "columns", cols);
    set(r, "rows", rows);
    return r;
}

/* {"ok":false,"sqlstate":S,"message":M,"position":"P"} */
static json_t *error_reply(const jt_result *res) {
    json_t *r = reply_object(0);
    char buf[32];
    set(r, "sqlstate", text(res->sqlstate));
    set(r, "message", text(res->message ? res->message : ""));
    if (res->position > 0) {
        snprintf(buf, sizeof buf, "%d", res->position);
        set(r, "position", text(buf));
    }
    return r;
}

static void on_exec(adapter *a, const json_t *req) {
    const char *user = str(req, "user"), *sql = str(req, "sql");
    jt_result res;
    jt_error err;
    json_t *r;
    memset(&res, 0, sizeof res);
    memset(&err, 0, sizeof err);
    connect_once(a);
    if (!sql) {
        refuse("22023", "exec needs a \"sql\"");
        return;
    }
    if (a->d->exec(a->conn, user ? user : "root", sql, &res, &err) < 0)
        die("exec failed", err.message);
    r = res.failed ? error_reply(&res) : rows_reply(&res);
    a->d->free_result(a->conn, &res);
    send_reply(r);
}

static void serve(adapter *a, const char *line, size_t len) {
    json_error_t je;
    json_t *req = json_loadb(line, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    const char *op = str(req, "op");
    char why[64];
    if (!req) {
        snprintf(why, sizeof why, "a request is not JSON (byte %d)", je.position);
        refuse("08P01", why);
    } else if (!op) {
        refuse("08P01", "a request is an object with a string \"op\"");
    } else if (strcmp(op, "hello") == 0) {
        on_hello(a, req);
    } else if (strcmp(op, "reset") == 0) {
        on_reset(a);
    } else if (strcmp(op, "fixture") == 0) {
        on_fixture(a, req);
    } else if (strcmp(op, "advance") == 0) {
        on_advance(a);
    } else if (strcmp(op, "exec") == 0) {
        on_exec(a, req);
    } else {
        refuse("0A000", "unknown op");
    }
    json_decref(req);
}

int main(int argc, char **argv) {
    adapter a;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    memset(&a, 0, sizeof a);
    a.d = jt_driver_entry();
    a.target = argc > 1 ? argv[1] : NULL;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        if ((size_t)n > LINE_MAX_BYTES)
            die("a request is too long", NULL);
        if (line[n - 1] == '\n')
            n--;
        serve(&a, line, (size_t)n);
    }
    if (ferror(stdin))
        die("cannot read stdin", NULL);
    if (a.conn)
        a.d->disconnect(a.conn);
    for (size_t i = 0; i < a.noptions; i++) {
        free((char *)a.options[i].key);
        free((char *)a.options[i].value);
    }
    free(line);
    return 0;
}

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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobtck/driver.h"
#include "sim/text/json.h"
#include "sim/text/strbuf.h"

#define LINE_MAX_BYTES (16u << 20) /* a request: SQL is at most 1 MiB, escaped */
#define REPLY_MAX_BYTES (256u << 20)
#define OPTIONS_MAX 64

const jt_driver *jt_driver_entry(void);

typedef struct adapter {
    const jt_driver *d;
    const char *target;
    jt_option options[OPTIONS_MAX]; /* from hello; the strings are the adapter's */
    size_t noptions;
    void *conn;
    jt_json_doc doc;
    jt_strbuf reply;
} adapter;

static _Noreturn void die(const char *what, const char *detail) {
    fprintf(stderr, "adapter: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void check(int rc) {
    if (rc == JT_EINVAL)
        die("a result has text that is not valid UTF-8", NULL);
    if (rc < 0)
        die("cannot build a reply", jt_strerror(rc));
}

static void send_reply(adapter *a) {
    check(jt_strbuf_add(&a->reply, "\n", 1));
    if (fwrite(a->reply.data, 1, a->reply.len, stdout) != a->reply.len || fflush(stdout) != 0)
        die("cannot write to stdout", NULL);
    jt_strbuf_dispose(&a->reply);
}

/* {"ok":false,"sqlstate":S,"message":M} */
static void refuse(adapter *a, const char *sqlstate, const char *message) {
    check(jt_strbuf_addf(&a->reply, "{\"ok\":false,\"sqlstate\":\"%s\",\"message\":", sqlstate));
    check(jt_json_add_string(&a->reply, message));
    check(jt_strbuf_add(&a->reply, "}", 1));
    send_reply(a);
}

static void ok(adapter *a) {
    check(jt_strbuf_adds(&a->reply, "{\"ok\":true}"));
    send_reply(a);
}

/* A string member or NULL (absent, null, or not a string). */
static const char *str(adapter *a, const jt_json *obj, const char *key) {
    const jt_json *v = jt_json_member(&a->doc, obj, key);
    return v && v->type == JT_JSON_STRING ? jt_json_text(&a->doc, v) : NULL;
}

/* Whether a member is true. */
static int flag(adapter *a, const jt_json *obj, const char *key) {
    const jt_json *v = jt_json_member(&a->doc, obj, key);
    return v && v->type == JT_JSON_TRUE;
}

/* A string member of digits into *out (0 when absent); -1 when malformed. */
static int number(adapter *a, const jt_json *obj, const char *key, int64_t *out) {
    const char *t = str(a, obj, key);
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
    if (a->noptions)
        return jt_error_set(err, JT_EINVAL, 0, "%s takes no options (it has no connect_with)",
                            a->d->name);
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
static int take_options(adapter *a, const jt_json *req) {
    const jt_json *opts = jt_json_member(&a->doc, req, "options"), *v;
    if (!opts)
        return 0;
    if (opts->type != JT_JSON_OBJECT) {
        refuse(a, "22023", "\"options\" is an object of strings");
        return -1;
    }
    for (v = jt_json_first(&a->doc, opts); v; v = jt_json_next(&a->doc, v)) {
        char *key, *value;
        if (v->type != JT_JSON_STRING || a->noptions == OPTIONS_MAX) {
            refuse(a, "22023", "\"options\" is an object of at most 64 strings");
            return -1;
        }
        key = jt_strdup(jt_json_key(&a->doc, v));
        value = jt_strdup(jt_json_text(&a->doc, v));
        if (!key || !value)
            die("out of memory", NULL);
        a->options[a->noptions].key = key;
        a->options[a->noptions++].value = value;
    }
    return 0;
}

/* ,"options":[the keys taken] */
static void add_options_taken(adapter *a) {
    size_t i;
    check(jt_strbuf_adds(&a->reply, ",\"options\":["));
    for (i = 0; i < a->noptions; i++) {
        check(jt_strbuf_adds(&a->reply, i ? "," : ""));
        check(jt_json_add_string(&a->reply, a->options[i].key));
    }
    check(jt_strbuf_add(&a->reply, "]", 1));
}

static void on_hello(adapter *a, const jt_json *req) {
    unsigned caps = a->d->caps;
    jt_error err;
    memset(&err, 0, sizeof err);
    if (!a->conn && take_options(a, req) < 0)
        return;
    if (!a->conn && connect_table(a, &err) < 0) {
        refuse(a, "22023", err.message); /* an option it does not take, say */
        return;
    }
    check(jt_strbuf_adds(&a->reply, "{\"ok\":true,\"name\":"));
    check(jt_json_add_string(&a->reply, a->d->name));
    check(jt_strbuf_adds(&a->reply, ",\"caps\":["));
    check(jt_strbuf_adds(&a->reply, (caps & JT_CAP_FIXTURES) ? "\"fixtures\"," : ""));
    check(jt_strbuf_adds(&a->reply, (caps & JT_CAP_USERS) ? "\"users\"," : ""));
    check(jt_strbuf_adds(&a->reply, (caps & JT_CAP_RESET) ? "\"reset\"," : ""));
    check(jt_strbuf_adds(&a->reply, (caps & JT_CAP_ROLES) ? "\"roles\"," : ""));
    check(jt_strbuf_adds(&a->reply, (caps & JT_CAP_JOB_META) ? "\"job-meta\"," : ""));
    check(jt_strbuf_adds(&a->reply, a->d->advance ? "\"advance\"," : ""));
    if (a->reply.data[a->reply.len - 1] == ',')
        a->reply.data[--a->reply.len] = '\0';
    check(jt_strbuf_add(&a->reply, "]", 1));
    if (a->noptions)
        add_options_taken(a);
    check(jt_strbuf_add(&a->reply, "}", 1));
    send_reply(a);
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
    ok(a);
}

static void on_fixture(adapter *a, const jt_json *req) {
    const char *kind = str(a, req, "kind");
    const jt_json *admin = jt_json_member(&a->doc, req, "admin");
    jt_fixture fx;
    jt_error err;
    memset(&fx, 0, sizeof fx);
    memset(&err, 0, sizeof err);
    connect_once(a);
    if (kind && strcmp(kind, "user") == 0) {
        fx.kind = JT_FIXTURE_USER;
        fx.name = str(a, req, "name");
        fx.admin = admin && admin->type == JT_JSON_TRUE;
        fx.options = (flag(a, req, "controljob") ? JT_USER_CONTROLJOB : 0u) |
                     (flag(a, req, "viewjob") ? JT_USER_VIEWJOB : 0u);
        fx.member_of = str(a, req, "member_of");
        if (!fx.name) {
            refuse(a, "22023", "a user fixture needs a \"name\"");
            return;
        }
    } else if (kind && strcmp(kind, "job") == 0) {
        const char *id = str(a, req, "id");
        char *end = NULL;
        fx.kind = JT_FIXTURE_JOB;
        fx.id = id ? strtoll(id, &end, 10) : 0;
        if (!id || !*id || *end || fx.id <= 0) {
            refuse(a, "22023", "a job fixture needs an \"id\" of digits");
            return;
        }
        fx.type = str(a, req, "type");
        fx.status = str(a, req, "status");
        fx.user = str(a, req, "user");
        fx.description = str(a, req, "description");
        fx.error = str(a, req, "error");
        if (number(a, req, "schedule", &fx.schedule) < 0 ||
            number(a, req, "age_seconds", &fx.age_s) < 0) {
            refuse(a, "22023", "\"schedule\" and \"age_seconds\" are strings of digits");
            return;
        }
    } else {
        refuse(a, "22023", "a fixture's \"kind\" is user or job");
        return;
    }
    if (!(a->d->caps & JT_CAP_FIXTURES)) {
        refuse(a, "0A000", "this implementation takes no fixtures");
        return;
    }
    if (a->d->fixture(a->conn, &fx, &err) < 0) {
        refuse(a, "22023", err.message);
        return;
    }
    ok(a);
}

/* {"op":"advance"}: one step of the jobs' own progress; {"ok":true,"moved":"N"}. */
static void on_advance(adapter *a) {
    jt_error err;
    int64_t moved = 0;
    char buf[64];
    memset(&err, 0, sizeof err);
    connect_once(a);
    if (!a->d->advance) {
        refuse(a, "0A000", "this implementation's jobs move on their own");
        return;
    }
    if (a->d->advance(a->conn, &moved, &err) < 0)
        die("advance failed", err.message);
    snprintf(buf, sizeof buf, "{\"ok\":true,\"moved\":\"%lld\"}", (long long)moved);
    check(jt_strbuf_adds(&a->reply, buf));
    send_reply(a);
}

static void on_exec(adapter *a, const jt_json *req) {
    const char *user = str(a, req, "user"), *sql = str(a, req, "sql");
    jt_result res;
    jt_error err;
    size_t i, j;
    memset(&res, 0, sizeof res);
    memset(&err, 0, sizeof err);
    connect_once(a);
    if (!sql) {
        refuse(a, "22023", "exec needs a \"sql\"");
        return;
    }
    if (a->d->exec(a->conn, user ? user : "root", sql, &res, &err) < 0)
        die("exec failed", err.message);
    if (res.failed) {
        check(jt_strbuf_addf(&a->reply,
                             "{\"ok\":false,\"sqlstate\":\"%s\",\"message\":", res.sqlstate));
        check(jt_json_add_string(&a->reply, res.message ? res.message : ""));
        if (res.position > 0)
            check(jt_strbuf_addf(&a->reply, ",\"position\":\"%d\"", res.position));
        check(jt_strbuf_add(&a->reply, "}", 1));
    } else {
        check(jt_strbuf_adds(&a->reply, "{\"ok\":true,\"tag\":"));
        check(jt_json_add_string(&a->reply, res.tag));
        if (res.count >= 0)
            check(jt_strbuf_addf(&a->reply, ",\"count\":\"%lld\"", (long long)res.count));
        if (res.types)
            check(jt_strbuf_addf(&a->reply, ",\"types\":\"%s\"", res.types));
        check(jt_strbuf_adds(&a->reply, ",\"columns\":["));
        for (j = 0; j < res.ncols; j++) {
            check(jt_strbuf_adds(&a->reply, j ? "," : ""));
            check(jt_json_add_string(&a->reply, res.columns[j]));
        }
        check(jt_strbuf_adds(&a->reply, "],\"rows\":["));
        for (i = 0; i < res.nrows; i++) {
            check(jt_strbuf_adds(&a->reply, i ? ",[" : "["));
            for (j = 0; j < res.ncols; j++) {
                check(jt_strbuf_adds(&a->reply, j ? "," : ""));
                check(jt_json_add_string_or_null(&a->reply, res.values[i * res.ncols + j]));
            }
            check(jt_strbuf_add(&a->reply, "]", 1));
        }
        check(jt_strbuf_adds(&a->reply, "]}"));
    }
    a->d->free_result(a->conn, &res);
    send_reply(a);
}

/* One line of stdin, without its '\n', in line; 0 at the end of the input. */
static int read_line(jt_strbuf *line) {
    char chunk[65536];
    jt_strbuf_dispose(line);
    while (fgets(chunk, sizeof chunk, stdin)) {
        size_t n = strlen(chunk);
        int end = n > 0 && chunk[n - 1] == '\n';
        if (jt_strbuf_add(line, chunk, end ? n - 1 : n) < 0)
            die("a request is too long", NULL);
        if (end)
            return 1;
    }
    if (ferror(stdin))
        die("cannot read stdin", NULL);
    return line->len > 0;
}

int main(int argc, char **argv) {
    adapter a;
    jt_strbuf line;
    memset(&a, 0, sizeof a);
    a.d = jt_driver_entry();
    a.target = argc > 1 ? argv[1] : NULL;
    jt_json_init(&a.doc);
    jt_strbuf_init(&a.reply, REPLY_MAX_BYTES);
    jt_strbuf_init(&line, LINE_MAX_BYTES);
    while (read_line(&line)) {
        const jt_json *req;
        const char *op;
        jt_error err;
        memset(&err, 0, sizeof err);
        if (jt_json_parse(&a.doc, line.data ? line.data : "", line.len, &err) < 0) {
            refuse(&a, "08P01", err.message);
            continue;
        }
        req = jt_json_root(&a.doc);
        op = str(&a, req, "op");
        if (!op)
            refuse(&a, "08P01", "a request is an object with a string \"op\"");
        else if (strcmp(op, "hello") == 0)
            on_hello(&a, req);
        else if (strcmp(op, "reset") == 0)
            on_reset(&a);
        else if (strcmp(op, "fixture") == 0)
            on_fixture(&a, req);
        else if (strcmp(op, "advance") == 0)
            on_advance(&a);
        else if (strcmp(op, "exec") == 0)
            on_exec(&a, req);
        else
            refuse(&a, "0A000", "unknown op");
    }
    if (a.conn)
        a.d->disconnect(a.conn);
    for (size_t i = 0; i < a.noptions; i++) {
        free((char *)a.options[i].key);
        free((char *)a.options[i].value);
    }
    jt_json_dispose(&a.doc);
    jt_strbuf_dispose(&a.reply);
    jt_strbuf_dispose(&line);
    return 0;
}

/* Check suite of sim/drivers/driver_pgwire.c: the recipe reader, the target, and the driver through
   real libpq against jobtck serve (and a slow fake server) in child processes. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pgtest.h"
#include "sim/cli/cli.h"
#include "sim/drivers/driver_pgwire.h"
#include "sim/drivers/drivers.h"

/* ---- helpers ------------------------------------------------------------------------- */

static char dir[64];

static void tmp_setup(void) {
    strcpy(dir, "/tmp/jt_pgwire_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void tmp_teardown(void) {
    DIR *dp = opendir(dir);
    struct dirent *de;
    if (!dp)
        return;
    while ((de = readdir(dp)) != NULL) {
        char sub[512];
        if (de->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name);
        unlink(sub);
    }
    closedir(dp);
    rmdir(dir);
}

/* Writes text to dir/name; returns the path (static). */
static const char *write_file(const char *name, const char *text) {
    static char path[256];
    FILE *fp;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static const char serve_recipe[] = "-- @reset\n"
                                   "JOBTCK RESET\n"
                                   "\n"
                                   "-- @user\n"
                                   "JOBTCK FIXTURE USER name=${name} admin=${admin}\n"
                                   "\n"
                                   "-- @job\n"
                                   "JOBTCK FIXTURE JOB id=${id} type=${type} status=${status}\n"
                                   "    user=${user} description=${description} error=${error}\n";

/* Connects the pgwire driver to url with the options fixtures (a recipe file of that text,
   unless NULL) and statement_timeout_ms (unless 0); the driver's answer. */
static int connect_to(void **conn, const char *url, const char *recipe, int timeout_ms,
                      jt_error *err) {
    jt_option opts[2];
    char ms[24];
    size_t n = 0;
    snprintf(ms, sizeof ms, "%d", timeout_ms);
    if (recipe)
        opts[n++] = (jt_option){"fixtures", recipe};
    if (timeout_ms)
        opts[n++] = (jt_option){"statement_timeout_ms", ms};
    *conn = NULL;
    return jt_driver_pgwire.connect_with(url, opts, n, conn, err);
}

/* Connects the pgwire driver (with a recipe when recipe is not NULL) to url. */
static void *open_driver(const jt_driver **driver_out, const char *url, const char *recipe,
                         int timeout_ms) {
    void *conn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    *driver_out = &jt_driver_pgwire;
    ck_assert_msg(connect_to(&conn, url, recipe ? write_file("recipe.sql", recipe) : NULL,
                             timeout_ms, &err) == 0,
                  "connect: %s", err.message);
    return conn;
}

/* The error of connecting with that recipe text. */
static const char *recipe_error(const char *text) {
    static jt_error err;
    void *conn = NULL;
    memset(&err, 0, sizeof err);
    ck_assert_int_lt(
        connect_to(&conn, "postgresql://root@127.0.0.1:1/x", write_file("r.sql", text), 0, &err),
        0);
    /* The path is the temporary one: keep what follows it. */
    return strstr(err.message, "r.sql") ? strstr(err.message, "r.sql") : err.message;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the recipe and the target --------------------------------------------------------- */

START_TEST(recipe_errors) {
    ck_assert_str_eq(recipe_error("JOBTCK RESET\n"),
                     "r.sql:1: SQL before the first section (-- @reset, -- @user, -- @job or -- "
                     "@connect)");
    ck_assert_str_eq(recipe_error("-- @reset\nX\n-- @teardown\n"),
                     "r.sql:3: unknown section @teardown (expected @reset, @user, @job, "
                     "@connect or @advance)");
    ck_assert_str_eq(recipe_error("-- @reset\n-- @reset\n"), "r.sql:2: section @reset given twice");
    ck_assert_str_eq(recipe_error("-- @reset\nX\n-- @user\nY\n"),
                     "r.sql: no section @job (a recipe needs @reset, @user and @job)");
    ck_assert_str_eq(recipe_error("-- @reset\nX\n-- @user\nY ${name}\n-- @job\n\nZ\n${nope}\n"),
                     "r.sql:8: unknown placeholder ${nope} in @job (expected ${id} ${type} "
                     "${status} ${user} ${description} ${error} ${schedule} ${age_seconds})");
    ck_assert_str_eq(recipe_error("-- @reset\nX ${id}\n"),
                     "r.sql:2: unknown placeholder ${id} in @reset (it has none)");
    ck_assert_str_eq(recipe_error("-- @job\nX ${id:ident}\n"),
                     "r.sql:2: ${id:ident}: id is not a string");
    ck_assert_str_eq(recipe_error("-- @job\nX ${type:raw}\n"),
                     "r.sql:2: malformed placeholder: expected ${key} or ${key:ident}");
    ck_assert_str_eq(recipe_error("-- @job\nX ${type\n"),
                     "r.sql:2: malformed placeholder: expected ${key} or ${key:ident}");
    ck_assert_str_eq(recipe_error("-- @reset extra\n"), "r.sql:1: text after the section name");
}
END_TEST

START_TEST(recipe_missing_file) {
    void *conn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(connect_to(&conn, "postgresql://x@y/z", "/nonexistent/r.sql", 0, &err),
                     JT_EIO);
    ck_assert_str_eq(err.message, "/nonexistent/r.sql: cannot open: No such file or directory");
}
END_TEST

/* One table: what a connection can do follows from its recipe (conn_caps). */
START_TEST(options_and_caps) {
    const jt_driver *d = &jt_driver_pgwire;
    void *conn = NULL;
    jt_option bad = {"fixture", "r.sql"};
    jt_error err;
    memset(&err, 0, sizeof err);
    /* A server that cannot be reached fails the connection at once, naming the target. */
    ck_assert_int_eq(
        connect_to(&conn, "postgresql://root@127.0.0.1:1/db?connect_timeout=5", NULL, 0, &err),
        JT_EDRIVER);
    ck_assert_ptr_null(conn);
    ck_assert_msg(strncmp(err.message,
                          "pgwire:postgresql://root@127.0.0.1:1/db?connect_timeout=5: cannot "
                          "connect as root: ",
                          76) == 0 &&
                      strstr(err.message, "Connection refused") && !strchr(err.message, '\n'),
                  "%s", err.message);
    ck_assert_int_eq(d->connect_with("postgresql://h", &bad, 1, &conn, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "driver pgwire takes no option 'fixture' (it takes fixtures, "
                                  "statement_timeout_ms)");
    ck_assert_int_eq(connect_to(&conn, "postgresql://h", NULL, -1, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "statement timeout: expected 1 .. 86400000 ms");
    ck_assert_ptr_eq(jt_driver_kind_find("pgwire:postgresql://x", &(const char *){NULL})->table,
                     &jt_driver_pgwire);
    /* A malformed URL is refused when connecting, before any network. */
    ck_assert_int_eq(d->connect("postgresql://h/db?nope=1", &conn, &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "pgwire URL: invalid URI query parameter: \"nope\"");
    ck_assert_int_eq(d->connect("", &conn, &err), JT_EINVAL);
    ck_assert_ptr_null(conn);
}
END_TEST

/* ---- against jobtck serve -------------------------------------------------------------- */

static served sv;
static char url[128];

static void serve_setup(void) {
    tmp_setup();
    serve_start(&sv, 0, 0);
    snprintf(url, sizeof url, "postgresql://root@127.0.0.1:%d/t?sslmode=disable", sv.port);
}

static void serve_teardown(void) {
    serve_stop(&sv);
    tmp_teardown();
}

START_TEST(results_canonical) {
    const jt_driver *d;
    void *conn = open_driver(&d, url, serve_recipe, 0);
    jt_result res;
    jt_error err;
    jt_fixture fx;
    memset(&err, 0, sizeof err);
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = 27536791415282;
    fx.type = "RESTORE";
    fx.status = "running";
    /* Quotes and backslashes: PQescapeLiteral's E'' form, read back unchanged. */
    fx.description = "RESTORE db.* FROM 'azure://b\\k' -- \"x\"; ${id}";
    fx.error = "";
    ck_assert_msg(d->fixture(conn, &fx, &err) == 0, "%s", err.message);
    ck_assert_int_eq(d->exec(conn, "root", "PAUSE JOB 27536791415282", &res, &err), 0);
    ck_assert_int_eq(res.failed, 0);
    ck_assert_str_eq(res.tag, "PAUSE JOBS 1");
    ck_assert_int_eq(res.count, 1);
    ck_assert_uint_eq(res.ncols, 0);
    d->free_result(conn, &res);
    ck_assert_int_eq(d->exec(conn, "root",
                             "SELECT job_id, description, finished, true, false, "
                             "1.5::FLOAT, 27536791415282::OID FROM [SHOW JOBS]",
                             &res, &err),
                     0);
    ck_assert_int_eq(res.failed, 0);
    ck_assert_str_eq(res.tag, "SELECT 1");
    ck_assert_int_eq(res.count, 1);
    ck_assert_uint_eq(res.ncols, 7);
    ck_assert_uint_eq(res.nrows, 1);
    ck_assert_str_eq(res.types, "ITSBBRO");
    ck_assert_str_eq(res.columns[0], "job_id");
    ck_assert_str_eq(res.values[0], "27536791415282");
    ck_assert_str_eq(res.values[1], fx.description);
    ck_assert_ptr_null(res.values[2]);
    ck_assert_str_eq(res.values[3], "true");
    ck_assert_str_eq(res.values[4], "false");
    ck_assert_str_eq(res.values[5], "1.5");
    ck_assert_str_eq(res.values[6], "27536791415282");
    d->free_result(conn, &res);
    /* An SQL error: a result with SQLSTATE, message, position. */
    ck_assert_int_eq(d->exec(conn, "root", "PAUSE JOB 27536791415282 junk", &res, &err), 0);
    ck_assert_int_eq(res.failed, 1);
    ck_assert_str_eq(res.sqlstate, "42601");
    ck_assert_ptr_nonnull(strstr(res.message, "syntax error"));
    ck_assert_int_gt(res.position, 0);
    d->free_result(conn, &res);
    ck_assert_int_eq(d->exec(conn, "root", "PAUSE JOB 1", &res, &err), 0);
    ck_assert_int_eq(res.failed, 1);
    ck_assert_str_eq(res.sqlstate, "XX000");
    ck_assert_str_eq(res.message, "job with ID 1 does not exist");
    ck_assert_int_eq(res.count, -1);
    d->free_result(conn, &res);
    d->disconnect(conn);
}
END_TEST

START_TEST(one_connection_per_user) {
    const jt_driver *d;
    void *conn = open_driver(&d, url, serve_recipe, 0);
    jt_result res;
    jt_error err;
    jt_fixture fx;
    memset(&err, 0, sizeof err);
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_USER;
    fx.name = "o'brien";
    ck_assert_msg(d->fixture(conn, &fx, &err) == 0, "%s", err.message);
    ck_assert_int_eq(d->exec(conn, "o'brien", "PAUSE JOB 1", &res, &err), 0);
    ck_assert_int_eq(res.failed, 1);
    ck_assert_str_eq(res.sqlstate, "42501");
    d->free_result(conn, &res);
    fx.admin = 1;
    ck_assert_int_eq(d->fixture(conn, &fx, &err), 0);
    ck_assert_int_eq(d->exec(conn, "o'brien", "PAUSE JOB 1", &res, &err), 0);
    ck_assert_str_eq(res.message, "job with ID 1 does not exist");
    d->free_result(conn, &res);
    /* Prepared statements are the session's: another user does not see p. */
    ck_assert_int_eq(d->exec(conn, "root", "PREPARE p AS PAUSE JOB $1", &res, &err), 0);
    ck_assert_int_eq(res.failed, 0);
    ck_assert_str_eq(res.tag, "PREPARE");
    ck_assert_int_eq(res.count, -1);
    d->free_result(conn, &res);
    ck_assert_int_eq(d->exec(conn, "o'brien", "EXECUTE p(1)", &res, &err), 0);
    ck_assert_str_eq(res.sqlstate, "26000");
    d->free_result(conn, &res);
    /* A reset empties the model, users included. */
    ck_assert_int_eq(d->reset(conn, &err), 0);
    ck_assert_int_eq(d->exec(conn, "o'brien", "PAUSE JOB 1", &res, &err), 0);
    ck_assert_str_ne(res.message, "job with ID 1 does not exist");
    d->free_result(conn, &res);
    d->disconnect(conn);
}
END_TEST

/* A recipe statement refused with 22023 (serve: the model refuses the fixture) is an error of
   the case file, as on the model (JT_EINVAL); any other error is a failure of the driver. */
START_TEST(fixture_refused_or_failed) {
    static const char broken[] = "-- @reset\nJOBTCK RESET\n\n-- @user\nJOBTCK NOPE ${name}\n\n"
                                 "-- @job\nJOBTCK NOPE ${id}\n";
    const jt_driver *d;
    void *conn = open_driver(&d, url, serve_recipe, 0);
    jt_error err;
    jt_fixture fx;
    memset(&err, 0, sizeof err);
    memset(&fx, 0, sizeof fx);
    fx.kind = JT_FIXTURE_JOB;
    fx.id = 3;
    fx.type = "REPAIR";
    fx.status = "running";
    ck_assert_int_eq(d->fixture(conn, &fx, &err), JT_EINVAL);
    ck_assert_msg(strstr(err.message, "fixture job 3: ") == err.message, "%s", err.message);
    ck_assert_msg(strstr(err.message, "recipe.sql:8: error 22023: "), "%s", err.message);
    d->disconnect(conn);
    conn = open_driver(&d, url, broken, 0);
    ck_assert_int_eq(d->fixture(conn, &fx, &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "recipe.sql:8: error 42601: "), "%s", err.message);
    d->disconnect(conn);
}
END_TEST

START_TEST(lost_connection_reopened) {
    const jt_driver *d;
    void *conn = open_driver(&d, url, NULL, 0);
    jt_result res;
    jt_error err;
    int port = sv.port;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(d->exec(conn, "root", "SHOW JOBS", &res, &err), 0);
    d->free_result(conn, &res);
    serve_stop(&sv);
    /* The server is gone: a failure of the driver, never a result. */
    ck_assert_int_eq(d->exec(conn, "root", "SHOW JOBS", &res, &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "connection lost as root: ") == err.message, "%s",
                  err.message);
    ck_assert_int_eq(d->exec(conn, "root", "SHOW JOBS", &res, &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "cannot connect as root: ") == err.message, "%s",
                  err.message);
    ck_assert_ptr_nonnull(strstr(err.message, "Connection refused"));
    /* Back on the same port: the next step opens a new connection. */
    serve_start(&sv, port, 0);
    ck_assert_msg(d->exec(conn, "root", "SHOW JOBS", &res, &err) == 0, "%s", err.message);
    ck_assert_str_eq(res.tag, "SELECT 0");
    d->free_result(conn, &res);
    d->disconnect(conn);
}
END_TEST

START_TEST(refused_with_recipe) {
    const jt_driver *d;
    void *conn;
    jt_error err;
    jt_result res;
    memset(&err, 0, sizeof err);
    conn = open_driver(&d, url, serve_recipe, 0);
    serve_stop(&sv); /* gone after the start: each step fails */
    ck_assert_int_eq(d->reset(conn, &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "connection lost as root: "), "%s", err.message);
    ck_assert_int_eq(d->reset(conn, &err), JT_EDRIVER);
    ck_assert_msg(strstr(err.message, "cannot connect as root: "), "%s", err.message);
    ck_assert_int_eq(d->exec(conn, "root", "SHOW JOBS", &res, &err), JT_EDRIVER);
    d->disconnect(conn);
    /* gone before it: the connection fails at once, with the URL */
    ck_assert_int_eq(connect_to(&conn, url, write_file("recipe.sql", serve_recipe), 0, &err),
                     JT_EDRIVER);
    ck_assert_msg(strstr(err.message, url) && strstr(err.message, "cannot connect as root: "), "%s",
                  err.message);
}
END_TEST

/* What a connection can do follows from its recipe (conn_caps); it reaches the server at once. */
START_TEST(caps_follow_the_recipe) {
    const jt_driver *d = &jt_driver_pgwire;
    void *conn = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    ck_assert_msg(connect_to(&conn, url, NULL, 0, &err) == 0, "%s", err.message);
    ck_assert_uint_eq(d->conn_caps(conn), JT_CAP_USERS);
    d->disconnect(conn);
    ck_assert_msg(connect_to(&conn, url, write_file("r.sql", serve_recipe), 500, &err) == 0, "%s",
                  err.message);
    ck_assert_uint_eq(d->conn_caps(conn), JT_CAP_USERS | JT_CAP_FIXTURES | JT_CAP_RESET);
    d->disconnect(conn);
    ck_assert_msg(connect_to(&conn, url, "cases/recipes/serve.sql", 0, &err) == 0, "%s",
                  err.message);
    ck_assert_uint_eq(d->conn_caps(conn), JT_CAP_USERS | JT_CAP_FIXTURES | JT_CAP_RESET |
                                              JT_CAP_ROLES | JT_CAP_JOB_META);
    d->disconnect(conn);
}
END_TEST

/* jobtck run through the CLI: the same output as the model; skipped without a recipe. */
static char *run_cli(int *status, const char *driver, const char *fixtures, const char *path) {
    char *argv[8], *buf = NULL;
    size_t len = 0;
    int argc = 0;
    FILE *out = open_memstream(&buf, &len), *errout = fopen("/dev/null", "w");
    argv[argc++] = "run";
    argv[argc++] = "--driver";
    argv[argc++] = (char *)driver;
    if (fixtures) {
        argv[argc++] = "--fixtures";
        argv[argc++] = (char *)fixtures;
    }
    argv[argc++] = (char *)path;
    argv[argc] = NULL;
    *status = jt_cli_run(argc, argv, out, errout);
    fclose(out);
    fclose(errout);
    return buf;
}

START_TEST(cli_same_as_model) {
    static const char text[] =
        "fixture user maxroach\n"
        "\n"
        "fixture job id=1 type=IMPORT status=running user=maxroach description='a ''b'' \\c'\n"
        "\n"
        "statement ok count 1\n"
        "PAUSE JOB 1\n"
        "\n"
        "query ITT\n"
        "SELECT job_id, status, description FROM [SHOW JOBS]\n"
        "----\n"
        "1 paused a 'b' \\c\n"
        "\n"
        "user maxroach\n"
        "\n"
        "statement error pgcode 42501 ^only users with the admin role are allowed to RESUME "
        "JOBS$\n"
        "RESUME JOB 1\n"
        "\n"
        "statement ok\n"
        "RESUME JOB 1\n";
    char spec[160], *model, *pg, *pg_plain, path[256];
    int s1, s2, s3;
    snprintf(path, sizeof path, "%s", write_file("a.test", text));
    snprintf(spec, sizeof spec, "pgwire:%s", url);
    model = run_cli(&s1, "model", NULL, path);
    pg = run_cli(&s2, spec, write_file("recipe.sql", serve_recipe), path);
    ck_assert_int_eq(s1, 1); /* the last record fails: maxroach is no admin */
    ck_assert_int_eq(s2, s1);
    ck_assert_str_eq(pg, model);
    ck_assert_ptr_nonnull(strstr(model, "3 passed, 1 failed, 0 skipped"));
    pg_plain = run_cli(&s3, spec, NULL, path);
    ck_assert_int_eq(s3, 1); /* nothing checked: not a success */
    ck_assert_ptr_nonnull(strstr(pg_plain, "0 passed, 0 failed, 4 skipped\n"
                                           "skipped: 4 records of 1 file: driver pgwire lacks "
                                           "fixtures (give a recipe with --fixtures)\n"));
    free(model);
    free(pg);
    free(pg_plain);
}
END_TEST

/* ---- a slow server: the statement timeout ---------------------------------------------- */

/* A fake server: answers the startup, then each query after delay_ms when it starts with SLOW,
   at once otherwise; a cancel request is read and closed. One connection at a time. */
static pid_t slow_server(int *port_out, int delay_ms) {
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    pid_t pid;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(lfd, 16), 0);
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&a, &alen), 0);
    *port_out = ntohs(a.sin_port);
    fflush(NULL);
    pid = fork();
    if (pid != 0) {
        close(lfd);
        return pid;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    alarm(30);
    for (;;) {
        static unsigned char buf[1 << 16];
        int fd = accept(lfd, NULL, NULL);
        uint32_t n;
        if (fd < 0)
            _exit(1);
        for (;;) { /* startup, after an SSLRequest or not */
            if (raw_read(fd, buf, 4) != 1 || (n = get32(buf)) < 8 || n > sizeof buf ||
                raw_read(fd, buf + 4, n - 4) != 1)
                break;
            if (get32(buf + 4) == 80877103u) {
                send(fd, "N", 1, MSG_NOSIGNAL);
                continue;
            }
            if (get32(buf + 4) == 80877102u) /* cancel */
                break;
            {
                static const unsigned char ok[] = {'R', 0,   0, 0, 8, 0, 0,  0,
                                                   0,   'Z', 0, 0, 0, 5, 'I'};
                send(fd, ok, sizeof ok, MSG_NOSIGNAL);
            }
            for (;;) {
                static const unsigned char done[] = {'C', 0, 0,   0, 10, 'S', 'L', 'E', 'P',
                                                     'T', 0, 'Z', 0, 0,  0,   5,   'I'};
                if (raw_read(fd, buf, 5) != 1 || (n = get32(buf + 1)) < 4 || n > sizeof buf ||
                    (n > 4 && raw_read(fd, buf + 5, n - 4) != 1) || buf[0] == 'X')
                    break;
                if (buf[0] == 'Q' && strncmp((char *)buf + 5, "SLOW", 4) == 0)
                    poll(NULL, 0, delay_ms);
                send(fd, done, sizeof done, MSG_NOSIGNAL);
            }
            break;
        }
        close(fd);
    }
}

START_TEST(statement_timeout) {
    const jt_driver *d;
    void *conn;
    jt_result res;
    jt_error err;
    char slow_url[128];
    int port;
    int64_t t0, took;
    pid_t pid = slow_server(&port, 1000);
    memset(&err, 0, sizeof err);
    snprintf(slow_url, sizeof slow_url, "postgresql://root@127.0.0.1:%d/t", port);
    conn = open_driver(&d, slow_url, NULL, 200);
    ck_assert_msg(d->exec(conn, "root", "FAST", &res, &err) == 0, "%s", err.message);
    ck_assert_str_eq(res.tag, "SLEPT");
    d->free_result(conn, &res);
    t0 = now_ms();
    ck_assert_int_eq(d->exec(conn, "root", "SLOW", &res, &err), JT_ETIMEOUT);
    took = now_ms() - t0;
    ck_assert_str_eq(err.message, "statement timed out: no result within 200 ms as root "
                                  "(canceled)");
    ck_assert_int_lt(took, 1000 + JT_PGWIRE_CANCEL_GRACE_MS + 1000);
    /* The late result was read and dropped: the connection goes on. */
    ck_assert_msg(d->exec(conn, "root", "FAST", &res, &err) == 0, "%s", err.message);
    ck_assert_str_eq(res.tag, "SLEPT");
    d->free_result(conn, &res);
    d->disconnect(conn);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}
END_TEST

static Suite *pgwire_suite(void) {
    Suite *s = suite_create("pgwire");
    TCase *tc = tcase_create("recipe");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, recipe_errors);
    tcase_add_test(tc, recipe_missing_file);
    tcase_add_test(tc, options_and_caps);
    suite_add_tcase(s, tc);
    tc = tcase_create("serve");
    tcase_add_checked_fixture(tc, serve_setup, serve_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, results_canonical);
    tcase_add_test(tc, one_connection_per_user);
    tcase_add_test(tc, fixture_refused_or_failed);
    tcase_add_test(tc, lost_connection_reopened);
    tcase_add_test(tc, refused_with_recipe);
    tcase_add_test(tc, caps_follow_the_recipe);
    tcase_add_test(tc, cli_same_as_model);
    suite_add_tcase(s, tc);
    tc = tcase_create("timeout");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, statement_timeout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(pgwire_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

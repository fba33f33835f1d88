/* Check suite of jobtck serve as a PostgreSQL server (sim/serve/): the extended query protocol,
   transaction blocks, session variables and prepared statements, valid PostgreSQL the kit does
   not implement, results streamed under a bound, cancels. Serve runs in a child process; libpq
   and a raw client talk to it over loopback. */
#include <check.h>
#include <libpq-fe.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "pgtest.h"
#include "sim/serve/serve.h"

static unsigned char body[1 << 16];

static served sv;

static void setup(void) {
    serve_start(&sv, 0, 0);
}

static void teardown(void) {
    serve_stop(&sv);
}

/* A libpq connection to sv as user (database "db"). */
static PGconn *pq_at(int port, const char *user) {
    char conninfo[256];
    PGconn *pg;
    snprintf(conninfo, sizeof conninfo,
             "host=127.0.0.1 port=%d user=%s dbname=db connect_timeout=5 sslmode=disable", port,
             user);
    pg = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(pg) == CONNECTION_OK, "connect: %s", PQerrorMessage(pg));
    return pg;
}

static PGconn *pq(const char *user) {
    return pq_at(sv.port, user);
}

/* Runs sql; its command status, or "ERROR <sqlstate>". */
static const char *run(PGconn *pg, const char *sql) {
    static char out[128];
    PGresult *r = PQexec(pg, sql);
    if (PQresultStatus(r) == PGRES_FATAL_ERROR)
        snprintf(out, sizeof out, "ERROR %s", PQresultErrorField(r, PG_DIAG_SQLSTATE));
    else
        snprintf(out, sizeof out, "%s", PQcmdStatus(r));
    PQclear(r);
    return out;
}

/* The first value of sql's result. */
static const char *value(PGconn *pg, const char *sql) {
    static char out[256];
    PGresult *r = PQexec(pg, sql);
    ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql, PQresultErrorMessage(r));
    ck_assert_int_ge(PQntuples(r), 1);
    snprintf(out, sizeof out, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return out;
}

static void jobs(PGconn *pg, int n) {
    int i;
    for (i = 1; i <= n; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "JOBTCK FIXTURE JOB id=%d type='BACKUP' status='running'", i);
        ck_assert_str_eq(run(pg, sql), "JOBTCK FIXTURE");
    }
}

/* ---- the extended protocol through libpq ---------------------------------------------- */

START_TEST(exec_params_text_and_binary) {
    PGconn *pg = pq("root");
    const char *v[1] = {"2"};
    Oid int8 = 20;
    unsigned char id_be[8] = {0, 0, 0, 0, 0, 0, 0, 2};
    const char *bv[1] = {(const char *)id_be};
    int blen[1] = {8}, bfmt[1] = {1};
    PGresult *r;
    jobs(pg, 3);
    /* A parameter typed by its use: PAUSE JOB $1 takes an INT8. */
    r = PQexecParams(pg, "PAUSE JOB $1", 1, NULL, v, NULL, NULL, 0);
    ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    ck_assert_str_eq(PQcmdStatus(r), "PAUSE JOBS 1");
    PQclear(r);
    /* In binary, typed by the client; the result in binary. */
    r = PQexecParams(pg, "SELECT job_id, status, created FROM [SHOW JOBS] WHERE job_id = $1", 1,
                     &int8, bv, blen, bfmt, 1);
    ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    ck_assert_int_eq(PQntuples(r), 1);
    ck_assert_int_eq(PQfformat(r, 0), 1);
    ck_assert_int_eq(PQgetlength(r, 0, 0), 8);
    ck_assert_int_eq(memcmp(PQgetvalue(r, 0, 0), id_be, 8), 0);
    ck_assert_str_eq(PQgetvalue(r, 0, 1), "paused");
    ck_assert_int_eq(PQftype(r, 2), 1114);
    ck_assert_int_eq(PQgetlength(r, 0, 2), 8); /* microseconds since 2000-01-01 */
    {
        const unsigned char *b = (const unsigned char *)PQgetvalue(r, 0, 2);
        int64_t us = 0;
        int k;
        for (k = 0; k < 8; k++)
            us = us << 8 | b[k];
        /* 2018-10-30 12:00:02: 6877 days and 12 h after 2000-01-01, the fixture's time */
        ck_assert_int_eq(us / 1000000 / 86400, 6877);
    }
    PQclear(r);
    /* Even with no parameter (libpq's extended protocol all the same). */
    r = PQexecParams(pg, "SELECT 1 + 1", 0, NULL, NULL, NULL, NULL, 0);
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "0A000"); /* valid, not served */
    PQclear(r);
    r = PQexecParams(pg, "SELECT count(*) FROM crdb_internal.jobs", 0, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK); /* an aggregate the model answers */
    ck_assert_str_eq(PQgetvalue(r, 0, 0), "3");
    PQclear(r);
    r = PQexecParams(pg, "SHOW JOBS", 0, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(PQntuples(r), 3);
    PQclear(r);
    /* A value its placeholder's type refuses, and a wrong count. */
    v[0] = "foo";
    r = PQexecParams(pg, "PAUSE JOB $1", 1, NULL, v, NULL, NULL, 0);
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P02");
    PQclear(r);
    r = PQexecParams(pg, "PAUSE JOB $1", 0, NULL, NULL, NULL, NULL, 0);
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "08P01");
    PQclear(r);
    PQfinish(pg);
}
END_TEST

START_TEST(prepare_describe_execute) {
    PGconn *pg = pq("root");
    const char *v[1] = {"1"};
    PGresult *r;
    jobs(pg, 2);
    r = PQprepare(pg, "pj", "PAUSE JOB $1", 0, NULL);
    ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = PQdescribePrepared(pg, "pj");
    ck_assert_int_eq(PQnparams(r), 1);
    ck_assert_uint_eq(PQparamtype(r, 0), 20); /* INT8, from its use */
    ck_assert_int_eq(PQnfields(r), 0);
    PQclear(r);
    r = PQexecPrepared(pg, "pj", 1, v, NULL, NULL, 0);
    ck_assert_str_eq(PQcmdStatus(r), "PAUSE JOBS 1");
    PQclear(r);
    r = PQprepare(pg, "q", "SELECT job_id, status FROM [SHOW JOBS] WHERE status = $1", 0, NULL);
    PQclear(r);
    r = PQdescribePrepared(pg, "q");
    ck_assert_uint_eq(PQparamtype(r, 0), 25);
    ck_assert_int_eq(PQnfields(r), 2);
    ck_assert_str_eq(PQfname(r, 1), "status");
    PQclear(r);
    v[0] = "paused";
    r = PQexecPrepared(pg, "q", 1, v, NULL, NULL, 0);
    ck_assert_int_eq(PQntuples(r), 1);
    ck_assert_str_eq(PQgetvalue(r, 0, 0), "1");
    PQclear(r);
    /* The same name again; SQL EXECUTE and DEALLOCATE see the protocol's statement. */
    r = PQprepare(pg, "q", "SELECT 1", 0, NULL);
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P05");
    PQclear(r);
    ck_assert_str_eq(run(pg, "EXECUTE pj(2)"), "PAUSE JOBS 1");
    ck_assert_str_eq(run(pg, "DEALLOCATE pj"), "DEALLOCATE");
    r = PQexecPrepared(pg, "pj", 1, v, NULL, NULL, 0);
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "26000");
    PQclear(r);
    /* And the protocol sees SQL PREPARE's. */
    ck_assert_str_eq(run(pg, "PREPARE r AS RESUME JOB $1"), "PREPARE");
    v[0] = "1";
    r = PQexecPrepared(pg, "r", 1, v, NULL, NULL, 0);
    ck_assert_str_eq(PQcmdStatus(r), "RESUME JOBS 1");
    PQclear(r);
    PQfinish(pg);
}
END_TEST

/* An extended-protocol message: type, then the body given in parts. */
static void ext_msg(int fd, char type, const void *b, size_t n) {
    unsigned char head[5];
    head[0] = (unsigned char)type;
    be32(head + 1, (uint32_t)(n + 4));
    raw_send(fd, head, 5);
    if (n)
        raw_send(fd, b, n);
}

/* Bind portal to statement (no parameters, text), Execute it with a row limit. */
static void bind_execute(int fd, const char *portal, const char *stmt, int32_t limit) {
    unsigned char b[256], e[128];
    size_t n = 0;
    memcpy(b + n, portal, strlen(portal) + 1);
    n += strlen(portal) + 1;
    memcpy(b + n, stmt, strlen(stmt) + 1);
    n += strlen(stmt) + 1;
    memset(b + n, 0, 6); /* no formats, no parameters, no result formats */
    n += 6;
    ext_msg(fd, 'B', b, n);
    n = strlen(portal) + 1;
    memcpy(e, portal, n);
    be32(e + n, (uint32_t)limit);
    ext_msg(fd, 'E', e, n + 4);
}

START_TEST(row_limit_suspends_the_portal) {
    PGconn *pg = pq("root");
    char seen[64];
    unsigned char p[128];
    size_t n;
    int fd;
    jobs(pg, 5);
    PQfinish(pg);
    fd = raw_session(sv.port, "root", "db");
    n = (size_t)snprintf((char *)p, sizeof p, "s") + 1;
    n += (size_t)snprintf((char *)p + n, sizeof p - n, "SELECT job_id FROM [SHOW JOBS]") + 1;
    p[n++] = 0;
    p[n++] = 0;
    ext_msg(fd, 'P', p, n);
    bind_execute(fd, "c", "s", 2);
    ext_msg(fd, 'E', "c\0\0\0\0\2", 6);
    ext_msg(fd, 'E', "c\0\0\0\0\0", 6); /* the rest */
    ext_msg(fd, 'C', "Pc", 3);
    ext_msg(fd, 'S', NULL, 0);
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_str_eq(seen, "12DDsDDsDC3Z");
    close(fd);
}
END_TEST

/* ---- transaction blocks ------------------------------------------------------------------ */

START_TEST(block_seen_by_its_session_then_by_others) {
    PGconn *a = pq("root"), *b = pq("root");
    jobs(a, 2);
    ck_assert_str_eq(run(a, "BEGIN"), "BEGIN");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INTRANS);
    ck_assert_str_eq(run(a, "PAUSE JOB 1"), "PAUSE JOBS 1");
    ck_assert_str_eq(value(a, "SELECT status FROM [SHOW JOBS] WHERE job_id = 1"), "paused");
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 1"), "running");
    ck_assert_str_eq(run(a, "COMMIT"), "COMMIT");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_IDLE);
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 1"), "paused");
    /* ROLLBACK discards. */
    ck_assert_str_eq(run(a, "START TRANSACTION"), "BEGIN");
    ck_assert_str_eq(run(a, "CANCEL JOB 2"), "CANCEL JOBS 1");
    ck_assert_str_eq(run(a, "ROLLBACK"), "ROLLBACK");
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 2"), "running");
    /* An error aborts the block until its end. */
    ck_assert_str_eq(run(a, "BEGIN"), "BEGIN");
    ck_assert_str_eq(run(a, "PAUSE JOB 2"), "PAUSE JOBS 1");
    ck_assert_str_eq(run(a, "PAUSE JOB 99"), "ERROR XX000");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INERROR);
    ck_assert_str_eq(run(a, "SELECT 1"), "ERROR 25P02");
    ck_assert_str_eq(run(a, "COMMIT"), "ROLLBACK");
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 2"), "running");
    /* CockroachDB: BEGIN in a block, COMMIT outside one, are errors. */
    ck_assert_str_eq(run(a, "COMMIT"), "ERROR 25P01");
    ck_assert_str_eq(run(a, "BEGIN; BEGIN"), "ERROR 25001");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_INERROR);
    ck_assert_str_eq(run(a, "ROLLBACK"), "ROLLBACK");
    PQfinish(a);
    PQfinish(b);
}
END_TEST

START_TEST(commit_checks_what_changed_since) {
    PGconn *a = pq("root"), *b = pq("root");
    jobs(a, 3);
    /* b commits in between, on another job: a's statements give what they gave: committed. */
    ck_assert_str_eq(run(a, "BEGIN"), "BEGIN");
    ck_assert_str_eq(run(a, "PAUSE JOB 1"), "PAUSE JOBS 1");
    ck_assert_str_eq(run(b, "PAUSE JOB 2"), "PAUSE JOBS 1");
    ck_assert_str_eq(run(a, "COMMIT"), "COMMIT");
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 1"), "paused");
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 2"), "paused");
    /* b changes what a read: a's commit fails with 40001, and changes nothing. */
    ck_assert_str_eq(run(a, "BEGIN"), "BEGIN");
    ck_assert_str_eq(value(a, "SELECT status FROM [SHOW JOBS] WHERE job_id = 3"), "running");
    ck_assert_str_eq(run(a, "CANCEL JOB 3"), "CANCEL JOBS 1");
    ck_assert_str_eq(run(b, "PAUSE JOB 3"), "PAUSE JOBS 1");
    ck_assert_str_eq(run(a, "COMMIT"), "ERROR 40001");
    ck_assert_int_eq(PQtransactionStatus(a), PQTRANS_IDLE);
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 3"), "paused");
    /* Several statements in one Query: one implicit block, all or none. */
    ck_assert_str_eq(run(a, "RESUME JOB 1; PAUSE JOB 99"), "ERROR XX000");
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 1"), "paused");
    ck_assert_str_eq(run(a, "RESUME JOB 1; RESUME JOB 2"), "RESUME JOBS 1");
    ck_assert_str_eq(value(b, "SELECT status FROM [SHOW JOBS] WHERE job_id = 2"), "running");
    PQfinish(a);
    PQfinish(b);
}
END_TEST

/* ---- sessions: prepared statements, variables ------------------------------------------ */

START_TEST(prepared_statements_belong_to_their_session) {
    PGconn *a = pq("root"), *b = pq("root");
    jobs(a, 1);
    ck_assert_str_eq(run(a, "PREPARE p AS PAUSE JOB $1"), "PREPARE");
    ck_assert_str_eq(run(b, "PREPARE p AS RESUME JOB $1"), "PREPARE");
    ck_assert_str_eq(run(a, "EXECUTE p(1)"), "PAUSE JOBS 1");
    ck_assert_str_eq(run(b, "EXECUTE p(1)"), "RESUME JOBS 1");
    PQfinish(a);
    a = pq("root");
    ck_assert_str_eq(run(a, "EXECUTE p(1)"), "ERROR 26000");
    /* A prepared statement outlives the block that prepared it. */
    ck_assert_str_eq(run(a, "BEGIN"), "BEGIN");
    ck_assert_str_eq(run(a, "PREPARE q AS PAUSE JOB $1"), "PREPARE");
    ck_assert_str_eq(run(a, "ROLLBACK"), "ROLLBACK");
    ck_assert_str_eq(run(a, "EXECUTE q(1)"), "PAUSE JOBS 1");
    ck_assert_str_eq(run(a, "DEALLOCATE ALL"), "DEALLOCATE ALL");
    ck_assert_str_eq(run(a, "EXECUTE q(1)"), "ERROR 26000");
    PQfinish(a);
    PQfinish(b);
}
END_TEST

START_TEST(session_variables) {
    PGconn *pg = pq("root");
    ck_assert_str_eq(PQparameterStatus(pg, "server_version"), "9.5.0");
    ck_assert_str_eq(PQparameterStatus(pg, "crdb_version"),
                     "CockroachDB CCL v2.1.0 (x86_64-pc-linux-gnu, jobtck serve --profile v2.1)");
    ck_assert_str_eq(run(pg, "SET application_name = 'jobs'"), "SET");
    ck_assert_str_eq(PQparameterStatus(pg, "application_name"), "jobs"); /* reported */
    ck_assert_str_eq(value(pg, "SHOW application_name"), "jobs");
    ck_assert_str_eq(value(pg, "SELECT current_setting('application_name')"), "jobs");
    ck_assert_str_eq(run(pg, "RESET application_name"), "RESET");
    ck_assert_str_eq(PQparameterStatus(pg, "application_name"), "");
    ck_assert_str_eq(run(pg, "SET extra_float_digits TO 3"), "SET");
    ck_assert_str_eq(run(pg, "SET extra_float_digits = 9"), "ERROR 22023");
    ck_assert_str_eq(run(pg, "SET statement_timeout = '5s'"), "SET");
    ck_assert_str_eq(value(pg, "SHOW statement_timeout"), "5s");
    ck_assert_str_eq(run(pg, "SET search_path TO public, x"), "SET");
    ck_assert_str_eq(value(pg, "SHOW search_path"), "public, x");
    ck_assert_str_eq(run(pg, "SET TIME ZONE 'UTC'"), "SET");
    ck_assert_str_eq(run(pg, "SET TIME ZONE 'Europe/Paris'"), "ERROR 0A000");
    ck_assert_str_eq(run(pg, "SET client_encoding = 'LATIN1'"), "ERROR 0A000");
    ck_assert_str_eq(run(pg, "SET server_version = '1'"), "ERROR 55P02");
    ck_assert_str_eq(run(pg, "SET no_such_thing = 1"), "ERROR 42704");
    ck_assert_str_eq(run(pg, "SHOW no_such_thing"), "ERROR 42704");
    ck_assert_str_eq(value(pg, "SHOW server_version"), "9.5.0");
    ck_assert_str_eq(value(pg, "SHOW TRANSACTION ISOLATION LEVEL"), "serializable");
    /* SET LOCAL lasts until the block ends. */
    ck_assert_str_eq(run(pg, "BEGIN"), "BEGIN");
    ck_assert_str_eq(run(pg, "SET LOCAL application_name = 'local'"), "SET");
    ck_assert_str_eq(value(pg, "SHOW application_name"), "local");
    ck_assert_str_eq(run(pg, "COMMIT"), "COMMIT");
    ck_assert_str_eq(value(pg, "SHOW application_name"), "");
    ck_assert_str_eq(value(pg, "SELECT version()"),
                     "CockroachDB CCL v2.1.0 (x86_64-pc-linux-gnu, jobtck serve --profile v2.1)");
    ck_assert_str_eq(value(pg, "SELECT current_user"), "root");
    ck_assert_str_eq(value(pg, "select pg_catalog.current_database() AS d"), "db");
    PQfinish(pg);
}
END_TEST

START_TEST(server_version_of_the_release) {
    static const struct {
        const char *profile, *version;
    } releases[] = {{"v20.2", "9.5.0"}, {"v22.2", "13.0.0"}, {"v25.1", "13.0.0"}};
    size_t i;
    serve_stop(&sv);
    for (i = 0; i < sizeof releases / sizeof *releases; i++) {
        jt_serve_config cfg;
        served one;
        PGconn *pg;
        memset(&cfg, 0, sizeof cfg);
        cfg.profile = releases[i].profile;
        serve_start_cfg(&one, &cfg);
        pg = pq_at(one.port, "root");
        ck_assert_str_eq(PQparameterStatus(pg, "server_version"), releases[i].version);
        ck_assert_str_eq(value(pg, "SHOW server_version"), releases[i].version);
        PQfinish(pg);
        serve_stop(&one);
    }
}
END_TEST

/* Valid PostgreSQL the kit does not implement: 0A000, with what it is; not SQL: 42601. */
START_TEST(valid_sql_is_never_a_syntax_error) {
    PGconn *pg = pq("root");
    PGresult *r;
    ck_assert_str_eq(run(pg, "SELECT 1 + 1"), "ERROR 0A000");
    ck_assert_str_eq(run(pg, "CREATE SEQUENCE s"), "ERROR 0A000");
    ck_assert_str_eq(run(pg, "CREATE TABLE t (a INT)"), "CREATE TABLE"); /* the model's catalog */
    ck_assert_str_eq(run(pg, "SAVEPOINT s"), "ERROR 0A000");
    r = PQexec(pg,
               "SELECT n.nspname as \"Schema\", c.relname as \"Name\" FROM pg_catalog.pg_class c "
               "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace ORDER BY 1,2;");
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "0A000");
    ck_assert_ptr_nonnull(strstr(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), "catalogs"));
    PQclear(r);
    ck_assert_str_eq(run(pg, "PAUSE JOBZ 1"), "ERROR 42601");
    ck_assert_str_eq(run(pg, "SELEC 1"), "ERROR 42601");
    PQfinish(pg);
}
END_TEST

/* ---- streaming, cancel ------------------------------------------------------------------- */

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Whether this runs under ASan or valgrind, whose allocators keep freed memory, or under
   ThreadSanitizer, whose shadow memory grows with serve's. */
static int under_checker(void) {
    const char *preload = getenv("LD_PRELOAD");
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    return 1;
#endif
#endif
    return preload && strstr(preload, "vgpreload") != NULL;
}

/* Resident memory of the child serve, in kB. */
static long rss_kb(pid_t pid) {
    char path[64], line[256];
    long kb = -1;
    FILE *f;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

/* n jobs through bursts of Query messages (their answers read after each burst: a client
   that sends without reading stops serve's reading of it once its answers fill the bound). */
static void many_jobs(int n) {
    int fd = raw_session(sv.port, "root", "db"), i, pending = 0;
    char seen[8];
    for (i = 1; i <= n; i++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "JOBTCK FIXTURE JOB id=%d type='BACKUP' status='running' description='%0100d'", i,
                 i);
        raw_query(fd, sql);
        if (++pending == 500 || i == n)
            for (; pending > 0; pending--)
                raw_until_ready(fd, seen, sizeof seen);
    }
    close(fd);
}

/* A session whose socket reads 4 kB at a time, set before it connects (a window shrunk later
   stalls TCP itself); its BackendKeyData into key. */
static int small_session(uint32_t key[2]) {
    struct sockaddr_in a;
    struct timeval tv = {10, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0), small = 4096;
    char type;
    size_t len;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)sv.port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    raw_send_startup(fd, "root", "db");
    do {
        ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
        if (type == 'K') {
            key[0] = get32(body);
            key[1] = get32(body + 4);
        }
    } while (type != 'Z');
    return fd;
}

/* Reads until ReadyForQuery: the rows, and the SQLSTATE and message of an error (or ""). */
static int rows_until_ready(int fd, char *sqlstate, char *message, size_t msgsize) {
    char type;
    size_t len;
    int rows = 0;
    sqlstate[0] = message[0] = '\0';
    do {
        ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
        rows += type == 'D';
        if (type == 'E') {
            const char *code = error_field(body, len, 'C'), *m = error_field(body, len, 'M');
            snprintf(sqlstate, 6, "%s", code ? code : "?????");
            snprintf(message, msgsize, "%s", m ? m : "");
        }
    } while (type != 'Z');
    return rows;
}

START_TEST(a_client_that_does_not_read_costs_a_bound) {
    uint32_t key[2];
    char state[6], msg[256];
    int big, i;
    long before, after;
    PGconn *other;
    many_jobs(50000); /* SHOW JOBS: about 17 MB of rows, which serve once held whole */
    before = rss_kb(sv.pid);
    big = small_session(key);
    raw_query(big, "SHOW JOBS");
    sleep_ms(300);
    after = rss_kb(sv.pid);
    /* It grows by about 1 MB (a batch, the bound, the cursor's order of the rows); ASan's and
       valgrind's allocators keep what serve frees (the sort's keys) a while, ThreadSanitizer's
       shadow memory grows with it: not measured under them. */
    if (!under_checker())
        ck_assert_msg(after - before < 4000, "serve grew by %ld kB for a client that does not read",
                      after - before);
    /* The others are served meanwhile. */
    other = pq("root");
    for (i = 0; i < 20; i++)
        ck_assert_str_eq(value(other, "SELECT 1"), "1");
    PQfinish(other);
    /* And the client gets every row once it reads. */
    ck_assert_int_eq(rows_until_ready(big, state, msg, sizeof msg), 50000);
    ck_assert_str_eq(state, "");
    close(big);
}
END_TEST

/* A CancelRequest with the session's key. */
static void send_cancel(const uint32_t key[2]) {
    unsigned char req[16];
    char type;
    size_t len;
    int fd = raw_connect(sv.port);
    be32(req, 16);
    be32(req + 4, 80877102u);
    be32(req + 8, key[0]);
    be32(req + 12, key[1]);
    raw_send(fd, req, 16);
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 0); /* closed, no answer */
    close(fd);
}

START_TEST(cancel_stops_the_running_statement) {
    uint32_t key[2], wrong[2];
    char state[6], msg[256];
    int fd, rows;
    many_jobs(20000);
    fd = small_session(key);
    /* A wrong key cancels nothing. */
    raw_query(fd, "SHOW JOBS");
    sleep_ms(200);
    wrong[0] = key[0];
    wrong[1] = key[1] + 1;
    send_cancel(wrong);
    ck_assert_int_eq(rows_until_ready(fd, state, msg, sizeof msg), 20000);
    ck_assert_str_eq(state, "");
    /* The right key: 57014 while its rows wait on the client's reading. */
    raw_query(fd, "SHOW JOBS");
    sleep_ms(200);
    send_cancel(key);
    rows = rows_until_ready(fd, state, msg, sizeof msg);
    ck_assert_int_lt(rows, 20000);
    ck_assert_str_eq(state, "57014");
    ck_assert_str_eq(msg, "canceling statement due to user request");
    /* The session goes on; statement_timeout too. */
    raw_query(fd, "SET statement_timeout = 100");
    ck_assert_int_eq(rows_until_ready(fd, state, msg, sizeof msg), 0);
    raw_query(fd, "SHOW JOBS");
    sleep_ms(400);
    ck_assert_int_lt(rows_until_ready(fd, state, msg, sizeof msg), 20000);
    ck_assert_str_eq(state, "57014");
    ck_assert_str_eq(msg, "canceling statement due to statement timeout");
    close(fd);
}
END_TEST

static Suite *serve_sql_suite(void) {
    Suite *s = suite_create("serve_sql");
    TCase *tc = tcase_create("extended");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, exec_params_text_and_binary);
    tcase_add_test(tc, prepare_describe_execute);
    tcase_add_test(tc, row_limit_suspends_the_portal);
    suite_add_tcase(s, tc);
    tc = tcase_create("blocks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, block_seen_by_its_session_then_by_others);
    tcase_add_test(tc, commit_checks_what_changed_since);
    suite_add_tcase(s, tc);
    tc = tcase_create("sessions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, prepared_statements_belong_to_their_session);
    tcase_add_test(tc, session_variables);
    tcase_add_test(tc, server_version_of_the_release);
    tcase_add_test(tc, valid_sql_is_never_a_syntax_error);
    suite_add_tcase(s, tc);
    tc = tcase_create("streaming");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_client_that_does_not_read_costs_a_bound);
    tcase_add_test(tc, cancel_stops_the_running_statement);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(serve_sql_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

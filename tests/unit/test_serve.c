/* Check suite of sim/serve/: jobtck serve in a child process, spoken to over loopback by a raw
   client (exact bytes, malformed ones included) and by libpq. */
#include <check.h>
#include <libpq-fe.h>
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

/* A libpq connection to the served model, as user on database. */
static PGconn *pq(const char *user, const char *database) {
    char conninfo[256];
    PGconn *pg;
    snprintf(conninfo, sizeof conninfo,
             "host=127.0.0.1 port=%d user=%s dbname=%s connect_timeout=5 sslmode=prefer", sv.port,
             user, database);
    pg = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(pg) == CONNECTION_OK, "connect: %s", PQerrorMessage(pg));
    return pg;
}

/* The server still serves: a new session runs SHOW JOBS. */
static void still_serving(void) {
    char seen[64];
    int fd = raw_session(sv.port, "root", "alive");
    raw_query(fd, "SHOW JOBS");
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_str_eq(seen, "TCZ");
    close(fd);
}

/* Reads one ErrorResponse, checks its severity and SQLSTATE, then the end of the stream. */
static void expect_fatal_then_close(int fd, const char *sqlstate) {
    char type;
    size_t len;
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'E');
    ck_assert_str_eq(error_field(body, len, 'S'), "FATAL");
    ck_assert_str_eq(error_field(body, len, 'C'), sqlstate);
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 0);
}

/* ---- the protocol -------------------------------------------------------------------- */

START_TEST(startup_and_show_jobs) {
    char type, seen[64];
    size_t len;
    int fd = raw_connect(sv.port);
    raw_send_startup(fd, "root", "db");
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'R'); /* AuthenticationOk: trust */
    ck_assert_uint_eq(len, 4);
    ck_assert_uint_eq(get32(body), 0);
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_ptr_nonnull(strchr(seen, 'S')); /* ParameterStatus */
    ck_assert_ptr_nonnull(strchr(seen, 'K')); /* BackendKeyData */
    raw_query(fd, "SHOW JOBS");
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'T');
    ck_assert_uint_eq((unsigned)(body[0] << 8 | body[1]), 12);
    ck_assert_str_eq((const char *)body + 2, "job_id");
    ck_assert_uint_eq(get32(body + 2 + 7 + 6), 20); /* int8 */
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'C');
    ck_assert_str_eq((const char *)body, "SELECT 0");
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'Z');
    ck_assert_int_eq(body[0], 'I');
    close(fd);
}
END_TEST

START_TEST(ssl_request_answered_n) {
    unsigned char req[8], answer;
    char seen[64];
    int fd = raw_connect(sv.port);
    be32(req, 8);
    be32(req + 4, 80877103u);
    raw_send(fd, req, 8);
    ck_assert_int_eq(raw_read(fd, &answer, 1), 1);
    ck_assert_int_eq(answer, 'N');
    raw_send_startup(fd, "root", "db");
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_int_eq(seen[0], 'R');
    close(fd);
}
END_TEST

START_TEST(command_tag_error_and_values) {
    char type, seen[64];
    size_t len;
    int fd = raw_session(sv.port, "root", "db");
    raw_query(fd, "JOBTCK FIXTURE JOB id=7 type='IMPORT' status='running'");
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_str_eq(seen, "CZ");
    raw_query(fd, "PAUSE JOB 7");
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'C');
    ck_assert_str_eq((const char *)body, "PAUSE JOBS 1");
    raw_until_ready(fd, seen, sizeof seen);
    raw_query(fd, "PAUSE JOB 8");
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'E');
    ck_assert_str_eq(error_field(body, len, 'S'), "ERROR");
    ck_assert_str_eq(error_field(body, len, 'C'), "XX000");
    ck_assert_str_eq(error_field(body, len, 'M'), "job with ID 8 does not exist");
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_str_eq(seen, "Z");
    /* A syntax error has its position. */
    raw_query(fd, "PAUSE JOB 7 junk");
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'E');
    ck_assert_str_eq(error_field(body, len, 'C'), "42601");
    ck_assert_ptr_nonnull(error_field(body, len, 'P'));
    raw_until_ready(fd, seen, sizeof seen);
    /* bool in PostgreSQL's text format, NULL as -1. */
    raw_query(fd, "SELECT true, finished FROM [SHOW JOBS]");
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'T');
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'D');
    ck_assert_uint_eq(get32(body + 2), 1);
    ck_assert_int_eq(body[6], 't');
    ck_assert_uint_eq(get32(body + 7), 0xffffffffu);
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_str_eq(seen, "CZ");
    /* Nothing to run: EmptyQueryResponse. */
    raw_query(fd, "  ; -- nothing\n");
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_str_eq(seen, "IZ");
    close(fd);
}
END_TEST

START_TEST(extended_protocol_error_skips_until_sync) {
    unsigned char parse[10];
    unsigned char sync[] = {'S', 0, 0, 0, 4};
    char type, seen[64];
    size_t len;
    int fd = raw_session(sv.port, "root", "db");
    /* Parse "" of the statement "x" (not SQL) with no types: 4 + 1 + 2 + 2 = 9 bytes. */
    parse[0] = 'P';
    be32(parse + 1, 4 + 1 + 2 + 2);
    parse[5] = 0;
    parse[6] = 'x';
    parse[7] = 0;
    parse[8] = 0;
    parse[9] = 0;
    raw_send(fd, parse, 10);
    raw_send(fd, parse, 10); /* skipped */
    raw_send(fd, sync, 5);
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
    ck_assert_int_eq(type, 'E');
    ck_assert_str_eq(error_field(body, len, 'C'), "42601");
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_str_eq(seen, "Z");
    raw_query(fd, "SHOW JOBS");
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_str_eq(seen, "TCZ");
    close(fd);
}
END_TEST

START_TEST(terminate_closes) {
    unsigned char x[] = {'X', 0, 0, 0, 4};
    char type;
    size_t len;
    int fd = raw_session(sv.port, "root", "db");
    raw_send(fd, x, 5);
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 0);
    close(fd);
    still_serving();
}
END_TEST

START_TEST(cancel_request_closes_quietly) {
    unsigned char req[16];
    char type;
    size_t len;
    int fd = raw_connect(sv.port);
    be32(req, 16);
    be32(req + 4, 80877102u);
    be32(req + 8, 1);
    be32(req + 12, 2);
    raw_send(fd, req, 16);
    ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 0);
    close(fd);
    still_serving();
}
END_TEST

/* ---- malformed and oversized messages close that connection only ----------------------- */

START_TEST(oversized_message) {
    unsigned char head[5] = {'Q', 0x7f, 0xff, 0xff, 0xff};
    int other = raw_session(sv.port, "root", "db"), fd = raw_session(sv.port, "root", "db");
    char seen[64];
    raw_send(fd, head, 5);
    expect_fatal_then_close(fd, "54000");
    close(fd);
    /* Another session, open all along, goes on. */
    raw_query(other, "SHOW JOBS");
    raw_until_ready(other, seen, sizeof seen);
    ck_assert_str_eq(seen, "TCZ");
    close(other);
    still_serving();
}
END_TEST

START_TEST(oversized_message_with_its_body) {
    /* The client goes on sending the body it announced: the error still reaches it. */
    static unsigned char junk[1 << 16];
    unsigned char head[5] = {'Q', 0, 0, 0, 0};
    int fd = raw_session(sv.port, "root", "db"), i;
    be32(head + 1, (uint32_t)JT_SERVE_LIMIT_MESSAGE + 1);
    memset(junk, 'a', sizeof junk);
    raw_send(fd, head, 5);
    for (i = 0; i < 4; i++)
        raw_send(fd, junk, sizeof junk);
    shutdown(fd, SHUT_WR);
    expect_fatal_then_close(fd, "54000");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(oversized_startup) {
    unsigned char head[8];
    int fd = raw_connect(sv.port);
    be32(head, 1u << 30);
    be32(head + 4, 196608u);
    raw_send(fd, head, 8);
    expect_fatal_then_close(fd, "54000");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(short_startup_length) {
    unsigned char head[4];
    int fd = raw_connect(sv.port);
    be32(head, 3);
    raw_send(fd, head, 4);
    expect_fatal_then_close(fd, "08P01");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(startup_without_terminator) {
    unsigned char pkt[16];
    int fd = raw_connect(sv.port);
    be32(pkt, 13);
    be32(pkt + 4, 196608u);
    memcpy(pkt + 8, "user", 5); /* a name, no value, no terminator */
    raw_send(fd, pkt, 13);
    expect_fatal_then_close(fd, "08P01");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(startup_without_user) {
    unsigned char pkt[9];
    int fd = raw_connect(sv.port);
    be32(pkt, 9);
    be32(pkt + 4, 196608u);
    pkt[8] = 0;
    raw_send(fd, pkt, 9);
    expect_fatal_then_close(fd, "28000");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(unsupported_protocol) {
    unsigned char pkt[9];
    int fd = raw_connect(sv.port);
    be32(pkt, 9);
    be32(pkt + 4, 2u << 16);
    pkt[8] = 0;
    raw_send(fd, pkt, 9);
    expect_fatal_then_close(fd, "0A000");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(unknown_message_type) {
    unsigned char msg[5] = {'z', 0, 0, 0, 4};
    int fd = raw_session(sv.port, "root", "db");
    raw_send(fd, msg, 5);
    expect_fatal_then_close(fd, "08P01");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(query_not_terminated) {
    unsigned char msg[9] = {'Q', 0, 0, 0, 8, 'S', 'H', 'O', 'W'};
    int fd = raw_session(sv.port, "root", "db");
    raw_send(fd, msg, 9);
    expect_fatal_then_close(fd, "08P01");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(short_message_length) {
    unsigned char msg[5] = {'Q', 0, 0, 0, 3};
    int fd = raw_session(sv.port, "root", "db");
    raw_send(fd, msg, 5);
    expect_fatal_then_close(fd, "08P01");
    close(fd);
    still_serving();
}
END_TEST

START_TEST(client_gone_mid_message) {
    unsigned char msg[8] = {'Q', 0, 0, 1, 0, 'S', 'H', 'O'};
    int fd = raw_session(sv.port, "root", "db");
    raw_send(fd, msg, 8);
    close(fd);
    still_serving();
}
END_TEST

/* ---- many clients, databases, fixtures ------------------------------------------------- */

START_TEST(many_clients_at_once) {
    enum { N = 50 };
    int fds[N], i;
    char seen[64], type;
    size_t len;
    for (i = 0; i < N; i++) {
        fds[i] = raw_connect(sv.port);
        raw_send_startup(fds[i], "root", "many");
    }
    for (i = 0; i < N; i++)
        raw_until_ready(fds[i], seen, sizeof seen);
    for (i = 0; i < N; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "JOBTCK FIXTURE JOB id=%d type='BACKUP' status='running'", i + 1);
        raw_query(fds[i], sql);
    }
    for (i = 0; i < N; i++) {
        raw_until_ready(fds[i], seen, sizeof seen);
        ck_assert_str_eq(seen, "CZ");
    }
    /* Every session of the database sees every job. */
    for (i = 0; i < N; i++)
        raw_query(fds[i], "SELECT job_id FROM [SHOW JOBS]");
    for (i = 0; i < N; i++) {
        int rows = 0;
        do {
            ck_assert_int_eq(raw_msg(fds[i], &type, body, sizeof body, &len), 1);
            rows += type == 'D';
        } while (type != 'Z');
        ck_assert_int_eq(rows, N);
        close(fds[i]);
    }
}
END_TEST

START_TEST(too_many_connections) {
    served small;
    int a, b, c;
    serve_stop(&sv);
    serve_start(&small, 0, 2);
    a = raw_session(small.port, "root", "db");
    b = raw_session(small.port, "root", "db");
    /* The SSLRequest is answered, the startup read; then FATAL 53300, as PostgreSQL does. */
    c = raw_connect(small.port);
    {
        unsigned char req[8], answer;
        char type;
        size_t len;
        be32(req, 8);
        be32(req + 4, 80877103u);
        raw_send(c, req, 8);
        ck_assert_int_eq(raw_read(c, &answer, 1), 1);
        ck_assert_int_eq(answer, 'N');
        raw_send_startup(c, "root", "db");
        ck_assert_int_eq(raw_msg(c, &type, body, sizeof body, &len), 1);
        ck_assert_int_eq(type, 'E');
        ck_assert_str_eq(error_field(body, len, 'S'), "FATAL");
        ck_assert_str_eq(error_field(body, len, 'C'), "53300");
        ck_assert_str_eq(error_field(body, len, 'M'), "sorry, too many clients already");
        ck_assert_int_eq(raw_msg(c, &type, body, sizeof body, &len), 0);
    }
    close(c);
    /* libpq shows it as PostgreSQL's refusal, not as an SSL failure. */
    {
        char conninfo[128];
        PGconn *pg;
        snprintf(conninfo, sizeof conninfo,
                 "host=127.0.0.1 port=%d user=root dbname=db sslmode=prefer", small.port);
        pg = PQconnectdb(conninfo);
        ck_assert_int_eq(PQstatus(pg), CONNECTION_BAD);
        ck_assert_ptr_nonnull(strstr(PQerrorMessage(pg), "sorry, too many clients already"));
        PQfinish(pg);
    }
    close(c);
    close(a);
    close(b);
    serve_stop(&small);
}
END_TEST

/* One world for every connection by default: another database, another user see it. */
START_TEST(one_world_by_default) {
    PGconn *a = pq("root", "one"), *other = pq("root", "two"), *maxroach;
    PGresult *r;
    char conninfo[128];
    r = PQexec(a, "JOBTCK FIXTURE USER name='maxroach' admin=true");
    PQclear(r);
    r = PQexec(a, "JOBTCK FIXTURE JOB id=27536791415282 type='RESTORE' status='running' "
                  "description='RESTORE db.* FROM ''azure://backup/db/tbl'''");
    ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQexec(other, "PAUSE JOB 27536791415282;");
    ck_assert_str_eq(PQcmdStatus(r), "PAUSE JOBS 1");
    PQclear(r);
    /* maxroach without a database (libpq names its own: maxroach) sees root's job. */
    snprintf(conninfo, sizeof conninfo, "host=127.0.0.1 port=%d user=maxroach", sv.port);
    maxroach = PQconnectdb(conninfo);
    ck_assert_int_eq(PQstatus(maxroach), CONNECTION_OK);
    r = PQexec(maxroach, "SELECT job_id, status, description FROM [SHOW JOBS]");
    ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
    ck_assert_int_eq(PQntuples(r), 1);
    ck_assert_str_eq(PQgetvalue(r, 0, 0), "27536791415282");
    ck_assert_str_eq(PQgetvalue(r, 0, 1), "paused");
    ck_assert_str_eq(PQgetvalue(r, 0, 2), "RESTORE db.* FROM 'azure://backup/db/tbl'");
    ck_assert_uint_eq(PQftype(r, 0), 20);
    ck_assert_uint_eq(PQftype(r, 1), 25);
    PQclear(r);
    r = PQexec(maxroach, "SELECT current_database(), current_user");
    ck_assert_str_eq(PQgetvalue(r, 0, 0), "maxroach");
    ck_assert_str_eq(PQgetvalue(r, 0, 1), "maxroach");
    PQclear(r);
    PQfinish(a);
    PQfinish(other);
    PQfinish(maxroach);
}
END_TEST

/* --world-per-database: a world per database name; JOBTCK RESET empties its own. */
START_TEST(world_per_database) {
    jt_serve_config cfg;
    served own;
    PGconn *a, *b, *other;
    PGresult *r;
    char conninfo[128];
    serve_stop(&sv);
    memset(&cfg, 0, sizeof cfg);
    cfg.world_per_database = 1;
    serve_start_cfg(&own, &cfg);
    snprintf(conninfo, sizeof conninfo, "host=127.0.0.1 port=%d user=root dbname=one", own.port);
    a = PQconnectdb(conninfo);
    b = PQconnectdb(conninfo);
    snprintf(conninfo, sizeof conninfo, "host=127.0.0.1 port=%d user=root dbname=two", own.port);
    other = PQconnectdb(conninfo);
    r = PQexec(a, "JOBTCK FIXTURE JOB id=1 type='RESTORE' status='running'");
    ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQexec(b, "SELECT job_id FROM [SHOW JOBS]");
    ck_assert_int_eq(PQntuples(r), 1);
    PQclear(r);
    r = PQexec(other, "SELECT job_id FROM [SHOW JOBS]");
    ck_assert_int_eq(PQntuples(r), 0);
    PQclear(r);
    r = PQexec(other, "JOBTCK RESET");
    PQclear(r);
    r = PQexec(b, "SELECT job_id FROM [SHOW JOBS]");
    ck_assert_int_eq(PQntuples(r), 1);
    PQclear(r);
    r = PQexec(b, "JOBTCK RESET;");
    PQclear(r);
    r = PQexec(a, "SELECT job_id FROM [SHOW JOBS]");
    ck_assert_int_eq(PQntuples(r), 0);
    PQclear(r);
    PQfinish(a);
    PQfinish(b);
    PQfinish(other);
    serve_stop(&own);
}
END_TEST

START_TEST(session_user_from_startup) {
    PGconn *root = pq("root", "db"), *maxroach;
    PGresult *r;
    r = PQexec(root, "JOBTCK FIXTURE USER name='maxroach'");
    ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    maxroach = pq("maxroach", "db");
    r = PQexec(maxroach, "PAUSE JOB 1");
    ck_assert_int_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42501");
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "only users with the admin role are allowed to PAUSE JOBS");
    PQclear(r);
    r = PQexec(root, "JOBTCK FIXTURE USER name='maxroach' admin=true");
    PQclear(r);
    r = PQexec(maxroach, "PAUSE JOB 1");
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "job with ID 1 does not exist");
    PQclear(r);
    PQfinish(root);
    PQfinish(maxroach);
}
END_TEST

START_TEST(jobtck_statements) {
    PGconn *pg = pq("root", "db");
    PGresult *r;
    static const struct {
        const char *sql, *sqlstate, *message;
    } bad[] = {
        {"JOBTCK", "42601", "JOBTCK: expected RESET or FIXTURE at position 7"},
        {"JOBTCK RESET now", "42601", "JOBTCK RESET: unexpected text at position 14"},
        {"JOBTCK FIXTURE TABLE", "42601", "JOBTCK FIXTURE: expected USER or JOB at position 16"},
        {"JOBTCK FIXTURE JOB id=1 type='IMPORT'", "42601",
         "JOBTCK FIXTURE JOB: id=, type= and status= are required"},
        {"JOBTCK FIXTURE JOB id=1 id=2", "42601", "JOBTCK FIXTURE JOB: key 'id' given twice"},
        {"JOBTCK FIXTURE JOB id=1 colour='red'", "42601",
         "JOBTCK FIXTURE JOB: unknown key 'colour'"},
        {"JOBTCK FIXTURE JOB id=0 type='IMPORT' status='running'", "42601",
         "JOBTCK FIXTURE JOB: id=0 is not in 1 .. 2^63-1"},
        {"JOBTCK FIXTURE JOB id=99999999999999999999 type='IMPORT' status='running'", "42601",
         "JOBTCK FIXTURE JOB: id=99999999999999999999 is not in 1 .. 2^63-1"},
        {"JOBTCK FIXTURE JOB id=1 type='IMPORT' status='running", "42601",
         "JOBTCK FIXTURE JOB: status= expects a string literal"},
        {"JOBTCK FIXTURE JOB id=1 type=NULL status='running'", "42601",
         "JOBTCK FIXTURE JOB: type= expects a string literal"},
        {"JOBTCK FIXTURE USER admin=true", "42601", "JOBTCK FIXTURE USER: name= is required"},
        {"JOBTCK FIXTURE USER name='x' admin=maybe", "42601",
         "JOBTCK FIXTURE USER: admin= expects true or false"},
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = PQexec(pg, bad[i].sql);
        ck_assert_msg(PQresultStatus(r) == PGRES_FATAL_ERROR, "%s", bad[i].sql);
        ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), bad[i].sqlstate);
        ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), bad[i].message);
        PQclear(r);
    }
    /* The model's own check of a fixture. */
    r = PQexec(pg, "JOBTCK FIXTURE JOB id=1 type='REPAIR' status='running'");
    ck_assert_int_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    ck_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22023");
    PQclear(r);
    /* E'' strings (PQescapeLiteral's form for backslashes), NULL for the default, ';'. */
    r = PQexec(pg, "jobtck fixture job id=5 type='SCHEMA CHANGE' status='failed' user=NULL "
                   "description=NULL error= E'a \\\\ b '' c';");
    ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = PQexec(pg, "SELECT user_name, error FROM [SHOW JOBS] WHERE job_id = 5");
    ck_assert_int_eq(PQntuples(r), 1);
    ck_assert_str_eq(PQgetvalue(r, 0, 0), "root");
    ck_assert_str_eq(PQgetvalue(r, 0, 1), "a \\ b ' c");
    PQclear(r);
    PQfinish(pg);
}
END_TEST

/* ---- a connection without a socket (jt_serve_session_feed, the fuzz target's way in) ---- */

static size_t put_startup(unsigned char *p, const char *user) {
    size_t n = 8;
    memcpy(p + 4, "\0\3\0\0", 4);
    memcpy(p + n, "user", 5);
    n += 5;
    memcpy(p + n, user, strlen(user) + 1);
    n += strlen(user) + 1;
    p[n++] = 0;
    p[0] = p[1] = 0;
    p[2] = (unsigned char)(n >> 8);
    p[3] = (unsigned char)n;
    return n;
}

static size_t put_query(unsigned char *p, const char *sql) {
    size_t len = strlen(sql) + 5;
    p[0] = 'Q';
    p[1] = p[2] = 0;
    p[3] = (unsigned char)(len >> 8);
    p[4] = (unsigned char)len;
    memcpy(p + 5, sql, strlen(sql) + 1);
    return len + 1;
}

/* The message types of serve's output, in order. */
/* Whether the n bytes at p hold the string s. */
static int holds(const unsigned char *p, size_t n, const char *s) {
    size_t k = strlen(s), i;
    for (i = 0; i + k <= n; i++)
        if (memcmp(p + i, s, k) == 0)
            return 1;
    return 0;
}

static void types_of(char *seen, size_t cap, const unsigned char *out, size_t n) {
    size_t i = 0, k = 0;
    while (i + 5 <= n && k + 1 < cap) {
        seen[k++] = (char)out[i];
        i += 1 + ((size_t)out[i + 1] << 24 | (size_t)out[i + 2] << 16 | (size_t)out[i + 3] << 8 |
                  out[i + 4]);
    }
    seen[k] = '\0';
}

START_TEST(session_without_socket) {
    static unsigned char in[4096];
    unsigned char *whole = NULL, *bytewise = NULL;
    size_t n = 0, wlen = 0, blen = 0, i;
    char seen[64];
    jt_serve_session *ss;
    jt_error err;
    memset(&err, 0, sizeof err);
    n += put_startup(in + n, "root");
    n += put_query(in + n, "JOBTCK FIXTURE JOB id=27536791415282 type='RESTORE' status='running'");
    n += put_query(in + n, "PAUSE JOB 27536791415282");
    n += put_query(in + n, "SELECT job_id, status FROM [SHOW JOBS]");
    /* all at once */
    ck_assert_int_eq(jt_serve_session_new(&ss, NULL, &err), 0);
    ck_assert_int_eq(jt_serve_session_feed(ss, in, n, &whole, &wlen), 1);
    jt_serve_session_free(ss);
    types_of(seen, sizeof seen, whole, wlen);
    ck_assert_str_eq(seen, "RSSSSSSSSSSSSKZCZCZTDCZ");
    ck_assert(holds(whole, wlen, "PAUSE JOBS 1"));
    ck_assert(holds(whole, wlen, "paused"));
    /* a byte at a time: the same bytes out */
    ck_assert_int_eq(jt_serve_session_new(&ss, NULL, &err), 0);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(jt_serve_session_feed(ss, in + i, 1, &bytewise, &blen), 1);
    jt_serve_session_free(ss);
    ck_assert_uint_eq(blen, wlen);
    ck_assert_int_eq(memcmp(whole, bytewise, wlen), 0);
    free(bytewise);
    /* a malformed message: one FATAL error, then closed; later bytes are ignored */
    ck_assert_int_eq(jt_serve_session_new(&ss, NULL, &err), 0);
    free(whole);
    whole = NULL;
    wlen = 0;
    n = put_startup(in, "root");
    memcpy(in + n, "Q\0\0\0\2", 5);
    ck_assert_int_eq(jt_serve_session_feed(ss, in, n + 5, &whole, &wlen), 0);
    types_of(seen, sizeof seen, whole, wlen);
    ck_assert_str_eq(seen, "RSSSSSSSSSSSSKZE");
    ck_assert(holds(whole, wlen, "invalid message length 2"));
    ck_assert_int_eq(jt_serve_session_feed(ss, in, n, &whole, &wlen), 0);
    types_of(seen, sizeof seen, whole, wlen);
    ck_assert_str_eq(seen, "RSSSSSSSSSSSSKZE");
    jt_serve_session_free(ss);
    free(whole);
    ck_assert_int_eq(jt_serve_session_new(&ss, "v0.0", &err), JT_EINVAL);
    ck_assert_str_eq(err.message, "unknown profile v0.0");
}
END_TEST

/* --listen is HOST:PORT with a port of digits up to 65535; a longer number does not wrap
   around to a valid one (4295032831 is 2^32 + 65535). */
START_TEST(listen_address_checked) {
    static const char *const bad[] = {
        "127.0.0.1:4295032831", "127.0.0.1:65536", "127.0.0.1:", ":80", "127.0.0.1", "[::1]80",
        "127.0.0.1:8x",         "127.0.0.1:-1"};
    jt_serve_config cfg;
    jt_serve *s = NULL;
    jt_error err;
    char want[128];
    size_t i;
    memset(&cfg, 0, sizeof cfg);
    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&err, 0, sizeof err);
        cfg.listen = bad[i];
        ck_assert_int_eq(jt_serve_new(&s, &cfg, &err), JT_EINVAL);
        ck_assert_ptr_null(s);
        snprintf(want, sizeof want, "--listen %s: expected HOST:PORT", bad[i]);
        ck_assert_str_eq(err.message, want);
    }
    cfg.listen = "127.0.0.1:0";
    ck_assert_int_eq(jt_serve_new(&s, &cfg, &err), 0);
    ck_assert_int_gt(jt_serve_port(s), 0);
    jt_serve_free(s);
}
END_TEST

static Suite *serve_suite(void) {
    Suite *s = suite_create("serve");
    TCase *tc = tcase_create("protocol");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, startup_and_show_jobs);
    tcase_add_test(tc, ssl_request_answered_n);
    tcase_add_test(tc, command_tag_error_and_values);
    tcase_add_test(tc, extended_protocol_error_skips_until_sync);
    tcase_add_test(tc, terminate_closes);
    tcase_add_test(tc, cancel_request_closes_quietly);
    suite_add_tcase(s, tc);
    tc = tcase_create("malformed");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, oversized_message);
    tcase_add_test(tc, oversized_message_with_its_body);
    tcase_add_test(tc, oversized_startup);
    tcase_add_test(tc, short_startup_length);
    tcase_add_test(tc, startup_without_terminator);
    tcase_add_test(tc, startup_without_user);
    tcase_add_test(tc, unsupported_protocol);
    tcase_add_test(tc, unknown_message_type);
    tcase_add_test(tc, query_not_terminated);
    tcase_add_test(tc, short_message_length);
    tcase_add_test(tc, client_gone_mid_message);
    suite_add_tcase(s, tc);
    tc = tcase_create("sessions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, many_clients_at_once);
    tcase_add_test(tc, too_many_connections);
    tcase_add_test(tc, one_world_by_default);
    tcase_add_test(tc, world_per_database);
    tcase_add_test(tc, session_user_from_startup);
    tcase_add_test(tc, jobtck_statements);
    suite_add_tcase(s, tc);
    tc = tcase_create("socketless");
    tcase_add_test(tc, session_without_socket);
    suite_add_tcase(s, tc);
    tc = tcase_create("setup");
    tcase_add_test(tc, listen_address_checked);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(serve_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * libpq against jobtck serve (tests/pg/clients.sh libpq): the documented examples through the
 * extended query protocol from C: PQexecParams, PQprepare, PQdescribePrepared, PQexecPrepared,
 * and the non-admin refusal read by its SQLSTATE. Usage: libpq_examples PORT. Exit 0 when every
 * check holds; 1 with the first that does not.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "libpq_examples: " __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static PGconn *connect_as(int port, const char *user) {
    char conninfo[256];
    PGconn *pg;
    snprintf(conninfo, sizeof conninfo,
             "host=127.0.0.1 port=%d user=%s dbname=defaultdb sslmode=disable connect_timeout=5",
             port, user);
    pg = PQconnectdb(conninfo);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "libpq_examples: cannot connect as %s: %s", user, PQerrorMessage(pg));
        exit(1);
    }
    return pg;
}

/* Example 1, "Pause a single job": PQexecParams, the id a typed int8 parameter. */
static void single(PGconn *pg) {
    const char *values[1] = {"27536791415282"};
    Oid types[1] = {20};
    PGresult *r = PQexecParams(pg, "PAUSE JOB $1", 1, types, values, NULL, NULL, 0);
    CHECK(PQresultStatus(r) == PGRES_COMMAND_OK, "PAUSE JOB $1: %s", PQresultErrorMessage(r));
    CHECK(strcmp(PQcmdStatus(r), "PAUSE JOBS 1") == 0, "PAUSE JOB $1: tag %s", PQcmdStatus(r));
    PQclear(r);
    r = PQexecParams(pg, "SELECT status FROM [SHOW JOBS] WHERE job_id = $1", 1, NULL, values, NULL,
                     NULL, 0);
    CHECK(PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "paused") == 0,
          "the job is not paused: %s", PQresultErrorMessage(r));
    PQclear(r);
}

/* Example 2, "Pause multiple jobs": PQprepare, PQdescribePrepared, PQexecPrepared. */
static void bulk(PGconn *pg) {
    const char *values[1] = {"maxroach"};
    PGresult *r = PQprepare(
        pg, "by_user", "PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE user_name = $1)", 0, NULL);
    CHECK(PQresultStatus(r) == PGRES_COMMAND_OK, "PQprepare: %s", PQresultErrorMessage(r));
    PQclear(r);
    r = PQdescribePrepared(pg, "by_user");
    CHECK(PQnparams(r) == 1 && PQparamtype(r, 0) == 25, "by_user: %d parameters, type %u",
          PQnparams(r), PQnparams(r) ? PQparamtype(r, 0) : 0);
    PQclear(r);
    r = PQexecPrepared(pg, "by_user", 1, values, NULL, NULL, 0);
    CHECK(strcmp(PQcmdStatus(r), "PAUSE JOBS 4") == 0, "by_user: %s %s", PQcmdStatus(r),
          PQresultErrorMessage(r));
    PQclear(r);
    r = PQprepare(pg, "one", "PAUSE JOB $1", 0, NULL);
    PQclear(r);
    r = PQdescribePrepared(pg, "one");
    CHECK(PQnparams(r) == 1 && PQparamtype(r, 0) == 20, "PAUSE JOB $1: its parameter is not int8");
    PQclear(r);
}

/* A user without the admin role: refused, 42501. */
static void refusal(PGconn *pg) {
    const char *values[1] = {"1"};
    PGresult *r = PQexecParams(pg, "RESUME JOB $1", 1, NULL, values, NULL, NULL, 0);
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    CHECK(state && strcmp(state, "42501") == 0, "RESUME JOB as maxroach: SQLSTATE %s",
          state ? state : "none");
    CHECK(msg && strcmp(msg, "only users with the admin role are allowed to RESUME JOBS") == 0,
          "RESUME JOB as maxroach: %s", msg ? msg : "no message");
    PQclear(r);
}

int main(int argc, char **argv) {
    PGconn *root, *maxroach;
    int port = argc == 2 ? atoi(argv[1]) : 0;
    if (port <= 0) {
        fprintf(stderr, "usage: libpq_examples PORT\n");
        return 2;
    }
    root = connect_as(port, "root");
    single(root);
    bulk(root);
    PQfinish(root);
    maxroach = connect_as(port, "maxroach");
    refusal(maxroach);
    PQfinish(maxroach);
    if (failures)
        return 1;
    printf("libpq %d: ok\n", PQlibVersion());
    return 0;
}

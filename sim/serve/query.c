/* The models behind serve, and a query string run on one (see query.h). */
#include "sim/serve/query.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/serve/fixtures.h"
#include "sim/serve/lex.h"
#include "sim/serve/wire.h"

size_t jt_serve_db_open(jt_serve *s, const char *name, jt_error *err) {
    size_t i;
    jt_serve_db *db;
    for (i = 0; i < s->ndbs; i++)
        if (strcmp(s->dbs[i].name, name) == 0)
            return i;
    if (s->ndbs >= JT_SERVE_LIMIT_DATABASES) {
        jt_error_set(err, JT_ELIMIT, 0, "more than %d databases", JT_SERVE_LIMIT_DATABASES);
        return SIZE_MAX;
    }
    if (jt_grow((void **)&s->dbs, &s->dbcap, s->ndbs + 1, sizeof *s->dbs,
                JT_SERVE_LIMIT_DATABASES) < 0) {
        jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        return SIZE_MAX;
    }
    db = &s->dbs[s->ndbs];
    memset(db, 0, sizeof *db);
    db->name = jt_strdup(name);
    if (!db->name) {
        jt_error_set(err, JT_ENOMEM, 0, "out of memory");
        return SIZE_MAX;
    }
    if (jt_model_new(&db->model, s->profile, err) < 0) {
        free(db->name);
        return SIZE_MAX;
    }
    return s->ndbs++;
}

void jt_serve_db_free_all(jt_serve *s) {
    size_t i;
    for (i = 0; i < s->ndbs; i++) {
        jt_model_free(s->dbs[i].model);
        free(s->dbs[i].name);
    }
    free(s->dbs);
    s->dbs = NULL;
    s->ndbs = s->dbcap = 0;
}

void jt_serve_db_advance_all(jt_serve *s) {
    size_t i;
    for (i = 0; i < s->ndbs; i++) {
        int64_t moved;
        (void)jt_model_advance(s->dbs[i].model, &moved);
    }
}

static void run_jobtck(jt_model *m, jt_conn *c, const char *sql) {
    char tag[64];
    jt_error err;
    memset(&err, 0, sizeof err);
    if (jt_jobtck_run(m, sql, tag, sizeof tag, &err) < 0)
        jt_wire_error(c, "ERROR", err.sqlstate, err.message, 0);
    else
        jt_wire_complete(c, tag);
}

static void run_statement(jt_model *m, jt_conn *c, const char *sql) {
    jt_result res;
    jt_error err;
    memset(&res, 0, sizeof res);
    memset(&err, 0, sizeof err);
    if (jt_model_exec(m, c->user, sql, &res, &err) < 0) {
        char msg[JT_MESSAGE_MAX + 32];
        snprintf(msg, sizeof msg, "internal error: %s", err.message);
        jt_wire_error(c, "ERROR", err.code == JT_ENOMEM ? "53200" : "XX000", msg, 0);
        return;
    }
    jt_wire_result(c, &res);
    jt_result_dispose(&res);
}

void jt_serve_query(jt_serve *s, jt_conn *c, const char *sql) {
    jt_model *m = s->dbs[c->db].model;
    size_t mark = c->outlen, len;
    int racy = jt_racy_applies(s->racy_reads_ms, sql);
    const unsigned char *then =
        racy ? jt_racy_recall(&c->racy, s->racy_reads_ms, sql, jt_serve_now_ms(), &len) : NULL;
    if (then) {
        jt_wire_put(c, then, len); /* the answer of then: stale on purpose */
        jt_wire_ready(c);
        return;
    }
    if (jt_lex_empty_query(sql))
        jt_wire_empty(c);
    else if (jt_jobtck_is(sql))
        run_jobtck(m, c, sql);
    else
        run_statement(m, c, sql);
    if (racy && !c->outerr)
        jt_racy_remember(&c->racy, sql, c->out + mark, c->outlen - mark, jt_serve_now_ms());
    jt_wire_ready(c);
}

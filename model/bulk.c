/*
 * Bulk operations and changefeeds (model/internal/stmt.h): BACKUP, RESTORE and IMPORT make a
 * job of their type and wait for it (it succeeds: the model has no data to move) and return
 * its row (job_id, status, fraction_completed, rows, index_entries, bytes: docs backup.md,
 * restore.md, import.md); WITH detached returns the job's id at once, the job running (v20.1
 * on). CREATE CHANGEFEED … INTO a sink makes a CHANGEFEED job, running, and returns its id
 * (one without a sink streams rows: outside the kit). CREATE SCHEDULE FOR BACKUP (v20.2 on)
 * makes a schedule whose first run starts at once: a BACKUP job created by it (SHOW JOBS FOR
 * SCHEDULES, PAUSE JOBS FOR SCHEDULES see it). A job's description is the statement as
 * written, words and strings normalized (CockroachDB prints its parsed form: qualified names,
 * redacted credentials; docs show-jobs.md). Admin members only (the releases' finer BACKUP,
 * RESTORE, CHANGEFEED privileges are not modelled).
 */
#include <stdio.h>
#include <string.h>

#include "model/internal/stmt.h"

static const char *const bulk_types[] = {"BACKUP", "RESTORE", "IMPORT", "CHANGEFEED", "BACKUP"};

/* Rows of one row: names/types/values given. */
static int one_row(jt_eval *ev, jt_result *out, const char **names, uint8_t *types,
                   jt_value *values, size_t n) {
    jt_rows rows;
    memset(&rows, 0, sizeof rows);
    rows.ncols = n;
    rows.nrows = rows.cap = 1;
    rows.names = names;
    rows.types = types;
    rows.values = values;
    return jt_exec_rows(ev, out, &rows);
}

static void int_value(jt_value *v, int64_t i) {
    memset(v, 0, sizeof *v);
    v->type = JT_T_INT;
    v->i = i;
}

/* The row of a finished BACKUP, RESTORE or IMPORT. */
static int finished_row(jt_eval *ev, jt_result *out, int64_t id) {
    static const char *names[] = {"job_id", "status",        "fraction_completed",
                                  "rows",   "index_entries", "bytes"};
    uint8_t types[] = {JT_T_INT, JT_T_STRING, JT_T_FLOAT, JT_T_INT, JT_T_INT, JT_T_INT};
    jt_value v[6];
    size_t k;
    int_value(&v[0], id);
    memset(&v[1], 0, sizeof v[1]);
    v[1].type = JT_T_STRING;
    v[1].s = ev->m->profile->status_names[JT_ST_SUCCEEDED];
    memset(&v[2], 0, sizeof v[2]);
    v[2].type = JT_T_FLOAT;
    v[2].f = 1.0;
    for (k = 3; k < 6; k++)
        int_value(&v[k], 0);
    return one_row(ev, out, names, types, v, 6);
}

/* A schedule's first run: its job gets the schedule's id (created_by_id). */
static int scheduled(jt_model *m, int64_t job, int64_t schedule) {
    jt_job *j = jt_store_job(m, job);
    if (!j->extra && !(j->extra = jt_calloc(1, sizeof *j->extra)))
        return JT_ENOMEM;
    j->extra->schedule = schedule;
    return JT_OK;
}

static int schedule_row(jt_eval *ev, jt_result *out, int64_t schedule, const char *stmt) {
    static const char *names[] = {"schedule_id", "label", "status", "backup_stmt"};
    uint8_t types[] = {JT_T_INT, JT_T_STRING, JT_T_STRING, JT_T_STRING};
    jt_value v[4];
    size_t k;
    int_value(&v[0], schedule);
    for (k = 1; k < 4; k++) {
        memset(&v[k], 0, sizeof v[k]);
        v[k].type = JT_T_STRING;
    }
    v[1].s = "";
    v[2].s = "ACTIVE";
    v[3].s = stmt;
    return one_row(ev, out, names, types, v, 4);
}

int jt_run_bulk(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    int waits = !d->detached && (d->bulk == JT_BULK_BACKUP || d->bulk == JT_BULK_RESTORE ||
                                 d->bulk == JT_BULK_IMPORT);
    int64_t id = 0, schedule;
    int rc;
    if (d->bulk == JT_BULK_CHANGEFEED && !strstr(d->text, " INTO "))
        return jt_exec_outside(ev, out, "CREATE CHANGEFEED without a sink");
    if (!jt_store_is_admin(m, ev->user))
        return jt_exec_fail(ev, out, "42501", "only users with the admin role are allowed to %s",
                            bulk_types[d->bulk]);
    if (!jt_catalog_of(m))
        return JT_ENOMEM;
    rc = jt_newjob(m, bulk_types[d->bulk], waits ? JT_ST_SUCCEEDED : JT_ST_RUNNING, ev->user,
                   d->text, jt_store_next_time(m), &id);
    if (rc == 1)
        return jt_exec_outside(ev, out, "a job type the profile does not have");
    if (rc < 0)
        return rc;
    if (d->bulk == JT_BULK_SCHEDULE) {
        schedule = ++m->catalog->schedules;
        return scheduled(m, id, schedule) ? JT_ENOMEM : schedule_row(ev, out, schedule, d->text);
    }
    if (waits)
        return finished_row(ev, out, id);
    {
        static const char *names[] = {"job_id"};
        uint8_t types[] = {JT_T_INT};
        jt_value v;
        int_value(&v, id);
        return one_row(ev, out, names, types, &v, 1);
    }
}

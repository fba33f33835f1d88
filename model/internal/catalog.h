/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * The catalog, storage beside the jobs and users (catalog.c): databases (with the privileges
 * GRANT gave on them), tables (names and columns: the model keeps no rows, only whether a
 * table has had some), indexes, settings (of sessions and of the cluster), the descriptor
 * and job id counters, the telemetry counters of the statements around job control, and the
 * prepared statements the kit could not model. It keeps and finds; what a statement means is
 * decided by roles.c, ddl.c, settings.c and bulk.c.
 */
#ifndef JT_MODEL_CATALOG_H
#define JT_MODEL_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "model/internal/store.h"

typedef struct jt_dbgrant {
    uint32_t user; /* index of jt_model.users */
    unsigned privs;
} jt_dbgrant;

typedef struct jt_database {
    char *name;
    int64_t id;
    jt_dbgrant *grants;
    size_t ngrants;
} jt_database;

typedef struct jt_table {
    char *name;
    char *db;    /* its database's name */
    char **cols; /* ncols column names */
    size_t ncols;
    int64_t id;
    uint32_t batch;   /* the batch that made it (jt_catalog.batch), 0: an earlier one */
    uint8_t has_rows; /* an INSERT gave it rows: its GC waits for the TTL */
} jt_table;

typedef struct jt_index {
    char *name;
    char *table; /* "db.table" */
} jt_index;

/* A setting: of a session (user set) or of the cluster (user NULL). */
typedef struct jt_setting {
    char *user;
    char *name;
    char *value;
} jt_setting;

enum jt_start_kind { JT_START_KIT, JT_START_LOGICTEST };

struct jt_catalog {
    jt_database *dbs;
    size_t ndbs, dbs_cap;
    jt_table *tables;
    size_t ntables, tables_cap;
    jt_index *indexes;
    size_t nindexes, indexes_cap;
    jt_setting *settings;
    size_t nsettings, settings_cap;
    char **outside; /* "user\nname" of prepared statements outside the kit */
    size_t noutside, outside_cap;
    int64_t next_id;   /* the next descriptor id */
    int64_t schedules; /* schedules made (CREATE SCHEDULE) */
    uint32_t batch;    /* the number of the batch running (1, 2, …) */
    uint8_t start;     /* enum jt_start_kind */
    uint8_t started;   /* the scenario's start is made (start.c, before the first statement) */
    uint8_t in_batch;  /* a batch of several statements is running */
    /* crdb_internal.feature_usage beside the control statements' counters */
    uint64_t schema_change_successful;
};

/* The catalog of m, made on first use (NULL only when memory is out). */
struct jt_catalog *jt_catalog_of(jt_model *m);
/* Forgets everything but the start kind; the counters too. */
void jt_catalog_clear(jt_model *m);
void jt_catalog_free(jt_model *m);

/* ---- databases ---- */

/* The index of the database of that name, or -1. */
int jt_catalog_db(const jt_model *m, const char *name);
/* A new database (the next ids); its index in *out. JT_ENOMEM. */
int jt_catalog_db_add(jt_model *m, const char *name, int ids, int *out);
void jt_catalog_db_drop(jt_model *m, int db);
/* The privileges user u has on database db (GRANTs), and changes them: 1 when they changed,
   0 when not, JT_ENOMEM. */
unsigned jt_catalog_db_privs(const jt_model *m, int db, uint32_t u);
int jt_catalog_db_grant(jt_model *m, int db, uint32_t u, unsigned privs, int revoke);

/* ---- tables and indexes ---- */

int jt_catalog_table(const jt_model *m, const char *db, const char *name);
/* A new table of ncols columns (names copied); its index in *out. JT_ENOMEM. */
int jt_catalog_table_add(jt_model *m, const char *db, const char *name, const char **cols,
                         size_t ncols, int *out);
/* Drops table t and its indexes. */
void jt_catalog_table_drop(jt_model *m, int t);
int jt_catalog_column(const jt_table *t, const char *name);
int jt_catalog_column_add(jt_model *m, int t, const char *name);
void jt_catalog_column_drop(jt_model *m, int t, int col);
/* The index of that name on table t ("db.table"), or -1; with table NULL, on any table of
   database db. */
int jt_catalog_index(const jt_model *m, const char *table, const char *db, const char *name);
int jt_catalog_index_add(jt_model *m, const char *table, const char *name);
void jt_catalog_index_drop(jt_model *m, int i);

/* ---- settings ---- */

/* The value of setting name for user (NULL: the cluster's), or NULL when not set. */
const char *jt_catalog_setting(const jt_model *m, const char *user, const char *name);
/* Sets it (value NULL: resets it). JT_ENOMEM. */
int jt_catalog_set(jt_model *m, const char *user, const char *name, const char *value);

/* ---- prepared statements outside the kit ---- */

/* The "user" of the tables that SQL outside the kit made (logic-test start): statements on
   them are outside too. */
#define JT_OUTSIDE_TABLES "\x02tables"
int jt_catalog_outside_find(const jt_model *m, const char *user, const char *name);
int jt_catalog_outside_add(jt_model *m, const char *user, const char *name);
void jt_catalog_outside_drop(jt_model *m, const char *user, const char *name);

/* The catalog of from copied into to (a model's copy, jt_model_clone), but for the prepared
   statements outside the kit, which belong to sessions. JT_ENOMEM: to->catalog may be partly
   made (jt_model_free frees it). */
int jt_catalog_clone(jt_model *to, const jt_model *from);

/* ---- a batch's rollback ---- */

/* Everything a batch of statements can change but prepared statements and counters: the
   jobs, the users, the catalog and the clock, copied. */
typedef struct jt_saved jt_saved;
int jt_catalog_save(jt_model *m, jt_saved **out);
/* Puts m back as it was when saved, and frees saved. */
void jt_catalog_restore(jt_model *m, jt_saved *saved);
void jt_catalog_saved_free(jt_saved *saved);

#endif

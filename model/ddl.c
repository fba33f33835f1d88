/*
 * The catalog's statements and the jobs they make (model/internal/stmt.h): CREATE DATABASE,
 * CREATE TABLE, INSERT, CREATE INDEX, DROP TABLE|INDEX|DATABASE, ALTER TABLE ADD|DROP COLUMN,
 * TRUNCATE, USE. Jobs (era.h for the release of each rule): a schema change job per schema
 * change, succeeded, described as CockroachDB prints the statement with the table's name
 * qualified ("CREATE INDEX ON test.public.t (x)"; the `jobs` logic test); SCHEMA CHANGE with
 * the legacy schema changer, NEW SCHEMA CHANGE with the declarative one (on by default from
 * v22.2, off with SET use_declarative_schema_changer = 'off' or the cluster setting
 * sql.defaults.use_declarative_schema_changer); a GC job "GC for <the job's description>"
 * for what a drop leaves behind, running until the GC TTL (createGCJobRecord), and for the
 * temporary index of CREATE INDEX from v22.2 ("GC for temporary index used during index
 * backfill"). Texts: PostgreSQL's (relation "t" does not exist, 42P01; … already exists,
 * 42P07; database "d" does not exist, 3D000), which CockroachDB keeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/internal/stmt.h"

#define GC_TEMP_INDEX "GC for temporary index used during index backfill"

const char *jt_ddl_current_db(const jt_model *m, const char *user) {
    const char *db = jt_catalog_setting(m, user, "database");
    return db ? db : "test";
}

static int tag(jt_result *out, const char *words) {
    snprintf(out->tag, sizeof out->tag, "%s", words);
    return JT_OK;
}

/* The database of a name (its own, or the session's). */
static const char *db_of(const jt_eval *ev, const jt_objname *o) {
    return o->db ? o->db : jt_ddl_current_db(ev->m, ev->user);
}

/* "db.public.name" in the arena. */
static const char *qualified(jt_eval *ev, const char *db, const char *name) {
    size_t n = strlen(db) + strlen(name) + 9;
    char *q = jt_arena_alloc(ev->a, n);
    if (q)
        snprintf(q, n, "%s.public.%s", db, name);
    return q;
}

/* The table a name resolves to: 0 with *t, or an error in out (1), or JT_ENOMEM. */
static int find_table(jt_eval *ev, const jt_objname *o, jt_result *out, int *t) {
    const char *db = db_of(ev, o);
    if (o->schema && strcmp(o->schema, "public") != 0)
        return jt_exec_fail(ev, out, "42P01", "relation \"%s.%s\" does not exist", o->schema,
                            o->name)
                   ? JT_ENOMEM
                   : 1;
    if (jt_catalog_db(ev->m, db) < 0)
        return jt_exec_fail(ev, out, "3D000", "database \"%s\" does not exist", db) ? JT_ENOMEM : 1;
    *t = jt_catalog_table(ev->m, db, o->name);
    if (*t < 0 && jt_catalog_outside_find(ev->m, JT_OUTSIDE_TABLES, o->name) >= 0)
        return jt_exec_outside(ev, out, "a table made by SQL outside the kit") ? JT_ENOMEM : 1;
    if (*t < 0)
        return jt_exec_fail(ev, out, "42P01", "relation \"%s\" does not exist", o->name) ? JT_ENOMEM
                                                                                         : 1;
    return JT_OK;
}

/* Whether the session user may change database db's tables: admin members, and users with
   the CREATE privilege on it (the model does not keep tables' owners: a user that made a
   table had CREATE). */
static int may_create(const jt_eval *ev, const char *db) {
    jt_model *m = ev->m;
    int d = jt_catalog_db(m, db), u = jt_store_user(m, ev->user);
    if (jt_store_is_admin(m, ev->user))
        return 1;
    return d >= 0 && u >= 0 && (jt_catalog_db_privs(m, d, (uint32_t)u) & 1u) != 0;
}

static int no_create(jt_eval *ev, jt_result *out, const char *db) {
    return jt_exec_fail(ev, out, "42501", "user %s does not have CREATE privilege on database %s",
                        ev->user, db);
}

/* Whether the declarative schema changer runs the statement: its release has it for the
   statement (index: CREATE INDEX), the session's setting (or the cluster's default) does not
   turn it off, and the profile has the NEW SCHEMA CHANGE type. */
static int declarative(const jt_eval *ev, int index) {
    const jt_model *m = ev->m;
    const jt_era *era = m->era;
    const char *s = jt_catalog_setting(m, ev->user, "use_declarative_schema_changer");
    if (!s)
        s = jt_catalog_setting(m, NULL, "sql.defaults.use_declarative_schema_changer");
    if (!(index ? era->declarative_index : era->declarative))
        return 0;
    if (s && (strcmp(s, "off") == 0 || strcmp(s, "false") == 0))
        return 0;
    return jt_profile_type(m->profile, "NEW SCHEMA CHANGE") >= 0;
}

/* The schema change job of a statement (and the GC job for what it leaves, gc set), at the
   statement's time: its description desc. */
static int schema_change(jt_eval *ev, const char *desc, int index, const char *gc, int waits) {
    jt_model *m = ev->m;
    int32_t now = jt_store_next_time(m);
    int decl = declarative(ev, index), rc;
    rc = jt_newjob(m, decl ? "NEW SCHEMA CHANGE" : "SCHEMA CHANGE",
                   waits ? JT_ST_RUNNING : JT_ST_SUCCEEDED, ev->user, desc, now, NULL);
    if (rc < 0)
        return rc;
    if (rc == JT_OK && !decl && !waits)
        m->catalog->schema_change_successful++;
    if (gc) {
        rc = jt_newjob(m, "SCHEMA CHANGE GC", JT_ST_RUNNING, ev->user, gc, now, NULL);
        if (rc < 0)
            return rc;
    }
    return JT_OK;
}

/* "GC for " + desc in the arena. */
static const char *gc_for(jt_eval *ev, const char *desc) {
    size_t n = strlen(desc) + 8;
    char *g = jt_arena_alloc(ev->a, n);
    if (g)
        snprintf(g, n, "GC for %s", desc);
    return g;
}

/* ---- CREATE DATABASE, CREATE TABLE, INSERT ---- */

static int create_database(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const char *name = st->ddl->obj.name;
    int d;
    if (!jt_store_is_admin(m, ev->user))
        return jt_exec_fail(ev, out, "42501", "user %s does not have CREATEDB privilege", ev->user);
    if (jt_catalog_db(m, name) >= 0) {
        if (st->ddl->if_not_exists)
            return tag(out, "CREATE DATABASE");
        return jt_exec_fail(ev, out, "42P04", "database \"%s\" already exists", name);
    }
    if (jt_catalog_db_add(m, name, m->era->ids_per_db, &d))
        return JT_ENOMEM;
    return tag(out, "CREATE DATABASE");
}

static int create_table(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    const char *db = db_of(ev, &d->obj);
    int t;
    if (jt_catalog_db(m, db) < 0)
        return jt_exec_fail(ev, out, "3D000", "database \"%s\" does not exist", db);
    if (!may_create(ev, db))
        return no_create(ev, out, db);
    if (jt_catalog_table(m, db, d->obj.name) >= 0) {
        if (d->if_not_exists)
            return tag(out, "CREATE TABLE");
        return jt_exec_fail(ev, out, "42P07", "relation \"%s\" already exists", d->obj.name);
    }
    if (jt_catalog_table_add(m, db, d->obj.name, d->cols, d->ncols, &t))
        return JT_ENOMEM;
    return tag(out, "CREATE TABLE");
}

static int insert(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    int t, rc = find_table(ev, &st->ddl->obj, out, &t);
    if (rc)
        return rc < 0 ? rc : JT_OK;
    ev->m->catalog->tables[t].has_rows = 1;
    snprintf(out->tag, sizeof out->tag, "INSERT 0 %zu", st->ddl->nrows);
    out->count = (int64_t)st->ddl->nrows;
    return JT_OK;
}

/* ---- CREATE INDEX ---- */

/* s + *at, within n bytes: text appended (the sizes below are counted to hold it all). */
static void append(char *s, size_t n, size_t *at, const char *text) {
    int k = snprintf(s + *at, n - *at, "%s", text);
    if (k > 0)
        *at += (size_t)k < n - *at ? (size_t)k : n - *at - 1;
}

/* CREATE [UNIQUE] INDEX [name] ON db.public.t (cols) as CockroachDB describes it. */
static const char *index_text(jt_eval *ev, const jt_ddl *d, const char *table) {
    size_t n = strlen(table) + 64 + (d->index ? strlen(d->index) : 0), k, at;
    char *s;
    int w;
    for (k = 0; k < d->ncols; k++)
        n += strlen(d->cols[k]) + 7;
    if (!(s = jt_arena_alloc(ev->a, n)))
        return NULL;
    w = snprintf(s, n, "CREATE %sINDEX %s%sON %s (", d->cascade ? "UNIQUE " : "",
                 d->index ? d->index : "", d->index ? " " : "", table);
    at = w > 0 ? (size_t)w : 0;
    for (k = 0; k < d->ncols; k++) {
        append(s, n, &at, d->cols[k]);
        if (d->coldesc[k])
            append(s, n, &at, " DESC");
        append(s, n, &at, k + 1 < d->ncols ? ", " : ")");
    }
    return s;
}

/* The name CockroachDB gives an index without one: table_col1_col2_idx (_key if unique). */
static const char *index_name(jt_eval *ev, const jt_ddl *d) {
    size_t n = strlen(d->obj.name) + 8, k, at;
    char *s;
    if (d->index)
        return d->index;
    for (k = 0; k < d->ncols; k++)
        n += strlen(d->cols[k]) + 1;
    if (!(s = jt_arena_alloc(ev->a, n)))
        return NULL;
    at = 0;
    append(s, n, &at, d->obj.name);
    for (k = 0; k < d->ncols; k++) {
        append(s, n, &at, "_");
        append(s, n, &at, d->cols[k]);
    }
    append(s, n, &at, d->cascade ? "_key" : "_idx");
    return s;
}

/* The jobs of CREATE INDEX: none for a table made in the same batch (from v22.2); the schema
   change; the GC job of its temporary index (from v22.2). */
static int create_index_jobs(jt_eval *ev, const jt_table *tb, const char *desc) {
    jt_model *m = ev->m;
    const jt_era *era = m->era;
    if (era->new_table_no_job && tb->batch && tb->batch == m->catalog->batch &&
        m->catalog->in_batch)
        return JT_OK;
    return schema_change(ev, desc, 1, era->temp_index_gc ? GC_TEMP_INDEX : NULL, 0);
}

static int create_index(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    const char *db = db_of(ev, &d->obj), *q, *name, *desc;
    int t, rc = find_table(ev, &d->obj, out, &t);
    size_t k;
    if (rc)
        return rc < 0 ? rc : JT_OK;
    for (k = 0; k < d->ncols; k++)
        if (jt_catalog_column(&m->catalog->tables[t], d->cols[k]) < 0)
            return jt_exec_fail(ev, out, "42703", "column \"%s\" does not exist", d->cols[k]);
    if (!may_create(ev, db))
        return no_create(ev, out, db);
    if (!(q = qualified(ev, db, d->obj.name)) || !(name = index_name(ev, d)) ||
        !(desc = index_text(ev, d, q)))
        return JT_ENOMEM;
    if (jt_catalog_index(m, q, NULL, name) >= 0) {
        if (d->if_not_exists)
            return tag(out, "CREATE INDEX");
        return jt_exec_fail(ev, out, "42P07", "index with name \"%s\" already exists", name);
    }
    if (jt_catalog_index_add(m, q, name))
        return JT_ENOMEM;
    rc = create_index_jobs(ev, &m->catalog->tables[t], desc);
    return rc ? rc : tag(out, "CREATE INDEX");
}

/* ---- DROP ---- */

/* The jobs of a drop: a schema change and its GC job (v20.1 on), or a schema change that waits
   for the GC TTL, running (before). */
static int drop_jobs(jt_eval *ev, const char *desc) {
    const char *gc = gc_for(ev, desc);
    if (!gc)
        return JT_ENOMEM;
    if (ev->m->era->drop_gc)
        return schema_change(ev, desc, 0, gc, 0);
    return schema_change(ev, desc, 0, NULL, 1);
}

static int drop_table(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    const char *db = db_of(ev, &d->obj), *q;
    char *desc;
    int t, rc;
    if (d->if_exists && jt_catalog_table(m, db, d->obj.name) < 0 &&
        jt_catalog_outside_find(m, JT_OUTSIDE_TABLES, d->obj.name) < 0)
        return tag(out, "DROP TABLE");
    if ((rc = find_table(ev, &d->obj, out, &t)) != JT_OK)
        return rc < 0 ? rc : JT_OK;
    if (!may_create(ev, db))
        return jt_exec_fail(ev, out, "42501", "user %s does not have DROP privilege on relation %s",
                            ev->user, d->obj.name);
    if (!(q = qualified(ev, db, d->obj.name)) || !(desc = jt_arena_alloc(ev->a, strlen(q) + 16)))
        return JT_ENOMEM;
    sprintf(desc, "DROP TABLE %s%s", q, d->cascade ? " CASCADE" : "");
    jt_catalog_table_drop(m, t);
    rc = drop_jobs(ev, desc);
    return rc ? rc : tag(out, "DROP TABLE");
}

static int drop_index(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    const char *db = db_of(ev, &d->obj), *q = NULL, *table;
    char *desc;
    int i, t, rc;
    if (d->obj.name && (rc = find_table(ev, &d->obj, out, &t)) != JT_OK)
        return rc < 0 ? rc : JT_OK;
    if (d->obj.name && !(q = qualified(ev, db, d->obj.name)))
        return JT_ENOMEM;
    if ((i = jt_catalog_index(m, q, db, d->index)) < 0) {
        if (d->if_exists)
            return tag(out, "DROP INDEX");
        return jt_exec_fail(ev, out, "42704", "index \"%s\" does not exist", d->index);
    }
    if (!may_create(ev, db))
        return no_create(ev, out, db);
    table = strchr(m->catalog->indexes[i].table, '.') + 1; /* db.table */
    if (!(q = qualified(ev, db, table)) ||
        !(desc = jt_arena_alloc(ev->a, strlen(q) + strlen(d->index) + 24)))
        return JT_ENOMEM;
    sprintf(desc, "DROP INDEX %s@%s%s", q, d->index, d->cascade ? " CASCADE" : "");
    jt_catalog_index_drop(m, i);
    rc = drop_jobs(ev, desc);
    return rc ? rc : tag(out, "DROP INDEX");
}

/* DROP DATABASE: the database and its tables go (their jobs are not modelled). */
static int drop_database(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const char *name = st->ddl->obj.name;
    int d = jt_catalog_db(m, name);
    size_t k;
    if (d < 0) {
        if (st->ddl->if_exists)
            return tag(out, "DROP DATABASE");
        return jt_exec_fail(ev, out, "3D000", "database \"%s\" does not exist", name);
    }
    if (!jt_store_is_admin(m, ev->user))
        return jt_exec_fail(ev, out, "42501", "user %s does not have DROP privilege on database %s",
                            ev->user, name);
    for (k = m->catalog->ntables; k-- > 0;)
        if (strcmp(m->catalog->tables[k].db, name) == 0)
            jt_catalog_table_drop(m, (int)k);
    jt_catalog_db_drop(m, d);
    return tag(out, "DROP DATABASE");
}

/* ---- ALTER TABLE, TRUNCATE, USE ---- */

static int alter_table(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    jt_model *m = ev->m;
    const jt_ddl *d = st->ddl;
    const char *db = db_of(ev, &d->obj), *q;
    int t, col, add = strncmp(d->action, "ADD", 3) == 0, rc;
    char *desc;
    if ((rc = find_table(ev, &d->obj, out, &t)) != JT_OK)
        return rc < 0 ? rc : JT_OK;
    col = jt_catalog_column(&m->catalog->tables[t], d->names[0]);
    if (add && col >= 0)
        return d->if_exists ? tag(out, "ALTER TABLE")
                            : jt_exec_fail(ev, out, "42701",
                                           "column \"%s\" of relation \"%s\" already exists",
                                           d->names[0], d->obj.name);
    if (!add && col < 0)
        return d->if_exists
                   ? tag(out, "ALTER TABLE")
                   : jt_exec_fail(ev, out, "42703", "column \"%s\" does not exist", d->names[0]);
    if (!may_create(ev, db))
        return no_create(ev, out, db);
    if (!(q = qualified(ev, db, d->obj.name)) ||
        !(desc = jt_arena_alloc(ev->a, strlen(q) + strlen(d->action) + 16)))
        return JT_ENOMEM;
    sprintf(desc, "ALTER TABLE %s %s", q, d->action);
    if (add ? jt_catalog_column_add(m, t, d->names[0]) : (jt_catalog_column_drop(m, t, col), 0))
        return JT_ENOMEM;
    if (m->era->new_table_no_job && m->catalog->tables[t].batch &&
        m->catalog->tables[t].batch == m->catalog->batch && m->catalog->in_batch)
        return tag(out, "ALTER TABLE");
    rc = schema_change(ev, desc, 0, NULL, 0);
    return rc ? rc : tag(out, "ALTER TABLE");
}

/* TRUNCATE: the table stays, without rows (its jobs, if a release made any, are not
   modelled: the sources read do not say which). */
static int truncate(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    int t, rc = find_table(ev, &st->ddl->obj, out, &t);
    if (rc)
        return rc < 0 ? rc : JT_OK;
    if (!may_create(ev, db_of(ev, &st->ddl->obj)))
        return no_create(ev, out, db_of(ev, &st->ddl->obj));
    ev->m->catalog->tables[t].has_rows = 0;
    return tag(out, "TRUNCATE");
}

static int use(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    const char *db = st->ddl->obj.name;
    jt_value v;
    if (!db) { /* SET database = value */
        if (!st->ddl->value)
            return jt_exec_fail(ev, out, "42601", "database cannot be reset");
        v = st->ddl->value->value;
        if (st->ddl->value->kind != JT_E_CONST || v.type != JT_T_STRING)
            return jt_exec_fail(ev, out, "22023", "invalid value for parameter \"database\"");
        db = v.s;
    }
    if (*db && jt_catalog_db(ev->m, db) < 0) /* '': no current database */
        return jt_exec_fail(ev, out, "3D000", "database \"%s\" does not exist", db);
    if (jt_catalog_set(ev->m, ev->user, "database", db))
        return JT_ENOMEM;
    return tag(out, "SET");
}

int jt_run_ddl(jt_eval *ev, const jt_stmt *st, jt_result *out) {
    if (!jt_catalog_of(ev->m))
        return JT_ENOMEM;
    switch (st->kind) {
    case JT_S_CREATE_DATABASE:
        return create_database(ev, st, out);
    case JT_S_CREATE_TABLE:
        return create_table(ev, st, out);
    case JT_S_INSERT:
        return insert(ev, st, out);
    case JT_S_CREATE_INDEX:
        return create_index(ev, st, out);
    case JT_S_DROP_TABLE:
        return drop_table(ev, st, out);
    case JT_S_DROP_INDEX:
        return drop_index(ev, st, out);
    case JT_S_DROP_DATABASE:
        return drop_database(ev, st, out);
    case JT_S_ALTER_TABLE:
        return alter_table(ev, st, out);
    case JT_S_TRUNCATE:
        return truncate(ev, st, out);
    default:
        return use(ev, st, out);
    }
}

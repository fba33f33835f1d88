/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * What the statements around job control do in the release a profile stands for (era.c): the
 * jobs DDL and role statements make, descriptor ids, the statement forms of those releases.
 * Kept apart from the profiles (profile.c), which say what job control itself does; each fact
 * has its source in era.c and docs/profiles.md ("Statements around job control").
 */
#ifndef JT_MODEL_ERA_H
#define JT_MODEL_ERA_H

#include <stdint.h>

#include "model/profile.h"

/* Role statements that bump the version of a system table, each bump a SCHEMA CHANGE job
   "updating version for <table> table" (JT_BUMP_*). */
#define JT_BUMP_USERS 0x1u
#define JT_BUMP_OPTIONS 0x2u
#define JT_BUMP_MEMBERSHIP 0x4u

typedef struct jt_era {
    const char *profile;
    unsigned grammar;     /* JT_G_X_* of model/internal/sql.h */
    int64_t first_id;     /* the first descriptor id of user objects (defaultdb's) */
    uint8_t ids_per_db;   /* ids a new database takes: 1, or 2 (and its public schema) */
    uint8_t create_bumps; /* CREATE ROLE|USER (and DROP): JT_BUMP_* */
    uint8_t alter_bumps;  /* ALTER ROLE options */
    uint8_t grant_bumps;  /* GRANT|REVOKE role (when a membership changes) */
    uint8_t grant_db_job; /* GRANT|REVOKE ON DATABASE: "updating privileges for database N" */
    uint8_t grant_db_changed_only; /* … only when the privileges change */
    uint8_t new_table_no_job;      /* a schema change of a table made in the same batch: no job */
    uint8_t temp_index_gc;         /* CREATE INDEX: a GC job for its temporary index */
    uint8_t drop_gc;               /* DROP TABLE: a GC job; else the DROP job waits, running */
    uint8_t declarative;           /* the declarative schema changer on by default */
    uint8_t declarative_index;     /* … for CREATE INDEX too */
    uint8_t auto_span_config;      /* a logic-test cluster runs AUTO SPAN CONFIG RECONCILIATION */
    uint8_t poll_jobs_stats;       /* … and POLL JOBS STATS */
    uint8_t sql_show_jobs;         /* SHOW JOBS counts sql.show.jobs in feature_usage */
    uint8_t role_names;            /* the names a role may have: JT_NAMES_* (rolename.h) */
    uint8_t public_comments;       /* public holds SELECT on system.comments (DROP sees it) */
    uint8_t grants_2bp01;          /* DROP of a role with privileges is 2BP01 (else 42803) */
} jt_era;

/* The era of profile p (by its name, else its base's; the v2.1 era for others). */
const jt_era *jt_era_of(const jt_profile *p);

#endif

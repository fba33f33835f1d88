/*
 * The statements around job control per release (model/internal/era.h). Sources (details in
 * docs/profiles.md, "Statements around job control"):
 * - descriptor ids: CockroachDB's `jobs` logic test, "updating privileges for database 52"
 *   (v20.2/v21.1 era, cockroachdb/cockroach@45ec1713) and "… database 104" (v24.2 on,
 *   @9509e2d4, @6553812e, @062f64c8): from v22.1 user ids start at 100 and a database has a
 *   public schema of its own;
 * - role statements bump system tables' versions through writeSchemaChange, a SCHEMA CHANGE
 *   job each (pkg/sql/create_role.go, drop_role.go, alter_role.go, grant_role.go; the `jobs`
 *   test lists "updating version for users table" and "… role options table" after the
 *   harness's CREATE USER testuser, v24.2 and v25.1 "… role membership table" too, and the
 *   v26.3-dev one none);
 * - GRANT ON DATABASE: createNonDropDatabaseChangeJob "updating privileges for database %d"
 *   (pkg/sql/grant_revoke.go, from the release with database leasing, v20.2; later versions
 *   skip a GRANT that changes nothing: descPrivsChanged);
 * - CREATE INDEX's temporary index and its GC job "GC for temporary index used during index
 *   backfill" (`jobs` test v24.2 on, not in the v21.1 one);
 * - DROP TABLE: a SCHEMA CHANGE GC job "GC for DROP TABLE …" from v20.1 (the migration that
 *   turned the waiting DROP jobs of v19.2 into GC jobs, pkg/sql/…/migrations), running until
 *   the GC TTL;
 * - automatic jobs of a logic-test cluster: AUTO SPAN CONFIG RECONCILIATION (v21.2, on by
 *   default from v22.1: logic test auto_span_config_reconciliation_job), POLL JOBS STATS
 *   (v23.1: the `jobs` test counts one running);
 * - the names a role may have: rolename.c says each release's rules and their sources;
 * - DROP USER|ROLE of a role that holds privileges (drop_user.go v2.0.0 … v19.2.0,
 *   drop_role.go v20.1.0 on): public holds SELECT on system.comments in v19.2 to v20.2 (the
 *   v19.2.0 and v20.1.0 `role` tests: "… public: grants still exist on
 *   system.public.comments").
 */
#include "model/internal/era.h"

#include <string.h>

#include "model/common.h"
#include "model/internal/rolename.h"
#include "model/internal/sql.h"

#define OLD_GRAMMAR (JT_G_X_CHANGEFEED)
#define V201_GRAMMAR (OLD_GRAMMAR | JT_G_X_DETACHED)
#define V202_GRAMMAR (V201_GRAMMAR | JT_G_X_CONTROLJOB | JT_G_X_SHOW_CHANGEFEED | JT_G_X_SCHEDULE)
#define V222_GRAMMAR (V202_GRAMMAR | JT_G_X_SYSTEM_PRIVILEGE)
#define V231_GRAMMAR (V222_GRAMMAR | JT_G_X_VIEWJOB)

/* The role statements' jobs: v20.2 (users and role options tables), v23.1 (and role
   membership when a role is created or dropped). */
#define BUMPS(create)                                                                              \
    .create_bumps = (create), .alter_bumps = JT_BUMP_OPTIONS, .grant_bumps = JT_BUMP_MEMBERSHIP
#define V202_BUMPS BUMPS(JT_BUMP_USERS | JT_BUMP_OPTIONS)
#define V231_BUMPS BUMPS(JT_BUMP_USERS | JT_BUMP_OPTIONS | JT_BUMP_MEMBERSHIP)
/* v20.2 on: GRANT ON DATABASE's job, DROP TABLE's GC job, sql.show.jobs; DROP of a role
   that holds privileges is DependentObjectsStillExist (the release-20.2 branch's
   drop_role.go; v20.1.0 and before: pgcode.Grouping). */
#define V202_JOBS .grant_db_job = 1, .drop_gc = 1, .sql_show_jobs = 1, .grants_2bp01 = 1
/* v22.2 on: ids from 100, two a database; the MVCC index backfill's temporary index; the
   declarative schema changer; the span config reconciliation job. */
#define V222_FACTS                                                                                 \
    .role_names = JT_NAMES_V212, .first_id = 100, .ids_per_db = 2, .new_table_no_job = 1,          \
    .temp_index_gc = 1, .declarative = 1, .auto_span_config = 1
/* v23.1 on: a GRANT that changes nothing makes no job; CREATE INDEX declarative; POLL JOBS
   STATS. */
#define V231_FACTS                                                                                 \
    V222_FACTS, V202_JOBS, .grammar = V231_GRAMMAR, .grant_db_changed_only = 1,                    \
                           .declarative_index = 1, .poll_jobs_stats = 1

static const jt_era eras[] = {
    {.profile = "v2.1",
     .grammar = OLD_GRAMMAR,
     .first_id = 50,
     .ids_per_db = 1,
     .role_names = JT_NAMES_V21},
    {.profile = "v2.0", .grammar = 0, .first_id = 50, .ids_per_db = 1, .role_names = JT_NAMES_V20},
    {.profile = "v19.2",
     .grammar = OLD_GRAMMAR,
     .first_id = 50,
     .ids_per_db = 1,
     .role_names = JT_NAMES_V21,
     .public_comments = 1},
    {.profile = "v20.1",
     .grammar = V201_GRAMMAR,
     .first_id = 50,
     .ids_per_db = 1,
     .drop_gc = 1,
     .role_names = JT_NAMES_V201,
     .public_comments = 1},
    {.profile = "v20.2",
     .grammar = V202_GRAMMAR,
     .first_id = 50,
     .ids_per_db = 1,
     V202_BUMPS,
     V202_JOBS,
     .role_names = JT_NAMES_V201,
     .public_comments = 1},
    {.profile = "v22.2", .grammar = V222_GRAMMAR, V202_BUMPS, V202_JOBS, V222_FACTS},
    {.profile = "v23.1", V231_BUMPS, V231_FACTS},
    {.profile = "v25.1", V231_BUMPS, V231_FACTS},
    /* v25.3 … v26.3-dev: the role statements' bumps make no job any more (the v26.3-dev `jobs`
       test lists none after the harness's CREATE USER) */
    {.profile = "v25.3", V231_FACTS},
};

const jt_era *jt_era_of(const jt_profile *p) {
    size_t k;
    for (k = 0; k < sizeof eras / sizeof eras[0]; k++)
        if (jt_strcaseeq(eras[k].profile, p->name))
            return &eras[k];
    for (k = 0; p->base && k < sizeof eras / sizeof eras[0]; k++)
        if (jt_strcaseeq(eras[k].profile, p->base))
            return &eras[k];
    return &eras[0];
}

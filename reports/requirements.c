/* The requirement ids of SPEC.md section 1, embedded so that the kit reports without
   ../shared; tests/unit/test_reports.c checks them against SPEC.md when it is there. */
#include "reports/report.h"

#include <string.h>

const jt_requirement jt_requirements[] = {
    {"PJ-TYPES", "PAUSE JOB pauses IMPORT, BACKUP, RESTORE and CHANGEFEED jobs"},
    {"PJ-RESUME", "a paused job can be resumed with RESUME JOB"},
    {"PJ-NOSCHEMA", "a SCHEMA CHANGE job cannot be paused (nor resumed)"},
    {"PJ-PRIV", "only members of the `admin` role may control a job; `root` always is one, so by "
                "default only `root` can"},
    {"PJ-ID",
     "`job_id` is the 64-bit id that SHOW JOBS shows (e.g. 27536791415282, larger than 2^32)"},
    {"PJ-BULK", "`PAUSE JOBS <select_stmt>` controls every job id that the selection returns"},
    {"PJ-EX-SINGLE", "the \"Pause a single job\" example: a RESTORE job listed by SHOW JOBS is "
                     "paused by `PAUSE JOB 27536791415282;`"},
    {"PJ-EX-BULK", "the \"Pause multiple jobs\" example: `PAUSE JOBS (SELECT job_id FROM [SHOW "
                   "JOBS] WHERE user_name = 'maxroach');` pauses maxroach's jobs"},
    {"PJ-STATES", "the status × statement table of section 4"},
    {"PJ-ATOMIC", "a statement that fails changes no job: bulk control is all-or-nothing"},
    {"PJ-SHOW", "SHOW JOBS columns, order and visibility of section 6"},
    {"PJ-SYNTAX", "the grammar of section 3, with its errors"},
};

const size_t jt_requirements_count = sizeof jt_requirements / sizeof jt_requirements[0];

/* The ids of the later versions, of docs/profiles.md ("Requirement ids of the later
   versions"); tests/unit/test_reports.c checks them against it. */
const jt_requirement jt_profile_requirements[] = {
    {"PV-ASBUILT", "v2.1 as built: any user may PAUSE, RESUME or CANCEL any job (no privilege "
                   "check on control statements)"},
    {"PV-PRIV-CHECK", "v19.2: a non-admin's control statement fails with `only users with the "
                      "admin role are allowed to PAUSE JOBS` (42501) before any job is looked up"},
    {"PV-XXUUU", "v19.2: job errors without a code of their own are `XXUUU`; the selection's shape "
                 "errors are the optimizer's (42601)"},
    {"PV-SHOW-V19",
     "v19.2: SHOW JOBS has `statement` and `running_status`, hides automatic jobs and jobs "
     "finished more than 12 hours ago; `SHOW JOB x`, `SHOW JOBS <select>`, `SHOW AUTOMATIC JOBS`"},
    {"PV-TWO-PHASE", "v20.1: PAUSE and CANCEL only ask (`pause-requested`, `cancel-requested`); "
                     "the job's own progress makes it `paused`, or `reverting` then `canceled`"},
    {"PV-STATES-V20", "v20.1: the transition table and the error texts of two-phase control"},
    {"PV-SCHEMA-V20", "v20.1: SCHEMA CHANGE jobs can be paused, resumed and canceled"},
    {"PV-SHOW-OWN", "v20.1: a non-admin sees their own jobs in SHOW JOBS, no error"},
    {"PV-CONTROLJOB",
     "v20.2: the CONTROLJOB role option lets a non-admin control jobs not owned by admins"},
    {"PV-SCHEDULES", "v20.2: `PAUSE JOBS FOR SCHEDULE x` and `FOR SCHEDULES <select>` control the "
                     "jobs a schedule created that can take the operation"},
    {"PV-REASON", "v21.2: `PAUSE JOB x WITH REASON = '…'` pauses as `PAUSE JOB x`; `revert-failed` "
                  "is a terminal status"},
    {"PV-JOB-AUTH", "v22.2: authorization per job: `user U does not have privileges for job N` "
                    "(42501); owning a job is not enough"},
    {"PV-ALL-TYPE", "v23.1: `PAUSE ALL <type> JOBS` controls the jobs of that type that can take "
                    "the operation; other types give `unsupported job type`"},
    {"PV-VIEWJOB", "v23.1: CONTROLJOB and VIEWJOB holders see every job in SHOW JOBS"},
    {"PV-OWNER", "v25.1: a job's owner, and members of the role that owns it, may control it"},
    {"PV-TEXT-V25", "v25.1: errors of a job's update are prefixed `job N: ` and read `state`; SHOW "
                    "JOBS abbreviates long descriptions"},
};

const size_t jt_profile_requirements_count =
    sizeof jt_profile_requirements / sizeof jt_profile_requirements[0];

const jt_requirement *jt_profile_requirement_find(const char *id) {
    size_t i;
    for (i = 0; i < jt_profile_requirements_count; i++)
        if (strcmp(jt_profile_requirements[i].id, id) == 0)
            return &jt_profile_requirements[i];
    return NULL;
}

int jt_requirement_find(const char *id) {
    size_t i;
    for (i = 0; i < jt_requirements_count; i++)
        if (strcmp(jt_requirements[i].id, id) == 0)
            return (int)i;
    return -1;
}

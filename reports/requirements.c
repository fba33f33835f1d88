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

int jt_requirement_find(const char *id) {
    size_t i;
    for (i = 0; i < jt_requirements_count; i++)
        if (strcmp(jt_requirements[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* The requirements the reports list in their matrix. docs/spec.md, section 1, is where they are
   written: the build turns its two tables into spec_v21.inc (the PJ-… ids of v2.1) and
   spec_later.inc (the PV-… ids of later versions) with scripts/spec_requirements.py, so that
   a requirement added there reaches the reports without a second edit here. */
#include "reports/report.h"

#include <string.h>

const jt_requirement jt_requirements[] = {
#include "spec_v21.inc"
};

const size_t jt_requirements_count = sizeof jt_requirements / sizeof jt_requirements[0];

const jt_requirement jt_profile_requirements[] = {
#include "spec_later.inc"
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

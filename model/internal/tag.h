/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * Command tags (tag.c): the words and count of a control statement's tag in the words of a
 * profile's release, for execution (exec.c) and for jt_profile_expected_tag (model.h).
 */
#ifndef JT_MODEL_TAG_H
#define JT_MODEL_TAG_H

#include <stddef.h>
#include <stdint.h>

#include "model/internal/sql.h"
#include "model/profile.h"

/* The tag of control statement st after count ids into buf (size bytes): "PAUSE JOB" (v2.0),
   "PAUSE JOBS 3", "PAUSE JOBS FOR SCHEDULES 2", "PAUSE ALL IMPORT JOBS 1". */
void jt_tag_control(char *buf, size_t size, const jt_profile *p, const jt_stmt *st, int64_t count);

#endif

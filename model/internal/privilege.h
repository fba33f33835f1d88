/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * Privileges (privilege.c): the profile's rules of who may see and who may control which job,
 * read from the users, their roles and the jobs of storage. A user is an index of
 * jt_model.users, or -1 for a user the model does not know.
 */
#ifndef JT_MODEL_PRIVILEGE_H
#define JT_MODEL_PRIVILEGE_H

#include "model/internal/store.h"

/* Whether user u may see job j in SHOW JOBS and crdb_internal.jobs (the profile's view). */
int jt_privilege_can_view(const jt_model *m, int u, const jt_job *j);
/* The check of a control statement by user u before it reads anything: JT_ERR_NONE or the
   error kind (enum jt_err). */
int jt_privilege_gate(const jt_model *m, int u);
/* The check for one job once it is looked up (profiles with per_job): JT_ERR_NONE or the
   error kind. */
int jt_privilege_authorize(const jt_model *m, int u, const jt_job *j);

#endif

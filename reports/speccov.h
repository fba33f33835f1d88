/*
 * Spec coverage: which cells of the transition table (docs/spec.md, section 4) a run exercised.
 * A cell is (status of the job, statement PAUSE|RESUME|CANCEL, job type, privilege kind of
 * the session user: admin or not), plus a row "(no such id)" per statement and privilege.
 *
 * A cell is exercised when a control statement that ran looked at a job of that status and
 * type, as a user of that kind: the jobs an admin's statement processed, in order, up to and
 * including the one whose transition failed (the statement stops there); for a user refused
 * by the privilege rule, every job its selection names (the rule holds for each of them).
 *
 * It is derived from the run itself, for any driver: each file's scenario is replayed on a
 * shadow model of the run's profile, records in order, skipping those the run skipped or did
 * not run, with the same `let` bindings; before each control statement (PREPARE/EXECUTE
 * included) the shadow evaluates its selection and walks the transition table. The shadow
 * follows the documented behaviour, so for a driver that deviates the cells are those the
 * statements exercise by the documentation.
 */
#ifndef JT_SPECCOV_H
#define JT_SPECCOV_H

#include <stddef.h>
#include <stdint.h>

#include "model/common.h"
#include "model/profile.h"
#include "sim/run/runner.h"

enum jt_priv { JT_PRIV_ADMIN, JT_PRIV_OTHER, JT_PRIV_COUNT };

/* The status index of the "(no such id)" row; its cells use type index 0 only. */
#define JT_SPECCOV_MISSING JT_ST_COUNT

typedef struct jt_speccov {
    const struct jt_profile *profile; /* NULL: the run's profile is unknown: no table */
    uint32_t hits[JT_ST_COUNT + 1][JT_OP_COUNT][JT_TY_COUNT][JT_PRIV_COUNT];
    size_t cells;      /* cells of the table */
    size_t exercised;  /* cells with a hit */
    size_t statements; /* control statements replayed */
} jt_speccov;

/*
 * Replays run on a shadow model of profile (NULL: the default); driver and profile are the
 * names the run's skipif/onlyif saw. An unknown profile gives out->profile NULL and 0.
 * Returns 0, or JT_ENOMEM (err says so).
 */
int jt_speccov_compute(jt_speccov *out, const jt_run_result *run, const char *driver,
                       const char *profile, jt_error *err);

/* 1 when (status, type) is a cell of the table: a status and a type the profile names, or
   the missing row with type 0. */
int jt_speccov_is_cell(const jt_speccov *c, int status, int type);
/* The status's name, "(no such id)" for JT_SPECCOV_MISSING. */
const char *jt_speccov_status_name(const jt_speccov *c, int status);
/* "-" for the missing row, else the profile's type name. */
const char *jt_speccov_type_name(const jt_speccov *c, int status, int type);
const char *jt_speccov_op_name(int op);     /* PAUSE, RESUME, CANCEL */
const char *jt_speccov_priv_name(int priv); /* admin, non-admin */

#endif

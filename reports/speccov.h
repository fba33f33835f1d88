/*
 * Spec coverage of a run, for the reports: which cells of the profile's transition table
 * (status x statement PAUSE|RESUME|CANCEL x job type x privilege kind, and a row "(no such
 * id)") the run's control statements exercised. The model counts them as the statements run
 * (model/model.h, "Spec coverage", says when a cell is hit); the runner sums the counts of
 * its shadow model into jt_run_result.coverage; this sets them out on the profile's table.
 */
#ifndef JT_SPECCOV_H
#define JT_SPECCOV_H

#include <stddef.h>
#include <stdint.h>

#include "model/common.h"
#include "model/model.h"
#include "model/profile.h"

typedef struct jt_speccov {
    const struct jt_profile *profile; /* NULL: the run's profile is unknown: no table */
    uint64_t hits[JT_COVER_MISSING + 1][JT_OP_COUNT][JT_TY_COUNT][JT_PRIV_COUNT];
    size_t cells;      /* cells of the table */
    size_t exercised;  /* cells with a hit */
    size_t statements; /* control statements counted */
} jt_speccov;

/* The table of counts under the profile named profile (NULL: the default); an unknown profile
   gives out->profile NULL. */
void jt_speccov_init(jt_speccov *out, const jt_coverage *counts, const char *profile);

/* 1 when (status, type) is a cell of the table: a status and a type the profile names, or
   the missing row (JT_COVER_MISSING) with type 0. */
int jt_speccov_is_cell(const jt_speccov *c, int status, int type);
/* The status's name, "(no such id)" for JT_COVER_MISSING. */
const char *jt_speccov_status_name(const jt_speccov *c, int status);
/* "-" for the missing row, else the profile's type name. */
const char *jt_speccov_type_name(const jt_speccov *c, int status, int type);
const char *jt_speccov_op_name(int op);     /* PAUSE, RESUME, CANCEL */
const char *jt_speccov_priv_name(int priv); /* admin, non-admin */

#endif

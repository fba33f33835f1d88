/*
 * Seeded random simulation: scenarios drawn from a seed run on a driver and on the
 * reference model side by side, compared record by record with the checker of `jobtck run`.
 * At the first difference the scenario is shrunk (delta debugging over its records, then
 * over the literal values of each record: ids, VALUES lists, users, spellings, fixture
 * fields) to a minimal case file, written atomically, whose replay with
 * `jobtck run --driver D FILE` fails the same way.
 *
 * Everything follows from the seed: the same seed, steps and driver give byte-identical
 * output and the same case file.
 */
#ifndef JT_SIM_H
#define JT_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/common.h"

struct jt_session;

typedef struct jt_sim_config {
    /* The implementation under test (sim/drivers/session.h), with fixtures and users; the
       written case is replayed on a new connection of the same (jt_session_open_again). */
    struct jt_session *session;
    const char *driver_spec; /* what follows --driver in the replay command (NULL: its spec) */
    const char *profile;     /* the reference model's profile (NULL: the default) */
    uint64_t seed;
    uint64_t steps;        /* records to run in all (fixtures, statements and queries) */
    const char *case_path; /* where the shrunk case goes (NULL: sim-<seed>.test) */
    size_t max_trials;     /* shrinking budget in scenario runs (0: 20000) */
    FILE *out;             /* what happens, line by line, or NULL */
} jt_sim_config;

typedef struct jt_sim_report {
    uint64_t steps;     /* records run before the first difference, or all of them */
    uint64_t scenarios; /* scenarios started */
    uint64_t fixtures, statements, queries;
    int found;              /* 1: a difference was found, shrunk and written */
    uint64_t diff_step;     /* its record, 1-based over the whole run */
    size_t original;        /* records of the failing scenario up to the difference */
    size_t shrunk;          /* records of the written case */
    size_t trials;          /* scenario runs spent shrinking */
    size_t replay_failures; /* failing records when the written case is replayed with the runner */
    char case_path[4096];
    char message[JT_MESSAGE_MAX]; /* the difference, as the checker words it */
} jt_sim_report;

/*
 * Runs the simulation. Returns 0 when it ran (out->found says whether the driver differs),
 * or a negative JT_E... when the kit could not (err says why: the driver cannot connect or
 * lacks a capability, the case file cannot be written, out of memory).
 */
int jt_sim_run(jt_sim_report *out, const jt_sim_config *cfg, jt_error *err);

#endif

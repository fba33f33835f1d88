/*
 * Private to sim/run/: the parts of the runner share these; everything else sees
 * sim/run/runner.h (and complete.h, expect.h).
 *
 *   runner.c   the loop: a file's gate (profile, capabilities, a fresh start), its records in
 *              order (skipif/onlyif, halt, user, fixtures), its end; verifying or completing
 *   record.c   one statement or query record: run, retried, checked or handed to the sink
 *   shadow.c   the shadow model that runs a file beside the driver (coverage, retry paths)
 *   vars.c     `let` and $name: the one place where variables are bound and substituted
 *   results.c  what happened: file and record results, their messages
 *   paths.c    the case files a path names, in order, and the shards
 */
#ifndef JT_RUN_INTERNAL_H
#define JT_RUN_INTERNAL_H

#include <stddef.h>

#include "model/common.h"
#include "model/model.h"
#include "model/profile.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"

#define JT_RUN_DEFAULT_USER "root"

struct jt_runner {
    jt_runner_config cfg;
    const char *profile;
    const jt_profile *prof; /* the profile of that name */
    jt_session *session;    /* cfg.session, the runner's */
    /* Completing (jt_runner_complete_case): where the results go. NULL while verifying. */
    const jt_runner_sink *sink;
    /* The shadow model (shadow.c): it runs the file beside the driver when the run counts the
       spec coverage (its counts go to run.coverage), and for a file with `retry` records under
       a profile whose jobs move on their own (paths), where it says which results can occur
       on the way to an expected one. */
    jt_model *shadow;
    int shadow_on, paths;
    size_t seen;       /* case files met by run_path so far (for shards) */
    jt_tag_memo *tags; /* the profile's command tags by statement shape (tag.c) */
    jt_run_result run;
};

/* ---- vars.c: `let` and $name --------------------------------------------------------- */

typedef struct jt_run_var {
    char *name;
    char *value; /* NULL when its let failed */
} jt_run_var;

typedef struct jt_run_vars {
    jt_run_var *v;
    size_t n, cap;
} jt_run_vars;

void jt_run_vars_dispose(jt_run_vars *vars);
/* Binds name to a copy of value (NULL: its let failed). JT_ENOMEM, JT_ELIMIT. */
int jt_run_vars_set(jt_run_vars *vars, const char *name, const char *value);
/* sql with each $name of a bound variable replaced by its value (others stay: $1 …);
   *unbound_out: a variable whose let failed (the record cannot run), or NULL. *out is
   allocated, or NULL when sql has nothing to substitute (sql stands). JT_ENOMEM, or
   JT_ELIMIT for more than JT_LIMIT_SQL bytes. */
int jt_run_vars_substitute(char **out, const char **unbound_out, const jt_run_vars *vars,
                           const char *sql);

/* ---- the state of one file while it runs --------------------------------------------- */

typedef struct jt_run_file {
    jt_file_result *fr;
    const char *user;
    jt_run_vars vars;
    /* Set when the records that follow do not run: as failed (verifying); as skipped, why is
       fr->skip_message. */
    char *abort_reason;
    int halted;        /* completing: a halt record went by */
    int driver_failed; /* completing: the record that stops the file failed in the driver */
} jt_run_file;

/* ---- results.c ----------------------------------------------------------------------- */

int jt_run_nomem(jt_error *err);
/* A new file result at the end of the run. */
int jt_run_add_file(jt_file_result **out, jt_runner *r, const char *path, jt_error *err);
/* A file that could not be read or parsed (message copied); judged and announced. */
int jt_run_input_error(jt_runner *r, const char *path, const char *message, jt_error *err);
/* Adds the result of rec (a counted record or a failed fixture); takes message, which only
   a PASS may lack. */
int jt_run_add_record(jt_runner *r, jt_run_file *st, const jt_case_record *rec, int outcome,
                      char *message, jt_error *err);
/* Adds rec as skipped for the file's reason (st->fr->skip_message, which it shares). */
int jt_run_add_skipped(jt_runner *r, jt_run_file *st, const jt_case_record *rec, jt_error *err);
/* An allocated "path:line: text", or "path:line:col: text" when col > 0; NULL when memory
   is out. */
char *jt_run_message(const char *path, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void jt_run_file_dispose(jt_file_result *fr);
/* The file has run: its records are judged (cfg.expect), then on_file is told. */
void jt_run_file_done(jt_runner *r, jt_file_result *fr);

/* ---- shadow.c ------------------------------------------------------------------------ */

/* Starts the shadow model on the file when it wants one (verifying only). */
int jt_run_shadow_start(jt_runner *r, const jt_case_file *cf, jt_error *err);
/* The shadow takes rec's fixture as the driver does. */
int jt_run_shadow_fixture(jt_runner *r, const jt_case_record *rec, jt_error *err);
/* The shadow runs sql; for a `retry` record whose paths it knows, *keys are the results
   (jt_result_key) it passes on the way to the expected one (*n of them), else NULL. */
int jt_run_shadow_sql(jt_runner *r, jt_run_file *st, const jt_case_record *rec, const char *sql,
                      char ***keys, size_t *n, jt_error *err);
/* The file's spec coverage goes to the run's, when counted. */
void jt_run_shadow_finish(jt_runner *r);

/* ---- record.c ------------------------------------------------------------------------ */

/* Runs a statement or query record: checked and recorded (verifying), or handed to the sink
   (completing). */
int jt_run_sql(jt_runner *r, jt_run_file *st, const jt_case_record *rec, jt_error *err);

#endif

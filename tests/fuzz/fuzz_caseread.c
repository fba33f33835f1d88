/*
 * libFuzzer target: the case-language reader (sim/cases/caseread.c). Any bytes are a case file;
 * the reader either parses them or gives one error "fuzz.test:LINE:COL: message" with a
 * code of its table, and frees everything either way. A file that parses is also run
 * through the runner on the model (a bounded number of records), so that the runner, the
 * checker and the model see every record the reader accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/cases/case.h"
#include "sim/drivers/session.h"
#include "sim/run/runner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PATH "fuzz.test"
#define MAX_RUN_RECORDS 64 /* more: parsed only, to keep each input fast */

static void check_error(int rc, const jt_error *err) {
    size_t n = strlen(PATH);
    if (rc != JT_EPARSE && rc != JT_ELIMIT && rc != JT_ENOMEM) {
        fprintf(stderr, "unexpected return %d: %s\n", rc, err->message);
        abort();
    }
    /* "fuzz.test:LINE:COL: message" (out of memory: "fuzz.test: out of memory") */
    if (strncmp(err->message, PATH ":", n + 1) != 0 || err->line < 0) {
        fprintf(stderr, "malformed message: %s\n", err->message);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    jt_case_file *cf = NULL;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_case_parse(&cf, PATH, (const char *)data, size, &err);
    if (rc < 0) {
        if (cf)
            abort(); /* *out is NULL unless it returns 0 */
        check_error(rc, &err);
        return 0;
    }
    if (cf->nrecords <= MAX_RUN_RECORDS) {
        jt_runner_config cfg;
        jt_runner *r = NULL;
        memset(&cfg, 0, sizeof cfg);
        if (jt_session_open(&cfg.session, "model", NULL, &err) == JT_OK &&
            jt_runner_new(&r, &cfg, &err) == JT_OK) {
            const jt_run_result *run;
            rc = jt_runner_run_case(r, cf, &err); /* takes cf */
            cf = NULL;
            run = jt_runner_result(r);
            if (rc == JT_OK && run->nfiles != 1)
                abort();
            jt_runner_free(r);
        }
    }
    jt_case_free(cf);
    return 0;
}

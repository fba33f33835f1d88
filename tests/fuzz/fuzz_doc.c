/*
 * libFuzzer target: the documentation-page reader of jobtck doc (sim/doc/). Any bytes are a
 * page; the reader either reads them or gives one error "fuzz.md[:LINE]: message" with a code
 * of its table, and frees everything either way. A page that reads has its world built and,
 * when it is small, its statements run on the model of the profile that stands for its release
 * and compared (sim/doc/doc_check.c). Claims are read and their parts checked for shape, but not
 * checked over worlds here: each one runs hundreds or thousands of them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/doc/doc.h"
#include "sim/drivers/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PATH "fuzz.md"
#define MAX_RUN_STATEMENTS 32 /* more: read only, to keep each input fast */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    jt_doc_page *page = NULL;
    jt_doc_world w;
    jt_doc_report rep;
    jt_doc_config cfg;
    jt_doc_profiles pp;
    jt_options opts;
    jt_error err;
    size_t i;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_doc_parse(&page, PATH, (const char *)data, size, &err);
    if (rc < 0) {
        if (page)
            abort(); /* *out is NULL unless it returns 0 */
        if ((rc != JT_EPARSE && rc != JT_ELIMIT && rc != JT_ENOMEM) ||
            (rc != JT_ENOMEM && strncmp(err.message, PATH ":", strlen(PATH) + 1) != 0)) {
            fprintf(stderr, "unexpected error %d: %s\n", rc, err.message);
            abort();
        }
        return 0;
    }
    for (i = 0; i < page->nstmts; i++)
        if (!page->stmts[i].sql || !*page->stmts[i].sql || page->stmts[i].line < 1)
            abort();
    for (i = 0; i < page->nclaims; i++) {
        const jt_doc_claim *c = &page->claims[i];
        size_t k;
        if (c->line < 1 || !c->text || (c->nnames && !c->names))
            abort();
        for (k = 0; k < c->nnames; k++)
            if (!c->names[k] || c->name_lines[k] < 1)
                abort();
    }
    for (i = 0; i < page->ngrants; i++)
        if (!page->grants[i].user || !*page->grants[i].user || page->grants[i].line < 1)
            abort();
    jt_doc_profiles_for(&pp, page->release, NULL);
    if (!pp.documented || (page->release[0] && page->release[0] != 'v'))
        abort();
    if (jt_doc_world_build(&w, page, &err) != JT_OK) {
        jt_doc_free(page);
        return 0;
    }
    if (page->nstmts <= MAX_RUN_STATEMENTS) {
        memset(&cfg, 0, sizeof cfg);
        jt_options_init(&opts);
        if (jt_options_add(&opts, "profile", pp.documented, &err) < 0 ||
            jt_session_open(&cfg.session, "model", &opts, &err) < 0)
            abort();
        jt_options_dispose(&opts);
        cfg.profile = pp.documented;
        jt_doc_report_init(&rep);
        rc = jt_doc_check_statements(&rep, page, &w, &cfg, &err);
        jt_session_close(cfg.session);
        if (rc == JT_OK && rep.passed + rep.failed + rep.skipped != rep.nitems)
            abort();
        jt_doc_report_dispose(&rep);
    }
    jt_doc_world_dispose(&w);
    jt_doc_free(page);
    return 0;
}

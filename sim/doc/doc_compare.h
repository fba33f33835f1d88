/* jobtck doc: one statement's result compared with the output its page shows (doc_compare.c);
   for the files of sim/doc/ only. */
#ifndef JT_DOC_COMPARE_H
#define JT_DOC_COMPARE_H

#include <stddef.h>

#include "sim/doc/doc_internal.h"

typedef struct jt_doc_cmp {
    const jt_doc_page *page;
    jt_doc_report *rep;    /* where the findings go, items of kind "statement" */
    const char *who;       /* "v25.1" (the model's profile) or "driver NAME" */
    int model;             /* the driver is the model: what it cannot parse is a limit of the kit */
    const jt_doc_stmt *st; /* the statement compared */
    size_t findings;       /* its findings so far */
} jt_doc_cmp;

/* Compares res, what c->st gave, with the output the page shows after it; each difference is a
   finding in c->rep (a page defect, or a limit of the kit when the model cannot run it). */
int jt_doc_compare(jt_doc_cmp *c, const jt_result *res);

#endif

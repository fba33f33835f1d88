/* jobtck doc, reports: what was found on a page, item by item, and its summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_internal.h"
#include "sim/text/strbuf.h"

void jt_doc_report_init(jt_doc_report *r) {
    memset(r, 0, sizeof *r);
}

void jt_doc_report_dispose(jt_doc_report *r) {
    size_t i;
    for (i = 0; i < r->nitems; i++) {
        free(r->items[i].message);
        free(r->items[i].file);
    }
    free(r->items);
    jt_doc_report_init(r);
}

int jt_doc_report_add(jt_doc_report *r, int line, int outcome, char *message, char *file) {
    int finding = outcome == JT_DOC_FAIL   ? JT_DOC_FIND_PAGE
                  : outcome == JT_DOC_SKIP ? JT_DOC_FIND_LIMIT
                                           : JT_DOC_FIND_NONE;
    return jt_doc_report_item(r, line, outcome, finding, "page", message, file);
}

int jt_doc_report_item(jt_doc_report *r, int line, int outcome, int finding, const char *kind,
                       char *message, char *file) {
    jt_doc_item *it;
    int rc =
        jt_grow((void **)&r->items, &r->cap, r->nitems + 1, sizeof *r->items, JT_LIMIT_RECORDS);
    if (rc < 0 || (outcome != JT_DOC_PASS && !message)) {
        free(message);
        free(file);
        return rc < 0 ? rc : JT_ENOMEM;
    }
    it = &r->items[r->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->line = line;
    it->outcome = outcome;
    it->finding = finding;
    it->message = message;
    it->file = file;
    if (outcome == JT_DOC_PASS)
        r->passed++;
    else if (outcome == JT_DOC_FAIL)
        r->failed++;
    else if (outcome == JT_DOC_SKIP)
        r->skipped++;
    return JT_OK;
}

jt_doc_item *jt_doc_report_last(jt_doc_report *r) {
    JT_ASSERT(r->nitems > 0);
    return &r->items[r->nitems - 1];
}

void jt_doc_report_sort(jt_doc_report *r) {
    size_t i, j;
    /* insertion sort: stable, and the items of a page are few */
    for (i = 1; i < r->nitems; i++) {
        jt_doc_item it = r->items[i];
        for (j = i; j > 0 && r->items[j - 1].line > it.line; j--)
            r->items[j] = r->items[j - 1];
        r->items[j] = it;
    }
}

int jt_doc_exit_status(const jt_doc_report *r) {
    return r->failed > 0 ? 1 : 0;
}

void jt_doc_summarise(jt_doc_summary *out, const jt_doc_report *r) {
    size_t i;
    memset(out, 0, sizeof *out);
    out->examples = r->examples;
    out->outputs = r->outputs;
    for (i = 0; i < r->nitems; i++) {
        const jt_doc_item *it = &r->items[i];
        if (it->finding > JT_DOC_FIND_NONE && it->finding < JT_DOC_FIND_COUNT)
            out->findings[it->finding]++;
        if (strcmp(it->kind, "claim") == 0 &&
            (it->outcome == JT_DOC_PASS || it->outcome == JT_DOC_FAIL)) {
            out->claims++;
            out->hold += it->outcome == JT_DOC_PASS;
        }
    }
}

static int plural(jt_strbuf *sb, const char *sep, size_t n, const char *one, const char *many) {
    return jt_strbuf_addf(sb, "%s%zu %s", sep, n, n == 1 ? one : many);
}

char *jt_doc_summary_text(const jt_doc_summary *s) {
    jt_strbuf sb;
    int rc;
    jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
    rc = plural(&sb, "", s->examples, "example run", "examples run");
    if (rc == JT_OK)
        rc = plural(&sb, ", ", s->outputs, "output compared", "outputs compared");
    if (rc == JT_OK)
        rc = plural(&sb, ", ", s->claims, "claim checked", "claims checked");
    if (rc == JT_OK && s->claims)
        rc = jt_strbuf_addf(&sb, " (%zu hold%s)", s->hold, s->hold == 1 ? "s" : "");
    if (rc == JT_OK)
        rc = plural(&sb, "; findings: ", s->findings[JT_DOC_FIND_PAGE], "page defect",
                    "page defects");
    if (rc == JT_OK)
        rc = plural(&sb, ", ", s->findings[JT_DOC_FIND_UNREADABLE], "construct the kit cannot read",
                    "constructs the kit cannot read");
    if (rc == JT_OK)
        rc = plural(&sb, ", ", s->findings[JT_DOC_FIND_LIMIT], "limit of the kit",
                    "limits of the kit");
    if (rc < 0) {
        jt_strbuf_dispose(&sb);
        return NULL;
    }
    return jt_strbuf_take(&sb);
}

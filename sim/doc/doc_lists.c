/* jobtck doc, lists and tables of prose: the job types a page says an operation works on, the
   privileges a "Required privileges" list names, and the Markdown tables of the SHOW JOBS page
   (its fields, the values of `status` and `job_type`, and what each status moves to). */
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_internal.h"

/* ---- job types in words ---------------------------------------------------------------------- */

/* Phrases of the docs and the job type each names, longest first where one holds another. */
static const char *const phrases[][2] = {
    {"automatic table statistics", "AUTO CREATE STATS"},
    {"auto create stats", "AUTO CREATE STATS"},
    {"user-created table statistics", "CREATE STATS"},
    {"table statistics", "CREATE STATS"},
    {"create statistics", "CREATE STATS"},
    {"create stats", "CREATE STATS"},
    {"new schema change", "NEW SCHEMA CHANGE"},
    {"schema change gc", "SCHEMA CHANGE GC"},
    {"garbage collection", "SCHEMA CHANGE GC"},
    {"schema change", "SCHEMA CHANGE"},
    {"import", "IMPORT"},
    {"backup", "BACKUP"},
    {"restore", "RESTORE"},
    {"changefeed", "CHANGEFEED"},
    {"row level ttl", "ROW LEVEL TTL"},
    {"row-level ttl", "ROW LEVEL TTL"},
    {"key visualizer", "KEY VISUALIZER"},
    {"migration", "MIGRATION"},
    {"logical replication", "LOGICAL REPLICATION"},
    {"replication stream ingestion", "REPLICATION STREAM INGESTION"},
    {"replication stream producer", "REPLICATION STREAM PRODUCER"},
    {"inspect", "INSPECT"},
};

#define NPHRASES (sizeof phrases / sizeof phrases[0])

/* The job types a phrase names, into out (at most max); their number. The phrase's words are
   blanked as they are taken, so that "schema change" does not count inside "new schema
   change". */
static size_t types_of_phrase(const char **out, size_t max, const char *phrase) {
    char *work = jt_strdup(phrase);
    size_t n = 0, i, k;
    if (!work)
        return 0;
    for (i = 0; i < NPHRASES && n < max; i++) {
        char *s;
        while ((s = (char *)jt_doc_find_ci(work, phrases[i][0])) != NULL) {
            for (k = 0; k < n && strcmp(out[k], phrases[i][1]) != 0; k++)
                ;
            if (k == n && n < max)
                out[n++] = phrases[i][1];
            memset(s, ' ', strlen(phrases[i][0]));
        }
    }
    free(work);
    return n;
}

const char *jt_doc_type_of_phrase(const char *phrase) {
    const char *t[1];
    return types_of_phrase(t, 1, phrase) ? t[0] : NULL;
}

/* ---- lists a sentence introduces ---------------------------------------------------------------
 */

/* One item of a TYPES list: its types, or its words as unknown. */
static int list_types(jt_doc_reader *rd, jt_doc_claim *c, const char *text, int line) {
    const char *t[8];
    size_t n = types_of_phrase(t, 8, text), i;
    int rc = JT_OK;
    if (!n)
        return jt_doc_claim_name(rd, c, text, strlen(text), line, 1);
    for (i = 0; i < n && rc == JT_OK; i++)
        rc = jt_doc_claim_name(rd, c, t[i], strlen(t[i]), line, 0);
    return rc;
}

int jt_doc_read_list_claims(jt_doc_reader *rd, size_t claim, cmark_node *list) {
    cmark_node *item;
    int rc = JT_OK;
    for (item = cmark_node_first_child(list); item && rc == JT_OK; item = cmark_node_next(item)) {
        jt_doc_claim *c = &rd->page->claims[claim];
        int *lines = NULL;
        char *text = jt_doc_node_text(item, &lines);
        int line = cmark_node_get_start_line(item);
        if (!text) {
            free(lines);
            return jt_doc_nomem(rd);
        }
        if (c->kind == JT_DOC_CLAIM_TYPES && *text)
            rc = list_types(rd, c, text, line);
        else if (c->kind == JT_DOC_CLAIM_PRIVILEGES)
            c->grants |= jt_doc_grants_of(text);
        free(text);
        free(lines);
    }
    return rc;
}

/* ---- Markdown tables ---------------------------------------------------------------------------
 */

/* The cells of a source line of a Markdown table (up to max), trimmed; their number. */
static size_t row_cells(char **out, size_t max, const char *s, size_t n) {
    size_t k = 0, nc = 0;
    while (k < n && jt_doc_is_space((unsigned char)s[k]))
        k++;
    if (k < n && s[k] == '|')
        k++;
    while (k < n && nc < max) {
        size_t e = k;
        int code = 0;
        while (e < n && (s[e] != '|' || code)) {
            if (s[e] == '`')
                code = !code;
            e++;
        }
        out[nc] = jt_doc_dup_trim(s + k, e - k);
        if (!out[nc])
            break;
        nc++;
        k = e + 1;
    }
    if (nc && !*out[nc - 1] && k >= n)
        free(out[--nc]); /* after a closing `|` */
    return nc;
}

static void free_row(char **cells, size_t n) {
    while (n)
        free(cells[--n]);
}

/* The code spans of a cell's Markdown up to its first `<br>` (a list of values), those that
   are upper case words when upper, else lower-case words; each added to c. */
static int code_spans(jt_doc_reader *rd, jt_doc_claim *c, const char *md, int line, int upper) {
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    cmark_iter *it;
    cmark_event_type ev;
    int rc = JT_OK;
    if (!doc)
        return jt_doc_nomem(rd);
    it = cmark_iter_new(doc);
    while (rc == JT_OK && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        const char *lit = cmark_node_get_literal(n);
        size_t i;
        int ok = 1;
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE && lit && jt_doc_find_ci(lit, "<br"))
            break;
        if (cmark_node_get_type(n) != CMARK_NODE_CODE || !lit || !*lit)
            continue;
        for (i = 0; lit[i]; i++)
            if (upper ? !((lit[i] >= 'A' && lit[i] <= 'Z') || lit[i] == ' ')
                      : !((lit[i] >= 'a' && lit[i] <= 'z') || lit[i] == '-'))
                ok = 0;
        if (ok)
            rc = jt_doc_claim_name(rd, c, lit, strlen(lit), line, 0);
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    return rc;
}

/* The text of a cell's Markdown as a reader sees it. */
static char *cell_text(const char *md) {
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    char *t;
    if (!doc)
        return NULL;
    t = jt_doc_node_text(doc, NULL);
    cmark_node_free(doc);
    return t;
}

/* The name in a table's first cell: its code span, or its text. */
static char *first_name(const char *md) {
    const char *a = strchr(md, '`'), *b = a ? strchr(a + 1, '`') : NULL;
    return a && b ? jt_strndup(a + 1, (size_t)(b - a - 1)) : cell_text(md);
}

typedef struct table_ctx {
    jt_doc_reader *rd;
    int fields;      /* a Field | Description table of a Response section */
    int statuses;    /* a Status | Description table */
    size_t fields_c; /* the FIELDS claim (index), or SIZE_MAX */
} table_ctx;

/* The claim of a kind a row of the field table makes (the values of `status`, `job_type`). */
static int values_claim(table_ctx *t, int kind, const char *name, const char *md, int line) {
    jt_doc_claim *c = NULL;
    char text[160];
    int rc;
    if (!strchr(md, '`'))
        return JT_OK; /* a description that lists no value claims none */
    snprintf(text, sizeof text, "the %s of a job is one of the values listed for `%s`",
             kind == JT_DOC_CLAIM_STATUSES ? "status" : "type", name);
    rc = jt_doc_claim_new(&c, t->rd, kind, line, text, strlen(text));
    if (rc < 0 || !c)
        return rc;
    return code_spans(t->rd, c, md, line, kind == JT_DOC_CLAIM_JOB_TYPES);
}

/* "will move to `X`" in the row of status from. */
static int moves_claim(table_ctx *t, const char *from, const char *md, const char *text, int line) {
    const char *s = jt_doc_find_ci(md, "will move to `"), *e;
    jt_doc_claim *c = NULL;
    int rc;
    if (!s || !(e = strchr(s + 14, '`')))
        return JT_OK;
    rc = jt_doc_claim_new(&c, t->rd, JT_DOC_CLAIM_MOVES, line, text, strlen(text));
    if (rc == JT_OK && c)
        rc = jt_doc_claim_name(t->rd, c, from, strlen(from), line, 0);
    if (rc == JT_OK && c)
        rc = jt_doc_claim_name(t->rd, c, s + 14, (size_t)(e - s - 14), line, 0);
    return rc;
}

/* One row of a table: the claims of its description, and what its kind of table says. */
static int table_row(table_ctx *t, char **cells, size_t n, int line) {
    char *name = first_name(cells[0]), *text = n > 1 ? cell_text(cells[1]) : NULL;
    int rc = JT_OK;
    if (!name || (n > 1 && !text)) {
        rc = jt_doc_nomem(t->rd);
        goto out;
    }
    if (text && *text)
        rc = jt_doc_read_cell_claims(t->rd, text, line);
    if (rc == JT_OK && t->fields && t->fields_c != SIZE_MAX)
        rc = jt_doc_claim_name(t->rd, &t->rd->page->claims[t->fields_c], name, strlen(name), line,
                               0);
    if (rc == JT_OK && t->fields && n > 1 && strcmp(name, "status") == 0)
        rc = values_claim(t, JT_DOC_CLAIM_STATUSES, name, cells[1], line);
    if (rc == JT_OK && t->fields && n > 1 && strcmp(name, "job_type") == 0)
        rc = values_claim(t, JT_DOC_CLAIM_JOB_TYPES, name, cells[1], line);
    if (rc == JT_OK && t->statuses && n > 1)
        rc = moves_claim(t, name, cells[1], text, line);
out:
    free(name);
    free(text);
    return rc;
}

/* The header of a table: what kind of table it is. */
static int table_header(table_ctx *t, char **cells, size_t n, int line) {
    static const char text[] = "the following fields are returned for each job";
    jt_doc_claim *c = NULL;
    int rc;
    t->fields =
        n >= 2 && jt_strcaseeq(cells[0], "Field") && strncmp(t->rd->section, "response", 8) == 0;
    t->statuses = n >= 2 && jt_strcaseeq(cells[0], "Status");
    t->fields_c = SIZE_MAX;
    if (!t->fields)
        return JT_OK;
    rc = jt_doc_claim_new(&c, t->rd, JT_DOC_CLAIM_FIELDS, line, text, sizeof text - 1);
    if (rc == JT_OK && c)
        t->fields_c = (size_t)(c - t->rd->page->claims);
    return rc;
}

int jt_doc_read_field_table(jt_doc_reader *rd, cmark_node *para) {
    int first = cmark_node_get_start_line(para), last = cmark_node_get_end_line(para), line;
    table_ctx t;
    int rc = JT_OK;
    memset(&t, 0, sizeof t);
    t.rd = rd;
    for (line = first; line <= last && rc == JT_OK; line++) {
        char *cells[8];
        size_t len, n;
        const char *s = jt_doc_source_line(rd, line, &len);
        if (line == first + 1)
            continue; /* the rule */
        n = row_cells(cells, 8, s, len);
        if (n == 0)
            continue;
        rc = line == first ? table_header(&t, cells, n, line) : table_row(&t, cells, n, line);
        free_row(cells, n);
    }
    return rc;
}

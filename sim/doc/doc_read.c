/* jobtck doc, reading: a documentation page through libcmark into its release, its statements,
   the output shown after them (doc_output.c) and the claims of its prose (doc_prose.c). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc.h"
#include "sim/text/slurp.h"
#include "sim/doc/doc_internal.h"
#include "sim/text/strbuf.h"

/* ---- the page ------------------------------------------------------------------------------ */

static void claim_dispose(jt_doc_claim *c) {
    size_t i;
    free(c->text);
    free(c->user);
    for (i = 0; i < c->nnames; i++)
        free(c->names[i]);
    free(c->names);
    free(c->name_lines);
    for (i = 0; i < c->nunknown; i++)
        free(c->unknown[i]);
    free(c->unknown);
}

void jt_doc_free(jt_doc_page *page) {
    size_t i;
    if (!page)
        return;
    for (i = 0; i < page->nstmts; i++) {
        free(page->stmts[i].sql);
        free(page->stmts[i].user);
        free(page->stmts[i].out_text);
        jt_doc_table_dispose(&page->stmts[i].table);
    }
    free(page->stmts);
    for (i = 0; i < page->nclaims; i++)
        claim_dispose(&page->claims[i]);
    free(page->claims);
    for (i = 0; i < page->nissues; i++)
        free(page->issues[i].message);
    free(page->issues);
    for (i = 0; i < page->ngrants; i++)
        free(page->grants[i].user);
    free(page->grants);
    free(page->path);
    free(page);
}

int jt_doc_fail(jt_doc_reader *rd, int code, int line, const char *fmt, ...) {
    char text[JT_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (line > 0)
        return jt_error_set(rd->err, code, line, "%s:%d: %s", rd->page->path, line, text);
    return jt_error_set(rd->err, code, 0, "%s: %s", rd->page->path, text);
}

int jt_doc_nomem(jt_doc_reader *rd) {
    return jt_error_set(rd->err, JT_ENOMEM, 0, "out of memory");
}

int jt_doc_add_issue(jt_doc_reader *rd, int line, int finding, const char *fmt, ...) {
    jt_doc_page *p = rd->page;
    char text[JT_MESSAGE_MAX * 2];
    va_list ap;
    int rc;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    rc = jt_grow((void **)&p->issues, &p->issues_cap, p->nissues + 1, sizeof *p->issues,
                 JT_LIMIT_RECORDS);
    if (rc == JT_ELIMIT)
        return jt_doc_fail(rd, rc, line, "more than %d problems on one page", JT_LIMIT_RECORDS);
    if (rc < 0)
        return jt_doc_nomem(rd);
    p->issues[p->nissues].message = jt_doc_finding_msg(p->path, line, finding, "%s", text);
    if (!p->issues[p->nissues].message)
        return jt_doc_nomem(rd);
    p->issues[p->nissues].line = line;
    p->issues[p->nissues].finding = finding;
    p->nissues++;
    return JT_OK;
}

/* ---- front matter -------------------------------------------------------------------------- */

/* Whether the line at s (up to '\n' or end) is exactly mark, trailing white space allowed. */
static int line_is(const char *s, const char *end, const char *mark) {
    size_t n = strlen(mark);
    if ((size_t)(end - s) < n || memcmp(s, mark, n) != 0)
        return 0;
    for (s += n; s < end && *s != '\n'; s++)
        if (!jt_doc_is_space((unsigned char)*s))
            return 0;
    return 1;
}

/* `vX.Y` (digits, a dot, digits) at s[0..n): 1 and copied into out, or 0. */
static int release_word(char *out, size_t size, const char *s, size_t n) {
    size_t i = 1, dots = 0;
    if (n < 4 || n >= size || s[0] != 'v' || s[1] < '0' || s[1] > '9')
        return 0;
    for (; i < n; i++) {
        if (s[i] == '.' && s[i - 1] != '.' && s[i - 1] != 'v')
            dots++;
        else if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    if (dots != 1 || s[n - 1] == '.')
        return 0;
    memcpy(out, s, n);
    out[n] = '\0';
    return 1;
}

int jt_doc_release_of_path(char *out, size_t size, const char *path) {
    const char *s = path;
    while (*s) {
        size_t n = strcspn(s, "/");
        if (release_word(out, size, s, n))
            return 1;
        s += n;
        if (*s == '/')
            s++;
    }
    return 0;
}

/* A `version: vX.Y` line of the front matter (the line at s, up to '\n' or end). */
static void front_version(jt_doc_page *page, const char *s, const char *end) {
    const char *e = memchr(s, '\n', (size_t)(end - s));
    size_t n;
    if (!e)
        e = end;
    if ((size_t)(e - s) < 8 || strncmp(s, "version:", 8) != 0 || page->release[0])
        return;
    s = jt_doc_skip_space(s + 8);
    if (*s == '"' || *s == '\'')
        s++;
    for (n = 0; s + n < e && !jt_doc_is_space((unsigned char)s[n]) && s[n] != '"' && s[n] != '\'';)
        n++;
    if (release_word(page->release, sizeof page->release, s, n))
        page->release_from_front = 1;
}

/* The closing line of front matter that starts at text, or NULL. */
static const char *front_end(jt_doc_reader *rd, const char *text, const char *end, int *line) {
    const char *s = memchr(text, '\n', (size_t)(end - text));
    *line = 1;
    while (s) {
        s++;
        (*line)++;
        if (line_is(s, end, "---") || line_is(s, end, "..."))
            return s;
        front_version(rd->page, s, end);
        s = memchr(s, '\n', (size_t)(end - s));
    }
    return NULL;
}

/* *out: the text with the lines of its front matter (`---` … `---` or `...` from line 1)
   emptied, their newlines kept, so that cmark's lines are the file's. */
static int blank_front_matter(jt_doc_reader *rd, char **out, const char *text, size_t len) {
    const char *end = text + len, *s, *nl;
    char *copy = jt_malloc(len + 1);
    size_t k = 0;
    int line;
    *out = NULL;
    if (!copy)
        return jt_doc_nomem(rd);
    if (!line_is(text, end, "---")) {
        memcpy(copy, text, len);
        copy[len] = '\0';
        *out = copy;
        return JT_OK;
    }
    s = front_end(rd, text, end, &line);
    if (!s) {
        free(copy);
        return jt_doc_fail(rd, JT_EPARSE, 1,
                           "front matter opened here is never closed (expected a '---' line)");
    }
    nl = memchr(s, '\n', (size_t)(end - s));
    nl = nl ? nl + 1 : end;
    for (s = text; s < nl; s++)
        if (*s == '\n')
            copy[k++] = '\n';
    memcpy(copy + k, nl, (size_t)(end - nl));
    k += (size_t)(end - nl);
    copy[k] = '\0';
    *out = copy;
    rd->len = k;
    return JT_OK;
}

static int index_lines(jt_doc_reader *rd) {
    size_t i, n = 1;
    for (i = 0; i < rd->len; i++)
        if (rd->src[i] == '\n')
            n++;
    rd->line_off = jt_calloc(n, sizeof *rd->line_off);
    if (!rd->line_off)
        return jt_doc_nomem(rd);
    rd->nlines = 1;
    for (i = 0; i < rd->len; i++)
        if (rd->src[i] == '\n')
            rd->line_off[rd->nlines++] = i + 1;
    return JT_OK;
}

const char *jt_doc_source_line(const jt_doc_reader *rd, int line, size_t *n_out) {
    const char *s, *nl;
    if (line < 1 || (size_t)line > rd->nlines) {
        *n_out = 0;
        return "";
    }
    s = rd->src + rd->line_off[line - 1];
    nl = memchr(s, '\n', (size_t)(rd->src + rd->len - s));
    *n_out = nl ? (size_t)(nl - s) : (size_t)(rd->src + rd->len - s);
    return s;
}

/* Whether the code block starting at line is fenced (its content starts a line later). */
static int fenced(const jt_doc_reader *rd, int line) {
    size_t n, i;
    const char *s = jt_doc_source_line(rd, line, &n);
    for (i = 0; i + 3 <= n; i++)
        if (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0)
            return 1;
    return 0;
}

/* ---- the document -------------------------------------------------------------------------- */

/* The first word of a fence's info string, lower case, in buf. */
static const char *info_word(cmark_node *n, char *buf, size_t size) {
    const char *info = cmark_node_get_fence_info(n);
    size_t k = 0;
    if (!info)
        info = "";
    info = jt_doc_skip_space(info);
    while (info[k] && !jt_doc_is_space((unsigned char)info[k]) && info[k] != '{' && k + 1 < size) {
        buf[k] = (char)jt_doc_lower((unsigned char)info[k]);
        k++;
    }
    buf[k] = '\0';
    return buf;
}

static int is_output_info(const char *w) {
    return !*w || strcmp(w, "text") == 0 || strcmp(w, "txt") == 0 || strcmp(w, "console") == 0 ||
           strcmp(w, "none") == 0 || strcmp(w, "output") == 0;
}

static int content_line(const jt_doc_reader *rd, cmark_node *n) {
    int line = cmark_node_get_start_line(n);
    return fenced(rd, line) ? line + 1 : line;
}

static int node_type(cmark_node *n) {
    return (int)cmark_node_get_type(n);
}

/* The blocks of the document in order: code blocks, paragraphs, HTML, headings, breaks. */
static int collect_blocks(jt_doc_reader *rd, cmark_node *doc, cmark_node ***out, size_t *nout) {
    cmark_iter *it = cmark_iter_new(doc);
    cmark_node **blocks = NULL;
    size_t nblocks = 0, cap = 0;
    cmark_event_type ev;
    int rc = JT_OK;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        int ty = node_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (ty != CMARK_NODE_CODE_BLOCK && ty != CMARK_NODE_PARAGRAPH &&
            ty != CMARK_NODE_HTML_BLOCK && ty != CMARK_NODE_HEADING &&
            ty != CMARK_NODE_THEMATIC_BREAK)
            continue;
        rc = jt_grow((void **)&blocks, &cap, nblocks + 1, sizeof *blocks, JT_LIMIT_RECORDS);
        if (rc < 0)
            break;
        blocks[nblocks++] = n;
    }
    cmark_iter_free(it);
    if (rc < 0) {
        free(blocks);
        return rc == JT_ELIMIT ? jt_doc_fail(rd, rc, 0, "too many blocks") : jt_doc_nomem(rd);
    }
    *out = blocks;
    *nout = nblocks;
    return JT_OK;
}

/* A heading: the section the text after it is in. */
static int read_heading(jt_doc_reader *rd, cmark_node *h) {
    char *text = jt_doc_node_text(h, NULL);
    size_t i;
    if (!text)
        return jt_doc_nomem(rd);
    snprintf(rd->section, sizeof rd->section, "%s", text);
    for (i = 0; rd->section[i]; i++)
        rd->section[i] = (char)jt_doc_lower((unsigned char)rd->section[i]);
    free(text);
    return JT_OK;
}

/* Whether the paragraph's source is a Markdown pipe table (`a | b` over `---|---`). */
static int pipe_table(const jt_doc_reader *rd, cmark_node *para) {
    int line = cmark_node_get_start_line(para);
    size_t n, i, dashes = 0;
    const char *s = jt_doc_source_line(rd, line, &n);
    if (!memchr(s, '|', n))
        return 0;
    s = jt_doc_source_line(rd, line + 1, &n);
    for (i = 0; i < n; i++) {
        if (s[i] == '-')
            dashes++;
        else if (s[i] != '|' && s[i] != ':' && !jt_doc_is_space((unsigned char)s[i]))
            return 0;
    }
    return dashes > 0 && memchr(s, '|', n) != NULL;
}

/* A sql block (blocks[*i]) and the output block after it, if any (*i moves past it). */
static int read_example(jt_doc_reader *rd, cmark_node **blocks, size_t nblocks, size_t *i) {
    cmark_node *n = blocks[*i];
    size_t before = rd->page->nstmts, j = *i + 1;
    const char *lit = cmark_node_get_literal(n);
    char word[32];
    int rc;
    rd->page->nblocks++;
    rc = jt_doc_read_sql_block(rd, lit ? lit : "", content_line(rd, n),
                               cmark_node_get_start_line(n));
    if (rc < 0)
        return rc;
    while (j < nblocks &&
           (node_type(blocks[j]) == CMARK_NODE_HTML_BLOCK ||
            (node_type(blocks[j]) == CMARK_NODE_PARAGRAPH && jt_doc_liquid_only(blocks[j]))))
        j++;
    if (j < nblocks && node_type(blocks[j]) == CMARK_NODE_CODE_BLOCK &&
        is_output_info(info_word(blocks[j], word, sizeof word))) {
        lit = cmark_node_get_literal(blocks[j]);
        *i = j;
        if (rd->page->nstmts > before)
            return jt_doc_read_output(rd, &rd->page->stmts[rd->page->nstmts - 1], lit ? lit : "",
                                      content_line(rd, blocks[j]));
        return jt_doc_add_issue(rd, content_line(rd, blocks[j]), JT_DOC_FIND_UNREADABLE,
                                "output block after a sql block without statements");
    }
    if (rd->page->nstmts == before)
        return jt_doc_add_issue(rd, cmark_node_get_start_line(n), JT_DOC_FIND_NONE,
                                "sql block without statements");
    return JT_OK;
}

static int walk(jt_doc_reader *rd, cmark_node *doc) {
    cmark_node **blocks = NULL;
    size_t nblocks = 0, i;
    char word[32];
    int rc = collect_blocks(rd, doc, &blocks, &nblocks);
    for (i = 0; i < nblocks && rc == JT_OK; i++) {
        cmark_node *n = blocks[i];
        if (node_type(n) == CMARK_NODE_HEADING)
            rc = read_heading(rd, n);
        else if (node_type(n) == CMARK_NODE_PARAGRAPH && pipe_table(rd, n))
            rc = jt_doc_read_field_table(rd, n);
        else if (node_type(n) == CMARK_NODE_PARAGRAPH)
            rc = jt_doc_read_claims(rd, n, cmark_node_next(n));
        else if (node_type(n) == CMARK_NODE_CODE_BLOCK &&
                 strcmp(info_word(n, word, sizeof word), "sql") == 0)
            rc = read_example(rd, blocks, nblocks, &i);
    }
    free(blocks);
    return rc;
}

/* The page's text checked and prepared for cmark (rd->src, its lines). */
static int prepare(jt_doc_reader *rd, char **src, const char *text, size_t len) {
    const char *nul;
    int rc;
    if (len > JT_DOC_LIMIT_PAGE)
        return jt_doc_fail(rd, JT_ELIMIT, 0, "larger than %d bytes", JT_DOC_LIMIT_PAGE);
    nul = memchr(text, '\0', len);
    if (nul) {
        const char *s;
        int line = 1;
        for (s = text; s < nul; s++)
            line += *s == '\n';
        return jt_doc_fail(rd, JT_EPARSE, line, "NUL byte: not a Markdown page");
    }
    rd->len = len;
    rc = blank_front_matter(rd, src, text, len);
    if (rc < 0)
        return rc;
    rd->src = *src;
    rc = index_lines(rd);
    return rc < 0 ? rc : jt_doc_claims_compile(rd);
}

int jt_doc_parse(jt_doc_page **out, const char *path, const char *text, size_t len, jt_error *err) {
    jt_doc_reader rd;
    jt_doc_page *page;
    char *src = NULL;
    cmark_node *doc = NULL;
    int rc;
    *out = NULL;
    memset(&rd, 0, sizeof rd);
    rd.err = err;
    page = jt_calloc(1, sizeof *page);
    if (!page)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    page->path = jt_strdup(path);
    rd.page = page;
    if (!page->path) {
        rc = jt_doc_nomem(&rd);
        goto out;
    }
    if (jt_doc_release_of_path(page->release, sizeof page->release, path))
        page->release_from_front = 0;
    rc = prepare(&rd, &src, text, len);
    if (rc < 0)
        goto out;
    doc = cmark_parse_document(src, rd.len, CMARK_OPT_DEFAULT);
    rc = doc ? walk(&rd, doc) : jt_doc_nomem(&rd);
out:
    jt_doc_claims_free(&rd);
    if (doc)
        cmark_node_free(doc);
    free(rd.line_off);
    free(src);
    if (rc < 0) {
        jt_doc_free(page);
        return rc;
    }
    *out = page;
    return JT_OK;
}

int jt_doc_read(jt_doc_page **out, const char *path, jt_error *err) {
    char *buf;
    size_t len;
    int rc = jt_slurp(path, JT_DOC_LIMIT_PAGE, &buf, &len, err);
    *out = NULL;
    if (rc < 0)
        return rc;
    rc = jt_doc_parse(out, path, buf, len, err);
    free(buf);
    return rc;
}

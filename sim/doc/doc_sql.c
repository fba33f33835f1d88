/* jobtck doc, sql blocks: the statements of a `~~~ sql` block, after their prompts (`> `,
   `maxroach@:26257/defaultdb> `), continued over lines (`-> ` or none) up to their `;`. */
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_internal.h"
#include "sim/text/strbuf.h"

typedef struct splitter {
    jt_doc_reader *rd;
    int block_line;
    jt_strbuf sb;
    int open;                     /* a statement has begun */
    int line;                     /* its first line */
    char quote;                   /* the quote it is in, or 0 */
    char user[JT_LIMIT_NAME + 1]; /* its prompt's user, or "" */
} splitter;

static int push_stmt(splitter *sp) {
    jt_doc_page *p = sp->rd->page;
    jt_doc_stmt *st;
    char *sql = jt_doc_dup_trim(sp->sb.data ? sp->sb.data : "", sp->sb.len);
    int rc;
    jt_strbuf_dispose(&sp->sb);
    sp->open = 0;
    sp->quote = 0;
    if (!sql)
        return jt_doc_nomem(sp->rd);
    if (!*sql) {
        free(sql);
        return JT_OK;
    }
    rc = jt_grow((void **)&p->stmts, &p->stmts_cap, p->nstmts + 1, sizeof *p->stmts,
                 JT_LIMIT_RECORDS);
    if (rc < 0) {
        free(sql);
        return rc == JT_ELIMIT ? jt_doc_fail(sp->rd, rc, sp->line,
                                             "more than %d statements on a page", JT_LIMIT_RECORDS)
                               : jt_doc_nomem(sp->rd);
    }
    st = &p->stmts[p->nstmts++];
    memset(st, 0, sizeof *st);
    st->line = sp->line;
    st->block_line = sp->block_line;
    st->block = p->nblocks - 1;
    st->sql = sql;
    st->table.row_count = -1;
    if (sp->user[0] && strcmp(sp->user, "root") != 0 && !(st->user = jt_strdup(sp->user)))
        return jt_doc_nomem(sp->rd);
    return JT_OK;
}

static int add_char(splitter *sp, char c) {
    int rc = jt_strbuf_add(&sp->sb, &c, 1);
    if (rc == JT_ELIMIT)
        return jt_doc_fail(sp->rd, rc, sp->line, "statement longer than %d bytes", JT_LIMIT_SQL);
    return rc < 0 ? jt_doc_nomem(sp->rd) : JT_OK;
}

/* One character in a quoted string (s[*i]); a doubled quote stays in it. */
static int feed_quoted(splitter *sp, const char *s, size_t n, size_t *i) {
    char c = s[*i];
    int rc = add_char(sp, c);
    if (rc < 0 || c != sp->quote)
        return rc;
    if (*i + 1 < n && s[*i + 1] == sp->quote) {
        (*i)++;
        return add_char(sp, c);
    }
    sp->quote = 0;
    return JT_OK;
}

/* Feeds the rest of one line; `;` outside quotes ends a statement, `--` starts a comment. */
static int feed(splitter *sp, const char *s, size_t n, int line) {
    size_t i;
    int rc;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!sp->open) {
            if (jt_doc_is_space((unsigned char)c))
                continue;
            if (c == '-' && i + 1 < n && s[i + 1] == '-')
                return JT_OK;
            sp->open = 1;
            sp->line = line;
        }
        if (sp->quote) {
            if ((rc = feed_quoted(sp, s, n, &i)) < 0)
                return rc;
            continue;
        }
        if (c == '-' && i + 1 < n && s[i + 1] == '-')
            return JT_OK;
        if ((rc = add_char(sp, c)) < 0)
            return rc;
        if (c == '\'' || c == '"')
            sp->quote = c;
        else if (c == ';' && (rc = push_stmt(sp)) < 0)
            return rc;
    }
    return JT_OK;
}

/* The length of a prompt at s (after white space): `>`, or `user@host:port/db>`, with the
   space after it; user (size > JT_LIMIT_NAME) gets the prompt's user or "". 0: no prompt. */
static size_t prompt_len(const char *s, size_t n, char *user) {
    size_t k = 0, u;
    user[0] = '\0';
    if (n && s[0] == '>')
        return n > 1 && s[1] == ' ' ? 2 : 1;
    while (k < n &&
           ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_' || (k > 0 && s[k] >= '0' && s[k] <= '9')))
        k++;
    if (k == 0 || k > JT_LIMIT_NAME || k >= n || s[k] != '@')
        return 0;
    u = k;
    while (k < n && s[k] != '>' && !jt_doc_is_space((unsigned char)s[k]))
        k++;
    if (k >= n || s[k] != '>')
        return 0;
    memcpy(user, s, u);
    user[u] = '\0';
    return k + 1 < n && s[k + 1] == ' ' ? k + 2 : k + 1;
}

/* Whether a line of the block starts with a prompt (after white space). */
static int has_prompt(const jt_doc_span *l) {
    char user[JT_LIMIT_NAME + 1];
    size_t k = 0;
    while (k < l->n && jt_doc_is_space((unsigned char)l->s[k]))
        k++;
    return prompt_len(l->s + k, l->n - k, user) > 0;
}

/* One line of a block with prompts. */
static int prompted_line(splitter *sp, const char *s, size_t n, int line) {
    char user[JT_LIMIT_NAME + 1];
    size_t k = 0, p;
    int rc = JT_OK;
    while (k < n && jt_doc_is_space((unsigned char)s[k]))
        k++;
    p = sp->quote ? 0 : prompt_len(s + k, n - k, user);
    if (p) {
        if (sp->open)
            rc = push_stmt(sp);
        memcpy(sp->user, user, sizeof sp->user);
        return rc == JT_OK ? feed(sp, s + k + p, n - k - p, line) : rc;
    }
    if (!sp->open)
        return JT_OK; /* output shown inside the block */
    if (k == n && !sp->quote)
        return JT_OK; /* a blank line inside a statement */
    if (!sp->quote && k + 1 < n && s[k] == '-' && s[k + 1] == '>') /* a continuation prompt */
        k += k + 2 < n && s[k + 2] == ' ' ? 3 : 2;
    else
        k = 0;
    rc = add_char(sp, '\n');
    return rc == JT_OK ? feed(sp, s + k, n - k, line) : rc;
}

/* The statements of a sql block: each starts at a prompt and goes on over the lines that
   follow until a `;`; without any prompt, every line is SQL. Lines after a complete statement
   and before the next prompt are output shown in the block: ignored. */
int jt_doc_read_sql_block(jt_doc_reader *rd, const char *literal, int first_line, int block_line) {
    splitter sp;
    jt_doc_span *lines = NULL;
    size_t nlines, i;
    int prompts = 0, rc;
    memset(&sp, 0, sizeof sp);
    sp.rd = rd;
    sp.block_line = block_line;
    jt_strbuf_init(&sp.sb, JT_LIMIT_SQL);
    rc = jt_doc_split_lines(&lines, &nlines, literal);
    if (rc < 0)
        return jt_doc_nomem(rd);
    for (i = 0; i < nlines && !prompts; i++)
        prompts = has_prompt(&lines[i]);
    for (i = 0; i < nlines && rc == JT_OK; i++) {
        const char *s = lines[i].s;
        size_t n = lines[i].n;
        int line = first_line + (int)i;
        if (prompts) {
            rc = prompted_line(&sp, s, n, line);
            continue;
        }
        if (sp.open && jt_doc_is_blank(&lines[i]) && !sp.quote)
            continue; /* a blank line inside a statement */
        if (sp.open && (rc = add_char(&sp, '\n')) < 0)
            break;
        rc = feed(&sp, s, n, line);
    }
    if (rc == JT_OK && sp.open)
        rc = push_stmt(&sp);
    jt_strbuf_dispose(&sp.sb);
    free(lines);
    return rc;
}

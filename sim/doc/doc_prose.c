/* jobtck doc, prose: the sentences of a page that the kit checks ("claims"), found by patterns
   in the text a reader sees (doc_lists.c reads the lists and tables they introduce). */
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_internal.h"

/* ---- the text a reader sees ------------------------------------------------------------------ */

/* The text of a node as a reader sees it, with the line of every byte. */
typedef struct prose {
    char *text;
    int *lines;
    size_t n, cap, lcap;
} prose;

static int prose_add(prose *p, const char *s, size_t n, int line) {
    size_t i;
    int rc;
    if (p->n + n + 1 > JT_LIMIT_LINE)
        return JT_OK; /* the rest of a very long paragraph is not read for claims */
    rc = jt_grow((void **)&p->text, &p->cap, p->n + n + 1, 1, JT_LIMIT_LINE);
    if (rc == JT_OK)
        rc = jt_grow((void **)&p->lines, &p->lcap, p->n + n + 1, sizeof *p->lines, JT_LIMIT_LINE);
    if (rc < 0)
        return rc;
    for (i = 0; i < n; i++) {
        p->text[p->n] = s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i];
        p->lines[p->n++] = line;
    }
    p->text[p->n] = '\0';
    return JT_OK;
}

/* Removes Liquid tags ({{ … }}, {% … %}) and collapses white space, in place. */
static void prose_clean(prose *p) {
    size_t r = 0, w = 0;
    while (r < p->n) {
        if (p->text[r] == '{' && r + 1 < p->n && (p->text[r + 1] == '{' || p->text[r + 1] == '%')) {
            const char *close = p->text[r + 1] == '{' ? "}}" : "%}";
            const char *e = strstr(p->text + r + 2, close);
            if (e) {
                int line = p->lines[r];
                r = (size_t)(e - p->text) + 2;
                if (w > 0 && p->text[w - 1] != ' ') {
                    p->text[w] = ' ';
                    p->lines[w++] = line;
                }
                continue;
            }
        }
        if (p->text[r] == ' ' && (w == 0 || p->text[w - 1] == ' ')) {
            r++;
            continue;
        }
        p->text[w] = p->text[r];
        p->lines[w++] = p->lines[r++];
    }
    while (w > 0 && p->text[w - 1] == ' ')
        w--;
    p->n = w;
    if (p->text)
        p->text[w] = '\0';
}

/* Drops the bytes of the text whose keep[] is 0 (text and lines together). */
static void prose_keep(prose *p, const char *keep) {
    size_t r, w = 0;
    for (r = 0; r < p->n; r++) {
        if (!keep[r])
            continue;
        p->text[w] = p->text[r];
        p->lines[w++] = p->lines[r];
    }
    p->n = w;
    p->text[w] = '\0';
}

/* A link cmark did not read as one (its target holds Liquid, so spaces): `[text]( …)` becomes
   text, as the site renders it. */
static void prose_links(prose *p) {
    char *keep;
    size_t i;
    if (!p->n || !strstr(p->text, "]("))
        return;
    keep = jt_malloc(p->n);
    if (!keep)
        return; /* left as it is */
    memset(keep, 1, p->n);
    for (i = 0; i + 1 < p->n; i++) {
        size_t open, close;
        if (p->text[i] != ']' || p->text[i + 1] != '(')
            continue;
        for (open = i; open > 0 && p->text[open - 1] != '[' && p->text[open - 1] != ']';)
            open--;
        for (close = i + 2; close < p->n && p->text[close] != ')' && p->text[close] != '[';)
            close++;
        if (open == 0 || p->text[open - 1] != '[' || close >= p->n || p->text[close] != ')')
            continue;
        keep[open - 1] = 0;
        memset(keep + i, 0, close - i + 1);
        i = close;
    }
    prose_keep(p, keep);
    free(keep);
}

static int gather_prose(prose *p, cmark_node *node) {
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    int line = cmark_node_get_start_line(node), rc = JT_OK;
    while (rc == JT_OK && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type ty = cmark_node_get_type(n);
        const char *lit;
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (ty == CMARK_NODE_SOFTBREAK || ty == CMARK_NODE_LINEBREAK) {
            rc = prose_add(p, " ", 1, line);
            line++;
            continue;
        }
        if (ty == CMARK_NODE_PARAGRAPH && p->n > 0)
            rc = prose_add(p, " ", 1, line); /* between the paragraphs of a list item */
        if (ty != CMARK_NODE_TEXT && ty != CMARK_NODE_CODE)
            continue;
        if (cmark_node_get_start_line(n) > 0)
            line = cmark_node_get_start_line(n);
        lit = cmark_node_get_literal(n);
        if (lit && rc == JT_OK)
            rc = prose_add(p, lit, strlen(lit), line);
    }
    cmark_iter_free(it);
    return rc;
}

char *jt_doc_node_text(cmark_node *node, int **lines) {
    prose p;
    memset(&p, 0, sizeof p);
    if (lines)
        *lines = NULL;
    if (gather_prose(&p, node) < 0 || (!p.text && prose_add(&p, "", 0, 0) < 0)) {
        free(p.text);
        free(p.lines);
        return NULL;
    }
    prose_clean(&p);
    prose_links(&p);
    prose_clean(&p);
    if (lines)
        *lines = p.lines;
    else
        free(p.lines);
    return p.text;
}

int jt_doc_liquid_only(cmark_node *para) {
    char *t = jt_doc_node_text(para, NULL);
    int only = t && !*t;
    free(t);
    return only;
}

/* ---- the patterns ---------------------------------------------------------------------------- */

#define WHO "([a-z_][a-z0-9_]*)"
#define CONTROL_VERB "(control|pause|resume|cancel)"

enum { P_ROLE = 1, P_SHOW = 2, P_LIST = 4 };

typedef struct pattern {
    int kind;
    const char *re;
    int g_user, g_verb, g_num; /* groups, or 0 */
    int flags;                 /* P_… */
} pattern;

static const pattern patterns[JT_DOC_NCLAIM_RE] = {
    {JT_DOC_CLAIM_NO_PAUSE_SCHEMA,
     "(cannot|can.{1,3}t) pause schema changes?|schema changes? (cannot|can.{1,3}t) be paused", 0,
     0, 0, 0},
    {JT_DOC_CLAIM_ONLY_USER,
     "only (the )?" WHO " (user |role )?(can|may) " CONTROL_VERB " (a |the |any |all )?jobs?|"
     "only members of the " WHO " role (can|may) " CONTROL_VERB " (a |the |any |all )?jobs?|"
     "only (the )?" WHO " user (can|may) (execute|run|use) show jobs",
     2, 5, 0, 0},
    {JT_DOC_CLAIM_ALL_JOBS_OF,
     "all (of the |the )?jobs (created|started|owned|run) by " WHO ",? "
     "(will be|are|get) (paused|resumed|canceled|cancelled)",
     3, 5, 0, 0},
    {JT_DOC_CLAIM_PRIVILEGES,
     "to (pause|resume|cancel|control) (a |the )?jobs?, (the )?users? must (be|have)|"
     "must have at least one of the following to (run|execute|use) show jobs",
     0, 1, 0, P_LIST},
    {JT_DOC_CLAIM_ADMIN_JOBS,
     "non-admin users? (cannot|can.{1,3}t|may not) " CONTROL_VERB
     " (the )?(jobs of admin users|admin users.? jobs|jobs owned by admin users|admin-owned jobs)",
     0, 2, 0, 0},
    {JT_DOC_CLAIM_SEES_ALL,
     "viewjob privilege,? which (can|lets you|allows you to) (view|see) all jobs", 0, 0, 0, 0},
    {JT_DOC_CLAIM_NOT_CANCELABLE,
     "(garbage collection|gc) jobs([^.]*\\. these jobs| are| ) ?(cannot|can.{1,3}t) be cancell?ed",
     0, 0, 0, 0},
    {JT_DOC_CLAIM_RETENTION, "(in|within|during) the last ([0-9]+) hours", 0, 0, 2, 0},
    {JT_DOC_CLAIM_DESCRIPTION, "description( field)? is limited to ([0-9]+) characters", 0, 0, 2,
     0},
    {JT_DOC_CLAIM_CHANGEFEED,
     "users with the changefeed privilege on (a set of )?tables can (pause|resume|cancel|view)", 0,
     2, 0, 0},
};

/* Patterns that need more groups than these have are not allowed. */
#define NGROUPS 16

/* A user the prose gives a privilege to: 1 and 6 the user, 4 the option. */
static const char grant_pattern[] =
    WHO ",? (who )?(has|holds|is granted|was granted) the (controljob|viewjob) "
        "(role option|privilege|option)|" WHO ",? (who )?(is a member of|belongs to) the admin "
        "role";

int jt_doc_claims_compile(jt_doc_reader *rd) {
    int k;
    if (regcomp(&rd->grant_re, grant_pattern, REG_EXTENDED | REG_ICASE) != 0)
        return jt_doc_fail(rd, JT_EINVAL, 0, "the grant pattern does not compile");
    rd->grant_ok = 1;
    for (k = 0; k < JT_DOC_NCLAIM_RE; k++) {
        if (regcomp(&rd->claim_re[k], patterns[k].re, REG_EXTENDED | REG_ICASE) != 0)
            return jt_doc_fail(rd, JT_EINVAL, 0, "claim pattern %d does not compile", k);
        rd->nclaim_re++;
    }
    return JT_OK;
}

void jt_doc_claims_free(jt_doc_reader *rd) {
    int k;
    if (rd->grant_ok)
        regfree(&rd->grant_re);
    rd->grant_ok = 0;
    for (k = 0; k < rd->nclaim_re; k++)
        regfree(&rd->claim_re[k]);
    rd->nclaim_re = 0;
}

static int verb_op(const char *v, size_t n) {
    if (n >= 5 && strncmp(v, "pause", 5) == 0)
        return JT_DOC_OP_PAUSE;
    if (n >= 6 && strncmp(v, "resume", 6) == 0)
        return JT_DOC_OP_RESUME;
    if (n >= 6 && strncmp(v, "cancel", 6) == 0)
        return JT_DOC_OP_CANCEL;
    return -1;
}

/* ---- claims ---------------------------------------------------------------------------------- */

int jt_doc_claim_new(jt_doc_claim **out, jt_doc_reader *rd, int kind, int line, const char *text,
                     size_t n) {
    jt_doc_page *pg = rd->page;
    jt_doc_claim *c;
    size_t i;
    int rc;
    *out = NULL;
    for (i = 0; i < pg->nclaims; i++)
        if (pg->claims[i].kind == kind && pg->claims[i].line == line)
            return JT_OK; /* read already */
    rc = jt_grow((void **)&pg->claims, &pg->claims_cap, pg->nclaims + 1, sizeof *pg->claims,
                 JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc == JT_ELIMIT ? jt_doc_fail(rd, rc, line, "too many claims") : jt_doc_nomem(rd);
    c = &pg->claims[pg->nclaims];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->line = line;
    c->stmt = SIZE_MAX;
    c->op = -1;
    c->number = -1;
    c->text = jt_strndup(text, n);
    if (!c->text)
        return jt_doc_nomem(rd);
    c->by_default = jt_doc_find_ci(c->text, "by default") != NULL;
    pg->nclaims++;
    *out = c;
    return JT_OK;
}

int jt_doc_claim_name(jt_doc_reader *rd, jt_doc_claim *c, const char *name, size_t n, int line,
                      int unknown) {
    char ***v = unknown ? &c->unknown : &c->names;
    size_t *nv = unknown ? &c->nunknown : &c->nnames;
    size_t *cap = unknown ? &c->unknown_cap : &c->names_cap, i;
    char *copy;
    for (i = 0; i < *nv; i++)
        if (strlen((*v)[i]) == n && strncmp((*v)[i], name, n) == 0)
            return JT_OK;
    if (jt_grow((void **)v, cap, *nv + 1, sizeof **v, JT_LIMIT_RECORDS) < 0)
        return jt_doc_nomem(rd);
    if (!unknown &&
        jt_grow((void **)&c->name_lines, &c->lines_cap, *nv + 1, sizeof(int), JT_LIMIT_RECORDS) < 0)
        return jt_doc_nomem(rd);
    copy = jt_strndup(name, n);
    if (!copy)
        return jt_doc_nomem(rd);
    (*v)[*nv] = copy;
    if (!unknown)
        c->name_lines[*nv] = line;
    (*nv)++;
    return JT_OK;
}

/* The grants a text names: admin membership, CONTROLJOB, VIEWJOB, CHANGEFEED. */
unsigned jt_doc_grants_of(const char *t) {
    unsigned g = 0;
    const char *s;
    for (s = t; (s = jt_doc_find_ci(s, "admin")) != NULL; s++)
        if (jt_doc_starts_word(s, "admin") && (s == t || s[-1] != '-'))
            g |= JT_DOC_GRANT_ADMIN;
    if (jt_doc_find_ci(t, "CONTROLJOB"))
        g |= JT_DOC_GRANT_CONTROLJOB;
    if (jt_doc_find_ci(t, "VIEWJOB"))
        g |= JT_DOC_GRANT_VIEWJOB;
    if (jt_doc_find_ci(t, "CHANGEFEED privilege"))
        g |= JT_DOC_GRANT_CHANGEFEED;
    return g;
}

/* The last statement before the claim that starts with its operation's word. */
static size_t stmt_before(const jt_doc_page *pg, int line, int op) {
    static const char *const words[JT_DOC_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
    size_t i;
    for (i = pg->nstmts; i > 0; i--) {
        const char *s = jt_doc_skip_space(pg->stmts[i - 1].sql);
        if (pg->stmts[i - 1].line < line && jt_doc_starts_word(s, words[op]))
            return i - 1;
    }
    return SIZE_MAX;
}

/* Group g of a match, lower case (NULL when it did not take part, or memory is out). */
static char *group(const char *text, const regmatch_t *m, int g) {
    if (g <= 0 || m[g].rm_so < 0)
        return NULL;
    return jt_doc_lower_dup(text + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
}

/* The user and verb of an ONLY_USER match, in any of its three forms. */
static int only_user(jt_doc_claim *c, const char *text, const regmatch_t *m) {
    int form = m[2].rm_so >= 0 ? 0 : (m[7].rm_so >= 0 ? 1 : 2);
    char *verb = form == 0 ? group(text, m, 5) : (form == 1 ? group(text, m, 9) : NULL);
    c->user = group(text, m, form == 0 ? 2 : (form == 1 ? 7 : 12));
    c->role = form == 1 || (form == 0 && m[3].rm_so >= 0 && text[m[3].rm_so] == 'r');
    if (!c->user || (form != 2 && !verb)) {
        free(verb);
        return JT_ENOMEM;
    }
    if (form == 2)
        c->ops = 1u << JT_DOC_OP_SHOW;
    else
        c->ops = strcmp(verb, "control") == 0 ? 7u : 1u << verb_op(verb, strlen(verb));
    free(verb);
    return JT_OK;
}

/* What the match says beyond its kind: users, operations, numbers. */
static int fill_claim(jt_doc_reader *rd, jt_doc_claim *c, const pattern *pt, const char *text,
                      const regmatch_t *m) {
    char *verb = NULL;
    if (c->kind == JT_DOC_CLAIM_ONLY_USER)
        return only_user(c, text, m) < 0 ? jt_doc_nomem(rd) : JT_OK;
    if (pt->g_user && !(c->user = group(text, m, pt->g_user)))
        return jt_doc_nomem(rd);
    if (pt->g_verb && m[pt->g_verb].rm_so >= 0 && !(verb = group(text, m, pt->g_verb)))
        return jt_doc_nomem(rd);
    if (verb) {
        c->op = verb_op(verb, strlen(verb));
        c->ops = strcmp(verb, "control") == 0 ? 7u : (c->op >= 0 ? 1u << c->op : 0u);
        free(verb);
    }
    if (pt->g_num && m[pt->g_num].rm_so >= 0)
        c->number = strtoll(text + m[pt->g_num].rm_so, NULL, 10);
    if (c->number > 1000000)
        c->number = -1; /* no world of the kit is that large: not checked */
    if (c->kind == JT_DOC_CLAIM_ALL_JOBS_OF && c->op >= 0)
        c->stmt = stmt_before(rd->page, c->line, c->op);
    if (c->kind == JT_DOC_CLAIM_NO_PAUSE_SCHEMA)
        c->ops = 1u << JT_DOC_OP_PAUSE;
    if (c->kind == JT_DOC_CLAIM_CHANGEFEED && !c->ops)
        c->ops = 1u << JT_DOC_OP_SHOW;
    if (c->kind == JT_DOC_CLAIM_PRIVILEGES) {
        c->grants = jt_doc_grants_of(c->text);
        if (!c->ops)
            c->ops = 1u << JT_DOC_OP_SHOW;
    }
    if (c->kind == JT_DOC_CLAIM_SEES_ALL)
        c->grants = JT_DOC_GRANT_VIEWJOB;
    if (c->kind == JT_DOC_CLAIM_NOT_CANCELABLE)
        return jt_doc_claim_name(rd, c, "SCHEMA CHANGE GC", 16, c->line, 0);
    return JT_OK;
}

/* The sentence around text[so..eo): from after the previous ". " to its own end. */
static void sentence(const char *text, size_t n, size_t *so, size_t *eo) {
    size_t start = *so, end = *eo;
    while (start > 0 && !(start >= 2 && strchr(".!?:", text[start - 2]) && text[start - 1] == ' '))
        start--;
    while (end < n && !(strchr(".!?", text[end]) && (end + 1 == n || text[end + 1] == ' ')))
        end++;
    *so = start;
    *eo = end;
}

/* A claim of pattern k matched at m in the text (its lines). */
static int add_match(jt_doc_reader *rd, const char *text, size_t n, const int *lines, int k,
                     const regmatch_t *m, cmark_node *next) {
    const pattern *pt = &patterns[k];
    jt_doc_claim *c = NULL;
    size_t so = (size_t)m[0].rm_so, eo = (size_t)m[0].rm_eo;
    int line = lines[m[0].rm_so], rc;
    if (pt->kind == JT_DOC_CLAIM_NOT_CANCELABLE) {
        const char *cannot = jt_doc_find_ci(text + so, "can");
        while (cannot && !jt_doc_starts_word(cannot, "cannot") &&
               !jt_doc_starts_word(cannot, "can"))
            cannot = jt_doc_find_ci(cannot + 1, "can");
        if (cannot && (size_t)(cannot - text) < eo)
            line = lines[cannot - text]; /* the sentence that says it */
    }
    sentence(text, n, &so, &eo);
    rc = jt_doc_claim_new(&c, rd, pt->kind, line, text + so, eo - so);
    if (rc < 0 || !c)
        return rc;
    rc = fill_claim(rd, c, pt, text, m);
    if (rc == JT_OK && (pt->flags & P_LIST) && next && cmark_node_get_type(next) == CMARK_NODE_LIST)
        rc = jt_doc_read_list_claims(rd, (size_t)(c - rd->page->claims), next);
    return rc;
}

/* The claims of a text: every match of every pattern. */
static int claims_of_text(jt_doc_reader *rd, const char *text, size_t n, const int *lines,
                          cmark_node *next) {
    int k, rc = JT_OK;
    for (k = 0; k < rd->nclaim_re && rc == JT_OK; k++) {
        regmatch_t m[NGROUPS + 1];
        size_t off = 0;
        while (off < n &&
               regexec(&rd->claim_re[k], text + off, NGROUPS + 1, m, off ? REG_NOTBOL : 0) == 0) {
            size_t g;
            for (g = 0; g <= NGROUPS; g++) {
                if (m[g].rm_so >= 0) {
                    m[g].rm_so += (regoff_t)off;
                    m[g].rm_eo += (regoff_t)off;
                }
            }
            rc = add_match(rd, text, n, lines, k, m, next);
            if (rc < 0)
                break;
            off = (size_t)m[0].rm_eo > off ? (size_t)m[0].rm_eo : off + 1;
        }
    }
    return rc;
}

/* Whether a paragraph introduces the job types its operation works on ("lets you pause the
   following types of jobs:"): the claim, with the types of the list after it. */
static int types_intro(jt_doc_reader *rd, const char *text, const int *lines, cmark_node *next) {
    const char *s = jt_doc_find_ci(text, "the following types of jobs");
    const char *verb = s ? jt_doc_find_ci(text, "lets you ") : NULL;
    jt_doc_claim *c = NULL;
    int op, rc;
    if (!verb || verb > s || !next || cmark_node_get_type(next) != CMARK_NODE_LIST)
        return JT_OK;
    op = verb_op(verb + 9, strlen(verb + 9));
    if (op < 0)
        return JT_OK;
    rc = jt_doc_claim_new(&c, rd, JT_DOC_CLAIM_TYPES, lines[s - text], text, strlen(text));
    if (rc < 0 || !c)
        return rc;
    c->op = op;
    c->ops = 1u << op;
    return jt_doc_read_list_claims(rd, (size_t)(c - rd->page->claims), next);
}

/* Words that stand where a user's name would, and are none. */
static int not_a_user(const char *w) {
    static const char *const words[] = {"user", "users", "role", "who",  "that", "which", "it",
                                        "one",  "the",   "a",    "root", "and",  "or",    "also"};
    size_t i;
    for (i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i], w) == 0)
            return 1;
    return 0;
}

/* A user the prose gives a privilege to, at m. */
static int add_grant(jt_doc_reader *rd, const char *text, const int *lines, const regmatch_t *m) {
    jt_doc_page *pg = rd->page;
    int g = m[1].rm_so >= 0 ? 1 : 6;
    char *user = group(text, m, g), *opt = g == 1 ? group(text, m, 4) : NULL;
    unsigned grant = g == 6 ? JT_DOC_GRANT_ADMIN
                            : (opt && strcmp(opt, "viewjob") == 0 ? JT_DOC_GRANT_VIEWJOB
                                                                  : JT_DOC_GRANT_CONTROLJOB);
    size_t i;
    int rc = JT_OK;
    free(opt);
    if (!user)
        return jt_doc_nomem(rd);
    for (i = 0; i < pg->ngrants && strcmp(pg->grants[i].user, user) != 0; i++)
        ;
    if (not_a_user(user) || strlen(user) > JT_LIMIT_NAME) {
        free(user);
        return JT_OK;
    }
    if (i < pg->ngrants) {
        pg->grants[i].grants |= grant;
        free(user);
        return JT_OK;
    }
    rc = jt_grow((void **)&pg->grants, &pg->grants_cap, pg->ngrants + 1, sizeof *pg->grants,
                 JT_LIMIT_RECORDS);
    if (rc < 0) {
        free(user);
        return rc == JT_ELIMIT ? jt_doc_fail(rd, rc, lines[m[0].rm_so], "too many users")
                               : jt_doc_nomem(rd);
    }
    pg->grants[pg->ngrants].user = user;
    pg->grants[pg->ngrants].grants = grant;
    pg->grants[pg->ngrants].line = lines[m[0].rm_so];
    pg->ngrants++;
    return JT_OK;
}

static int grants_of_text(jt_doc_reader *rd, const char *text, size_t n, const int *lines) {
    regmatch_t m[NGROUPS + 1];
    size_t off = 0, g;
    int rc = JT_OK;
    while (rc == JT_OK && off < n &&
           regexec(&rd->grant_re, text + off, NGROUPS + 1, m, off ? REG_NOTBOL : 0) == 0) {
        for (g = 0; g <= NGROUPS; g++) {
            if (m[g].rm_so >= 0) {
                m[g].rm_so += (regoff_t)off;
                m[g].rm_eo += (regoff_t)off;
            }
        }
        rc = add_grant(rd, text, lines, m);
        off = (size_t)m[0].rm_eo > off ? (size_t)m[0].rm_eo : off + 1;
    }
    return rc;
}

int jt_doc_read_claims(jt_doc_reader *rd, cmark_node *para, cmark_node *next) {
    int *lines = NULL;
    char *text = jt_doc_node_text(para, &lines);
    int rc;
    if (!text)
        return jt_doc_nomem(rd);
    rc = *text ? claims_of_text(rd, text, strlen(text), lines, next) : JT_OK;
    if (rc == JT_OK && *text)
        rc = types_intro(rd, text, lines, next);
    if (rc == JT_OK && *text)
        rc = grants_of_text(rd, text, strlen(text), lines);
    free(text);
    free(lines);
    return rc;
}

int jt_doc_read_cell_claims(jt_doc_reader *rd, const char *text, int line) {
    size_t n = strlen(text), i;
    int *lines = jt_calloc(n + 1, sizeof *lines), rc;
    if (!lines)
        return jt_doc_nomem(rd);
    for (i = 0; i <= n; i++)
        lines[i] = line;
    rc = claims_of_text(rd, text, n, lines, NULL);
    free(lines);
    return rc;
}

/*
 * The parser of the statements around job control (model/internal/parse.h): roles and
 * privileges, the DDL and DML with which CockroachDB's job tests make jobs, settings, bulk
 * operations, and the CockroachDB statements the kit does not model (JT_S_OUTSIDE, so that a
 * CockroachDB logic test can say which of its records are not job control).
 */
#include <stdio.h>
#include <string.h>

#include "model/internal/parse.h"
#include "model/profile.h"

/* ---- small helpers ---- */

/* A syntax error where the parser is; NULL. */
static jt_stmt *syntax_null(parser *p) {
    jt_p_syntax_error(p);
    return NULL;
}

static jt_stmt *oom_null(parser *p) {
    jt_p_oom(p);
    return NULL;
}

static jt_stmt *new_ddl(parser *p, int kind) {
    jt_stmt *st = jt_p_new_stmt(p, kind);
    if (st && !(st->ddl = jt_arena_alloc(p->a, sizeof *st->ddl))) {
        jt_p_oom(p);
        return NULL;
    }
    return st;
}

/* An identifier (a keyword too: CockroachDB takes most of them as names), or NULL. */
static const char *any_name(parser *p) {
    token *t = peek(p);
    if (t->kind == T_IDENT || t->kind == T_QIDENT) {
        p->i++;
        return t->text;
    }
    jt_p_syntax_error(p);
    return NULL;
}

/* name[, name…] into *out (n). */
static int name_list(parser *p, const char ***out, size_t *n) {
    size_t cap = 0;
    do {
        const char *name = any_name(p);
        if (!name || jt_p_arena_push(p, (void ***)out, n, &cap, (void *)name, JT_LIMIT_ROWS))
            return p->rc ? p->rc : JT_EPARSE;
    } while (accept_punct(p, ","));
    return 0;
}

/* [db.][schema.]name */
static int obj_name(parser *p, jt_objname *o) {
    const char *parts[3];
    int n = 0;
    o->pos = peek(p)->pos;
    do {
        if (n == 3)
            return jt_p_syntax_error(p);
        if (!(parts[n++] = any_name(p)))
            return p->rc;
    } while (accept_punct(p, "."));
    o->name = parts[n - 1];
    o->schema = n >= 2 ? parts[n - 2] : NULL;
    o->db = n == 3 ? parts[0] : NULL;
    if (n == 2 && strcmp(parts[0], "public") != 0) { /* db.t means db.public.t */
        o->db = parts[0];
        o->schema = NULL;
    }
    return 0;
}

/* IF EXISTS / IF NOT EXISTS, when there. */
static void if_exists(parser *p, jt_ddl *d) {
    if (is_kw(peek(p), KW_IF) && is_kw(peek_at(p, 1), KW_EXISTS)) {
        p->i += 2;
        d->if_exists = 1;
    } else if (is_kw(peek(p), KW_IF) && is_kw(peek_at(p, 1), KW_NOT) &&
               is_kw(peek_at(p, 2), KW_EXISTS)) {
        p->i += 3;
        d->if_not_exists = 1;
    }
}

/* A text built in the arena. */
typedef struct pbuf {
    parser *p;
    char *s;
    size_t len, cap;
} pbuf;

static void pb_add(pbuf *b, const char *x) {
    size_t n = strlen(x);
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *grown = jt_arena_alloc(b->p->a, cap);
        if (!grown) {
            jt_p_oom(b->p);
            return;
        }
        if (b->len)
            memcpy(grown, b->s, b->len);
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, x, n + 1);
    b->len += n;
}

/* The tokens from start to the current one as CockroachDB prints them closely enough for a
   job's description: words upper-cased when they are keywords of the statement (names as
   written), strings quoted, one space between tokens except around punctuation. */
static const char *tokens_text(parser *p, size_t from, size_t to) {
    pbuf b = {p, NULL, 0, 0};
    size_t k;
    p->printed = 1; /* the text of an integer is in the tree as it stands */
    pb_add(&b, "");
    for (k = from; k < to; k++) {
        const token *t = &p->toks[k];
        int glue = k == from || is_punct(t, ",") || is_punct(t, ")") || is_punct(t, ".") ||
                   is_punct(&p->toks[k - 1], "(") || is_punct(&p->toks[k - 1], ".");
        if (!glue)
            pb_add(&b, " ");
        if (t->kind == T_STRING) {
            pb_add(&b, "'");
            pb_add(&b, t->text);
            pb_add(&b, "'");
        } else if (t->kind == T_IDENT && k == from) {
            char word[64];
            size_t i;
            for (i = 0; t->text[i] && i + 1 < sizeof word; i++)
                word[i] =
                    (char)(t->text[i] >= 'a' && t->text[i] <= 'z' ? t->text[i] - 32 : t->text[i]);
            word[i] = '\0';
            pb_add(&b, word);
        } else {
            pb_add(&b, t->text);
        }
    }
    return p->rc ? NULL : b.s;
}

/* Skips to the end of the statement, balancing parentheses; 0, or a syntax error at an
   unbalanced ')'. */
static int skip_rest(parser *p) {
    int depth = 0;
    while (peek(p)->kind != T_EOF && !(depth == 0 && is_punct(peek(p), ";"))) {
        if (is_punct(peek(p), "("))
            depth++;
        else if (is_punct(peek(p), ")") && --depth < 0)
            return jt_p_syntax_error(p);
        p->i++;
    }
    return 0;
}

/* A statement the kit does not model: its first words name it (ddl->what); the rest is
   skipped, so that a batch holding it is outside as a whole. */
static jt_stmt *outside(parser *p, size_t from, size_t nwords) {
    jt_stmt *st = new_ddl(p, JT_S_OUTSIDE);
    size_t to = from + nwords;
    if (!st)
        return NULL;
    if (to > p->ntoks - 1)
        to = p->ntoks - 1;
    while (to > from + 1 && p->toks[to - 1].kind != T_IDENT)
        to--;
    st->ddl->what = tokens_text(p, from, to);
    st->ddl->text = p->toks[from].text; /* the kit's syntax error is at it */
    if (!st->ddl->what || skip_rest(p))
        return NULL;
    return st;
}

/* ---- roles ---- */

/* The role options of CREATE|ALTER ROLE|USER: CONTROLJOB (v20.2) and VIEWJOB (v23.1) are
   kept; the others CockroachDB has are accepted and ignored. */
static int role_options(parser *p, jt_ddl *d) {
    static const char *const ignored[] = {"login",
                                          "nologin",
                                          "createrole",
                                          "nocreaterole",
                                          "createdb",
                                          "nocreatedb",
                                          "createlogin",
                                          "nocreatelogin",
                                          "modifyclustersetting",
                                          "nomodifyclustersetting",
                                          "viewactivity",
                                          "noviewactivity",
                                          "cancelquery",
                                          "nocancelquery",
                                          "sqllogin",
                                          "nosqllogin",
                                          NULL};
    accept_kw(p, KW_WITH);
    while (!at_end(p)) {
        token *t = peek(p);
        size_t k;
        int no = t->kind == T_IDENT && strncmp(t->text, "no", 2) == 0;
        const char *opt = t->kind == T_IDENT ? t->text + (no ? 2 : 0) : "";
        unsigned bit = 0;
        if ((p->grammar & JT_G_X_CONTROLJOB) && strcmp(opt, "controljob") == 0)
            bit = JT_USER_CONTROLJOB;
        else if ((p->grammar & JT_G_X_VIEWJOB) && strcmp(opt, "viewjob") == 0)
            bit = JT_USER_VIEWJOB;
        if (bit) {
            p->i++;
            if (no)
                d->opt_clear |= bit;
            else
                d->opt_set |= bit;
            continue;
        }
        if (is_kw(t, KW_PASSWORD) || (is_kw(t, KW_VALID) && is_kw(peek_at(p, 1), KW_UNTIL))) {
            p->i += is_kw(t, KW_VALID) ? 2 : 1;
            if (!accept_kw(p, KW_NULL) && !jt_p_expr(p))
                return p->rc;
            continue;
        }
        for (k = 0; ignored[k] && !is_word(t, ignored[k]); k++)
            ;
        if (!ignored[k])
            return jt_p_syntax_error(p);
        p->i++;
    }
    return 0;
}

/* After CREATE USER|ROLE. */
static jt_stmt *create_role(parser *p, int is_user) {
    jt_stmt *st = new_ddl(p, JT_S_CREATE_ROLE);
    const char *name;
    if (!st)
        return NULL;
    st->ddl->is_user = (uint8_t)is_user;
    if_exists(p, st->ddl);
    if (!(name = any_name(p)) || jt_p_arena_push(p, (void ***)&st->ddl->names, &st->ddl->nnames,
                                                 &(size_t){0}, (void *)name, 1))
        return NULL;
    return role_options(p, st->ddl) ? NULL : st;
}

/* After DROP USER|ROLE. */
static jt_stmt *drop_role(parser *p, int is_user) {
    jt_stmt *st = new_ddl(p, JT_S_DROP_ROLE);
    if (!st)
        return NULL;
    st->ddl->is_user = (uint8_t)is_user;
    if_exists(p, st->ddl);
    return name_list(p, &st->ddl->names, &st->ddl->nnames) ? NULL : st;
}

/* After ALTER USER|ROLE (options only; SET, RENAME: outside). */
static jt_stmt *alter_role(parser *p, size_t from) {
    jt_stmt *st = new_ddl(p, JT_S_ALTER_ROLE);
    const char *name;
    if (!st)
        return NULL;
    if_exists(p, st->ddl);
    if (!(name = any_name(p)))
        return NULL;
    if (is_kw(peek(p), KW_SET) || is_kw(peek(p), KW_RESET) || is_kw(peek(p), KW_RENAME) ||
        is_kw(peek(p), KW_IN) || is_kw(peek(p), KW_ALL))
        return outside(p, from, 3);
    if (jt_p_arena_push(p, (void ***)&st->ddl->names, &st->ddl->nnames, &(size_t){0}, (void *)name,
                        1))
        return NULL;
    return role_options(p, st->ddl) ? NULL : st;
}

/* ---- GRANT and REVOKE ---- */

/* SYSTEM priv[, priv] TO|FROM roles (v22.2). */
static jt_stmt *grant_system(parser *p, int revoke) {
    jt_stmt *st = new_ddl(p, revoke ? JT_S_REVOKE_SYSTEM : JT_S_GRANT_SYSTEM);
    if (!st)
        return NULL;
    do {
        const char *priv = any_name(p);
        if (!priv)
            return NULL;
        if (strcmp(priv, "controljob") == 0)
            st->ddl->privs |= JT_USER_CONTROLJOB;
        else if (strcmp(priv, "viewjob") == 0 && (p->grammar & JT_G_X_VIEWJOB))
            st->ddl->privs |= JT_USER_VIEWJOB;
        else if (strcmp(priv, "all") == 0)
            st->ddl->privs |=
                JT_USER_CONTROLJOB | ((p->grammar & JT_G_X_VIEWJOB) ? JT_USER_VIEWJOB : 0u);
    } while (accept_punct(p, ","));
    if (expect_kw(p, revoke ? KW_FROM : KW_TO))
        return NULL;
    return name_list(p, &st->ddl->names, &st->ddl->nnames) ? NULL : st;
}

/* The privileges of GRANT … ON: ALL [PRIVILEGES] or names (a bit each, in order met). */
static unsigned privilege_bits(const char *name) {
    static const char *const privs[] = {"create", "drop",    "grant",      "select",     "insert",
                                        "delete", "update",  "usage",      "zoneconfig", "connect",
                                        "backup", "restore", "changefeed", NULL};
    size_t k;
    for (k = 0; privs[k]; k++)
        if (strcmp(privs[k], name) == 0)
            return 1u << k;
    return 1u << 15;
}

/* priv… ON [DATABASE|TABLE] x[, y] TO|FROM grantees; at the privileges. */
static jt_stmt *grant_on(parser *p, int revoke, size_t from) {
    jt_stmt *st = new_ddl(p, JT_S_GRANT_ON);
    jt_ddl *d;
    if (!st)
        return NULL;
    d = st->ddl;
    d->revoke = (uint8_t)revoke;
    do {
        const char *priv = any_name(p);
        if (!priv)
            return NULL;
        d->privs |= strcmp(priv, "all") == 0 ? JT_DBPRIV_ALL : privilege_bits(priv);
        accept_kw(p, KW_PRIVILEGES);
    } while (accept_punct(p, ","));
    if (expect_kw(p, KW_ON))
        return NULL;
    if (is_kw(peek(p), KW_SCHEMA) || is_kw(peek(p), KW_TYPE) || is_kw(peek(p), KW_FUNCTION) ||
        is_kw(peek(p), KW_SEQUENCE) || is_kw(peek(p), KW_ALL) || is_kw(peek(p), KW_EXTERNAL))
        return outside(p, from, 1);
    d->on_database = (uint8_t)accept_kw(p, KW_DATABASE);
    if (!d->on_database)
        accept_kw(p, KW_TABLE);
    if (obj_name(p, &d->obj))
        return NULL;
    if (d->on_database && (d->obj.schema || d->obj.db))
        return syntax_null(p);
    if (d->on_database)
        d->obj.db = d->obj.name;
    if (expect_kw(p, revoke ? KW_FROM : KW_TO) || name_list(p, &d->names, &d->nnames))
        return NULL;
    return st;
}

/* At GRANT or REVOKE (after the word). */
static jt_stmt *grant(parser *p, int revoke, size_t from) {
    size_t k;
    if ((p->grammar & JT_G_X_SYSTEM_PRIVILEGE) && accept_kw(p, KW_SYSTEM))
        return grant_system(p, revoke);
    /* privileges ON …, or roles TO|FROM members: ON before TO|FROM says which */
    for (k = p->i; k < p->ntoks - 1 && !is_punct(&p->toks[k], ";"); k++) {
        if (is_kw(&p->toks[k], KW_ON))
            return grant_on(p, revoke, from);
        if (is_kw(&p->toks[k], KW_TO) || is_kw(&p->toks[k], KW_FROM))
            break;
    }
    {
        jt_stmt *st = new_ddl(p, revoke ? JT_S_REVOKE_ROLE : JT_S_GRANT_ROLE);
        if (!st)
            return NULL;
        if (revoke && is_kw(peek(p), KW_ADMIN)) /* REVOKE ADMIN OPTION FOR */
            return outside(p, from, 3);
        if (name_list(p, &st->ddl->names, &st->ddl->nnames) ||
            expect_kw(p, revoke ? KW_FROM : KW_TO) ||
            name_list(p, &st->ddl->members, &st->ddl->nmembers))
            return NULL;
        if (!revoke && is_kw(peek(p), KW_WITH)) /* WITH ADMIN OPTION: accepted */
            p->i += 3;
        return st;
    }
}

/* ---- DDL and DML ---- */

/* A column type as CockroachDB prints it (v19.2 on: INT is INT8), from the type's words;
   NULL when it is not a type. */
static const char *column_type(parser *p) {
    static const struct {
        const char *name, *printed;
    } types[] = {{"int", "INT8"},
                 {"integer", "INT8"},
                 {"int8", "INT8"},
                 {"bigint", "INT8"},
                 {"int4", "INT4"},
                 {"int2", "INT2"},
                 {"smallint", "INT2"},
                 {"string", "STRING"},
                 {"text", "STRING"},
                 {"varchar", "VARCHAR"},
                 {"bool", "BOOL"},
                 {"boolean", "BOOL"},
                 {"float", "FLOAT8"},
                 {"float8", "FLOAT8"},
                 {"real", "FLOAT4"},
                 {"decimal", "DECIMAL"},
                 {"numeric", "DECIMAL"},
                 {"date", "DATE"},
                 {"timestamp", "TIMESTAMP"},
                 {"timestamptz", "TIMESTAMPTZ"},
                 {"bytes", "BYTES"},
                 {"bytea", "BYTES"},
                 {"uuid", "UUID"},
                 {"jsonb", "JSONB"},
                 {"json", "JSONB"},
                 {"interval", "INTERVAL"}};
    token *t = peek(p);
    size_t k;
    if (t->kind != T_IDENT)
        return NULL;
    for (k = 0; k < sizeof types / sizeof types[0]; k++) {
        if (strcmp(types[k].name, t->text) == 0) {
            p->i++;
            if (accept_punct(p, "(")) { /* VARCHAR(10), DECIMAL(10,2): the length is kept out */
                while (!at_end(p) && !is_punct(peek(p), ")"))
                    p->i++;
                if (expect_punct(p, ")"))
                    return NULL;
            }
            return types[k].printed;
        }
    }
    return NULL;
}

/* What follows a column's type in CREATE TABLE (constraints, defaults): skipped to the ',' or
   ')' that ends the column. */
static int skip_column_rest(parser *p) {
    int depth = 0;
    while (!at_end(p) && !(depth == 0 && (is_punct(peek(p), ",") || is_punct(peek(p), ")")))) {
        if (is_punct(peek(p), "("))
            depth++;
        else if (is_punct(peek(p), ")"))
            depth--;
        p->i++;
    }
    return 0;
}

/* The column definitions of CREATE TABLE, after '('; table constraints (PRIMARY KEY (…),
   UNIQUE, INDEX, FAMILY, CONSTRAINT, CHECK) are skipped. */
static int column_defs(parser *p, jt_ddl *d) {
    static const char *const constraints[] = {"primary",    "unique", "index",   "family",
                                              "constraint", "check",  "foreign", NULL};
    size_t cap = 0, tcap = 0;
    do {
        const char *name, *type;
        size_t k, n;
        for (k = 0; constraints[k] && !is_word(peek(p), constraints[k]); k++)
            ;
        if (constraints[k]) {
            skip_column_rest(p);
            continue;
        }
        if (!(name = any_name(p)))
            return p->rc;
        if (!(type = column_type(p)))
            return p->rc ? p->rc : jt_p_syntax_error(p);
        n = d->ncols;
        if (jt_p_arena_push(p, (void ***)&d->cols, &d->ncols, &cap, (void *)name, JT_LIMIT_ROWS) ||
            jt_p_arena_push(p, (void ***)&d->coltypes, &n, &tcap, (void *)type, JT_LIMIT_ROWS))
            return p->rc;
        skip_column_rest(p);
    } while (accept_punct(p, ","));
    return expect_punct(p, ")");
}

/* After CREATE TABLE. */
static jt_stmt *create_table(parser *p, size_t from) {
    jt_stmt *st = new_ddl(p, JT_S_CREATE_TABLE);
    if (!st)
        return NULL;
    if_exists(p, st->ddl);
    if (obj_name(p, &st->ddl->obj))
        return NULL;
    if (!accept_punct(p, "("))
        return outside(p, from, 2); /* CREATE TABLE … AS, LIKE … */
    if (column_defs(p, st->ddl))
        return NULL;
    return at_end(p) ? st : outside(p, from, 2); /* PARTITION BY, WITH (…)… */
}

/* The indexed columns of CREATE INDEX, after '(': names, each [ASC|DESC]. */
static int index_columns(parser *p, jt_ddl *d) {
    size_t cap = 0;
    d->coldesc = jt_arena_alloc(p->a, p->ntoks);
    if (!d->coldesc)
        return jt_p_oom(p);
    do {
        const char *name = any_name(p);
        if (!name ||
            jt_p_arena_push(p, (void ***)&d->cols, &d->ncols, &cap, (void *)name, JT_LIMIT_ROWS))
            return p->rc;
        if (accept_kw(p, KW_DESC))
            d->coldesc[d->ncols - 1] = 1;
        else
            accept_kw(p, KW_ASC);
    } while (accept_punct(p, ","));
    return expect_punct(p, ")");
}

/* After CREATE [UNIQUE] INDEX. */
static jt_stmt *create_index(parser *p, size_t from, int unique) {
    jt_stmt *st = new_ddl(p, JT_S_CREATE_INDEX);
    jt_ddl *d;
    if (!st)
        return NULL;
    d = st->ddl;
    d->cascade = (uint8_t)unique; /* CREATE UNIQUE INDEX */
    if_exists(p, d);
    if (!is_kw(peek(p), KW_ON) && !(d->index = any_name(p)))
        return NULL;
    if (expect_kw(p, KW_ON) || obj_name(p, &d->obj))
        return NULL;
    if (is_kw(peek(p), KW_USING) || !accept_punct(p, "("))
        return outside(p, from, 3);
    if (index_columns(p, d))
        return NULL;
    return at_end(p) ? st : outside(p, from, 3); /* STORING, WHERE, … */
}

/* After DROP TABLE|DATABASE|INDEX: names, [CASCADE|RESTRICT]. */
static jt_stmt *drop_object(parser *p, int kind) {
    jt_stmt *st = new_ddl(p, kind);
    jt_ddl *d;
    if (!st)
        return NULL;
    d = st->ddl;
    if_exists(p, d);
    if (obj_name(p, &d->obj))
        return NULL;
    if (kind == JT_S_DROP_INDEX) {
        if (accept_punct(p, "@")) {
            if (!(d->index = any_name(p)))
                return NULL;
        } else { /* DROP INDEX name: the index of that name in the current database */
            d->index = d->obj.name;
            d->obj.name = NULL;
        }
    }
    if (kind == JT_S_DROP_DATABASE && (d->obj.db || d->obj.schema))
        return syntax_null(p);
    if (accept_kw(p, KW_CASCADE))
        d->cascade = 1;
    else
        accept_kw(p, KW_RESTRICT);
    return st;
}

/* After ALTER TABLE: ADD [COLUMN] [IF NOT EXISTS] c type, DROP [COLUMN] [IF EXISTS] c; other
   actions are outside. */
static jt_stmt *alter_table(parser *p, size_t from) {
    jt_stmt *st = new_ddl(p, JT_S_ALTER_TABLE);
    jt_ddl *d;
    int add;
    if (!st)
        return NULL;
    d = st->ddl;
    if_exists(p, d);
    if (obj_name(p, &d->obj))
        return NULL;
    add = is_kw(peek(p), KW_ADD);
    if (!add && !is_kw(peek(p), KW_DROP))
        return outside(p, from, 4);
    p->i++;
    if (!accept_kw(p, KW_COLUMN) &&
        (is_kw(peek(p), KW_CONSTRAINT) || is_kw(peek(p), KW_PRIMARY) || is_kw(peek(p), KW_UNIQUE) ||
         is_kw(peek(p), KW_CHECK) || is_kw(peek(p), KW_FOREIGN)))
        return outside(p, from, 5);
    {
        jt_ddl col;
        const char *name, *type = NULL;
        char text[3 * JT_LIMIT_NAME + 64];
        memset(&col, 0, sizeof col);
        if_exists(p, &col);
        if (!(name = any_name(p)) || (add && !(type = column_type(p))))
            return p->rc ? NULL : syntax_null(p);
        if (add)
            skip_column_rest(p);
        else if (accept_kw(p, KW_CASCADE))
            d->cascade = 1;
        snprintf(text, sizeof text, "%s COLUMN %s%s%s", add ? "ADD" : "DROP", name, add ? " " : "",
                 add ? type : "");
        d->action = jt_arena_strndup(p->a, text, strlen(text));
        d->names = jt_arena_alloc(p->a, sizeof *d->names);
        if (!d->action || !d->names)
            return oom_null(p);
        d->names[0] = name;
        d->nnames = 1;
        d->if_exists = (uint8_t)(col.if_exists || col.if_not_exists);
    }
    return at_end(p) ? st : outside(p, from, 4);
}

/* After TRUNCATE: [TABLE] t [CASCADE|RESTRICT]. */
static jt_stmt *truncate(parser *p) {
    jt_stmt *st = new_ddl(p, JT_S_TRUNCATE);
    if (!st)
        return NULL;
    accept_kw(p, KW_TABLE);
    if (obj_name(p, &st->ddl->obj))
        return NULL;
    if (accept_kw(p, KW_CASCADE))
        st->ddl->cascade = 1;
    else
        accept_kw(p, KW_RESTRICT);
    return st;
}

/* After INSERT INTO: t [(cols)] VALUES (…)[, (…)]: the model keeps no rows, only that the
   table has some (a dropped table's GC then waits). RETURNING, ON CONFLICT, SELECT: outside. */
static jt_stmt *insert(parser *p, size_t from) {
    jt_stmt *st = new_ddl(p, JT_S_INSERT);
    if (!st)
        return NULL;
    if (expect_kw(p, KW_INTO) || obj_name(p, &st->ddl->obj))
        return NULL;
    if (accept_punct(p, "(")) {
        if (name_list(p, &st->ddl->cols, &st->ddl->ncols) || expect_punct(p, ")"))
            return NULL;
    }
    if (!accept_kw(p, KW_VALUES))
        return outside(p, from, 2);
    do {
        if (expect_punct(p, "("))
            return NULL;
        do {
            if (!jt_p_expr(p))
                return NULL;
        } while (accept_punct(p, ","));
        if (expect_punct(p, ")"))
            return NULL;
        st->ddl->nrows++;
    } while (accept_punct(p, ","));
    return at_end(p) ? st : outside(p, from, 2);
}

/* A setting's value: an expression, an identifier (SET x = off), or DEFAULT (NULL). */
static int setting_value(parser *p, jt_ddl *d) {
    token *t = peek(p);
    if (is_kw(t, KW_DEFAULT)) {
        p->i++;
        return 0;
    }
    if (t->kind == T_IDENT &&
        (at_end(p) || is_punct(peek_at(p, 1), ";") || peek_at(p, 1)->kind == T_EOF) &&
        !is_kw(t, KW_TRUE) && !is_kw(t, KW_FALSE) && !is_kw(t, KW_NULL)) {
        jt_expr *e = jt_p_new_expr(p, JT_E_CONST, t->pos);
        if (!e)
            return p->rc;
        e->value.type = JT_T_STRING;
        e->value.untyped = 1;
        e->value.s = t->text;
        d->value = e;
        p->i++;
        return 0;
    }
    if (t->kind == T_IDENT && is_punct(peek_at(p, 1), ",")) { /* SET search_path = a, b */
        size_t from = p->i;
        jt_expr *e = jt_p_new_expr(p, JT_E_CONST, t->pos);
        while (!at_end(p))
            p->i++;
        if (!e)
            return p->rc;
        e->value.type = JT_T_STRING;
        e->value.untyped = 1;
        e->value.s = tokens_text(p, from, p->i);
        if (!e->value.s)
            return p->rc;
        e->text = e->value.s; /* its column name, as an evaluation names it */
        e->textlen = strlen(e->value.s);
        d->value = e;
        return 0;
    }
    d->value = jt_p_expr(p);
    return d->value ? 0 : p->rc;
}

/* A setting's name: words joined by '.' (cluster settings), lowercased. */
static const char *setting_name(parser *p) {
    pbuf b = {p, NULL, 0, 0};
    do {
        const char *w = any_name(p);
        if (!w)
            return NULL;
        if (b.len)
            pb_add(&b, ".");
        pb_add(&b, w);
    } while (accept_punct(p, "."));
    return p->rc ? NULL : b.s;
}

/* After SET: [SESSION|LOCAL] var =|TO value, CLUSTER SETTING name =|TO value; TRANSACTION,
   TRACING, ROLE…: outside. */
static jt_stmt *set(parser *p, size_t from) {
    jt_stmt *st;
    int cluster = is_kw(peek(p), KW_CLUSTER) && is_kw(peek_at(p, 1), KW_SETTING);
    if (is_kw(peek(p), KW_TRANSACTION) || is_kw(peek(p), KW_TRACING) || is_kw(peek(p), KW_ROLE) ||
        (is_kw(peek(p), KW_SESSION) && is_kw(peek_at(p, 1), KW_CHARACTERISTICS)))
        return outside(p, from, 2);
    if (!(st = new_ddl(p, cluster ? JT_S_SET_CLUSTER : JT_S_SET)))
        return NULL;
    if (cluster)
        p->i += 2;
    else if (!accept_kw(p, KW_SESSION))
        accept_kw(p, KW_LOCAL);
    if (!(st->ddl->var = setting_name(p)))
        return NULL;
    if (!accept_punct(p, "=") && expect_kw(p, KW_TO))
        return NULL;
    if (setting_value(p, st->ddl))
        return NULL;
    if (strcmp(st->ddl->var, "database") == 0 && !cluster)
        st->kind = JT_S_USE;
    return st;
}

/* After RESET: var, or CLUSTER SETTING name (v2.1: SET CLUSTER SETTING x = DEFAULT). */
static jt_stmt *reset(parser *p) {
    jt_stmt *st = new_ddl(p, JT_S_RESET);
    if (!st)
        return NULL;
    if (is_kw(peek(p), KW_CLUSTER) && is_kw(peek_at(p, 1), KW_SETTING)) {
        p->i += 2;
        st->kind = JT_S_SET_CLUSTER;
    }
    st->ddl->var = setting_name(p);
    return st->ddl->var ? st : NULL;
}

/* After CREATE DATABASE. */
static jt_stmt *create_database(parser *p, size_t from) {
    jt_stmt *st = new_ddl(p, JT_S_CREATE_DATABASE);
    if (!st)
        return NULL;
    if_exists(p, st->ddl);
    if (!(st->ddl->obj.name = any_name(p)))
        return NULL;
    st->ddl->obj.db = st->ddl->obj.name;
    return at_end(p) ? st : outside(p, from, 2); /* ENCODING, PRIMARY REGION… */
}

/* ---- bulk operations ---- */

/* BACKUP, RESTORE, IMPORT, CREATE CHANGEFEED, CREATE SCHEDULE FOR BACKUP: the statement's
   text (its description) and WITH detached; their targets are not resolved. */
static jt_stmt *bulk(parser *p, size_t from, int kind) {
    jt_stmt *st = new_ddl(p, JT_S_BULK);
    size_t k;
    if (!st)
        return NULL;
    st->ddl->bulk = (uint8_t)kind;
    if (skip_rest(p))
        return NULL;
    for (k = from; k + 1 < p->i; k++)
        if (is_kw(&p->toks[k], KW_DETACHED) && (p->grammar & JT_G_X_DETACHED))
            st->ddl->detached = 1;
    st->ddl->text = tokens_text(p, from, p->i);
    return st->ddl->text ? st : NULL;
}

/* ---- the dispatch ---- */

/* After CREATE. */
static jt_stmt *create(parser *p, size_t from) {
    int unique = is_kw(peek(p), KW_UNIQUE) && is_kw(peek_at(p, 1), KW_INDEX);
    if (accept_kw(p, KW_USER))
        return create_role(p, 1);
    if (accept_kw(p, KW_ROLE))
        return create_role(p, 0);
    if (accept_kw(p, KW_DATABASE))
        return create_database(p, from);
    if (accept_kw(p, KW_TABLE))
        return create_table(p, from);
    if (unique || is_kw(peek(p), KW_INDEX)) {
        p->i += unique ? 2 : 1;
        return create_index(p, from, unique);
    }
    if ((p->grammar & JT_G_X_CHANGEFEED) && is_kw(peek(p), KW_CHANGEFEED))
        return bulk(p, from, JT_BULK_CHANGEFEED);
    if ((p->grammar & JT_G_X_SCHEDULE) && is_kw(peek(p), KW_SCHEDULE))
        return bulk(p, from, JT_BULK_SCHEDULE);
    return outside(p, from, 2);
}

/* After DROP. */
static jt_stmt *drop(parser *p, size_t from) {
    if (accept_kw(p, KW_USER))
        return drop_role(p, 1);
    if (accept_kw(p, KW_ROLE))
        return drop_role(p, 0);
    if (accept_kw(p, KW_TABLE))
        return drop_object(p, JT_S_DROP_TABLE);
    if (accept_kw(p, KW_DATABASE))
        return drop_object(p, JT_S_DROP_DATABASE);
    if (accept_kw(p, KW_INDEX))
        return drop_object(p, JT_S_DROP_INDEX);
    return outside(p, from, 2);
}

/* After ALTER. */
static jt_stmt *alter(parser *p, size_t from) {
    if (accept_kw(p, KW_USER) || accept_kw(p, KW_ROLE))
        return alter_role(p, from);
    if (accept_kw(p, KW_TABLE))
        return alter_table(p, from);
    return outside(p, from, 2);
}

/* CockroachDB statements the kit does not model, by their first word. */
static int outside_word(const token *t) {
    static const char *const words[] = {
        "update",    "delete",   "upsert",  "begin",    "commit",    "rollback",
        "savepoint", "release",  "explain", "comment",  "analyze",   "export",
        "refresh",   "reassign", "discard", "copy",     "declare",   "fetch",
        "close",     "move",     "listen",  "notify",   "unlisten",  "inspect",
        "scrub",     "split",    "unsplit", "relocate", "configure", "experimental",
        "start",     "abort",    "end",     "call",     "do",        NULL};
    size_t k;
    if (t->kind != T_IDENT)
        return 0;
    for (k = 0; words[k]; k++)
        if (strcmp(words[k], t->text) == 0)
            return 1;
    return 0;
}

jt_stmt *jt_p_other_stmt(parser *p, int nested) {
    size_t from = p->i;
    token *t = peek(p);
    (void)nested;
    if (accept_kw(p, KW_CREATE))
        return create(p, from);
    if (accept_kw(p, KW_DROP))
        return drop(p, from);
    if (accept_kw(p, KW_ALTER))
        return alter(p, from);
    if (accept_kw(p, KW_GRANT))
        return grant(p, 0, from);
    if (accept_kw(p, KW_REVOKE))
        return grant(p, 1, from);
    if (accept_kw(p, KW_TRUNCATE))
        return truncate(p);
    if (is_kw(t, KW_INSERT) && is_kw(peek_at(p, 1), KW_INTO)) {
        p->i++;
        return insert(p, from);
    }
    if (accept_kw(p, KW_USE)) {
        jt_stmt *st = new_ddl(p, JT_S_USE);
        if (!st || !(st->ddl->obj.name = any_name(p)))
            return NULL;
        st->ddl->var = "database";
        return st;
    }
    if (accept_kw(p, KW_SET))
        return set(p, from);
    if (accept_kw(p, KW_RESET))
        return reset(p);
    if (is_kw(t, KW_BACKUP) || is_kw(t, KW_RESTORE) || is_kw(t, KW_IMPORT))
        return bulk(p, from,
                    is_kw(t, KW_BACKUP)
                        ? JT_BULK_BACKUP
                        : (is_kw(t, KW_RESTORE) ? JT_BULK_RESTORE : JT_BULK_IMPORT));
    if (outside_word(t) || is_kw(t, KW_INSERT))
        return outside(p, from, 1);
    return NULL;
}

jt_stmt *jt_p_show_other(parser *p) {
    size_t from = p->i;
    token *t = peek_at(p, 1), *after = peek_at(p, 2);
    jt_stmt *st;
    int jobs_word =
        is_kw(t, KW_JOBS) || is_kw(t, KW_JOB) || is_kw(t, KW_AUTOMATIC) || is_kw(t, KW_CHANGEFEED);
    if (t->kind != T_IDENT || jobs_word) {
        jt_p_syntax_error(p); /* at SHOW, as the jobs forms a profile lacks */
        return NULL;
    }
    if (after->kind == T_EOF || is_punct(after, ";")) {
        if (!(st = new_ddl(p, JT_S_SHOW_VAR)))
            return NULL;
        st->ddl->var = t->text;
        p->i += 2;
        return st;
    }
    return outside(p, from, 3);
}

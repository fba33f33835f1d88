/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * The SQL subset (docs/spec.md, section 3): the syntax tree and the parser (sql_parse.c).
 * Everything a statement allocates lives in one arena.
 */
#ifndef JT_MODEL_SQL_H
#define JT_MODEL_SQL_H

#include <stddef.h>
#include <stdint.h>

#include "model/internal/arena.h"
#include "model/internal/value.h"

enum jt_expr_kind {
    JT_E_CONST,
    JT_E_COLUMN,
    JT_E_PARAM,
    JT_E_CAST,
    JT_E_NEG,
    JT_E_CMP,
    JT_E_AND,
    JT_E_OR,
    JT_E_NOT,
    JT_E_IN,
    JT_E_ISNULL,
    JT_E_LIKE,
    JT_E_SUBQUERY
};

typedef struct jt_select jt_select;
typedef struct jt_expr jt_expr;

struct jt_expr {
    uint8_t kind;
    uint8_t op;     /* enum jt_cmp for CMP */
    uint8_t negate; /* NOT IN, IS NOT NULL, NOT LIKE */
    uint8_t cast;   /* enum jt_type for CAST */
    /* CONST: an integer literal beyond int64, a DECIMAL. CockroachDB keeps literals exact and
       fails only where it types one as INT: "numeric constant out of int64 range" (22003), at
       type checking, not parsing (NumVal.AsInt64, sem/tree/constant.go, ids 4819315055,
       562919650); elsewhere (a comparison) it is a DECIMAL. */
    uint8_t overflow;
    int pos;          /* byte offset in the statement */
    int column;       /* COLUMN: index in the source's columns, resolved at planning */
    int param;        /* PARAM: 1-based */
    const char *name; /* COLUMN: as written (lowercased) */
    const char *text; /* the expression's source text, for column names: textlen bytes of the
                         statement (not NUL-terminated) */
    size_t textlen;
    jt_value value; /* CONST */
    jt_expr *a, *b;
    jt_expr **list; /* IN */
    size_t nlist;
    jt_select *sub; /* SUBQUERY, or IN (subquery) */
};

enum jt_source {
    JT_SRC_NONE,
    JT_SRC_VALUES,
    JT_SRC_SHOW_JOBS,
    JT_SRC_SYSTEM_JOBS,
    JT_SRC_CRDB_JOBS,
    JT_SRC_FEATURE_USAGE, /* crdb_internal.feature_usage (JT_G_FEATURE_USAGE) */
    /* The statements' own sources (the parser makes none of these): */
    JT_SRC_SHOW_JOB_IDS,   /* SHOW JOB x, SHOW JOBS <select>: the jobs with those ids */
    JT_SRC_SHOW_AUTOMATIC, /* SHOW AUTOMATIC JOBS */
    JT_SRC_UNKNOWN         /* a table the model does not have: select->table names it */
};

typedef struct jt_order {
    jt_expr *expr;
    int desc;
} jt_order;

struct jt_select {
    uint8_t source; /* enum jt_source */
    uint8_t star;
    uint8_t statement; /* the SHOW JOBS statement itself (its ORDER BY holds), not a source */
    int pos;
    const char *table; /* JT_SRC_UNKNOWN */
    jt_select *ids;    /* JT_SRC_SHOW_JOB_IDS: the selection of the job ids shown */
    /* VALUES */
    jt_expr ***rows;
    size_t nrows, nvalcols;
    /* SELECT list */
    jt_expr **items;
    const char **aliases; /* NULL entries when none */
    size_t nitems;
    jt_expr *where;
    jt_order *order;
    size_t norder;
    jt_expr *limit, *offset;
};

enum jt_stmt_kind {
    JT_S_CONTROL, /* PAUSE|RESUME|CANCEL JOB(S) */
    JT_S_SHOW_JOBS,
    JT_S_SELECT,
    JT_S_PREPARE,
    JT_S_EXECUTE,
    JT_S_DEALLOCATE,
    JT_S_CANCEL_OTHER /* CANCEL QUERY/QUERIES/SESSION/SESSIONS */
};

typedef struct jt_stmt jt_stmt;
struct jt_stmt {
    uint8_t kind;
    uint8_t op;        /* enum jt_op */
    uint8_t sessions;  /* CANCEL_OTHER: 1 sessions, 0 queries */
    uint8_t all;       /* DEALLOCATE ALL */
    uint8_t schedules; /* CONTROL: FOR SCHEDULE(S): sel selects schedule ids */
    uint8_t automatic; /* SHOW AUTOMATIC JOBS */
    uint8_t if_exists; /* CANCEL QUERY|SESSION IF EXISTS */
    /* CONTROL: ALL <type> JOBS, the type as written (an identifier, lowercased unless
       quoted), and where; NULL otherwise. */
    const char *all_type;
    int all_type_pos;
    jt_expr *reason; /* PAUSE … WITH REASON = e, or NULL */
    /* CONTROL, CANCEL_OTHER: the ids; SHOW_JOBS: the ids of SHOW JOB(S) x, NULL for all. */
    jt_select *sel;
    const char *name; /* PREPARE / EXECUTE / DEALLOCATE */
    jt_stmt *inner;   /* PREPARE */
    jt_expr **args;   /* EXECUTE */
    size_t nargs;
    int nparams; /* highest $n used */
};

/* Parses one statement (a trailing ';' allowed) of the grammar of a profile: the forms of
   v2.1 and those grammar (JT_G_* of model/profile.h) names; a form outside them is a syntax
   error where it starts. Returns 0, JT_EPARSE with e set for a SQL error (syntax), or
   JT_ENOMEM/JT_ELIMIT. */
int jt_sql_parse(jt_stmt **out, jt_arena *a, const char *sql, unsigned grammar, jt_sqlerr *e);

#endif

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
    JT_E_SUBQUERY,
    JT_E_FUNC /* name(list…) or name(*): a scalar function or an aggregate */
};

typedef struct jt_select jt_select;
typedef struct jt_expr jt_expr;

struct jt_expr {
    uint8_t kind;
    uint8_t op;     /* enum jt_cmp for CMP */
    uint8_t negate; /* NOT IN, IS NOT NULL, NOT LIKE */
    uint8_t cast;   /* enum jt_type for CAST */
    uint8_t star;   /* FUNC: count(*) */
    /* CONST: an integer literal beyond int64, a DECIMAL. CockroachDB keeps literals exact and
       fails only where it types one as INT: "numeric constant out of int64 range" (22003), at
       type checking, not parsing (NumVal.AsInt64, sem/tree/constant.go, ids 4819315055,
       562919650); elsewhere (a comparison) it is a DECIMAL. */
    uint8_t overflow;
    int agg;          /* FUNC: an aggregate's slot in its selection (eval.c), else -1 */
    int pos;          /* byte offset in the statement */
    int column;       /* COLUMN: index in the source's columns, resolved at planning */
    int param;        /* PARAM: 1-based */
    const char *name; /* COLUMN: as written (lowercased); FUNC: the function */
    const char *text; /* the expression's source text, for column names: textlen bytes of the
                         statement (not NUL-terminated) */
    size_t textlen;
    jt_value value; /* CONST */
    jt_expr *a, *b;
    jt_expr **list; /* IN; FUNC: the arguments */
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
    JT_SRC_UNKNOWN,        /* a table the model does not have: select->table names it */
    /* Later additions, made by the parser: */
    JT_SRC_DERIVED,   /* FROM (SELECT …), or a WITH name: select->derived gives its rows */
    JT_SRC_CHANGEFEED /* SHOW CHANGEFEED JOBS */
};

typedef struct jt_cte jt_cte;

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
    jt_select *derived; /* JT_SRC_DERIVED */
    jt_expr **group;    /* GROUP BY */
    size_t ngroup;
    jt_expr *having;
    uint8_t grouped;   /* GROUP BY or an aggregate in the list, HAVING or ORDER BY */
    uint8_t schedules; /* SHOW JOBS FOR SCHEDULES: ids selects schedule ids */
    /* Set by the evaluation once it has looked (a cached tree runs again): 1 when no
       aggregate is called outside subqueries, then not looked for again; 0 otherwise. */
    uint8_t no_aggs;
};

/* WITH name AS (body) */
struct jt_cte {
    const char *name;
    jt_select *body;
};

enum jt_stmt_kind {
    JT_S_CONTROL, /* PAUSE|RESUME|CANCEL JOB(S) */
    JT_S_SHOW_JOBS,
    JT_S_SELECT,
    JT_S_PREPARE,
    JT_S_EXECUTE,
    JT_S_DEALLOCATE,
    JT_S_CANCEL_OTHER, /* CANCEL QUERY/QUERIES/SESSION/SESSIONS */
    /* The statements around job control (sql_stmt.c; run by roles.c, ddl.c, settings.c,
       bulk.c). */
    JT_S_CREATE_ROLE,
    JT_S_DROP_ROLE,
    JT_S_ALTER_ROLE,
    JT_S_GRANT_ROLE,  /* GRANT role… TO member… */
    JT_S_REVOKE_ROLE, /* REVOKE role… FROM member… */
    JT_S_GRANT_SYSTEM,
    JT_S_REVOKE_SYSTEM,
    JT_S_GRANT_ON, /* GRANT priv… ON DATABASE|TABLE x TO y; REVOKE with revoke set */
    JT_S_CREATE_DATABASE,
    JT_S_CREATE_TABLE,
    JT_S_CREATE_INDEX,
    JT_S_DROP_DATABASE,
    JT_S_DROP_TABLE,
    JT_S_DROP_INDEX,
    JT_S_ALTER_TABLE,
    JT_S_TRUNCATE,
    JT_S_INSERT,
    JT_S_USE,
    JT_S_SET,         /* SET var = value, SET var TO value */
    JT_S_RESET,       /* RESET var */
    JT_S_SET_CLUSTER, /* SET CLUSTER SETTING name = value */
    JT_S_SHOW_VAR,    /* SHOW var */
    JT_S_BULK,        /* BACKUP, RESTORE, IMPORT, CREATE CHANGEFEED, CREATE SCHEDULE */
    JT_S_OUTSIDE      /* CockroachDB SQL the kit does not model: ddl->what says which */
};

/* A name of the catalog: [db.][schema.]name, NULL parts not written. */
typedef struct jt_objname {
    const char *db, *schema, *name;
    int pos;
} jt_objname;

/* Bulk operations (JT_S_BULK). */
enum jt_bulk {
    JT_BULK_BACKUP,
    JT_BULK_RESTORE,
    JT_BULK_IMPORT,
    JT_BULK_CHANGEFEED,
    JT_BULK_SCHEDULE
};

/* What the statements around job control carry. */
typedef struct jt_ddl {
    const char **names; /* roles: created, dropped, altered, granted; GRANT ON: grantees */
    size_t nnames;
    const char **members; /* GRANT|REVOKE role TO|FROM members */
    size_t nmembers;
    unsigned opt_set, opt_clear; /* role options (JT_USER_*): given, and NO… given */
    unsigned privs;              /* GRANT ON: JT_DBPRIV_* bits; SYSTEM: JT_USER_* bits */
    uint8_t if_exists, if_not_exists, is_user, revoke, on_database, cascade;
    uint8_t bulk;          /* enum jt_bulk */
    uint8_t detached;      /* WITH detached */
    uint8_t cluster;       /* SET CLUSTER SETTING (also RESET CLUSTER SETTING) */
    jt_objname obj;        /* database, table, or an index's table */
    const char *index;     /* CREATE INDEX name (NULL: none) / DROP INDEX t@name */
    const char **cols;     /* CREATE TABLE: columns; CREATE INDEX: the indexed columns */
    const char **coltypes; /* CREATE TABLE: types as CockroachDB prints them */
    uint8_t *coldesc;      /* CREATE INDEX: DESC */
    size_t ncols;
    const char *action; /* ALTER TABLE: ADD COLUMN c T, DROP COLUMN c, as printed */
    const char *var;    /* SET/RESET/SHOW: the variable or setting, lowercased */
    jt_expr *value;     /* SET: the value (NULL: DEFAULT) */
    const char *text;   /* BULK: the statement as printed in a job's description */
    const char *what;   /* OUTSIDE: the statement's first words */
    size_t nrows;       /* INSERT: the rows of VALUES */
} jt_ddl;

/* Privileges of GRANT … ON DATABASE (bits). */
#define JT_DBPRIV_ALL 0xffffu

typedef struct jt_stmt jt_stmt;
struct jt_stmt {
    uint8_t kind;
    uint8_t op;            /* enum jt_op */
    uint8_t sessions;      /* CANCEL_OTHER: 1 sessions, 0 queries */
    uint8_t all;           /* DEALLOCATE ALL */
    uint8_t schedules;     /* CONTROL: FOR SCHEDULE(S): sel selects schedule ids */
    uint8_t automatic;     /* SHOW AUTOMATIC JOBS */
    uint8_t if_exists;     /* CANCEL QUERY|SESSION IF EXISTS */
    uint8_t changefeed;    /* SHOW CHANGEFEED JOBS */
    uint8_t when_complete; /* SHOW JOB(S) WHEN COMPLETE */
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
    int nparams;    /* highest $n used */
    jt_ddl *ddl;    /* the statements around job control */
    jt_stmt *next;  /* the next statement of a batch (a;b;c run as one implicit transaction) */
    int start, end; /* where it is in the text (bytes) */
};

/* Statement forms of the statements around job control, by release (the bits above those of
   jt_profile.grammar, which name the job-control forms; model/era.c sets them per profile). */
#define JT_G_X_CONTROLJOB 0x10000u       /* v20.2: the CONTROLJOB role option */
#define JT_G_X_SHOW_CHANGEFEED 0x20000u  /* v20.2: SHOW CHANGEFEED JOBS */
#define JT_G_X_SYSTEM_PRIVILEGE 0x40000u /* v22.2: GRANT|REVOKE SYSTEM … */
#define JT_G_X_VIEWJOB 0x80000u          /* v23.1: VIEWJOB (role option and system privilege) */
#define JT_G_X_SCHEDULE 0x100000u        /* v20.2: CREATE SCHEDULE FOR BACKUP */
#define JT_G_X_CHANGEFEED 0x200000u      /* v2.1: CREATE CHANGEFEED */
#define JT_G_X_DETACHED 0x400000u        /* v20.1: BACKUP/RESTORE/IMPORT … WITH detached */

/* Parses one statement, or a batch of them separated by ';' (a trailing ';' allowed; st->next
   links them), of the grammar of a profile: the forms of
   v2.1 and those grammar (JT_G_* of model/profile.h) names; a form outside them is a syntax
   error where it starts. Returns 0, JT_EPARSE with e set for a SQL error (syntax), or
   JT_ENOMEM/JT_ELIMIT. */
int jt_sql_parse(jt_stmt **out, jt_arena *a, const char *sql, unsigned grammar, jt_sqlerr *e);

/* A literal the shape key masks: its byte offset and length in a text. */
typedef struct jt_sql_run {
    uint32_t pos, len;
} jt_sql_run;

/* The key of a text's shape (jt_sql_shape_key): the text with each integer literal that fits
   an INT written as one '0' and each string literal as '', outside quoted names and comments.
   Two texts of the same key lex to the same tokens but for those literals' values and
   lengths. */
typedef struct jt_sql_key {
    char *text; /* len bytes and a NUL */
    size_t len, cap;
    uint64_t hash;
    jt_sql_run *runs; /* the masked literals, in the order of the text */
    size_t nruns, runs_cap;
} jt_sql_key;

/* The key of sql (len bytes) into *k, reusing its room. JT_OK, or JT_ENOMEM. */
int jt_sql_shape_key(jt_sql_key *k, const char *sql, size_t len);
void jt_sql_key_dispose(jt_sql_key *k);

/* An expression's text (set_text) as offsets into the parse's copy of the statement. */
typedef struct jt_sql_slice {
    jt_expr *e;
    int start, end;
} jt_sql_slice;

/* What the plan cache needs to run a parse again for a text of the same key. In a tree made
   that of another text, the expressions' texts, the statements' bounds and the literals'
   positions are the new text's; other positions (an expression's, a selection's, a name's)
   stay the first parse's: only the parser's errors read them. */
typedef struct jt_sql_shape {
    char *src; /* the parse's copy of the text: the expressions' texts are slices of it */
    size_t len, cap;
    jt_expr **ints; /* the integer literals, nints of them */
    size_t nints;
    jt_expr **strs; /* the string literals, nstrs of them */
    size_t nstrs;
    char *values; /* room for the strings' values of a text applied (values_cap bytes) */
    size_t values_cap;
    /* every slice of src in the tree, in the order the parse made them (a later one of the
       same expression replaces an earlier), and the statements' bounds (st->start, st->end) */
    jt_sql_slice *slices;
    size_t nslices;
    int **bounds;
    size_t nbounds;
    jt_sql_run *runs; /* the key's runs of the text in src (jt_sql_shape_keep) */
    size_t nruns;
    int **refs; /* every offset above (slices, bounds, literals), by value (jt_sql_shape_keep) */
    size_t nrefs;
    /* 1 when the parse depends on the literals only through the values of ints and strs: a
       text of the same shape then parses to the same tree with other values. */
    int reusable;
} jt_sql_shape;

/* jt_sql_parse, and the shape of the parse in *shape: src, len, cap, ints, strs, slices,
   bounds (the last four the caller's to free) and reusable. */
int jt_sql_parse_shaped(jt_stmt **out, jt_arena *a, const char *sql, unsigned grammar, jt_sqlerr *e,
                        jt_sql_shape *shape);
/* The shape of a parse kept in a (the arena of its tree) with the runs of its key k: its
   arrays copied there (those of the parser freed), its offsets indexed. JT_OK, or JT_ENOMEM. */
int jt_sql_shape_keep(jt_sql_shape *shape, const jt_sql_key *k, jt_arena *a);
/* Makes the tree of shape (kept) that of sql (len bytes), of the same key k: its text in src
   (grown from a when it is longer), its offsets moved by the runs' new lengths, the integers'
   values from their new digits, the strings' from their new texts (in values). JT_OK, or
   JT_ENOMEM (the tree unchanged). */
int jt_sql_shape_apply(jt_sql_shape *shape, const char *sql, size_t len, const jt_sql_key *k,
                       jt_arena *a);
/* Whether jt_sql_shape_apply of a text of len bytes would take memory from its arena. */
int jt_sql_shape_grows(const jt_sql_shape *shape, size_t len);

#endif

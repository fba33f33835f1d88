/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * Value semantics, the lowest layer of the SQL side: the types of the SQL subset, values, how
 * an untyped constant takes a type (coercion), casts, comparison, LIKE, and the canonical text
 * of a value. It knows nothing of jobs, tables or statements. Errors are SQL errors
 * (jt_sqlerr): a function that fails fills e (when not NULL) and returns JT_EPARSE.
 */
#ifndef JT_MODEL_VALUE_H
#define JT_MODEL_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/common.h"
#include "model/internal/arena.h"

enum jt_type {
    JT_T_UNKNOWN, /* the type of NULL */
    JT_T_INT,
    JT_T_STRING,
    JT_T_OID,
    JT_T_FLOAT,
    JT_T_BOOL,
    JT_T_TIMESTAMP,
    JT_T_DECIMAL, /* numeric literals with a point or an exponent; held as a double */
    JT_T_COUNT
};

const char *jt_type_name(int type);
char jt_type_letter(int type);

/* A value. untyped marks a string literal (or placeholder argument) that still takes the
   type its context wants, as SQL's untyped constants do. */
typedef struct jt_value {
    uint8_t type;
    uint8_t untyped;
    int64_t i; /* INT, OID, BOOL, TIMESTAMP (seconds since the epoch) */
    double f;
    const char *s; /* STRING, NUL-terminated */
} jt_value;

/* A SQL error as the model reports it. */
typedef struct jt_sqlerr {
    char sqlstate[6];
    int position;                   /* 1-based character position, syntax errors only */
    char message[JT_LIMIT_MESSAGE]; /* a job's whole error text fits: it is quoted in some */
} jt_sqlerr;

/* Fills e (position 0). */
void jt_sqlerr_set(jt_sqlerr *e, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An empty error, cheaply: the message buffer is large (a job's whole error text fits), and a
   statement's hot path must not clear all of it. */
void jt_sqlerr_clear(jt_sqlerr *e);

static inline int jt_type_is_float(int t) {
    return t == JT_T_FLOAT || t == JT_T_DECIMAL;
}

static inline int jt_type_is_numeric(int t) {
    return t == JT_T_INT || t == JT_T_OID || jt_type_is_float(t);
}

/* An untyped string constant takes type t (its text parsed); any other value is left as it
   is. 0, or JT_EPARSE (e filled when not NULL). */
int jt_value_coerce(jt_value *v, int t, jt_sqlerr *e);
/* CAST(v AS t): 0, JT_EPARSE (e filled when not NULL), or JT_ENOMEM (a text in a). */
int jt_value_cast(jt_value *v, int t, jt_arena *a, jt_sqlerr *e);
/* The canonical text of v in *out, in a when it must be made (NULL for SQL NULL): 0, or
   JT_ENOMEM. */
int jt_value_text(const char **out, jt_arena *a, const jt_value *v);

enum jt_cmp { JT_CMP_EQ, JT_CMP_NE, JT_CMP_LT, JT_CMP_LE, JT_CMP_GT, JT_CMP_GE };

/* "=", "!=", "<"... */
const char *jt_cmp_word(int op);
/* Brings two values to a common type for a comparison: 0, 1 when they cannot be compared, or
   JT_EPARSE when an untyped one cannot take the other's type (e filled when not NULL).
   Inline: selections call it for every row. */
static inline int jt_value_unify(jt_value *a, jt_value *b, jt_sqlerr *e) {
    if (a->type == JT_T_UNKNOWN || b->type == JT_T_UNKNOWN)
        return 0;
    if (a->untyped && !b->untyped)
        return jt_value_coerce(a, b->type, e);
    if (b->untyped && !a->untyped)
        return jt_value_coerce(b, a->type, e);
    if (a->untyped && b->untyped) {
        a->untyped = b->untyped = 0;
        return 0;
    }
    if (a->type == b->type || (jt_type_is_numeric(a->type) && jt_type_is_numeric(b->type)))
        return 0;
    return 1;
}
/* Three-way comparison of an integer with a float, exact: a job id near 2^63 against a
   constant beyond int64 compares as CockroachDB's exact decimals do. Converting the integer
   to a float would round it (2^63 - 4 becomes 2^63), and long double is no wider than double
   on some platforms and under valgrind. NaN compares equal, as the float comparison has it. */
static inline int jt_compare_int_float(int64_t i, double f) {
    int64_t t;
    double frac;
    if (f != f)
        return 0;
    if (f >= 9223372036854775808.0)
        return -1;
    if (f < -9223372036854775808.0)
        return 1;
    t = (int64_t)f; /* |f| < 2^63: toward zero, exactly */
    if (i != t)
        return (i > t) - (i < t);
    frac = f - (double)t; /* exact: t is f without its fraction */
    return (frac < 0) - (frac > 0);
}
/* Three-way comparison of two non-NULL values of a common type (after jt_value_unify);
   inline: sorts and selections call it for every row. */
static inline int jt_value_compare(const jt_value *a, const jt_value *b) {
    if (a->type == JT_T_STRING) {
        int r = strcmp(a->s, b->s);
        return (r > 0) - (r < 0);
    }
    if (jt_type_is_float(a->type) && jt_type_is_float(b->type))
        return (a->f > b->f) - (a->f < b->f);
    if (jt_type_is_float(b->type))
        return jt_compare_int_float(a->i, b->f);
    if (jt_type_is_float(a->type))
        return -jt_compare_int_float(b->i, a->f);
    return (a->i > b->i) - (a->i < b->i);
}

/* Whether a comparison whose three-way result is r holds for op (enum jt_cmp). */
static inline int jt_cmp_holds(int r, int op) {
    switch (op) {
    case JT_CMP_EQ:
        return r == 0;
    case JT_CMP_NE:
        return r != 0;
    case JT_CMP_LT:
        return r < 0;
    case JT_CMP_LE:
        return r <= 0;
    case JT_CMP_GT:
        return r > 0;
    default:
        return r >= 0;
    }
}

/* A BOOL of truth 0 or 1, or NULL for truth -1. */
static inline void jt_value_bool(jt_value *out, int truth) {
    memset(out, 0, sizeof *out);
    if (truth >= 0) {
        out->type = JT_T_BOOL;
        out->i = truth;
    }
}

/* -1 NULL, 0 false, 1 true */
static inline int jt_value_truth(const jt_value *v) {
    return v->type == JT_T_UNKNOWN ? -1 : v->i != 0;
}

/* s LIKE p: % any run of characters, _ one character (UTF-8), \ escapes the next. */
int jt_value_like(const char *s, const char *p);

#endif

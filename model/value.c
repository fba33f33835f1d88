/* Value semantics of the SQL subset: types, coercion of untyped constants, casts, comparison,
   LIKE, and the canonical text of a value (see model/internal/value.h). */
#include "model/internal/value.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *jt_type_name(int type) {
    static const char *const names[JT_T_COUNT] = {"unknown", "int",  "string",    "oid",
                                                  "float",   "bool", "timestamp", "decimal"};
    return type >= 0 && type < JT_T_COUNT ? names[type] : "unknown";
}

char jt_type_letter(int type) {
    static const char letters[JT_T_COUNT] = {'T', 'I', 'T', 'O', 'R', 'B', 'S', 'R'};
    return type >= 0 && type < JT_T_COUNT ? letters[type] : 'T';
}

void jt_sqlerr_set(jt_sqlerr *e, const char *sqlstate, const char *fmt, ...) {
    va_list ap;
    snprintf(e->sqlstate, sizeof e->sqlstate, "%s", sqlstate);
    e->position = 0;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}

void jt_sqlerr_clear(jt_sqlerr *e) {
    e->sqlstate[0] = '\0';
    e->position = 0;
    e->message[0] = '\0';
}

/* A SQL error of a value: fills e when there is one; JT_EPARSE. */
static int fail(jt_sqlerr *e, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(jt_sqlerr *e, const char *sqlstate, const char *fmt, ...) {
    va_list ap;
    if (!e)
        return JT_EPARSE;
    snprintf(e->sqlstate, sizeof e->sqlstate, "%s", sqlstate);
    e->position = 0;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return JT_EPARSE;
}

/* ---- timestamps ---- */

static int64_t days_from_civil(int64_t y, int64_t mo, int64_t d) {
    int64_t era, yoe, doy, doe;
    y -= mo <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *mo, int64_t *d) {
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *mo = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*mo <= 2);
}

/* 1 to width decimal digits at *sp, then the separator sep (or none when sep is 0). */
static int digits(const char **sp, int width, char sep, int *out) {
    const char *s = *sp;
    int v = 0, k = 0;
    while (k < width && s[k] >= '0' && s[k] <= '9') {
        v = v * 10 + (s[k] - '0');
        k++;
    }
    if (k == 0 || (sep && s[k] != sep))
        return -1;
    *sp = s + k + (sep ? 1 : 0);
    *out = v;
    return 0;
}

static int parse_timestamp(const char *s, int64_t *out) {
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (digits(&s, 4, '-', &y) || digits(&s, 2, '-', &mo) || digits(&s, 2, 0, &d))
        return -1;
    if (*s == ' ' || *s == 'T') {
        s++;
        if (digits(&s, 2, ':', &h) || digits(&s, 2, ':', &mi) || digits(&s, 2, 0, &se))
            return -1;
    }
    if (*s && strcmp(s, "+00:00") != 0 && strcmp(s, "Z") != 0)
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return -1;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return 0;
}

/* ---- coercion and casts ---- */

static int parse_int(const char *s, int64_t *out) {
    int neg = 0;
    uint64_t v = 0, lim;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (!*s)
        return -1;
    lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (v > (lim - (uint64_t)(*s - '0')) / 10)
            return -2;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

int jt_value_coerce(jt_value *v, int t, jt_sqlerr *e) {
    if (v->type == JT_T_UNKNOWN || t == JT_T_UNKNOWN)
        return 0;
    if (v->untyped && v->type == JT_T_STRING) {
        const char *s = v->s;
        switch (t) {
        case JT_T_STRING:
            break;
        case JT_T_INT:
        case JT_T_OID: {
            int64_t i;
            int r = parse_int(s, &i);
            if (r == -2)
                return fail(e, "22003", "could not parse \"%s\" as type %s: value out of range", s,
                            jt_type_name(t));
            if (r)
                return fail(e, "22P02", "could not parse \"%s\" as type %s", s, jt_type_name(t));
            v->i = i;
            break;
        }
        case JT_T_FLOAT:
        case JT_T_DECIMAL: {
            char *end;
            v->f = strtod(s, &end);
            if (!*s || *end)
                return fail(e, "22P02", "could not parse \"%s\" as type %s", s, jt_type_name(t));
            break;
        }
        case JT_T_BOOL:
            if (jt_strcaseeq(s, "true") || jt_strcaseeq(s, "t"))
                v->i = 1;
            else if (jt_strcaseeq(s, "false") || jt_strcaseeq(s, "f"))
                v->i = 0;
            else
                return fail(e, "22P02", "could not parse \"%s\" as type bool", s);
            break;
        case JT_T_TIMESTAMP:
            if (parse_timestamp(s, &v->i))
                return fail(e, "22007", "could not parse \"%s\" as type timestamp", s);
            break;
        default:
            break;
        }
        v->type = (uint8_t)t;
        v->untyped = 0;
    }
    return 0;
}

int jt_value_cast(jt_value *v, int t, jt_arena *a, jt_sqlerr *e) {
    if (v->type == JT_T_UNKNOWN)
        return 0;
    if (v->untyped)
        return jt_value_coerce(v, t, e);
    if (v->type == t)
        return 0;
    switch (t) {
    case JT_T_INT:
    case JT_T_OID:
        if (v->type == JT_T_INT || v->type == JT_T_OID || v->type == JT_T_BOOL) {
            v->type = (uint8_t)t;
            return 0;
        }
        if (jt_type_is_float(v->type)) {
            if (!(v->f >= -9.2233720368547758e18 && v->f < 9.2233720368547758e18))
                return fail(e, "22003", "integer out of range");
            v->i = (int64_t)llround(v->f);
            v->type = (uint8_t)t;
            return 0;
        }
        if (v->type == JT_T_STRING) {
            v->untyped = 1;
            return jt_value_coerce(v, t, e);
        }
        break;
    case JT_T_FLOAT:
    case JT_T_DECIMAL:
        if (v->type == JT_T_INT || v->type == JT_T_OID) {
            v->f = (double)v->i;
            v->type = (uint8_t)t;
            return 0;
        }
        if (jt_type_is_float(v->type)) {
            v->type = (uint8_t)t;
            return 0;
        }
        if (v->type == JT_T_STRING) {
            v->untyped = 1;
            return jt_value_coerce(v, t, e);
        }
        break;
    case JT_T_STRING: {
        const char *s;
        if (jt_value_text(&s, a, v) < 0)
            return JT_ENOMEM;
        v->type = JT_T_STRING;
        v->s = s;
        return 0;
    }
    case JT_T_BOOL:
    case JT_T_TIMESTAMP:
        if (v->type == JT_T_STRING) {
            v->untyped = 1;
            return jt_value_coerce(v, t, e);
        }
        break;
    default:
        break;
    }
    return fail(e, "42846", "invalid cast: %s -> %s", jt_type_name(v->type), jt_type_name(t));
}

static void format_float(char *buf, size_t size, double f) {
    int prec;
    if (isnan(f)) {
        snprintf(buf, size, "NaN");
        return;
    }
    if (isinf(f)) {
        snprintf(buf, size, f > 0 ? "+Inf" : "-Inf");
        return;
    }
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, f);
        if (strtod(buf, NULL) == f)
            break;
    }
}

/* The text of a timestamp (seconds since the epoch) in buf (64 bytes). */
static void timestamp_text(char *buf, size_t size, int64_t t) {
    int64_t days = t / 86400, secs = t % 86400, y, mo, d;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    civil_from_days(days, &y, &mo, &d);
    if (y >= 0 && y <= 9999) { /* the usual years, without printf */
        const int64_t parts[6] = {y, mo, d, secs / 3600, secs / 60 % 60, secs % 60};
        static const char seps[6] = {'-', '-', ' ', ':', ':', '\0'};
        char *p = buf;
        for (int k = 0; k < 6; k++) {
            if (k == 0) {
                *p++ = (char)('0' + parts[0] / 1000);
                *p++ = (char)('0' + parts[0] / 100 % 10);
            }
            *p++ = (char)('0' + parts[k] / 10 % 10);
            *p++ = (char)('0' + parts[k] % 10);
            *p++ = seps[k];
        }
    } else {
        snprintf(buf, size, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", (long long)y,
                 (long long)mo, (long long)d, (long long)(secs / 3600), (long long)(secs / 60 % 60),
                 (long long)(secs % 60));
    }
}

int jt_value_text(const char **out, jt_arena *a, const jt_value *v) {
    char buf[64];
    *out = NULL;
    switch (v->type) {
    case JT_T_STRING:
        *out = v->s;
        return JT_OK;
    case JT_T_BOOL:
        *out = v->i ? "true" : "false";
        return JT_OK;
    case JT_T_INT:
    case JT_T_OID: { /* every row checked renders its values: the digits' length is known */
        const char *d = jt_decimal(buf, v->i);
        *out = jt_arena_strndup(a, d, (size_t)(buf + 23 - d));
        return *out ? JT_OK : JT_ENOMEM;
    }
    case JT_T_FLOAT:
    case JT_T_DECIMAL:
        format_float(buf, sizeof buf, v->f);
        break;
    case JT_T_TIMESTAMP:
        timestamp_text(buf, sizeof buf, v->i);
        break;
    default: /* NULL */
        return JT_OK;
    }
    *out = jt_arena_strndup(a, buf, strlen(buf));
    return *out ? JT_OK : JT_ENOMEM;
}

/* ---- comparison ---- */

const char *jt_cmp_word(int op) {
    static const char *const words[] = {"=", "!=", "<", "<=", ">", ">="};
    JT_ASSERT(op >= JT_CMP_EQ && op <= JT_CMP_GE);
    return words[op];
}

/* ---- LIKE ---- */

/* Bytes in the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const char *s) {
    size_t n = 1;
    if ((unsigned char)*s >= 0xC0)
        while (n < 4 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n++;
    return n;
}

/* Greedy with a return to the last % only: O(len(s) * len(p)) at worst, where trying every
   split of every % would be exponential in the number of %. */
int jt_value_like(const char *s, const char *p) {
    const char *star_p = NULL, *star_s = NULL; /* after the last %, and where its run ends */
    while (*s) {
        if (*p == '%') {
            while (*p == '%')
                p++;
            if (!*p)
                return 1;
            star_p = p;
            star_s = s;
            continue;
        }
        if (*p) {
            int esc = *p == '\\' && p[1];
            const char *c = esc ? p + 1 : p;
            size_t n = char_len(c);
            if (!esc && *c == '_') {
                p++;
                s += char_len(s);
                continue;
            }
            if (strncmp(c, s, n) == 0) {
                p = c + n;
                s += n;
                continue;
            }
        }
        if (!star_p)
            return 0;
        p = star_p; /* the last % takes one more character */
        star_s += char_len(star_s);
        s = star_s;
    }
    while (*p == '%')
        p++;
    return !*p;
}

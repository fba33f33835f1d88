/* The extended query protocol: a handler per message (see extended.h). */
#include "sim/serve/extended.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/serve/lex.h"
#include "sim/serve/portal.h"
#include "sim/serve/sres.h"
#include "sim/serve/stmt.h"
#include "sim/serve/wire.h"

/* ---- reading a message ------------------------------------------------------------------ */

typedef struct reader {
    const unsigned char *p, *end;
    int bad;
} reader;

static const char *read_str(reader *r) {
    const unsigned char *nul = r->bad ? NULL : memchr(r->p, '\0', (size_t)(r->end - r->p));
    const char *s = (const char *)r->p;
    if (!nul) {
        r->bad = 1;
        return "";
    }
    r->p = nul + 1;
    return s;
}

static uint32_t read_u32(reader *r) {
    uint32_t v;
    if (r->bad || r->end - r->p < 4) {
        r->bad = 1;
        return 0;
    }
    v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
    r->p += 4;
    return v;
}

static unsigned read_u16(reader *r) {
    unsigned v;
    if (r->bad || r->end - r->p < 2) {
        r->bad = 1;
        return 0;
    }
    v = (unsigned)r->p[0] << 8 | r->p[1];
    r->p += 2;
    return v;
}

static const unsigned char *read_bytes(reader *r, size_t n) {
    const unsigned char *b = r->p;
    if (r->bad || (size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    r->p += n;
    return b;
}

/* A malformed message: FATAL 08P01, the connection closes. 1 when it was. */
static int malformed(jt_serve *s, jt_conn *c, reader *r, const char *what) {
    if (!r->bad && r->p == r->end)
        return 0;
    jt_wire_fatal(s, c, "08P01", "invalid %s message", what);
    return 1;
}

/* A SQL error in the extended protocol: sent, then messages are skipped until Sync. */
static void ext_error(jt_conn *c, const char *sqlstate, const char *message) {
    jt_wire_error(c, "ERROR", sqlstate, message, 0);
    c->skipping = 1;
}

/* ---- statements ------------------------------------------------------------------------- */

static jt_pstmt *find_pstmt(jt_conn *c, const char *name) {
    jt_pstmt *p;
    for (p = c->pstmts; p; p = p->next)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

/* Whether sql holds more than one statement (Parse takes one). */
static int several_statements(const char *sql) {
    jt_lexer lx;
    int seen_semi = 0, several = 0;
    for (jt_lex_start(&lx, sql); lx.kind != JT_TK_END && !several; jt_lex_next(&lx)) {
        if (lx.kind == JT_TK_SEMI)
            seen_semi = 1;
        else if (seen_semi)
            several = 1;
    }
    jt_lex_end(&lx);
    return several;
}

/* A failed block runs nothing but its end. 1 when sql is refused (error sent). */
static int refused_in_failed_block(jt_conn *c, const char *sql) {
    if (c->txn.status != 'E' || jt_stmt_ends_block(sql))
        return 0;
    ext_error(c, "25P02",
              "current transaction is aborted, commands ignored until end of transaction block");
    return 1;
}

/* The model's session keeps the statement too (SQL EXECUTE and DEALLOCATE see it); its
   syntax is checked there. 0, or -1 after the error was sent. */
static int prepare_in_model(jt_serve *s, jt_conn *c, const char *name, const char *sql,
                            const uint32_t *oids, size_t ntypes) {
    char letters[JT_LIMIT_PLACEHOLDERS + 1];
    jt_result r;
    size_t k;
    for (k = 0; k < ntypes && k < JT_LIMIT_PLACEHOLDERS; k++)
        letters[k] = jt_wire_type_letter(oids[k]);
    if (jt_model_prepare(s->worlds[c->world].cur->m, c->ss, name, sql, letters,
                         ntypes < JT_LIMIT_PLACEHOLDERS ? ntypes : JT_LIMIT_PLACEHOLDERS, &r,
                         NULL) < 0) {
        ext_error(c, "53200", "out of memory");
        return -1;
    }
    if (r.failed) {
        jt_stmt_not_supported(s, &r, sql);
        jt_wire_sql_error(c, &r);
        c->skipping = 1;
        jt_result_dispose(&r);
        return -1;
    }
    jt_result_dispose(&r);
    return 0;
}

/* A new statement of the connection: name, sql, the parameter types given. */
static int add_pstmt(jt_conn *c, const char *name, const char *sql, reader *r, size_t ntypes) {
    jt_pstmt *p = jt_calloc(1, sizeof *p);
    size_t k;
    if (!p || !(p->name = jt_strdup(name)) || !(p->sql = jt_strdup(sql)) ||
        !(p->oids = jt_calloc(ntypes + 1, sizeof *p->oids))) {
        if (p) {
            free(p->name);
            free(p->sql);
        }
        free(p);
        return -1;
    }
    for (k = 0; k < ntypes; k++)
        p->oids[k] = read_u32(r);
    p->ntypes = ntypes;
    p->kind = jt_stmt_kind(sql);
    p->next = c->pstmts;
    c->pstmts = p;
    return 0;
}

void jt_ext_parse(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    reader r = {body, body + n, 0};
    const char *name = read_str(&r), *sql = read_str(&r);
    size_t ntypes = read_u16(&r);
    reader types = r;
    read_bytes(&r, ntypes * 4);
    if (malformed(s, c, &r, "Parse") || c->skipping)
        return;
    if (ntypes > JT_LIMIT_PLACEHOLDERS) {
        ext_error(c, "54000", "too many parameters: jobtck serve takes 100 at most");
        return;
    }
    if (several_statements(sql)) {
        ext_error(c, "42601", "cannot insert multiple commands into a prepared statement");
        return;
    }
    if (refused_in_failed_block(c, sql))
        return;
    if (*name && find_pstmt(c, name)) {
        char msg[JT_LIMIT_NAME + 64];
        snprintf(msg, sizeof msg, "prepared statement \"%s\" already exists", name);
        ext_error(c, "42P05", msg);
        return;
    }
    if (!*name)
        jt_stmt_drop(c, "");
    if (add_pstmt(c, name, sql, &types, ntypes) < 0) {
        ext_error(c, "53200", "out of memory");
        return;
    }
    if (c->pstmts->kind == JT_ST_MODEL &&
        prepare_in_model(s, c, name, sql, c->pstmts->oids, ntypes) < 0) {
        jt_stmt_drop(c, name);
        return;
    }
    jt_wire_empty_message(c, '1'); /* ParseComplete */
}

/* ---- Bind -------------------------------------------------------------------------------- */

static jt_portal *find_portal(jt_conn *c, const char *name) {
    jt_portal *p;
    for (p = c->portals; p; p = p->next)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

static void drop_portal(jt_conn *c, const char *name) {
    jt_portal **pp;
    for (pp = &c->portals; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->name, name) == 0) {
            jt_portal *p = *pp;
            *pp = p->next;
            if (c->active == p)
                c->active = NULL;
            jt_portal_free(p);
            return;
        }
    }
}

void jt_ext_free(jt_conn *c) {
    while (c->portals)
        drop_portal(c, c->portals->name);
    jt_stmt_drop_all(c);
}

static int64_t be_int(const unsigned char *b, size_t n) {
    uint64_t v = 0;
    size_t k;
    for (k = 0; k < n; k++)
        v = v << 8 | b[k];
    if (n < 8 && (b[0] & 0x80)) /* sign-extend int2 and int4 */
        v |= ~(uint64_t)0 << (n * 8);
    return (int64_t)v;
}

/* A timestamp of microseconds since 2000-01-01 as text. */
static void timestamp_text(int64_t us, char *out, size_t size) {
    int64_t secs = us / 1000000 + 10957LL * 86400, frac = us % 1000000, z, era, doe, yoe, y, doy,
            mp, d, m, tod;
    if (frac < 0) {
        frac += 1000000;
        secs--;
    }
    z = (secs >= 0 ? secs : secs - 86399) / 86400;
    tod = secs - z * 86400;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    snprintf(out, size, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", (long long)y, (long long)m,
             (long long)d, (long long)(tod / 3600), (long long)(tod / 60 % 60),
             (long long)(tod % 60));
    if (frac)
        snprintf(out + strlen(out), size - strlen(out), ".%06lld", (long long)frac);
}

/* A binary parameter of type letter t (len bytes) as text into out; -1 when it is not one. */
static int binary_param(char t, const unsigned char *b, size_t len, char *out, size_t size) {
    double f;
    if ((t == 'I' || t == 'O') && (len == 2 || len == 4 || len == 8)) {
        int64_t v = be_int(b, len);
        snprintf(out, size, "%lld", (long long)(t == 'O' ? (int64_t)(uint32_t)v : v));
    } else if (t == 'R' && (len == 4 || len == 8)) {
        uint64_t bits = (uint64_t)be_int(b, len);
        if (len == 4) {
            float g;
            uint32_t b32 = (uint32_t)bits;
            memcpy(&g, &b32, sizeof g);
            f = g;
        } else {
            memcpy(&f, &bits, sizeof f);
        }
        if (isnan(f))
            snprintf(out, size, "NaN");
        else if (isinf(f))
            snprintf(out, size, f > 0 ? "Infinity" : "-Infinity");
        else
            snprintf(out, size, "%.17g", f);
    } else if (t == 'B' && len == 1) {
        snprintf(out, size, b[0] ? "true" : "false");
    } else if (t == 'S' && len == 8) {
        timestamp_text(be_int(b, 8), out, size);
    } else {
        return -1;
    }
    return 0;
}

/* The portal's parameters from Bind (r at their count): formats, values, typed by what the
   client gave (oids) or else by their use (inferred letters). -1 after an error was sent. */
static int bind_params(jt_conn *c, jt_portal *p, reader *r, const uint32_t *oids, size_t ntypes,
                       const char *inferred, size_t required) {
    size_t nfmt = read_u16(r), k;
    const unsigned char *fmts = read_bytes(r, nfmt * 2);
    size_t np = read_u16(r);
    if (r->bad)
        return -1;
    if (np != required) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg,
                 "bind message supplies %zu parameters, but prepared statement \"%s\" requires "
                 "%zu",
                 np, p->prepared ? p->prepared : p->name, required);
        ext_error(c, "08P01", msg);
        return -1;
    }
    if (nfmt > 1 && nfmt != np) {
        ext_error(c, "08P01", "bind message has a parameter format for some parameters only");
        return -1;
    }
    p->params = jt_calloc(np + 1, sizeof *p->params);
    if (!p->params)
        return ext_error(c, "53200", "out of memory"), -1;
    p->nparams = np;
    for (k = 0; k < np; k++) {
        int32_t len = (int32_t)read_u32(r);
        int binary =
            nfmt ? (fmts[(nfmt == 1 ? 0 : k) * 2] << 8 | fmts[(nfmt == 1 ? 0 : k) * 2 + 1]) : 0;
        char given = k < ntypes ? jt_wire_type_letter(oids[k]) : 0;
        char t = given ? given : inferred[k];
        const unsigned char *v = len >= 0 ? read_bytes(r, (size_t)len) : NULL;
        char text[64];
        if (r->bad)
            return -1;
        /* An untyped value takes the type its use gives it, once, here (as PostgreSQL types
           an unknown parameter at Parse): not again at each row it is compared with. */
        p->params[k].type = given ? given : t == 'T' ? 0 : t;
        if (len < 0)
            continue;
        if (binary && binary_param(t, v, (size_t)len, text, sizeof text) == 0) {
            p->params[k].type = t == 'T' ? 0 : t;
            p->params[k].text = jt_strdup(text);
        } else if (binary && t != 'T' && t != 0) {
            ext_error(c, "22P03", "incorrect binary data format in bind parameter");
            return -1;
        } else if (memchr(v, '\0', (size_t)len)) {
            ext_error(c, "22021", "invalid byte sequence for encoding \"UTF8\": 0x00");
            return -1;
        } else {
            p->params[k].text = jt_strndup((const char *)v, (size_t)len);
        }
        if (!p->params[k].text)
            return ext_error(c, "53200", "out of memory"), -1;
    }
    return 0;
}

/* The result formats of Bind (r at their count). -1 after an error was sent. */
static int bind_formats(jt_conn *c, jt_portal *p, reader *r) {
    size_t n = read_u16(r), k;
    if (r->bad)
        return -1;
    p->formats = jt_calloc(n + 1, sizeof *p->formats);
    if (!p->formats)
        return ext_error(c, "53200", "out of memory"), -1;
    p->nformats = n;
    for (k = 0; k < n; k++) {
        p->formats[k] = (int16_t)read_u16(r);
        if (p->formats[k] != 0 && p->formats[k] != 1) {
            ext_error(c, "22023", "unsupported format code in bind message");
            return -1;
        }
    }
    return 0;
}

/* The statement Bind names: serve's (its text), or one of the model's session only (SQL
   PREPARE): a portal for it, with the parameters it needs and their inferred types. */
static jt_portal *bind_target(jt_serve *s, jt_conn *c, const char *portal, const char *name,
                              jt_pstmt **ps, jt_model_shape *sh) {
    jt_pstmt *st = find_pstmt(c, name);
    jt_model_param types[JT_LIMIT_PLACEHOLDERS];
    jt_portal *p;
    size_t k;
    memset(types, 0, sizeof types);
    for (k = 0; st && k < st->ntypes && k < JT_LIMIT_PLACEHOLDERS; k++)
        types[k].type = jt_wire_type_letter(st->oids[k]);
    *ps = st;
    memset(sh, 0, sizeof *sh);
    if (!st || st->kind == JT_ST_MODEL) {
        if (jt_model_describe(s->worlds[c->world].cur->m, c->ss, c->user, st ? NULL : name,
                              st ? st->sql : NULL, types, st ? st->ntypes : 0, sh, NULL) < 0)
            return ext_error(c, "53200", "out of memory"), NULL;
        if (sh->result.failed) {
            jt_wire_sql_error(c, &sh->result);
            c->skipping = 1;
            return NULL;
        }
    }
    p = jt_portal_new(portal, st ? st->sql : "");
    if (!p)
        return ext_error(c, "53200", "out of memory"), NULL;
    p->extended = 1;
    if (!st) {
        p->kind = JT_ST_MODEL;
        if (!(p->prepared = jt_strdup(name))) {
            jt_portal_free(p);
            return ext_error(c, "53200", "out of memory"), NULL;
        }
    }
    return p;
}

void jt_ext_bind(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    reader r = {body, body + n, 0};
    const char *portal = read_str(&r), *name = read_str(&r);
    jt_model_shape sh;
    jt_pstmt *st;
    jt_portal *p;
    if (r.bad) {
        malformed(s, c, &r, "Bind");
        return;
    }
    if (c->skipping)
        return;
    if (*portal && find_portal(c, portal)) {
        char msg[JT_LIMIT_NAME + 64];
        snprintf(msg, sizeof msg, "portal \"%s\" already exists", portal);
        ext_error(c, "42P03", msg);
        return;
    }
    p = bind_target(s, c, portal, name, &st, &sh);
    if (!p) {
        jt_model_shape_dispose(&sh);
        return;
    }
    if (refused_in_failed_block(c, p->sql) ||
        bind_params(c, p, &r, st ? st->oids : NULL, st ? st->ntypes : 0, sh.params,
                    st && st->kind != JT_ST_MODEL ? st->ntypes : sh.nparams) < 0 ||
        bind_formats(c, p, &r) < 0 || malformed(s, c, &r, "Bind")) {
        jt_model_shape_dispose(&sh);
        jt_portal_free(p);
        return;
    }
    jt_model_shape_dispose(&sh);
    drop_portal(c, portal); /* the unnamed one, replaced */
    p->next = c->portals;
    c->portals = p;
    jt_wire_empty_message(c, '2'); /* BindComplete */
}

/* ---- Describe, Execute, Close, Sync, Flush ---------------------------------------------- */

/* ParameterDescription and RowDescription (or NoData) of a statement. */
static void describe_statement(jt_serve *s, jt_conn *c, const char *name) {
    jt_pstmt *st = find_pstmt(c, name);
    jt_model_shape sh;
    jt_portal *p;
    size_t at, k;
    memset(&sh, 0, sizeof sh);
    p = bind_target(s, c, "", name, &st, &sh); /* the shape; a portal for serve's own */
    if (!p) {
        jt_model_shape_dispose(&sh);
        return;
    }
    at = jt_wire_begin(c, 't');
    if (st && st->kind != JT_ST_MODEL) {
        jt_wire_u16(c, (unsigned)st->ntypes);
        for (k = 0; k < st->ntypes; k++)
            jt_wire_u32(c, st->oids[k]);
    } else {
        jt_wire_u16(c, (unsigned)sh.nparams);
        for (k = 0; k < sh.nparams; k++)
            jt_wire_u32(c, st && k < st->ntypes && st->oids[k] ? st->oids[k]
                                                               : jt_wire_type_oid(sh.params[k]));
    }
    jt_wire_end(c, at);
    if (p->kind == JT_ST_MODEL && sh.rows)
        jt_wire_row_description(c, &sh.result, NULL, 0);
    else if (p->kind != JT_ST_MODEL)
        jt_portal_describe(s, c, p);
    else
        jt_wire_empty_message(c, 'n');
    jt_model_shape_dispose(&sh);
    jt_portal_free(p);
}

void jt_ext_describe(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    reader r = {body, body + n, 0};
    const unsigned char *what = read_bytes(&r, 1);
    const char *name = read_str(&r);
    jt_portal *p;
    if (malformed(s, c, &r, "Describe") || c->skipping)
        return;
    if (what[0] == 'S') {
        describe_statement(s, c, name);
    } else if (what[0] == 'P') {
        p = find_portal(c, name);
        if (!p)
            ext_error(c, "34000", "portal does not exist");
        else if (jt_portal_describe(s, c, p) < 0)
            c->skipping = 1;
    } else {
        jt_wire_fatal(s, c, "08P01", "invalid Describe message: %u is not S or P",
                      (unsigned)what[0]);
    }
}

void jt_ext_execute(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    reader r = {body, body + n, 0};
    const char *name = read_str(&r);
    int32_t limit = (int32_t)read_u32(&r);
    jt_portal *p;
    if (malformed(s, c, &r, "Execute") || c->skipping)
        return;
    p = find_portal(c, name);
    if (!p) {
        ext_error(c, "34000", "portal does not exist");
        return;
    }
    if (p->done && !p->failed) { /* run to its end already: nothing more */
        jt_wire_complete(c, p->tag[0] ? p->tag : "SELECT 0");
        return;
    }
    if (p->failed || jt_portal_start(s, c, p) < 0) {
        c->skipping = 1;
        return;
    }
    jt_portal_run(c, p, limit > 0 ? limit : 0);
}

void jt_ext_close(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    reader r = {body, body + n, 0};
    const unsigned char *what = read_bytes(&r, 1);
    const char *name = read_str(&r);
    if (malformed(s, c, &r, "Close") || c->skipping)
        return;
    if (what[0] == 'S') {
        jt_stmt_drop(c, name);
    } else if (what[0] == 'P') {
        drop_portal(c, name);
    } else {
        jt_wire_fatal(s, c, "08P01", "invalid Close message: %u is not S or P", (unsigned)what[0]);
        return;
    }
    jt_wire_empty_message(c, '3'); /* CloseComplete: a name that is not there too */
}

void jt_ext_sync(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    (void)s;
    (void)body;
    (void)n;
    c->skipping = 0;
    if (c->txn.status == 'I') /* the end of the implicit transaction: its portals go */
        while (c->portals)
            drop_portal(c, c->portals->name);
    jt_wire_ready(c);
}

void jt_ext_flush(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n) {
    (void)s;
    (void)c;
    (void)body;
    (void)n;
}

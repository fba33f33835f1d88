/*
 * Role names (model/internal/rolename.h): the normal form of a name typed in CREATE|DROP|ALTER
 * ROLE|USER and the names each release refuses. Unicode's case mapping, composition and
 * general categories come from ICU (libicu): a well-kept library, not tables of our own.
 *
 * Sources (CockroachDB; docs/profiles.md "Role names"):
 * - normal form: lexbase.NormalizeName (v2.0 … v20.2 lex.NormalizeName, through
 *   tree.Name.Normalize): strings.Map(unicode.ToLower), then NFC unless ASCII; usernames are
 *   folded whether quoted or not (logic test `user`: CREATE USER UsEr1 is user1; the 22.2
 *   decodeusername test: "HeLlO" is hello);
 * - v2.0.0, v2.1.0, v19.2.0 pkg/sql/create_user.go: usernameRE
 *   ^[\p{Ll}_][\p{Ll}0-9_-]{0,62}$ and errors.Errorf("username %q invalid; <help>") (no code:
 *   XX000 in v2.x, XXUUU from v19.1), "username %q reserved" for node, "no username
 *   specified" for "" before normalising; v2.1.0 and v19.2.0 also "role name \"public\" is
 *   reserved" (42939); logic tests `user` and `role` of those tags;
 * - v20.1.0 and the release-20.2 branch pkg/sql/create_role.go: usernameRE
 *   ^[\p{Ll}0-9_][---\p{Ll}0-9_.]*$ first ("username %q invalid", 42602), then 63 bytes
 *   ("username %q is too long", 42622), node (42939), "no username specified" before;
 * - v22.2 on pkg/security/username/username.go ValidateForCreation (empty, then 63 bytes,
 *   then the regex), wrapped by decodeusername.FromRoleSpec as "%q: username is …" (42602,
 *   42622), and SQLUsername.IsReserved: public, none, node, pg_*, crdb_internal_* ("role name
 *   %q is reserved", 42939; release note v21.2.0-beta.1, #68972). From v21.2, DROP checks the
 *   form and reserved names too (FromRoleSpecList with PurposeCreation) and ALTER only folds
 *   (PurposeValidation).
 */
#include "model/internal/rolename.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

/* ---- the normal form ---- */

static int is_ascii(const char *s) {
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* name lower-cased into UTF-16 u (room for strlen(name) units: never more are needed, as a
   code point of n UTF-8 bytes lower-cases to at most 2 UTF-16 units); its length. */
static int32_t lower_utf16(const char *name, UChar *u) {
    const uint8_t *s = (const uint8_t *)name;
    int32_t i = 0, n = (int32_t)strlen(name), k = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0)
            c = 0xFFFD;
        c = u_tolower(c);
        U16_APPEND_UNSAFE(u, k, c);
    }
    return k;
}

const char *jt_role_name_normal(jt_arena *a, const char *name) {
    size_t n = strlen(name), k;
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfc;
    UChar *low, *comp;
    int32_t nlow, ncomp, nout;
    char *out;
    if (is_ascii(name)) {
        if (!(out = jt_arena_strndup(a, name, n)))
            return NULL;
        for (k = 0; k < n; k++)
            out[k] = (char)(out[k] >= 'A' && out[k] <= 'Z' ? out[k] - 'A' + 'a' : out[k]);
        return out;
    }
    /* n UTF-16 units hold the lower-cased name; NFC composes, so it never grows it */
    if (!(low = jt_arena_alloc(a, 2 * (n + 1) * sizeof *low)))
        return NULL;
    comp = low + n + 1;
    nlow = lower_utf16(name, low);
    nfc = unorm2_getNFCInstance(&e);
    ncomp = U_SUCCESS(e) ? unorm2_normalize(nfc, low, nlow, comp, (int32_t)n + 1, &e) : 0;
    if (U_FAILURE(e)) /* no NFC data in this ICU: the lower-cased name, uncomposed */
        memcpy(comp, low, (size_t)(ncomp = nlow) * sizeof *low);
    e = U_ZERO_ERROR;
    if (!(out = jt_arena_alloc(a, 3 * (size_t)ncomp + 1)))
        return NULL;
    u_strToUTF8(out, 3 * ncomp + 1, &nout, comp, ncomp, &e);
    return U_SUCCESS(e) ? out : jt_arena_strndup(a, name, n);
}

/* ---- the rules ---- */

static int is_ll(UChar32 c) {
    return u_charType(c) == U_LOWERCASE_LETTER;
}

/* Whether name matches the release's pattern: v2.0 … v19.2 ^[\p{Ll}_][\p{Ll}0-9_-]{0,62}$
   (63 code points, as Go's regexp counts), later ^[\p{Ll}0-9_][-\p{Ll}0-9_.]*$. */
static int form_ok(int rules, const char *name) {
    const uint8_t *s = (const uint8_t *)name;
    int32_t i = 0, n = (int32_t)strlen(name), runes = 0;
    int old = rules <= JT_NAMES_V21;
    while (i < n) {
        UChar32 c;
        int digit, ok;
        U8_NEXT(s, i, n, c);
        digit = c >= '0' && c <= '9';
        if (runes++ == 0)
            ok = c == '_' || (c >= 0 && is_ll(c)) || (digit && !old);
        else
            ok = c == '_' || c == '-' || digit || (c == '.' && !old) || (c >= 0 && is_ll(c));
        if (!ok)
            return 0;
    }
    return runes > 0 && (!old || runes <= 63);
}

static int reserved_v212(const char *name) {
    return strcmp(name, "public") == 0 || strcmp(name, "none") == 0 || strcmp(name, "node") == 0 ||
           strncmp(name, "pg_", 3) == 0 || strncmp(name, "crdb_internal_", 14) == 0;
}

/* ---- the refusals ---- */

/* Go's printable runes (strconv.IsPrint): letters, marks, numbers, punctuation, symbols and
   the ASCII space. */
static int go_printable(UChar32 c) {
    return c == ' ' || (U_GET_GC_MASK(c) &
                        (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK | U_GC_P_MASK | U_GC_S_MASK)) != 0;
}

/* One rune of a Go-quoted string (strconv.Quote's escapes) at out; the bytes written. */
static size_t quote_rune(char *out, UChar32 c, const char *src, int32_t len) {
    static const char esc[] = "\a\b\f\n\r\t\v", letters[] = "abfnrtv";
    const char *e;
    if (c == '"' || c == '\\')
        return (size_t)sprintf(out, "\\%c", (char)c);
    if (go_printable(c)) {
        memcpy(out, src, (size_t)len);
        return (size_t)len;
    }
    if (c > 0 && c < 0x80 && (e = strchr(esc, (int)c)) != NULL)
        return (size_t)sprintf(out, "\\%c", letters[e - esc]);
    if (c < ' ' || c == 0x7f)
        return (size_t)sprintf(out, "\\x%02x", (unsigned)c);
    return (size_t)sprintf(out, c < 0x10000 ? "\\u%04x" : "\\U%08x", (unsigned)c);
}

/* pre, name as Go's %q writes it, and post, into msg (size bytes): a name too long for it
   ends early, still in quotes. */
static void compose(char *msg, size_t size, const char *pre, const char *name, const char *post) {
    const uint8_t *s = (const uint8_t *)name;
    int32_t i = 0, n = (int32_t)strlen(name);
    size_t at = (size_t)snprintf(msg, size, "%s\"", pre), tail = strlen(post) + 2;
    while (i < n && at + 10 + tail < size) { /* a rune's escape is at most 10 bytes */
        int32_t from = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) /* not UTF-8 (the normal form has none) */
            at += (size_t)sprintf(msg + at, "\\x%02x", (unsigned)s[from]), i = from + 1;
        else
            at += quote_rune(msg + at, c, name + from, i - from);
    }
    if (at < size)
        snprintf(msg + at, size - at, "\"%s", post);
}

/* The refusal of name under rules, for use: its kind (0 none, 1 empty, 2 invalid, 3 too
   long, 4 node, 5 reserved). */
static int refusal_kind(int rules, int use, const char *raw, const char *name) {
    int old = rules <= JT_NAMES_V201;
    if (use == JT_NAME_ALTER && !old)
        return 0;
    if (old && use == JT_NAME_CREATE && raw[0] == '\0')
        return 1;
    if (rules == JT_NAMES_V212 && name[0] == '\0')
        return 1;
    if (rules == JT_NAMES_V212 && strlen(name) > 63)
        return 3;
    if (!form_ok(rules, name))
        return 2;
    if (rules == JT_NAMES_V201 && strlen(name) > 63)
        return 3;
    if (old && strcmp(name, "node") == 0)
        return 4;
    if (rules == JT_NAMES_V212
            ? use != JT_NAME_ALTER && reserved_v212(name)
            : use == JT_NAME_CREATE && rules != JT_NAMES_V20 && strcmp(name, "public") == 0)
        return 5;
    return 0;
}

const char *jt_role_name_refusal(int rules, int use, const char *raw, const char *name,
                                 const char *uncategorized, char *msg, size_t size) {
    static const char help[] =
        " invalid; usernames are case insensitive, must start with a letter or underscore, may "
        "contain letters, digits, dashes, or underscores, and must not exceed 63 characters";
    int kind = refusal_kind(rules, use, raw, name), v212 = rules == JT_NAMES_V212;
    int coded = rules >= JT_NAMES_V201;
    if (kind == 0)
        return NULL;
    if (kind == 1 && !v212)
        snprintf(msg, size, "no username specified");
    else if (kind == 1 || (kind == 2 && v212))
        compose(msg, size, "", name, kind == 1 ? ": username is empty" : ": username is invalid");
    else if (kind == 2)
        compose(msg, size, "username ", name, coded ? " invalid" : help);
    else if (kind == 3)
        compose(msg, size, v212 ? "" : "username ", name,
                v212 ? ": username is too long" : " is too long");
    else
        compose(msg, size, kind == 4 ? "username " : "role name ", name,
                kind == 4 ? " reserved" : " is reserved");
    if (kind == 1)
        return v212 ? "42602" : uncategorized;
    if (kind == 2 || kind == 3)
        return !coded ? uncategorized : kind == 2 ? "42602" : "42622";
    return coded || kind == 5 ? "42939" : uncategorized;
}

/*
 * Role names (model/internal/rolename.h): the normal form of a name typed in CREATE|DROP|ALTER
 * ROLE|USER and the names each release refuses. Unicode's case mapping, composition and
 * general categories come from ICU (libicu): a well-kept library, not tables of our own.
 *
 * Sources (CockroachDB; docs/profiles.md "Role names"):
 * - normal form: lexbase.NormalizeName (v2.0 … v20.2 lex.NormalizeName, through
 *   tree.Name.Normalize): strings.Map(normalize.ToLower) with the special case of U+0130 and
 *   U+0131 (both i), then NFC unless ASCII; usernames are folded whether quoted or not (logic
 *   test `user`: CREATE USER UsEr1 is user1; the 22.2 decodeusername test: "HeLlO" is hello);
 * - v2.0.0, v2.1.0, v19.2.0 pkg/sql/create_user.go: "no username specified" for "" (CREATE,
 *   ALTER), then usernameRE ^[\p{Ll}_][\p{Ll}0-9_-]{0,62}$ and errors.Errorf("username %q
 *   invalid; <help>") (no code: XX000 in v2.x, XXUUU from v19.1), "username %q reserved" for
 *   node; v2.1.0 and v19.2.0 also "role name \"public\" is reserved" (42939) for CREATE;
 *   logic tests `user` and `role` of those tags;
 * - v20.1.0 and the release-20.2 branch pkg/sql/create_role.go: "no username specified", then
 *   usernameRE ^[\p{Ll}0-9_][---\p{Ll}0-9_.]*$ ("username %q invalid", 42602), then 63 bytes
 *   ("username %q is too long", 42622), then node (42939);
 * - v22.2 on pkg/security/username/username.go ValidateForCreation (empty, then 63 bytes, then
 *   the regex), wrapped by decodeusername.FromRoleSpec as "%q: username is …" (42602, 42622),
 *   then SQLUsername.IsReserved: public, none, node, pg_*, crdb_internal_* ("role name %q is
 *   reserved", 42939; release note v21.2.0-beta.1, #68972), for CREATE and DROP
 *   (FromRoleSpecList with PurposeCreation); ALTER only folds (PurposeValidation).
 */
#include "model/internal/rolename.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "model/internal/goquote.h"

/* ---- the normal form ---- */

static int is_ascii(const char *s) {
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/* name lower-cased into UTF-16 u (room for strlen(name) units: a character of n UTF-8 bytes
   lower-cases to one of at most 2 UTF-16 units, never more than n); its length. */
static int32_t lower_utf16(const char *name, UChar *u) {
    const uint8_t *s = (const uint8_t *)name;
    int32_t i = 0, n = (int32_t)strlen(name), k = 0;
    while (i < n) {
        int32_t from = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) /* a byte that is not UTF-8: one U+FFFD for it, as Go's range makes */
            c = 0xFFFD, i = from + 1;
        c = c == 0x130 || c == 0x131 ? 'i' : u_tolower(c);
        U16_APPEND_UNSAFE(u, k, c);
    }
    return k;
}

static char *ascii_lower(jt_arena *a, const char *name) {
    size_t n = strlen(name), k;
    char *out = jt_arena_strndup(a, name, n);
    for (k = 0; out && k < n; k++)
        out[k] = (char)(out[k] >= 'A' && out[k] <= 'Z' ? out[k] - 'A' + 'a' : out[k]);
    return out;
}

const char *jt_role_name_normal(jt_arena *a, const char *name) {
    size_t n = strlen(name);
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfc;
    UChar *low, *comp;
    int32_t nlow, ncomp, nout;
    char *out;
    if (is_ascii(name))
        return ascii_lower(a, name);
    nfc = unorm2_getNFCInstance(&e);
    /* NFC makes at most 3 units of one (the composition exclusions it decomposes) */
    if (U_FAILURE(e) || !(low = jt_arena_alloc(a, 4 * (n + 1) * sizeof *low)))
        return NULL;
    comp = low + n + 1;
    nlow = lower_utf16(name, low);
    ncomp = unorm2_normalize(nfc, low, nlow, comp, 3 * nlow + 3, &e);
    if (U_FAILURE(e) || !(out = jt_arena_alloc(a, 3 * (size_t)ncomp + 1)))
        return NULL; /* never a name CockroachDB would not make */
    u_strToUTF8(out, 3 * ncomp + 1, &nout, comp, ncomp, &e);
    return U_SUCCESS(e) ? out : NULL;
}

/* ---- the rules ---- */

static int is_ll(UChar32 c) {
    return c >= 0 && u_charType(c) == U_LOWERCASE_LETTER;
}

/* Whether name matches the release's pattern: v2.0 … v19.2 ^[\p{Ll}_][\p{Ll}0-9_-]{0,62}$
   (63 characters, as Go's regexp counts), later ^[\p{Ll}0-9_][-\p{Ll}0-9_.]*$. */
static int form_ok(int rules, const char *name) {
    const uint8_t *s = (const uint8_t *)name;
    int32_t i = 0, n = (int32_t)strlen(name), chars = 0;
    int v20_pattern = rules <= JT_NAMES_V21;
    while (i < n) {
        UChar32 c;
        int digit, ok;
        U8_NEXT(s, i, n, c);
        digit = c >= '0' && c <= '9';
        if (chars++ == 0)
            ok = c == '_' || is_ll(c) || (digit && !v20_pattern);
        else
            ok = c == '_' || c == '-' || digit || (c == '.' && !v20_pattern) || is_ll(c);
        if (!ok)
            return 0;
    }
    return chars > 0 && (!v20_pattern || chars <= 63);
}

int jt_role_name_form(int rules, int use, const char *name) {
    int before_v212 = rules <= JT_NAMES_V201;
    if (!before_v212 && use == JT_NAME_ALTER)
        return JT_NAME_OK;
    if (name[0] == '\0' && (!before_v212 || use != JT_NAME_DROP))
        return JT_NAME_EMPTY; /* DROP up to v20.2: the pattern refuses it */
    if (!before_v212 && strlen(name) > 63)
        return JT_NAME_TOO_LONG;
    if (!form_ok(rules, name))
        return JT_NAME_INVALID;
    if (rules == JT_NAMES_V201 && strlen(name) > 63)
        return JT_NAME_TOO_LONG;
    return before_v212 && strcmp(name, "node") == 0 ? JT_NAME_NODE : JT_NAME_OK;
}

int jt_role_name_reserved(int rules, int use, const char *name) {
    if (rules < JT_NAMES_V212)
        return use == JT_NAME_CREATE && rules != JT_NAMES_V20 && strcmp(name, "public") == 0
                   ? JT_NAME_RESERVED
                   : JT_NAME_OK;
    if (use == JT_NAME_ALTER)
        return JT_NAME_OK;
    return strcmp(name, "public") == 0 || strcmp(name, "none") == 0 || strcmp(name, "node") == 0 ||
                   strncmp(name, "pg_", 3) == 0 || strncmp(name, "crdb_internal_", 14) == 0
               ? JT_NAME_RESERVED
               : JT_NAME_OK;
}

/* ---- the refusals' texts ---- */

/* pre, name as Go's %q writes it, then post, into msg (size bytes). */
static void compose(char *msg, size_t size, const char *pre, const char *name, const char *post) {
    size_t n = (size_t)snprintf(msg, size, "%s", pre);
    n += jt_go_quote(n < size ? msg + n : NULL, n < size ? size - n : 0, name);
    if (n < size)
        snprintf(msg + n, size - n, "%s", post);
}

const char *jt_role_name_error(int rules, int refusal, const char *name, const char *uncategorized,
                               char *msg, size_t size) {
    static const char help[] =
        " invalid; usernames are case insensitive, must start with a letter or underscore, may "
        "contain letters, digits, dashes, or underscores, and must not exceed 63 characters";
    int v212 = rules == JT_NAMES_V212, coded = rules >= JT_NAMES_V201;
    switch (refusal) {
    case JT_NAME_EMPTY:
        if (!v212) {
            snprintf(msg, size, "no username specified");
            return uncategorized;
        }
        compose(msg, size, "", name, ": username is empty");
        return "42602";
    case JT_NAME_INVALID:
        if (v212)
            compose(msg, size, "", name, ": username is invalid");
        else
            compose(msg, size, "username ", name, coded ? " invalid" : help);
        return coded ? "42602" : uncategorized;
    case JT_NAME_TOO_LONG:
        compose(msg, size, v212 ? "" : "username ", name,
                v212 ? ": username is too long" : " is too long");
        return "42622";
    case JT_NAME_NODE:
        compose(msg, size, "username ", name, " reserved");
        return coded ? "42939" : uncategorized;
    default:
        compose(msg, size, "role name ", name, " is reserved");
        return "42939";
    }
}

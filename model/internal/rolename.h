/*
 * Private to model/: outside model/, only the model's own unit tests include the headers of
 * model/internal/; everything else sees model/model.h, model/profile.h and model/common.h.
 *
 * The names CREATE|DROP|ALTER ROLE|USER give (rolename.c): how CockroachDB normalises a name
 * typed there, and which names each release refuses, with the text and SQLSTATE of the
 * refusal. The rules per release are the era's (era.h, JT_NAMES_*); their sources are in
 * rolename.c and docs/profiles.md ("Role names").
 */
#ifndef JT_MODEL_ROLENAME_H
#define JT_MODEL_ROLENAME_H

#include <stddef.h>

#include "model/internal/arena.h"

/* The rules of a role's name, by release (jt_era.role_names; 0 is no era's). */
enum jt_names {
    JT_NAMES_V20 = 1, /* v2.0: ^[\p{Ll}_][\p{Ll}0-9_-]{0,62}$, "node" reserved */
    JT_NAMES_V21,     /* v2.1, v19.2: the same, and "public" reserved */
    JT_NAMES_V201,    /* v20.1, v20.2: ^[\p{Ll}0-9_][-\p{Ll}0-9_.]*$ and 63 bytes, codes */
    JT_NAMES_V212     /* v21.2 on: the same checks in another order and words, more reserved */
};

/* What a statement does with the name: CREATE checks it all; DROP its form (and, from v21.2,
   reserved names); ALTER its form up to v20.2, nothing from v21.2. */
enum jt_name_use { JT_NAME_CREATE, JT_NAME_DROP, JT_NAME_ALTER };

/* The refusals. */
enum jt_name_refusal {
    JT_NAME_OK,
    JT_NAME_EMPTY,
    JT_NAME_INVALID,
    JT_NAME_TOO_LONG,
    JT_NAME_NODE,    /* up to v20.2, "node" in the form's check */
    JT_NAME_RESERVED /* "role name %q is reserved" */
};

/* The name CockroachDB makes of name (its lexbase.NormalizeName): every character lower-cased
   by Unicode's simple case mapping and Go's special case (İ and ı are i), then, when any is
   not ASCII, composed to NFC. Quoted or not, a role's name is folded. Each byte that is not
   UTF-8 becomes U+FFFD, as Go reads it. In arena a; NULL when out of memory. */
const char *jt_role_name_normal(jt_arena *a, const char *name);

/* The refusal of the normal name's form under rules (enum jt_names) for use, or JT_NAME_OK.
   A statement checks the form of each of its names before it looks at reserved names. */
int jt_role_name_form(int rules, int use, const char *name);
/* JT_NAME_RESERVED when rules reserve the name for use, else JT_NAME_OK. */
int jt_role_name_reserved(int rules, int use, const char *name);
/* The text of refusal (not JT_NAME_OK) of name into msg (size bytes), as snprintf cuts it;
   returns its SQLSTATE. uncategorized is the profile's SQLSTATE of an error without a code
   (XX000, XXUUU). */
const char *jt_role_name_error(int rules, int refusal, const char *name, const char *uncategorized,
                               char *msg, size_t size);

#endif

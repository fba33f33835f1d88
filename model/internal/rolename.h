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

/* The rules of a role's name, by release (jt_era.role_names). */
enum jt_names {
    JT_NAMES_V20,  /* v2.0: ^[\p{Ll}_][\p{Ll}0-9_-]{0,62}$, "node" reserved */
    JT_NAMES_V21,  /* v2.1, v19.2: the same, and "public" reserved */
    JT_NAMES_V201, /* v20.1, v20.2: ^[\p{Ll}0-9_][-\p{Ll}0-9_.]*$ and 63 bytes, codes */
    JT_NAMES_V212  /* v21.2 on: the same checks in another order and words, more reserved */
};

/* What a statement does with the name: CREATE checks it all; DROP checks its form (and, from
   v21.2, reserved names); ALTER checks its form up to v20.2 and nothing from v21.2. */
enum jt_name_use { JT_NAME_CREATE, JT_NAME_DROP, JT_NAME_ALTER };

/* The name CockroachDB makes of name (its lexbase.NormalizeName): every character lower-cased
   by Unicode's simple case mapping, then, when any is not ASCII, composed to NFC. Quoted or
   not, a role's name is folded. In arena a; NULL when out of memory. Bytes that are not
   UTF-8 become U+FFFD, as Go's strings.Map makes them. */
const char *jt_role_name_normal(jt_arena *a, const char *name);

/* Whether rules (enum jt_names) refuse the name for use: NULL when not; else the SQLSTATE
   of the refusal, its text in msg (size bytes). raw is the name as typed (v2.0 to v20.2 look
   at it for emptiness before normalising), name its normal form. uncategorized is the
   profile's SQLSTATE of an error without a code (XX000, XXUUU). */
const char *jt_role_name_refusal(int rules, int use, const char *raw, const char *name,
                                 const char *uncategorized, char *msg, size_t size);

#endif

/* jobtck doc, claims: what the engine (doc_claims.c) and the kinds of claims (doc_kinds.c,
   doc_privileges.c, doc_fields.c) share; for the files of sim/doc/ only.

   A claim is checked over the bounded worlds of its kind: each world is the page's world plus
   fixtures of its own; the kind's check runs statements on the oracle (the model of a profile)
   and says whether the claim holds there. When it does not, the check leaves a witness: the
   steps that show it, the last ones with what the claim says instead of what came back, which
   the engine writes as a case file that fails where the claim does. */
#ifndef JT_DOC_CLAIMS_H
#define JT_DOC_CLAIMS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/doc/doc_internal.h"
#include "sim/text/strbuf.h"

/* The text of a string buffer ("" when it is empty). */
static inline const char *jt_doc_sb(const jt_strbuf *sb) {
    return sb->data ? sb->data : "";
}

/* What a world says of a claim. */
enum { JT_DOC_HOLDS, JT_DOC_FAILS, JT_DOC_VACUOUS, JT_DOC_LIMITED };

#define JT_DOC_MAX_STEPS 6
#define JT_DOC_MAX_EXTRA 8 /* fixtures of a world beyond the page's */
#define JT_DOC_FRESH 8     /* ids the page does not use, for the worlds' jobs */
#define JT_DOC_TEXT 256    /* bytes of a string a world makes up (a description) */

/* A step of a witness: a statement and who runs it; claim: the record the claim says it gives
   (header, the SQL and the rows, as a case file writes them), or NULL for what the oracle gives;
   settle: the jobs move on as far as they can after it. */
typedef struct jt_doc_step {
    char user[JT_LIMIT_NAME + 1];
    char *sql;
    char *claim;
    int settle;
} jt_doc_step;

typedef struct jt_doc_cx {
    const jt_doc_page *page;
    const jt_doc_world *w;
    const jt_doc_claim *claim;
    jt_session *s;       /* the oracle */
    const char *profile; /* its profile's name */
    jt_error *err;
    int64_t fresh[JT_DOC_FRESH];
    const char *subject, *other_user;
    /* the world tried: the page's fixtures (nbase), then its own */
    jt_fixture *fx;
    size_t nfx, nbase, cap;
    char text[JT_DOC_MAX_EXTRA][JT_DOC_TEXT]; /* strings the world's fixtures point at */
    jt_strbuf desc;      /* the world in words ("when maxroach also has job 2 (…)") */
    const char *refused; /* the message of the fixture the oracle refused (in refused_text),
                            or NULL */
    char refused_text[JT_MESSAGE_MAX];
    int mark; /* what the world tells its check, for the kind's use */
    /* the witness, when the world breaks the claim */
    jt_doc_step steps[JT_DOC_MAX_STEPS];
    size_t nsteps;
    jt_strbuf why;      /* what happened, in words */
    char fallback[256]; /* the temporary folder used when cfg->out_dir cannot be made, or "" */
} jt_doc_cx;

/* A kind of claim: its worlds and its check. */
typedef struct jt_doc_kind {
    int kind;                                   /* enum jt_doc_claim_kind */
    const char *covers;                         /* requirement ids of its case files */
    size_t (*count)(const jt_doc_cx *c);        /* worlds */
    int (*world)(jt_doc_cx *c, size_t i);       /* world i: fixtures, desc */
    int (*check)(int *outcome, jt_doc_cx *c);   /* in the world, applied */
    int (*refused)(int *outcome, jt_doc_cx *c); /* a fixture refused (c->refused); NULL:
                                                   JT_DOC_LIMITED */
    int bare; /* its worlds start from nothing, not from the page's world */
    /* the value world i tries (a job type, a status) and why it fails, named in the finding
       for every world that fails; NULL: the first counterexample only */
    void (*value)(char *buf, size_t size, const jt_doc_cx *c);
} jt_doc_kind;

/* The kinds of doc_kinds.c, doc_privileges.c, doc_fields.c and doc_moves.c, each ending with a
   zero kind. */
extern const jt_doc_kind jt_doc_kinds_basic[];
extern const jt_doc_kind jt_doc_kinds_privileges[];
extern const jt_doc_kind jt_doc_kinds_fields[];
extern const jt_doc_kind jt_doc_kinds_moves[];

/* ---- the context (doc_cx.c) --------------------------------------------------------------- */

/* A context for the claims of a page: the ids its worlds may use, room for the fixtures. */
int jt_doc_cx_init(jt_doc_cx *c, const jt_doc_page *page, const jt_doc_world *w, jt_error *err);
void jt_doc_cx_dispose(jt_doc_cx *c);
/* The oracle the worlds are tried on from now. */
void jt_doc_cx_use(jt_doc_cx *c, jt_session *s, const char *profile);
/* Forgets the witness (its steps and why). */
void jt_doc_cx_clear_witness(jt_doc_cx *c);
/* The case file of the witness of the world tried (applied again here), written to cfg's
   folder as `<page>-<line>.test`; "; counterexample written to F" (or why not) added to msg. */
int jt_doc_counterexample(char **file_out, jt_strbuf *msg, jt_doc_cx *c, const jt_doc_kind *k,
                          const jt_doc_config *cfg);

/* ---- for the kinds ------------------------------------------------------------------------ */

/* Adds a fixture to the world (strings must outlive it: c->text, the page's, or static). */
void jt_doc_cx_fixture(jt_doc_cx *c, const jt_fixture *f);
/* A user fixture (admin member, role options). */
void jt_doc_cx_user(jt_doc_cx *c, const char *name, int admin, unsigned options);
/* A job fixture (user NULL: root). */
void jt_doc_cx_job(jt_doc_cx *c, int64_t id, const char *type, const char *status,
                   const char *user);
/* The last fixture of job id in the world (its state), or NULL. */
const jt_fixture *jt_doc_cx_job_fx(const jt_doc_cx *c, int64_t id);
/* Runs sql as user on the oracle (res to be freed with jt_doc_cx_done). */
int jt_doc_cx_run(jt_doc_cx *c, const char *user, const char *sql, jt_result *res);
void jt_doc_cx_done(jt_doc_cx *c, jt_result *res);
/* Adds a step to the witness; claim (copied; NULL: the oracle's result). */
int jt_doc_cx_step(jt_doc_cx *c, const char *user, const char *sql, const char *claim, int settle);
/* The claim "this statement fails": `statement error .` and the SQL. */
int jt_doc_cx_step_fails(jt_doc_cx *c, const char *user, const char *sql);
/* The claim "this statement works": `statement ok` and the SQL. */
int jt_doc_cx_step_works(jt_doc_cx *c, const char *user, const char *sql);
/* Whether the model could not parse or does not support what res answers. */
int jt_doc_cx_unsupported(const jt_result *res);
/* "IMPORT, running" and the like: a job fixture in words. */
const char *jt_doc_cx_job_words(char *buf, size_t size, const jt_fixture *f);
/* Whether user is a member of admin in the world (root is). */
int jt_doc_cx_is_admin(const jt_doc_cx *c, const char *user);

/* The jobs' own progress until nothing moves (the oracle's virtual clock). */
int jt_doc_cx_settle(jt_doc_cx *c, int *moved);

/* Job types and statuses the kit knows, over every profile: the candidates of the claims about
   the values of `status` and `job_type`. */
size_t jt_doc_known_types(const char **out, size_t max);
size_t jt_doc_known_statuses(const char **out, size_t max);

#endif

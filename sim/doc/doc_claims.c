/* jobtck doc, claims: each claim of a page checked over the bounded worlds of its kind, on the
   model of the page's profile and, when the release has one, on its as-built profile; the first
   counterexample written as a case file (doc_cx.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/doc/doc_claims.h"

static const jt_doc_kind *kind_of(int k) {
    const jt_doc_kind *const tables[] = {jt_doc_kinds_basic, jt_doc_kinds_privileges,
                                         jt_doc_kinds_fields, jt_doc_kinds_moves};
    size_t t, i;
    for (t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (i = 0; tables[t][i].kind; i++)
            if (tables[t][i].kind == k)
                return &tables[t][i];
    return NULL;
}

const char *jt_doc_claim_covers(int kind) {
    const jt_doc_kind *k = kind_of(kind);
    return k ? k->covers : "";
}

/* ---- the world tried ------------------------------------------------------------------------- */

static void cx_reset_world(jt_doc_cx *c, const jt_doc_kind *k) {
    size_t i;
    c->nfx = 0;
    for (i = 0; !k->bare && i < c->w->nfx; i++)
        c->fx[c->nfx++] = c->w->fx[i].fx;
    c->nbase = c->nfx;
    c->refused = NULL;
    c->mark = 0;
    jt_strbuf_dispose(&c->desc);
    jt_strbuf_init(&c->desc, JT_LIMIT_MESSAGE);
    jt_doc_cx_clear_witness(c);
}

/* The world's fixtures on a fresh oracle; a refused one sets c->refused (its message). */
static int cx_apply(jt_doc_cx *c, jt_error *ferr) {
    size_t i;
    int rc = jt_session_restart(c->s, c->err);
    for (i = 0; i < c->nfx && rc == JT_OK; i++) {
        memset(ferr, 0, sizeof *ferr);
        if (jt_session_fixture(c->s, &c->fx[i], ferr) < 0) {
            if (ferr->code == JT_ENOMEM)
                return JT_ENOMEM;
            snprintf(c->refused_text, sizeof c->refused_text, "%s", ferr->message);
            c->refused = c->refused_text;
            /* the oracle is left as it is: the next world starts over */
            return JT_OK;
        }
    }
    return rc;
}

/* World i of the claim's kind on the oracle: its outcome (JT_DOC_…). */
static int cx_world(int *outcome, jt_doc_cx *c, const jt_doc_kind *k, size_t i, jt_error *ferr) {
    int rc;
    cx_reset_world(c, k);
    rc = k->world(c, i);
    if (rc == JT_OK)
        rc = cx_apply(c, ferr);
    if (rc < 0)
        return rc;
    if (c->refused) {
        *outcome = JT_DOC_LIMITED;
        return k->refused ? k->refused(outcome, c) : JT_OK;
    }
    return k->check(outcome, c);
}

/* ---- one claim on one oracle ----------------------------------------------------------------- */

/* What the worlds of a claim said on one oracle. */
typedef struct verdict {
    const char *profile;
    size_t worlds, exercised, nfail, first;
    size_t nlimited;
    char limits[600]; /* the distinct refusals, "; "-separated */
    char failed[600]; /* the values of the worlds that fail (jt_doc_kind.value), ", "-separated */
} verdict;

#define ELLIPSIS "\xe2\x80\xa6" /* … */

/* s += sep and msg, when it fits; else an ellipsis, once. */
static void add_listed(char *s, size_t size, const char *sep, const char *msg) {
    size_t n = strlen(s);
    if (n + strlen(sep) + strlen(msg) + 8 < size)
        snprintf(s + n, size - n, "%s%s", n ? sep : "", msg);
    else if (n + 8 < size && (n < 3 || strcmp(s + n - 3, ELLIPSIS) != 0))
        snprintf(s + n, size - n, "%s" ELLIPSIS, sep);
}

static void note_limit(verdict *v, const char *msg) {
    size_t n = strlen(v->limits);
    v->nlimited++;
    if (!msg || strstr(v->limits, msg) || n + strlen(msg) + 8 >= sizeof v->limits)
        return;
    snprintf(v->limits + n, sizeof v->limits - n, "%s%s", n ? "; " : "", msg);
}

static int run_claim(verdict *v, jt_doc_cx *c, const jt_doc_kind *k) {
    jt_error ferr;
    size_t i;
    int rc = JT_OK, outcome;
    memset(v, 0, sizeof *v);
    v->profile = c->profile;
    v->worlds = k->count(c);
    for (i = 0; i < v->worlds && rc == JT_OK; i++) {
        outcome = JT_DOC_VACUOUS;
        rc = cx_world(&outcome, c, k, i, &ferr);
        if (rc < 0)
            break;
        if (outcome == JT_DOC_LIMITED)
            note_limit(v, c->refused ? c->refused : jt_doc_sb(&c->why));
        if (outcome != JT_DOC_HOLDS && outcome != JT_DOC_FAILS)
            continue;
        v->exercised++;
        if (outcome == JT_DOC_FAILS && k->value) {
            char value[160];
            k->value(value, sizeof value, c);
            add_listed(v->failed, sizeof v->failed, ", ", value);
        }
        if (outcome == JT_DOC_FAILS && v->nfail++ == 0)
            v->first = i;
    }
    for (i = 0; i < c->claim->nunknown; i++) {
        char what[160];
        snprintf(what, sizeof what, "no job type the kit knows in \"%.120s\"",
                 c->claim->unknown[i]);
        note_limit(v, what);
    }
    return rc;
}

/* ---- reporting ------------------------------------------------------------------------------- */

static int claim_item(jt_doc_report *rep, const jt_doc_claim *cl, int outcome, int finding,
                      char *msg, char *file) {
    int rc = jt_doc_report_item(rep, cl->line, outcome, finding, "claim", msg, file);
    if (rc == JT_OK)
        jt_doc_report_last(rep)->claim = cl->kind;
    return rc;
}

/* "holds in N worlds (P)" and what the kind adds. */
static int holds_text(jt_strbuf *sb, const jt_doc_claim *cl, const verdict *v) {
    if (cl->kind == JT_DOC_CLAIM_NO_PAUSE_SCHEMA)
        return jt_strbuf_addf(sb,
                              "holds in %zu worlds (the %zu of %zu tried with a SCHEMA CHANGE "
                              "job; %s)",
                              v->exercised, v->exercised, v->worlds, v->profile);
    return jt_strbuf_addf(sb, "holds in %zu world%s (%s%s)", v->exercised,
                          v->exercised == 1 ? "" : "s", v->profile,
                          cl->by_default ? "; by default: no admin member but root" : "");
}

static int pass_item(jt_doc_report *rep, jt_doc_cx *c, const verdict *v1, const verdict *v2) {
    const jt_doc_claim *cl = c->claim;
    jt_strbuf sb;
    int rc;
    jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
    rc = jt_strbuf_addf(&sb, "claim \"%s\" ", cl->text);
    if (rc == JT_OK)
        rc = holds_text(&sb, cl, v1);
    if (rc == JT_OK && v2)
        rc = jt_strbuf_addf(&sb, ", and as built (%s, %zu worlds)", v2->profile, v2->exercised);
    if (rc < 0) {
        jt_strbuf_dispose(&sb);
        return rc;
    }
    rc = claim_item(rep, cl, JT_DOC_PASS, JT_DOC_FIND_NONE,
                    jt_doc_msg(c->page->path, cl->line, "%s", jt_doc_sb(&sb)), NULL);
    jt_strbuf_dispose(&sb);
    return rc;
}

/* A claim that no world of the kit exercises, or the worlds the oracle could not make. */
static int limit_item(jt_doc_report *rep, jt_doc_cx *c, const verdict *v, int none) {
    const jt_doc_claim *cl = c->claim;
    char *msg;
    if (none)
        msg = jt_doc_finding_msg(c->page->path, cl->line, JT_DOC_FIND_LIMIT,
                                 "claim \"%s\": no world of the kit applies (%s): %s", cl->text,
                                 v->profile, v->limits[0] ? v->limits : "nothing to try");
    else
        msg =
            jt_doc_finding_msg(c->page->path, cl->line, JT_DOC_FIND_LIMIT,
                               "claim \"%s\": %zu world%s the model (%s) cannot make: %s", cl->text,
                               v->nlimited, v->nlimited == 1 ? "" : "s", v->profile, v->limits);
    return claim_item(rep, cl, JT_DOC_SKIP, JT_DOC_FIND_LIMIT, msg, NULL);
}

/* The claim broken on v's oracle (its first failing world rebuilt there): the finding, and
   its counterexample. other: the other reference's verdict, or NULL. */
static int fail_item(jt_doc_report *rep, jt_doc_cx *c, const verdict *v, const verdict *other,
                     int as_built_only, const jt_doc_kind *k, const jt_doc_config *cfg) {
    const jt_doc_claim *cl = c->claim;
    jt_strbuf sb;
    jt_error ferr;
    char *file = NULL;
    int rc, outcome = JT_DOC_VACUOUS;
    rc = cx_world(&outcome, c, k, v->first, &ferr); /* again, for its witness */
    if (rc < 0)
        return rc;
    jt_strbuf_init(&sb, JT_LIMIT_MESSAGE);
    if (as_built_only)
        rc = jt_strbuf_addf(&sb,
                            "claim \"%s\" holds in %zu worlds of the documented model (%s) "
                            "but is false as built (%s): ",
                            cl->text, other->exercised, other->profile, v->profile);
    else
        rc = jt_strbuf_addf(&sb, "claim \"%s\" fails (%s): ", cl->text, v->profile);
    if (rc == JT_OK)
        rc = jt_strbuf_addf(&sb, "%s%s%s; fails in %zu of %zu world%s tried", jt_doc_sb(&c->desc),
                            c->desc.len ? ", " : "", jt_doc_sb(&c->why), v->nfail, v->exercised,
                            v->exercised == 1 ? "" : "s");
    if (rc == JT_OK && v->nfail > 1 && v->failed[0])
        rc = jt_strbuf_addf(&sb, " (%s)", v->failed);
    if (rc == JT_OK && other && !as_built_only)
        rc = other->nfail ? jt_strbuf_addf(&sb, "; as built (%s) it fails too", other->profile)
                          : jt_strbuf_addf(&sb, "; as built (%s) it holds", other->profile);
    if (rc == JT_OK)
        rc = jt_doc_counterexample(&file, &sb, c, k, cfg);
    if (rc < 0) {
        jt_strbuf_dispose(&sb);
        return rc;
    }
    rc = claim_item(
        rep, cl, JT_DOC_FAIL, JT_DOC_FIND_PAGE,
        jt_doc_finding_msg(c->page->path, cl->line, JT_DOC_FIND_PAGE, "%s", jt_doc_sb(&sb)), file);
    jt_strbuf_dispose(&sb);
    return rc;
}

/* ---- the claims ------------------------------------------------------------------------------ */

/* A claim the kit reads but has nothing to check it with, or cannot tie to a statement. */
static int not_checkable(jt_doc_report *rep, jt_doc_cx *c) {
    const jt_doc_claim *cl = c->claim;
    static const char *const words[JT_DOC_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
    if (cl->kind == JT_DOC_CLAIM_CHANGEFEED)
        return claim_item(rep, cl, JT_DOC_SKIP, JT_DOC_FIND_LIMIT,
                          jt_doc_finding_msg(c->page->path, cl->line, JT_DOC_FIND_LIMIT,
                                             "claim \"%s\": the model has no CHANGEFEED "
                                             "privilege on tables",
                                             cl->text),
                          NULL);
    return claim_item(rep, cl, JT_DOC_SKIP, JT_DOC_FIND_UNREADABLE,
                      jt_doc_finding_msg(c->page->path, cl->line, JT_DOC_FIND_UNREADABLE,
                                         "claim \"%s\": no %s statement before it to check",
                                         cl->text, cl->op >= 0 ? words[cl->op] : "control"),
                      NULL);
}

/* The claim on the documented oracle, then on the as-built one. */
static int check_claim(jt_doc_report *rep, jt_doc_cx *c, jt_session *doc, jt_session *built,
                       const jt_doc_config *cfg) {
    const jt_doc_claim *cl = c->claim;
    const jt_doc_kind *k = kind_of(cl->kind);
    verdict v1, v2;
    int rc;
    if (!k || (cl->kind == JT_DOC_CLAIM_ALL_JOBS_OF && cl->stmt == SIZE_MAX))
        return not_checkable(rep, c);
    jt_doc_cx_use(c, doc, jt_doc_profile(cfg));
    rc = run_claim(&v1, c, k);
    if (rc == JT_OK && built) {
        jt_doc_cx_use(c, built, cfg->as_built);
        rc = run_claim(&v2, c, k);
    }
    rep->worlds += v1.worlds + (built ? v2.worlds : 0);
    if (rc < 0)
        return rc;
    if (v1.nlimited && (rc = limit_item(rep, c, &v1, v1.exercised == 0)) < 0)
        return rc;
    if (!v1.exercised)
        return JT_OK;
    if (v1.nfail) {
        jt_doc_cx_use(c, doc, jt_doc_profile(cfg));
        return fail_item(rep, c, &v1, built ? &v2 : NULL, 0, k, cfg);
    }
    if (built && v2.nfail)
        return fail_item(rep, c, &v2, &v1, 1, k, cfg);
    return pass_item(rep, c, &v1, built && v2.exercised ? &v2 : NULL);
}

int jt_doc_check_claims(jt_doc_report *out, const jt_doc_page *page, const jt_doc_world *w,
                        const jt_doc_config *cfg, jt_error *err) {
    jt_session *doc = NULL, *built = NULL;
    jt_doc_cx c;
    size_t k;
    int rc;
    if (!page->nclaims)
        return JT_OK;
    rc = jt_doc_cx_init(&c, page, w, err);
    if (rc == JT_OK)
        rc = jt_doc_open_oracle(&doc, cfg, NULL, err);
    if (rc == JT_OK && cfg->as_built && !cfg->oracle)
        rc = jt_doc_open_oracle(&built, cfg, cfg->as_built, err);
    for (k = 0; k < page->nclaims && rc == JT_OK; k++) {
        c.claim = &page->claims[k];
        c.subject = c.claim->kind == JT_DOC_CLAIM_ALL_JOBS_OF
                        ? c.claim->user
                        : (w->subject ? w->subject : "maxroach");
        c.other_user = strcmp(c.subject, "testuser") == 0 ? "carol" : "testuser";
        rc = check_claim(out, &c, doc, built, cfg);
        if (rc == JT_ENOMEM)
            rc = jt_error_set(err, rc, 0, "out of memory");
    }
    jt_session_close(doc);
    jt_session_close(built);
    jt_doc_cx_dispose(&c);
    return rc;
}

/* jobtck profiles: the profiles the model knows, one described, or what differs between two. */
#include "sim/cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model/common.h"
#include "model/profile.h"
#include "sim/text/strbuf.h"

static void usage(FILE *f) {
    fputs("usage: jobtck profiles [NAME [OTHER]]\n"
          "\n"
          "The documented behaviour of each version the model speaks, as data (model/profile.c).\n"
          "Without a name: every profile, a line each. With one: that profile whole (statuses,\n"
          "transitions, the jobs' own progress, privileges, SHOW JOBS, grammar, error texts).\n"
          "With two: the lines on which they differ.\n"
          "\n"
          "  -h, --help   print this help\n"
          "\n"
          "Example:\n"
          "  jobtck profiles v2.1 v20.1\n"
          "\n"
          "Exit status: 0, or 2 for an unknown profile or bad usage.\n",
          f);
}

/* A described profile: lines "key: value", in a fixed order of keys (the same for every
   profile, so that two can be compared line by line). */
typedef struct line {
    char *key, *value;
} line;

typedef struct lines {
    line *at;
    size_t n, cap;
} lines;

__attribute__((format(printf, 3, 4))) static int add(lines *l, const char *key, const char *fmt,
                                                     ...) {
    char buf[1024];
    va_list ap;
    if (jt_grow((void **)&l->at, &l->cap, l->n + 1, sizeof *l->at, 4096) < 0)
        return JT_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    l->at[l->n].key = jt_strdup(key);
    l->at[l->n].value = jt_strdup(buf);
    l->n++;
    return l->at[l->n - 1].key && l->at[l->n - 1].value ? JT_OK : JT_ENOMEM;
}

static void lines_free(lines *l) {
    size_t i;
    for (i = 0; i < l->n; i++) {
        free(l->at[i].key);
        free(l->at[i].value);
    }
    free(l->at);
}

static const char *yes(int v) {
    return v ? "yes" : "no";
}

/* A list of names into buf: "a, b, c" (the non-NULL of names[0 .. n)). */
static const char *join(char *buf, size_t size, const char *const *names, size_t n) {
    size_t i, w = 0;
    buf[0] = '\0';
    for (i = 0; i < n; i++)
        if (names[i])
            w +=
                (size_t)snprintf(buf + w, w < size ? size - w : 0, "%s%s", w ? ", " : "", names[i]);
    return buf;
}

/* Statuses and job types. */
static int describe_kinds(lines *l, const struct jt_profile *p) {
    char buf[1024];
    const char *names[JT_ST_COUNT + JT_TY_COUNT];
    size_t s, n;
    int rc = 0;
    rc |= add(l, "based on", "%s", p->base ? p->base : "-");
    rc |= add(l, "summary", "%s", p->summary ? p->summary : "-");
    rc |= add(l, "statuses", "%s", join(buf, sizeof buf, p->status_names, JT_ST_COUNT));
    for (s = n = 0; s < JT_ST_COUNT; s++)
        if (p->status_names[s] && p->terminal[s])
            names[n++] = p->status_names[s];
    rc |= add(l, "terminal", "%s", join(buf, sizeof buf, names, n));
    rc |= add(l, "job types", "%s", join(buf, sizeof buf, p->type_names, JT_TY_COUNT));
    for (s = n = 0; s < JT_TY_COUNT; s++)
        if (p->type_names[s] && p->automatic[s])
            names[n++] = p->type_names[s];
    rc |= add(l, "automatic (hidden)", "%s", n ? join(buf, sizeof buf, names, n) : "-");
    for (s = n = 0; s < JT_TY_COUNT; s++)
        if (p->type_names[s] && p->noncancelable[s])
            names[n++] = p->type_names[s];
    rc |= add(l, "not cancelable", "%s", n ? join(buf, sizeof buf, names, n) : "-");
    return rc;
}

/* The transition table and the jobs' own progress, a status at a time. */
static int describe_table(lines *l, const struct jt_profile *p) {
    char key[64];
    size_t s, o;
    int rc = 0;
    for (s = 0; s < JT_ST_COUNT; s++) {
        if (!p->status_names[s])
            continue;
        for (o = 0; o < JT_OP_COUNT; o++) {
            const jt_transition *t = &p->table[s][o];
            snprintf(key, sizeof key, "%s %s", p->op_words[o], p->status_names[s]);
            if (t->act == JT_ACT_TO)
                rc |= add(l, key, "-> %s", p->status_names[t->to]);
            else if (t->act == JT_ACT_NOOP)
                rc |= add(l, key, "no-op");
            else
                rc |= add(l, key, "error: %s", p->errors[t->err].tmpl);
        }
        snprintf(key, sizeof key, "progress %s", p->status_names[s]);
        rc |= add(l, key, "%s",
                  p->progress[s] == JT_NO_STATUS ? "-"
                  : s == JT_ST_REVERTING         ? "-> canceled (after a CANCEL), failed (else)"
                                                 : p->status_names[p->progress[s]]);
    }
    return rc;
}

/* Who controls which job: two-phase and SCHEMA CHANGE rules, the privilege checks. */
static int describe_control(lines *l, const struct jt_profile *p) {
    static const char *const gates[] = {"none", "admin members only",
                                        "admin members or CONTROLJOB"};
    char key[64];
    size_t o;
    int rc = 0;
    rc |= add(l, "two-phase rules", "%s", yes(p->two_phase));
    for (o = 0; o < JT_OP_COUNT; o++) {
        snprintf(key, sizeof key, "SCHEMA CHANGE %s", p->op_words[o]);
        rc |= add(l, key, "%s",
                  p->schema_refuses[o]     ? "not controllable"
                  : p->rollback_refuses[o] ? "not controllable when ROLL BACK"
                                           : "as other jobs");
    }
    rc |= add(l, "control: before anything", "%s", gates[p->control_gate]);
    rc |=
        add(l, "control: per job", "%s",
            !p->per_job         ? "no"
            : p->owner_controls ? "owner, admin members, owning-role members; admin-owned jobs for "
                                  "admins; CONTROLJOB"
                                : "admin members; admin-owned jobs for admins; CONTROLJOB");
    rc |= add(l, "CONTROLJOB through roles", "%s", yes(p->controljob_inherited));
    rc |= add(l, "check before ids typed", "%s",
              p->control_gate == JT_GATE_NONE ? "-" : yes(p->gate_before_typing));
    rc |= add(l, "NULL id", "%s", p->null_id_fails ? "an error" : "skipped, not counted");
    return rc;
}

/* What SHOW JOBS shows, and to whom. */
static int describe_show(lines *l, const struct jt_profile *p) {
    static const char *const views[] = {"own", "owning role", "CONTROLJOB (not admin-owned)",
                                        "CONTROLJOB (all)", "VIEWJOB"};
    char buf[1024];
    const char *names[sizeof views / sizeof views[0]];
    size_t k, n;
    int rc = 0;
    for (k = n = 0; k < sizeof views / sizeof views[0]; k++)
        if (p->view & (1u << k))
            names[n++] = views[k];
    rc |= add(l, "SHOW JOBS for non-admins", "%s",
              p->show_admin_only ? "an error" : join(buf, sizeof buf, names, n));
    rc |= add(l, "SHOW JOBS hides", "%s",
              p->show_hides ? "automatic jobs, jobs finished over 12 h ago" : "nothing");
    rc |= add(l, "SHOW JOBS columns", "%s",
              join(buf, sizeof buf, p->show_jobs.names, p->show_jobs.ncols));
    rc |= add(l, "SHOW JOB x columns", "%s",
              join(buf, sizeof buf, p->show_job_ids.names, p->show_job_ids.ncols));
    rc |= add(l, "system.jobs columns", "%s",
              join(buf, sizeof buf, p->system_jobs.names, p->system_jobs.ncols));
    return rc;
}

/* The statement forms after v2.1, and the error texts. */
static int describe_grammar(lines *l, const struct jt_profile *p) {
    static const char *const forms[] = {"SHOW JOB x, SHOW JOBS <select>, SHOW AUTOMATIC JOBS",
                                        "FOR SCHEDULE(S)",
                                        "crdb_internal.feature_usage",
                                        "PAUSE ... WITH REASON",
                                        "ALL <type> JOBS",
                                        "no JOBS <select> (v2.0)"};
    char buf[1024], key[64];
    const char *names[sizeof forms / sizeof forms[0]];
    size_t k, n;
    int rc = 0;
    for (k = n = 0; k < sizeof forms / sizeof forms[0]; k++)
        if (p->grammar & (1u << k))
            names[n++] = forms[k];
    rc |= add(l, "grammar after v2.1", "%s", n ? join(buf, sizeof buf, names, n) : "-");
    rc |= add(l, "command tag", "%s%s%s", p->tag_singular ? "PAUSE JOB (no count)" : "PAUSE JOBS n",
              (p->grammar & JT_G_FOR_SCHEDULES) ? ", PAUSE JOBS FOR SCHEDULES n" : "",
              (p->grammar & JT_G_ALL_TYPE) ? ", PAUSE ALL <TYPE> JOBS n" : "");
    for (k = JT_ERR_NONE + 1; k < JT_ERR_COUNT; k++) {
        snprintf(key, sizeof key, "error %zu", k);
        if (p->errors[k].tmpl)
            rc |= add(l, key, "%s (%s)", p->errors[k].tmpl, p->errors[k].sqlstate);
        else
            rc |= add(l, key, "-");
    }
    return rc;
}

/* The profile as lines, in the same order of keys for every profile. */
static int describe(lines *l, const struct jt_profile *p) {
    int rc = describe_kinds(l, p);
    rc |= describe_table(l, p);
    rc |= describe_control(l, p);
    rc |= describe_show(l, p);
    rc |= describe_grammar(l, p);
    return rc ? JT_ENOMEM : JT_OK;
}

static const char legend[] =
    "In the error texts: {id} the job's id, {status} its status, {errq} and {errc} the job's\n"
    "own error when it has one, quoted as Go quotes it (' \"text\"' and ', err: \"text\"'),\n"
    "nothing when not, {err} that error as it is, {op} PAUSE, RESUME or CANCEL, {stmt} the\n"
    "statement's name, {user} the user, {col} the column, {want} the type expected, {arg}\n"
    "the argument given.\n";

/* The longest key of both (b may be empty). */
static size_t key_width(const lines *a, const lines *b) {
    size_t i, width = 0;
    for (i = 0; i < a->n; i++)
        if (strlen(a->at[i].key) > width)
            width = strlen(a->at[i].key);
    for (i = 0; i < b->n; i++)
        if (strlen(b->at[i].key) > width)
            width = strlen(b->at[i].key);
    return width;
}

/* Every key of either, in a's order then b's own: the value of each where they differ. */
static void print_diff(FILE *out, const struct jt_profile *pa, const struct jt_profile *pb,
                       const lines *a, const lines *b) {
    size_t i, j, width = key_width(a, b), differ = 0;
    fprintf(out, "profile %s -> %s: what differs\n", pa->name, pb->name);
    for (i = 0; i < a->n; i++) {
        const char *bv = "(none)";
        for (j = 0; j < b->n; j++)
            if (strcmp(b->at[j].key, a->at[i].key) == 0)
                bv = b->at[j].value;
        if (strcmp(a->at[i].value, bv) != 0) {
            fprintf(out, "  %-*s  %s\n  %-*s  %s\n", (int)width, a->at[i].key, a->at[i].value,
                    (int)width, "", bv);
            differ++;
        }
    }
    for (i = 0; i < b->n; i++) {
        for (j = 0; j < a->n && strcmp(a->at[j].key, b->at[i].key) != 0; j++)
            ;
        if (j == a->n) {
            fprintf(out, "  %-*s  (none)\n  %-*s  %s\n", (int)width, b->at[i].key, (int)width, "",
                    b->at[i].value);
            differ++;
        }
    }
    fprintf(out, "%zu line%s differ%s\n", differ, differ == 1 ? "" : "s", differ == 1 ? "s" : "");
    if (differ)
        fprintf(out, "\n%s", legend);
}

/* One profile whole, or what differs from a to b (b NULL: a alone). */
static int show(FILE *out, FILE *errout, const struct jt_profile *a, const struct jt_profile *b) {
    lines la, lb;
    size_t i, width;
    int status = 0;
    memset(&la, 0, sizeof la);
    memset(&lb, 0, sizeof lb);
    if (describe(&la, a) < 0 || (b && describe(&lb, b) < 0)) {
        fputs("jobtck profiles: out of memory\n", errout);
        status = 2;
        goto out;
    }
    if (b) {
        print_diff(out, a, b, &la, &lb);
        goto out;
    }
    width = key_width(&la, &lb);
    fprintf(out, "profile %s\n", a->name);
    for (i = 0; i < la.n; i++)
        fprintf(out, "  %-*s  %s\n", (int)width, la.at[i].key, la.at[i].value);
    fprintf(out, "\n%s", legend);
out:
    lines_free(&la);
    lines_free(&lb);
    return status;
}

int jt_cli_profiles(int argc, char **argv, FILE *out, FILE *errout) {
    static const struct option options[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const struct jt_profile *a = NULL, *b = NULL;
    size_t i;
    int c;
    opterr = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        if (c == 'h') {
            usage(out);
            return 0;
        }
        return jt_cli_bad_usage(errout, "profiles", NULL, "unknown option '%s'", argv[optind - 1]);
    }
    if (argc - optind > 2)
        return jt_cli_bad_usage(errout, "profiles", NULL, "expected at most two profile names");
    if (optind == argc) {
        for (i = 0; jt_profiles[i]; i++)
            fprintf(out, "%-14s %s\n", jt_profiles[i]->name, jt_profiles[i]->summary);
        return 0;
    }
    a = jt_profile_find(argv[optind]);
    if (!a)
        return jt_cli_bad_usage(errout, "profiles", NULL,
                                "unknown profile '%s' (jobtck profiles lists them)", argv[optind]);
    if (optind + 1 < argc && !(b = jt_profile_find(argv[optind + 1])))
        return jt_cli_bad_usage(errout, "profiles", NULL,
                                "unknown profile '%s' (jobtck profiles lists them)",
                                argv[optind + 1]);
    return show(out, errout, a, b);
}

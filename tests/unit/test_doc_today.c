/* Check suite of jobtck doc on the pages of today (sim/doc/): the release a page documents and
   the profiles that stand for it, the output layouts of today's pages, prompts with users, the
   claims of "Required privileges" and of the SHOW JOBS page, the world across examples (time
   moving on, schedules, users the prose gives privileges), the two references, the kinds of
   findings and the summary. Pages are texts in this file, written in the conventions of
   CockroachDB's documentation, not copied from it. */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"
#include "model/profile.h"
#include "sim/doc/doc.h"
#include "sim/drivers/drivers.h"
#include "sim/run/runner.h"
#include "sessions.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static jt_doc_page *parse_at(const char *path, const char *text) {
    jt_doc_page *page = NULL;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_doc_parse(&page, path, text, strlen(text), &err);
    ck_assert_msg(rc == 0, "jt_doc_parse: %s", err.message);
    ck_assert_ptr_nonnull(page);
    return page;
}

static void rm_tree(const char *path) {
    DIR *dp = opendir(path);
    struct dirent *de;
    if (!dp) {
        unlink(path);
        return;
    }
    while ((de = readdir(dp)) != NULL) {
        char sub[512];
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
        rm_tree(sub);
    }
    closedir(dp);
    rmdir(path);
}

/* The message of the first item at line with that outcome, or NULL. */
static const char *item_at(const jt_doc_report *r, int line, int outcome) {
    size_t i;
    for (i = 0; i < r->nitems; i++)
        if (r->items[i].line == line && r->items[i].outcome == outcome)
            return r->items[i].message ? r->items[i].message : "";
    return NULL;
}

/* The page checked on the model of profile, with as_built as a second reference (or NULL);
   counterexamples go to dir (or are not written). */
static void check_with(jt_doc_report *rep, const jt_doc_page *p, const char *profile,
                       const char *as_built, const char *dir) {
    jt_doc_config cfg;
    jt_error err;
    char spec[64];
    int rc;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    snprintf(spec, sizeof spec, "model:%s", profile);
    cfg.session = test_session(spec);
    cfg.profile = profile;
    cfg.as_built = as_built;
    cfg.out_dir = dir;
    jt_doc_report_init(rep);
    rc = jt_doc_check(rep, p, &cfg, &err);
    ck_assert_msg(rc == 0, "jt_doc_check: %s", err.message);
    jt_session_close(cfg.session);
}

/* ---- the release and its profiles ------------------------------------------------------------ */

START_TEST(release_of_a_page) {
    char r[16];
    jt_doc_page *p;
    jt_doc_profiles pp;
    ck_assert_int_eq(jt_doc_release_of_path(r, sizeof r, "src/current/v26.2/pause-job.md"), 1);
    ck_assert_str_eq(r, "v26.2");
    ck_assert_int_eq(jt_doc_release_of_path(r, sizeof r, "v2.1/show-jobs.md"), 1);
    ck_assert_str_eq(r, "v2.1");
    /* the first segment that is vX.Y, as the site reads it; none in a file's name */
    ck_assert_int_eq(jt_doc_release_of_path(r, sizeof r, "a/v1/v20.2/v21.1/x.md"), 1);
    ck_assert_str_eq(r, "v20.2");
    ck_assert_int_eq(jt_doc_release_of_path(r, sizeof r, "docs/v26.2.md"), 0);
    ck_assert_int_eq(jt_doc_release_of_path(r, sizeof r, "stable/v2/x.md"), 0);
    /* front matter when the path has none; the path wins */
    p = parse_at("p.md", "---\ntitle: X\nversion: v23.1\n---\n\nText.\n");
    ck_assert_str_eq(p->release, "v23.1");
    ck_assert_int_eq(p->release_from_front, 1);
    jt_doc_free(p);
    p = parse_at("x/v25.1/p.md", "---\nversion: v23.1\n---\n");
    ck_assert_str_eq(p->release, "v25.1");
    jt_doc_free(p);
    /* the profile that stands for a release: its own, or the newest older one */
    jt_doc_profiles_for(&pp, "v2.1", NULL);
    ck_assert_str_eq(pp.documented, "v2.1");
    ck_assert_str_eq(pp.as_built, "v2.1-as-built");
    ck_assert_int_eq(pp.older, 0);
    /* a release within a profile's range (docs/profiles.md): that profile, no warning */
    jt_doc_profiles_for(&pp, "v21.1", NULL);
    ck_assert_str_eq(pp.documented, "v20.2");
    ck_assert_ptr_null(pp.as_built);
    ck_assert_int_eq(pp.older, 0);
    jt_doc_profiles_for(&pp, "v26.2", NULL);
    ck_assert_str_eq(pp.documented, "v25.3");
    ck_assert_int_eq(pp.older, 0);
    jt_doc_profiles_for(&pp, "v26.3", NULL);
    ck_assert_str_eq(pp.documented, "v25.3");
    ck_assert_int_eq(pp.older, 0);
    jt_doc_profiles_for(&pp, "v25.2", NULL);
    ck_assert_str_eq(pp.documented, "v25.1");
    ck_assert_int_eq(pp.older, 0);
    /* between two ranges: the profile before, with a warning */
    jt_doc_profiles_for(&pp, "v24.3", NULL);
    ck_assert_str_eq(pp.documented, "v23.1");
    ck_assert_int_eq(pp.older, 1);
    jt_doc_profiles_for(&pp, "v22.1", NULL);
    ck_assert_str_eq(pp.documented, "v20.2");
    ck_assert_int_eq(pp.older, 1);
    jt_doc_profiles_for(&pp, "v27.1", NULL);
    ck_assert_str_eq(pp.documented, "v25.3");
    ck_assert_int_eq(pp.older, 1);
    jt_doc_profiles_for(&pp, "v1.1", NULL);
    ck_assert_str_eq(pp.documented, JT_PROFILE_DEFAULT);
    jt_doc_profiles_for(&pp, NULL, NULL);
    ck_assert_str_eq(pp.documented, JT_PROFILE_DEFAULT);
    ck_assert_int_eq(pp.older, 0);
    /* --profile overrides; its as-built twin is the second reference */
    jt_doc_profiles_for(&pp, "v26.2", "v2.1");
    ck_assert_str_eq(pp.documented, "v2.1");
    ck_assert_str_eq(pp.as_built, "v2.1-as-built");
    ck_assert_int_eq(pp.older, 0);
}
END_TEST

/* ---- output blocks -----------------------------------------------------------------------------
 */

START_TEST(todays_tables) {
    jt_doc_page *p = parse_at(
        "p.md", "~~~ sql\n> SHOW JOBS;\n~~~\n"                             /* 1-3 */
                "~~~\n"                                                    /* 4 */
                "      job_id     |  job_type |  description  |...\n"      /* 5 */
                "-----------------+-----------+---------------+...\n"      /* 6 */
                "  27536791415282 |  RESTORE  | RESTORE db.*  |...\n"      /* 7 */
                "...\n"                                                    /* 8 */
                "(8 rows)\n"                                               /* 9 */
                "~~~\n"                                                    /* 10 */
                "~~~ sql\n> SHOW JOBS;\n~~~\n"                             /* 11-13 */
                "~~~\n"                                                    /* 14 */
                "    job_id      | job_type  |  description  |...\n"       /* 15 */
                "+---------------+-----------+---------------+...\n"       /* 16 */
                " 27536791415282 |  RESTORE  | RESTORE db.*  |...\n"       /* 17 */
                "\n"                                                       /* 18 */
                "~~~\n"                                                    /* 19 */
                "~~~ sql\n> SHOW JOBS;\n~~~\n"                             /* 20-22 */
                "~~~\n"                                                    /* 23 */
                "   job_id | job_type | statement |\n"                     /* 24 */
                "        5 | IMPORT   |           |\n"                     /* 25 */
                "~~~\n"                                                    /* 26 */
                "~~~ sql\n> SHOW JOBS;\n~~~\n"                             /* 27-29 */
                "~~~\n"                                                    /* 30 */
                "   job_id | description                   | ...\n"        /* 31 */
                "+---------+-------------------------------+ ...\n"        /* 32 */
                "        5 | BACKUP INTO 's3://test/sched| ...\n"          /* 33 */
                "~~~\n"                                                    /* 34 */
                "~~~ sql\n> SELECT job_id, error FROM [SHOW JOBS];\n~~~\n" /* 35-37 */
                "~~~\n  job_id | error\n---------+--------\n       5 |\n       6 | NULL\n~~~\n");
    const jt_doc_table *t = &p->stmts[0].table;
    ck_assert_int_eq(t->layout, JT_DOC_LAYOUT_RULE);
    ck_assert_uint_eq(t->ncols, 3);
    ck_assert_int_eq(t->more_cols, 1);
    ck_assert_uint_eq(t->nrows, 1);
    ck_assert_str_eq(t->cells[1], "RESTORE");
    ck_assert_int_eq(t->more_rows, 1);
    ck_assert_int_eq(t->more_rows_line, 8);
    ck_assert_int_eq((int)t->row_count, 8);
    t = &p->stmts[1].table;
    ck_assert_int_eq(t->layout, JT_DOC_LAYOUT_PLUS_RULE);
    ck_assert_uint_eq(t->nrows, 1); /* the blank line inside the block is no row */
    t = &p->stmts[2].table;
    ck_assert_int_eq(t->layout, JT_DOC_LAYOUT_NO_RULE);
    ck_assert_uint_eq(t->ncols, 3); /* a trailing `|`: more columns, cut */
    ck_assert_int_eq(t->more_cols, 1);
    ck_assert_str_eq(t->cells[2], "");
    t = &p->stmts[3].table;
    ck_assert_str_eq(t->cells[1], "BACKUP INTO 's3://test/sched..."); /* cut without `...` */
    ck_assert_int_eq(t->cut_line, 33);
    t = &p->stmts[4].table;
    ck_assert_uint_eq(t->nrows, 2);
    ck_assert_str_eq(t->cells[1], ""); /* an empty last cell: an empty string */
    ck_assert_str_eq(t->cells[3], "NULL");
    ck_assert_uint_eq(p->nissues, 1);
    ck_assert_str_eq(p->issues[0].message, "p.md:33: page defect: a cell runs into the next `|`: "
                                           "cut short without `...` (compared as the start of "
                                           "its value)");
    jt_doc_free(p);
}
END_TEST

START_TEST(errors_tags_values_and_prompts) {
    jt_doc_page *p = parse_at("p.md", "~~~ sql\nmaxroach@:26257/defaultdb> PAUSE JOB 1;\n~~~\n"
                                      "~~~\nERROR: user maxroach does not have privileges\n"
                                      "SQLSTATE: 42501\nHINT: ask an admin\n~~~\n" /* 4-8 */
                                      "~~~ sql\n> SELECT status FROM [SHOW JOBS]\n"
                                      "                -> WHERE job_id = 1;\n~~~\n" /* 9-12 */
                                      "~~~\npaused\n(1 row)\n~~~\n"                 /* 13-16 */
                                      "~~~ sql\nroot@:26257/defaultdb> PAUSE JOB 1;\n~~~\n"
                                      "~~~\nPAUSE JOBS 1\n~~~\n");
    ck_assert_uint_eq(p->nstmts, 3);
    ck_assert_str_eq(p->stmts[0].user, "maxroach");
    ck_assert_str_eq(p->stmts[0].sql, "PAUSE JOB 1;");
    ck_assert_int_eq(p->stmts[0].out, JT_DOC_OUT_ERROR);
    ck_assert_str_eq(p->stmts[0].out_text, "user maxroach does not have privileges");
    ck_assert_str_eq(p->stmts[0].sqlstate, "42501");
    ck_assert_ptr_null(p->stmts[1].user);
    ck_assert_str_eq(p->stmts[1].sql, "SELECT status FROM [SHOW JOBS]\nWHERE job_id = 1;");
    ck_assert_int_eq(p->stmts[1].out, JT_DOC_OUT_VALUE);
    ck_assert_str_eq(p->stmts[1].out_text, "paused");
    ck_assert_ptr_null(p->stmts[2].user); /* root's prompt: root */
    ck_assert_int_eq(p->stmts[2].out, JT_DOC_OUT_TAG);
    ck_assert_uint_eq(p->stmts[2].block, 2);
    jt_doc_free(p);
}
END_TEST

/* ---- claims ------------------------------------------------------------------------------------
 */

static const char *const PRIVILEGES =
    "## Required privileges\n" /* 1 */
    "\n"                       /* 2 */
    "To pause a job, the user must be a member of the `admin` role or must have the "
    "[`CONTROLJOB`]({% link {{ page.version.version }}/create-user.md %}) [role option]"
    "({% link {{ page.version.version }}/authorization.md %}#role-options). Non-admin users "
    "cannot pause admin users' jobs.\n"                                                    /* 3 */
    "\n"                                                                                   /* 4 */
    "You must have at least one of the following to run `SHOW JOBS`:\n"                    /* 5 */
    "\n"                                                                                   /* 6 */
    "- The `VIEWJOB` privilege, which can view all jobs (including `admin`-owned jobs).\n" /* 7 */
    "- Be a member of the `admin` role.\n"                                                 /* 8 */
    "- For changefeeds, users with the `CHANGEFEED` privilege on a set of tables can view "
    "changefeed jobs running on those tables.\n"                                /* 9 */
    "\n"                                                                        /* 10 */
    "The `CANCEL JOB` statement lets you cancel the following types of jobs:\n" /* 11 */
    "\n"                                                                        /* 12 */
    "- [`BACKUP`](backup.html) and [`RESTORE`](restore.html) jobs\n"            /* 13 */
    "- Automatic table statistics jobs\n"                                       /* 14 */
    "- Weekly reports\n"                                                        /* 15 */
    "\n"                                                                        /* 16 */
    "Here `nadia` has the `VIEWJOB` privilege and `omar` is a member of the `admin` role.\n";

START_TEST(privileges_are_read) {
    jt_doc_page *p = parse_at("p.md", PRIVILEGES);
    const jt_doc_claim *c;
    ck_assert_uint_eq(p->nclaims, 6);
    c = &p->claims[0];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_PRIVILEGES);
    ck_assert_int_eq(c->line, 3);
    ck_assert_str_eq(c->text, "To pause a job, the user must be a member of the admin role or must "
                              "have the CONTROLJOB role option");
    ck_assert_uint_eq(c->ops, 1u << JT_DOC_OP_PAUSE);
    ck_assert_uint_eq(c->grants, JT_DOC_GRANT_ADMIN | JT_DOC_GRANT_CONTROLJOB);
    c = &p->claims[1];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_ADMIN_JOBS);
    ck_assert_uint_eq(c->ops, 1u << JT_DOC_OP_PAUSE);
    c = &p->claims[2];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_PRIVILEGES);
    ck_assert_int_eq(c->line, 5);
    ck_assert_uint_eq(c->ops, 1u << JT_DOC_OP_SHOW);
    ck_assert_uint_eq(c->grants, JT_DOC_GRANT_ADMIN | JT_DOC_GRANT_VIEWJOB |
                                     JT_DOC_GRANT_CHANGEFEED); /* from the list after it */
    ck_assert_int_eq(p->claims[3].kind, JT_DOC_CLAIM_SEES_ALL);
    ck_assert_int_eq(p->claims[3].line, 7);
    ck_assert_int_eq(p->claims[4].kind, JT_DOC_CLAIM_CHANGEFEED);
    c = &p->claims[5];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_TYPES);
    ck_assert_int_eq(c->op, JT_DOC_OP_CANCEL);
    ck_assert_uint_eq(c->nnames, 3);
    ck_assert_str_eq(c->names[0], "BACKUP");
    ck_assert_str_eq(c->names[1], "RESTORE");
    ck_assert_str_eq(c->names[2], "AUTO CREATE STATS");
    ck_assert_uint_eq(c->nunknown, 1);
    ck_assert_str_eq(c->unknown[0], "Weekly reports");
    /* users the prose gives privileges */
    ck_assert_uint_eq(p->ngrants, 2);
    ck_assert_str_eq(p->grants[0].user, "nadia");
    ck_assert_uint_eq(p->grants[0].grants, JT_DOC_GRANT_VIEWJOB);
    ck_assert_str_eq(p->grants[1].user, "omar");
    ck_assert_uint_eq(p->grants[1].grants, JT_DOC_GRANT_ADMIN);
    jt_doc_free(p);
}
END_TEST

static const char *const RESPONSE =
    "## Response\n"                                                                     /* 1 */
    "\n"                                                                                /* 2 */
    "Field | Description\n"                                                             /* 3 */
    "------|------------\n"                                                             /* 4 */
    "`job_id` | The ID.\n"                                                              /* 5 */
    "`job_type` | The type: `IMPORT`, [`BACKUP`](backup.html). <br><br>Not `AUTO X`.\n" /* 6 */
    "`description` | When you run `SHOW JOBS`, the `description` field is limited to 100 "
    "characters.\n"                                                          /* 7 */
    "`status` | Possible values: `running`, `paused`, or `retry-running`.\n" /* 8 */
    "\n"                                                                     /* 9 */
    "Status | Description\n"                                                 /* 10 */
    "-------|------------\n"                                                 /* 11 */
    "`pause-requested` | The status will move to `paused` soon.\n"           /* 12 */
    "\n"                                                                     /* 13 */
    "Jobs that ended in the last 12 hours are listed.\n";                    /* 14 */

START_TEST(response_is_read) {
    jt_doc_page *p = parse_at("p.md", RESPONSE);
    const jt_doc_claim *c = &p->claims[0];
    ck_assert_uint_eq(p->nclaims, 6);
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_FIELDS);
    ck_assert_int_eq(c->line, 3);
    ck_assert_uint_eq(c->nnames, 4);
    ck_assert_str_eq(c->names[3], "status");
    c = &p->claims[1];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_JOB_TYPES);
    ck_assert_uint_eq(c->nnames, 2); /* up to the first <br> */
    ck_assert_str_eq(c->names[1], "BACKUP");
    c = &p->claims[2];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_DESCRIPTION);
    ck_assert_int_eq(c->line, 7);
    ck_assert_int_eq((int)c->number, 100);
    c = &p->claims[3];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_STATUSES);
    ck_assert_uint_eq(c->nnames, 3);
    ck_assert_str_eq(c->names[2], "retry-running");
    c = &p->claims[4];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_MOVES);
    ck_assert_str_eq(c->names[0], "pause-requested");
    ck_assert_str_eq(c->names[1], "paused");
    c = &p->claims[5];
    ck_assert_int_eq(c->kind, JT_DOC_CLAIM_RETENTION);
    ck_assert_int_eq((int)c->number, 12);
    jt_doc_free(p);
}
END_TEST

/* On v25.1: the privilege sentence breaks (the owner controls their job), the SHOW JOBS list
   breaks (anyone may run it), the description limit breaks (70 characters), retry-running is
   something the kit cannot check; the rest holds. */
START_TEST(todays_claims_on_v25_1) {
    char dir[64] = "/tmp/jt_doct_XXXXXX";
    jt_doc_page *p;
    jt_doc_report rep;
    jt_doc_summary sum;
    const char *m;
    char *text;
    size_t len = strlen(PRIVILEGES) + strlen(RESPONSE) + 2;
    char *page = malloc(len);
    ck_assert_ptr_nonnull(page);
    snprintf(page, len, "%s\n%s", PRIVILEGES, RESPONSE); /* RESPONSE from line 19 */
    ck_assert_ptr_nonnull(mkdtemp(dir));
    p = parse_at("p.md", page);
    check_with(&rep, p, "v25.1", NULL, dir);
    m = item_at(&rep, 3, JT_DOC_FAIL);
    ck_assert_msg(m && strstr(m, "p.md:3: page defect: claim \"To pause a job, the user must be a "
                                 "member of the admin role or must have the CONTROLJOB role "
                                 "option\" fails (v25.1): when maxroach holds nothing and job 1 "
                                 "(IMPORT, running) is maxroach's, `PAUSE JOB 1` run by maxroach "
                                 "succeeds (PAUSE JOBS 1); fails in 16 of 64 worlds tried"),
                  "%s", m ? m : "(none)");
    ck_assert_ptr_nonnull(item_at(&rep, 3, JT_DOC_PASS)); /* admins' jobs */
    ck_assert_ptr_nonnull(item_at(&rep, 5, JT_DOC_FAIL));
    ck_assert_ptr_nonnull(item_at(&rep, 7, JT_DOC_PASS));
    ck_assert_ptr_nonnull(strstr(item_at(&rep, 9, JT_DOC_SKIP), "no CHANGEFEED privilege"));
    ck_assert_ptr_nonnull(strstr(item_at(&rep, 11, JT_DOC_SKIP), "Weekly reports"));
    ck_assert_ptr_nonnull(item_at(&rep, 11, JT_DOC_PASS));
    ck_assert_ptr_nonnull(item_at(&rep, 21, JT_DOC_FAIL)); /* fields: four of thirteen */
    ck_assert_ptr_nonnull(item_at(&rep, 24, JT_DOC_FAIL)); /* types: no CHANGEFEED… */
    m = item_at(&rep, 25, JT_DOC_FAIL);
    ck_assert_msg(m && strstr(m, "when job 1's description is 71 characters long, SHOW JOBS shows "
                                 "it as "),
                  "%s", m ? m : "(none)");
    ck_assert_ptr_nonnull(strstr(item_at(&rep, 26, JT_DOC_SKIP), "retry-running"));
    ck_assert_ptr_nonnull(item_at(&rep, 26, JT_DOC_FAIL)); /* pause-requested, not listed */
    ck_assert_ptr_nonnull(item_at(&rep, 30, JT_DOC_PASS));
    ck_assert_ptr_nonnull(item_at(&rep, 32, JT_DOC_PASS));
    jt_doc_summarise(&sum, &rep);
    ck_assert_uint_eq(sum.findings[JT_DOC_FIND_PAGE], rep.failed);
    ck_assert_uint_eq(sum.findings[JT_DOC_FIND_LIMIT], 3);
    text = jt_doc_summary_text(&sum);
    ck_assert_ptr_nonnull(strstr(text, " claims checked ("));
    free(text);
    jt_doc_report_dispose(&rep);
    jt_doc_free(p);
    free(page);
    rm_tree(dir);
}
END_TEST

/* v2.1's sentence holds in the documented model and is false as built: one finding naming
   both, its counterexample written under the as-built profile. */
START_TEST(two_references) {
    char dir[64] = "/tmp/jt_doct_XXXXXX", path[160];
    jt_doc_page *p = parse_at("v2.1/p.md", "By default, only the `root` user can control a job.\n");
    jt_doc_report rep;
    const char *m;
    FILE *fp;
    char text[4096];
    size_t n;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    check_with(&rep, p, "v2.1", "v2.1-as-built", dir);
    m = item_at(&rep, 1, JT_DOC_FAIL);
    ck_assert_msg(m && strstr(m, "holds in 1488 worlds of the documented model (v2.1) but is false "
                                 "as built (v2.1-as-built): when testuser has job 3 (IMPORT, "
                                 "running), `PAUSE JOB 3` run by testuser succeeds"),
                  "%s", m ? m : "(none)");
    snprintf(path, sizeof path, "%s/p-1.test", dir);
    fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(text, "\nprofile v2.1-as-built\n"));
    ck_assert_ptr_nonnull(strstr(text, "user testuser\n\nstatement error .\nPAUSE JOB 3\n"));
    jt_doc_report_dispose(&rep);
    /* without the second reference the sentence holds */
    check_with(&rep, p, "v2.1", NULL, dir);
    ck_assert_ptr_nonnull(item_at(&rep, 1, JT_DOC_PASS));
    jt_doc_report_dispose(&rep);
    jt_doc_free(p);
    rm_tree(dir);
}
END_TEST

/* ---- the world across examples -------------------------------------------------------------- */

START_TEST(world_across_examples) {
    static const char page[] =
        "`lena` has the `CONTROLJOB` role option.\n"                                  /* 1 */
        "\n"                                                                          /* 2 */
        "~~~ sql\n> PAUSE JOB 41;\n~~~\n"                                             /* 3-5 */
        "~~~ sql\n> SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 41;\n~~~\n" /* 6-8 */
        "~~~\n  job_id | status\n---------+---------\n      41 | paused\n(1 row)\n~~~\n"
        "~~~ sql\nlena@:26257/defaultdb> RESUME JOB 41;\n~~~\n" /* 15-17 */
        "~~~ sql\n> PAUSE JOBS FOR SCHEDULE 77;\n~~~\n"         /* 18-20 */
        "~~~\nPAUSE JOBS FOR SCHEDULES 3\n~~~\n";               /* 21-23 */
    jt_doc_page *p = parse_at("v25.1/p.md", page);
    jt_doc_world w;
    jt_doc_report rep;
    jt_error err;
    size_t i, sched = 0;
    ck_assert_int_eq(jt_doc_world_build(&w, p, &err), 0);
    ck_assert_int_eq(w.fx[0].fx.kind, JT_FIXTURE_USER);
    ck_assert_str_eq(w.fx[0].fx.name, "lena");
    ck_assert_uint_eq(w.fx[0].fx.options, JT_USER_CONTROLJOB);
    for (i = 0; i < w.nfx; i++)
        sched += w.fx[i].fx.kind == JT_FIXTURE_JOB && w.fx[i].fx.schedule == 77;
    ck_assert_uint_eq(sched, 3);
    jt_doc_world_dispose(&w);
    /* the pause completes before the next example (the SELECT shows it paused); lena, with
       CONTROLJOB, may not resume a job of root's, an admin: the page shows no error there */
    check_with(&rep, p, "v25.1", NULL, NULL);
    ck_assert_ptr_nonnull(item_at(&rep, 7, JT_DOC_PASS));
    ck_assert_ptr_nonnull(strstr(item_at(&rep, 16, JT_DOC_FAIL),
                                 "only admins can control jobs owned by other admins"));
    ck_assert_ptr_nonnull(item_at(&rep, 19, JT_DOC_PASS));
    ck_assert_uint_eq(rep.failed, 1);
    ck_assert_uint_eq(rep.examples, 4);
    ck_assert_uint_eq(rep.outputs, 2);
    jt_doc_report_dispose(&rep);
    jt_doc_free(p);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("doc_today");
    TCase *tc = tcase_create("read");
    tcase_add_test(tc, release_of_a_page);
    tcase_add_test(tc, todays_tables);
    tcase_add_test(tc, errors_tags_values_and_prompts);
    tcase_add_test(tc, privileges_are_read);
    tcase_add_test(tc, response_is_read);
    suite_add_tcase(s, tc);
    tc = tcase_create("check");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, todays_claims_on_v25_1);
    tcase_add_test(tc, two_references);
    tcase_add_test(tc, world_across_examples);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    SRunner *sr = srunner_create(suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Check suite of jobtck doc: sim/doc/doc.c (reading a page, the world it implies),
   sim/doc/doc_check.c (its statements against a driver), sim/doc/doc_claims.c (claims over bounded
   worlds) and sim/cli/cli_doc.c. Pages are texts in this file, written in the conventions of
   CockroachDB's documentation. */
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
#include "sim/cli/cli.h"
#include "sim/doc/doc.h"
#include "sim/drivers/drivers.h"
#include "sim/run/runner.h"
#include "sessions.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static jt_doc_page *parse_ok(const char *text) {
    jt_doc_page *page = NULL;
    jt_error err;
    int rc;
    memset(&err, 0, sizeof err);
    rc = jt_doc_parse(&page, "p.md", text, strlen(text), &err);
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

static void tmp_dir(char *buf, size_t size) {
    snprintf(buf, size, "/tmp/jt_doc_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(buf));
}

/* The message of the item at line, of that outcome, or NULL. */
static const char *item_at(const jt_doc_report *r, int line, int outcome) {
    size_t i;
    for (i = 0; i < r->nitems; i++)
        if (r->items[i].line == line && r->items[i].outcome == outcome)
            return r->items[i].message ? r->items[i].message : "";
    return NULL;
}

static const char *page_profile = "v2.1"; /* the profile check_page checks the page under */

static void check_page(jt_doc_report *rep, const jt_doc_page *page, const char *out_dir,
                       const jt_driver *oracle) {
    jt_doc_config cfg;
    jt_error err;
    char spec[64];
    int rc;
    memset(&cfg, 0, sizeof cfg);
    memset(&err, 0, sizeof err);
    snprintf(spec, sizeof spec, "model:%s", page_profile);
    cfg.session = test_session(spec);
    cfg.profile = page_profile;
    cfg.out_dir = out_dir;
    cfg.oracle = oracle;
    jt_doc_report_init(rep);
    rc = jt_doc_check(rep, page, &cfg, &err);
    jt_session_close(cfg.session);
    ck_assert_msg(rc == 0, "jt_doc_check: %s", err.message);
}

/* A page in the seed's conventions with both of its defects (ids, users and text our own). */
static const char *const SEEDLIKE =
    "---\n"                                                             /* 1 */
    "title: PAUSE JOB\n"                                                /* 2 */
    "summary: Halts jobs.\n"                                            /* 3 */
    "---\n"                                                             /* 4 */
    "\n"                                                                /* 5 */
    "{{site.data.alerts.callout_info}}You cannot pause schema changes." /* 6 */
    "{{site.data.alerts.end}}\n"                                        /* 6 */
    "\n"                                                                /* 7 */
    "By default, only the `root` user can control a job.\n"             /* 8 */
    "\n"                                                                /* 9 */
    "{% include copy-clipboard.html %}\n"                               /* 10 */
    "~~~ sql\n"                                                         /* 11 */
    "> SHOW JOBS;\n"                                                    /* 12 */
    "~~~\n"                                                             /* 13 */
    "\n"                                                                /* 14 */
    "~~~\n"                                                             /* 15 */
    "+-----+--------+----------------------------+...\n"                /* 16 */
    "| id  |  type  |        description         |...\n"                /* 17 */
    "+-----+--------+----------------------------+...\n"                /* 18 */
    "| 900 | BACKUP | BACKUP DATABASE d TO 'x'   |...\n"                /* 19 */
    "+-----+--------+----------------------------+...\n"                /* 20 */
    "~~~\n"                                                             /* 21 */
    "\n"                                                                /* 22 */
    "~~~ sql\n"                                                         /* 23 */
    "> PAUSE JOB 900;\n"                                                /* 24 */
    "~~~\n"                                                             /* 25 */
    "\n"                                                                /* 26 */
    "~~~ sql\n"                                                         /* 27 */
    "> PAUSE JOBS (SELECT job_id FROM [SHOW JOBS]\n"                    /* 28 */
    "      WHERE user_name = 'ivan');\n"                                /* 29 */
    "~~~\n"                                                             /* 30 */
    "\n"                                                                /* 31 */
    "All jobs created by `ivan` will be paused.\n";                     /* 32 */

/* ---- reading ------------------------------------------------------------------------------- */

START_TEST(front_matter_keeps_lines) {
    jt_doc_page *p = parse_ok("---\ntitle: x\nsummary: |\n  ~~~ sql\n  > PAUSE JOB 1;\n  ~~~\n"
                              "---\n\n~~~ sql\n> SHOW JOBS;\n~~~\n");
    ck_assert_uint_eq(p->nstmts, 1);
    ck_assert_str_eq(p->stmts[0].sql, "SHOW JOBS;");
    ck_assert_int_eq(p->stmts[0].line, 10);
    ck_assert_int_eq(p->stmts[0].block_line, 9);
    jt_doc_free(p);
    /* closed with `...`, as YAML allows */
    p = parse_ok("---\ntitle: x\n...\n~~~ sql\n> SHOW JOBS;\n~~~\n");
    ck_assert_uint_eq(p->nstmts, 1);
    ck_assert_int_eq(p->stmts[0].line, 5);
    jt_doc_free(p);
    /* no front matter: a thematic break later on is Markdown */
    p = parse_ok("text\n\n---\n\n~~~ sql\n> SHOW JOBS;\n~~~\n");
    ck_assert_int_eq(p->stmts[0].line, 6);
    jt_doc_free(p);
}
END_TEST

START_TEST(bad_pages) {
    jt_doc_page *p = NULL;
    jt_error err;
    static const char nul[] = "a\nb\n\0c\n";
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(jt_doc_parse(&p, "p.md", "---\ntitle: x\n\ntext\n", 19, &err), JT_EPARSE);
    ck_assert_ptr_null(p);
    ck_assert_str_eq(err.message,
                     "p.md:1: front matter opened here is never closed (expected a '---' line)");
    ck_assert_int_eq(jt_doc_parse(&p, "p.md", nul, sizeof nul - 1, &err), JT_EPARSE);
    ck_assert_str_eq(err.message, "p.md:3: NUL byte: not a Markdown page");
    ck_assert_int_eq(jt_doc_read(&p, "/nonexistent/p.md", &err), JT_EIO);
    ck_assert_str_eq(err.message, "/nonexistent/p.md: cannot open: No such file or directory");
    /* an empty page is a page */
    p = parse_ok("");
    ck_assert_uint_eq(p->nstmts + p->nclaims + p->nissues, 0);
    jt_doc_free(p);
}
END_TEST

START_TEST(statements_of_a_block) {
    jt_doc_page *p = parse_ok("~~~ sql\n"                                    /* 1 */
                              "> PAUSE JOB 1;\n"                             /* 2 */
                              "> RESUME JOB 1; CANCEL JOB 1;\n"              /* 3 */
                              "> PAUSE JOBS (\n"                             /* 4 */
                              "    SELECT job_id\n"                          /* 5 */
                              "\n"                                           /* 6 */
                              "    FROM [SHOW JOBS] -- a comment; not SQL\n" /* 7 */
                              "    WHERE description = 'a;b'\n"              /* 8 */
                              ");\n"                                         /* 9 */
                              "PAUSE JOBS 1\n"                               /* 10 */
                              "> SHOW JOBS\n"                                /* 11 */
                              "~~~\n"                                        /* 12 */
                              "\n"                                           /* 13 */
                              "```sql\n"                                     /* 14 */
                              "SHOW JOBS;\n"                                 /* 15 */
                              "PAUSE JOB\n"                                  /* 16 */
                              "  2;\n"                                       /* 17 */
                              "```\n");
    ck_assert_uint_eq(p->nblocks, 2);
    ck_assert_uint_eq(p->nstmts, 7);
    ck_assert_str_eq(p->stmts[0].sql, "PAUSE JOB 1;");
    ck_assert_int_eq(p->stmts[0].line, 2);
    ck_assert_str_eq(p->stmts[1].sql, "RESUME JOB 1;");
    ck_assert_int_eq(p->stmts[1].line, 3);
    ck_assert_str_eq(p->stmts[2].sql, "CANCEL JOB 1;");
    ck_assert_int_eq(p->stmts[2].line, 3);
    ck_assert_str_eq(p->stmts[3].sql, "PAUSE JOBS (\n    SELECT job_id\n    FROM [SHOW JOBS] \n"
                                      "    WHERE description = 'a;b'\n);");
    ck_assert_int_eq(p->stmts[3].line, 4);
    /* `PAUSE JOBS 1` after a complete statement is output shown in the block: not SQL */
    ck_assert_str_eq(p->stmts[4].sql, "SHOW JOBS");
    ck_assert_int_eq(p->stmts[4].line, 11);
    /* without prompts every line is SQL */
    ck_assert_str_eq(p->stmts[5].sql, "SHOW JOBS;");
    ck_assert_int_eq(p->stmts[5].line, 15);
    ck_assert_str_eq(p->stmts[6].sql, "PAUSE JOB\n  2;");
    ck_assert_int_eq(p->stmts[6].line, 16);
    jt_doc_free(p);
}
END_TEST

START_TEST(outputs_after_statements) {
    jt_doc_page *p = parse_ok("~~~ sql\n> SHOW JOBS;\n> PAUSE JOB 5;\n~~~\n" /* 1-4 */
                              "{% include copy-clipboard.html %}\n"          /* 5 */
                              "\n"                                           /* 6 */
                              "<div>{{ page.version.version }}</div>\n"      /* 7 */
                              "\n"                                           /* 8 */
                              "~~~\nPAUSE JOBS 1\n~~~\n"                     /* 9-11 */
                              "\n"                                           /* 12 */
                              "~~~ sql\n> RESUME JOB 5;\n~~~\n"              /* 13-15 */
                              "\n"                                           /* 16 */
                              "Prose between the blocks: no output.\n"       /* 17 */
                              "\n"                                           /* 18 */
                              "~~~\nRESUME JOBS 1\n~~~\n"                    /* 19-21 */
                              "\n"                                           /* 22 */
                              "~~~ sql\n> PAUSE JOB 6;\n~~~\n"               /* 23-25 */
                              "~~~ text\nError: pq: job with ID 6 does not exist\n"
                              "SQLSTATE: XX000\n~~~\n"       /* 26-29 */
                              "~~~ sql\n> SHOW JOBS;\n~~~\n" /* 30-32 */
                              "~~~\nsomething else\n~~~\n"); /* 33-35 */
    ck_assert_uint_eq(p->nstmts, 5);
    ck_assert_int_eq(p->stmts[0].out, JT_DOC_OUT_NONE);
    ck_assert_int_eq(p->stmts[1].out, JT_DOC_OUT_TAG);
    ck_assert_str_eq(p->stmts[1].out_text, "PAUSE JOBS 1");
    ck_assert_int_eq(p->stmts[1].out_line, 10);
    ck_assert_int_eq(p->stmts[2].out, JT_DOC_OUT_NONE);
    ck_assert_int_eq(p->stmts[3].out, JT_DOC_OUT_ERROR);
    ck_assert_str_eq(p->stmts[3].out_text, "job with ID 6 does not exist");
    ck_assert_int_eq(p->stmts[3].out_line, 27);
    ck_assert_str_eq(p->stmts[3].sqlstate, "XX000");
    ck_assert_int_eq(p->stmts[4].out, JT_DOC_OUT_VALUE); /* one line: a single value */
    ck_assert_str_eq(p->stmts[4].out_text, "something else");
    ck_assert_uint_eq(p->nissues, 0);
    jt_doc_free(p);
}
END_TEST

START_TEST(bordered_tables) {
    jt_doc_page *p = parse_ok("~~~ sql\n> SHOW JOBS;\n~~~\n" /* 1-3 */
                              "~~~\n"                        /* 4 */
                              "+----+------+-------+...\n"   /* 5 */
                              "| id | type | desc  |...\n"   /* 6 */
                              "+----+------+-------+...\n"   /* 7 */
                              "|  1 | A    | ab... |...\n"   /* 8 */
                              "|    | B    |       |...\n"   /* 9 */
                              "| ...| ...  | ...   |...\n"   /* 10 */
                              "+----+------+-------+...\n"   /* 11 */
                              "(2 rows)\n"                   /* 12 */
                              "~~~\n"
                              "~~~ sql\n> SHOW JOBS;\n~~~\n" /* 14-16 */
                              "~~~\n"                        /* 17 */
                              "+---+---+-----+\n"            /* 18 */
                              "| a | b | ... |\n"            /* 19 */
                              "+---+---+-----+\n"            /* 20 */
                              "| 1 | 2 | 3   |\n"            /* 21 */
                              "| 1 |\n"                      /* 22 */
                              "+---+---+-----+\n"            /* 23 */
                              "(3 rows)\n"                   /* 24 */
                              "~~~\n");
    const jt_doc_table *t = &p->stmts[0].table;
    ck_assert_int_eq(p->stmts[0].out, JT_DOC_OUT_TABLE);
    ck_assert_int_eq(t->header_line, 6);
    ck_assert_uint_eq(t->ncols, 3);
    ck_assert_str_eq(t->columns[0], "id");
    ck_assert_str_eq(t->columns[2], "desc");
    ck_assert_int_eq(t->more_cols, 1);
    ck_assert_uint_eq(t->nrows, 2);
    ck_assert_str_eq(t->cells[2], "ab...");
    ck_assert_str_eq(t->cells[3], "");
    ck_assert_int_eq(t->row_lines[1], 9);
    ck_assert_int_eq(t->more_rows, 1);
    ck_assert_int_eq((int)t->row_count, 2);
    t = &p->stmts[1].table;
    ck_assert_uint_eq(t->ncols, 2); /* a `...` column ends the columns shown */
    ck_assert_int_eq(t->more_cols, 1);
    ck_assert_uint_eq(t->nrows, 1); /* the short row is not compared */
    ck_assert_uint_eq(p->nissues, 2);
    ck_assert_str_eq(p->issues[0].message,
                     "p.md:22: page defect: the table row has 1 cell; its header "
                     "(line 19) has 2");
    ck_assert_str_eq(p->issues[1].message,
                     "p.md:24: page defect: the table says (3 rows) but shows 1");
    ck_assert_int_eq(p->issues[1].finding, JT_DOC_FIND_PAGE);
    jt_doc_free(p);
}
END_TEST

START_TEST(pipe_tables) {
    jt_doc_page *p = parse_ok("~~~ sql\n> SELECT job_id, status FROM [SHOW JOBS];\n~~~\n" /* 1-3 */
                              "~~~\n"                                                     /* 4 */
                              "  job_id | status\n"                                       /* 5 */
                              "---------+---------\n"                                     /* 6 */
                              "      12 | paused\n"                                       /* 7 */
                              "      13 | NULL\n"                                         /* 8 */
                              "(2 rows)\n"                                                /* 9 */
                              "~~~\n"
                              "~~~ sql\n> SELECT job_id FROM [SHOW JOBS];\n~~~\n" /* 11-13 */
                              "~~~\n"                                             /* 14 */
                              "  job_id\n"                                        /* 15 */
                              "----------\n"                                      /* 16 */
                              "       7\n"                                        /* 17 */
                              "~~~\n");
    const jt_doc_table *t = &p->stmts[0].table;
    ck_assert_int_eq(p->stmts[0].out, JT_DOC_OUT_TABLE);
    ck_assert_uint_eq(t->ncols, 2);
    ck_assert_str_eq(t->columns[1], "status");
    ck_assert_int_eq(t->more_cols, 0);
    ck_assert_uint_eq(t->nrows, 2);
    ck_assert_str_eq(t->cells[2], "13");
    ck_assert_str_eq(t->cells[3], "NULL");
    ck_assert_int_eq(t->row_lines[0], 7);
    ck_assert_int_eq((int)t->row_count, 2);
    t = &p->stmts[1].table;
    ck_assert_uint_eq(t->ncols, 1);
    ck_assert_str_eq(t->columns[0], "job_id");
    ck_assert_uint_eq(t->nrows, 1);
    ck_assert_str_eq(t->cells[0], "7");
    ck_assert_int_eq((int)t->row_count, -1);
    ck_assert_uint_eq(p->nissues, 0);
    jt_doc_free(p);
}
END_TEST

START_TEST(claims_are_recognised) {
    jt_doc_page *p =
        parse_ok("{{site.data.alerts.callout_info}}You cannot pause schema changes."
                 "{{site.data.alerts.end}}\n" /* 1 */
                 "\n"
                 "By default, only the `root` user can\n" /* 3 */
                 "control a job.\n"                       /* 4 */
                 "\n"
                 "Only the admin user may pause jobs.\n" /* 6 */
                 "\n"
                 "~~~ sql\n> RESUME JOBS (SELECT 1);\n~~~\n" /* 8-10 */
                 "~~~ sql\n> PAUSE JOBS (SELECT 1);\n~~~\n"  /* 11-13 */
                 "\n"
                 "Then all jobs created by `maxroach` will be paused. And schema changes\n" /* 15 */
                 "can not be paused either.\n"                                              /* 16 */
                 "\n"
                 "- All the jobs owned by Bob are resumed.\n" /* 18 */
                 "\n"
                 "Only members of the admin role can control jobs. Pausing a schema change is not "
                 "allowed.\n"); /* 20: the first is a pattern, the second is not */
    ck_assert_uint_eq(p->nclaims, 7);
    ck_assert_int_eq(p->claims[0].kind, JT_DOC_CLAIM_NO_PAUSE_SCHEMA);
    ck_assert_int_eq(p->claims[0].line, 1);
    ck_assert_str_eq(p->claims[0].text, "You cannot pause schema changes");
    ck_assert_int_eq(p->claims[1].kind, JT_DOC_CLAIM_ONLY_USER);
    ck_assert_int_eq(p->claims[1].line, 3);
    ck_assert_str_eq(p->claims[1].text, "By default, only the root user can control a job");
    ck_assert_str_eq(p->claims[1].user, "root");
    ck_assert_uint_eq(p->claims[1].ops, 7);
    ck_assert_int_eq(p->claims[1].by_default, 1);
    ck_assert_int_eq(p->claims[2].kind, JT_DOC_CLAIM_ONLY_USER);
    ck_assert_str_eq(p->claims[2].user, "admin");
    ck_assert_uint_eq(p->claims[2].ops, 1u << JT_DOC_OP_PAUSE);
    ck_assert_int_eq(p->claims[2].by_default, 0);
    ck_assert_int_eq(p->claims[3].kind, JT_DOC_CLAIM_NO_PAUSE_SCHEMA);
    ck_assert_int_eq(p->claims[3].line, 15);
    ck_assert_str_eq(p->claims[3].text, "And schema changes can not be paused either");
    ck_assert_int_eq(p->claims[4].kind, JT_DOC_CLAIM_ALL_JOBS_OF);
    ck_assert_int_eq(p->claims[4].line, 15);
    ck_assert_str_eq(p->claims[4].text, "Then all jobs created by maxroach will be paused");
    ck_assert_str_eq(p->claims[4].user, "maxroach");
    ck_assert_int_eq(p->claims[4].op, JT_DOC_OP_PAUSE);
    ck_assert_uint_eq(p->claims[4].stmt, 1); /* the PAUSE at line 12, not the RESUME */
    ck_assert_int_eq(p->claims[5].kind, JT_DOC_CLAIM_ALL_JOBS_OF);
    ck_assert_int_eq(p->claims[5].line, 18);
    ck_assert_str_eq(p->claims[5].user, "bob");
    ck_assert_int_eq(p->claims[5].op, JT_DOC_OP_RESUME);
    ck_assert_uint_eq(p->claims[5].stmt, 0);
    ck_assert_int_eq(p->claims[6].kind, JT_DOC_CLAIM_ONLY_USER);
    ck_assert_int_eq(p->claims[6].line, 20);
    ck_assert_str_eq(p->claims[6].user, "admin");
    ck_assert_int_eq(p->claims[6].role, 1);
    ck_assert_uint_eq(p->claims[6].ops, 7);
    jt_doc_free(p);
}
END_TEST

/* ---- the world ----------------------------------------------------------------------------- */

START_TEST(world_of_the_page) {
    jt_doc_page *p = parse_ok(SEEDLIKE);
    jt_doc_world w;
    jt_error err;
    ck_assert_int_eq(jt_doc_world_build(&w, p, &err), 0);
    ck_assert_uint_eq(w.nfx, 3);
    /* the job SHOW JOBS lists (v2.0 header), before the statement at 12 */
    ck_assert_int_eq(w.fx[0].fx.kind, JT_FIXTURE_JOB);
    ck_assert_uint_eq(w.fx[0].before, 0);
    ck_assert_int_eq(w.fx[0].line, 19);
    ck_assert_int_eq((int)w.fx[0].fx.id, 900);
    ck_assert_str_eq(w.fx[0].fx.type, "BACKUP");
    ck_assert_str_eq(w.fx[0].fx.status, "running");
    ck_assert_ptr_null(w.fx[0].fx.user);
    ck_assert_str_eq(w.fx[0].fx.description, "BACKUP DATABASE d TO 'x'");
    /* the user the bulk statement names, with a pausable job, before that statement */
    ck_assert_int_eq(w.fx[1].fx.kind, JT_FIXTURE_USER);
    ck_assert_str_eq(w.fx[1].fx.name, "ivan");
    ck_assert_uint_eq(w.fx[1].before, 2);
    ck_assert_int_eq(w.fx[2].fx.kind, JT_FIXTURE_JOB);
    ck_assert_int_eq((int)w.fx[2].fx.id, 1);
    ck_assert_str_eq(w.fx[2].fx.user, "ivan");
    ck_assert_str_eq(w.fx[2].fx.status, "running");
    ck_assert_str_eq(w.subject, "ivan");
    jt_doc_world_dispose(&w);
    jt_doc_free(p);
}
END_TEST

START_TEST(world_details) {
    /* rows are created last first (SHOW JOBS lists the newest first); a cut description is
       kept as far as it is shown; a type comes from the description; ids the page uses
       anywhere are not made up; a job a statement names exists. */
    jt_doc_page *p = parse_ok("~~~ sql\n> SELECT job_id, description, user_name, status "
                              "FROM [SHOW JOBS];\n~~~\n"
                              "~~~\n"
                              "  job_id | description            | user_name | status\n"
                              "---------+------------------------+-----------+--------\n"
                              "       2 | RESTORE db.* FROM ...  | kim       | paused\n"
                              "       3 | CREATE CHANGEFEED x    | root      | odd\n"
                              "~~~\n"
                              "~~~ sql\n> PAUSE JOBS (SELECT job_id FROM [SHOW JOBS] WHERE "
                              "user_name IN ('kim', 'lee'));\n> RESUME JOB 7;\n~~~\n"
                              "~~~ sql\n> SELECT job_id FROM [SHOW JOBS];\n~~~\n"
                              "~~~\n  job_id\n----------\n   1\n~~~\n");
    jt_doc_world w;
    jt_error err;
    size_t i;
    ck_assert_int_eq(jt_doc_world_build(&w, p, &err), 0);
    ck_assert_uint_eq(w.nfx, 7);
    ck_assert_int_eq((int)w.fx[0].fx.id, 3);
    ck_assert_str_eq(w.fx[0].fx.type, "CHANGEFEED");
    ck_assert_str_eq(w.fx[0].fx.status, "odd"); /* as shown: a driver refuses it */
    ck_assert_int_eq(w.fx[1].fx.kind, JT_FIXTURE_USER);
    ck_assert_str_eq(w.fx[1].fx.name, "kim");
    ck_assert_int_eq((int)w.fx[2].fx.id, 2);
    ck_assert_str_eq(w.fx[2].fx.type, "RESTORE");
    ck_assert_str_eq(w.fx[2].fx.description, "RESTORE db.* FROM");
    ck_assert_str_eq(w.fx[2].fx.user, "kim");
    ck_assert_str_eq(w.fx[2].fx.status, "paused");
    /* lee: a user and a running IMPORT with an id nobody uses (1 is shown later, 2 and 3 are
       taken, 7 is named) */
    ck_assert_str_eq(w.fx[3].fx.name, "lee");
    ck_assert_int_eq((int)w.fx[4].fx.id, 4);
    ck_assert_str_eq(w.fx[4].fx.user, "lee");
    ck_assert_int_eq((int)w.fx[5].fx.id, 7);
    ck_assert_str_eq(w.fx[5].fx.status, "paused"); /* RESUME JOB 7: it is paused */
    for (i = 0; i < 5; i++)
        ck_assert_uint_le(w.fx[i].before, 1);
    ck_assert_uint_eq(w.fx[5].before, 2); /* before the RESUME JOB 7 */
    /* the job the last output lists, before that statement */
    ck_assert_int_eq((int)w.fx[6].fx.id, 1);
    ck_assert_uint_eq(w.fx[6].before, 3);
    ck_assert_str_eq(w.subject, "kim");
    jt_doc_world_dispose(&w);
    jt_doc_free(p);
    ck_assert_uint_eq(jt_doc_world_count(0), 4464);
    ck_assert_uint_eq(jt_doc_world_count(1), 1488);
}
END_TEST

/* ---- checking ------------------------------------------------------------------------------ */

/* A counterexample fails with the runner on the model of profile (NULL: the default) at the
   line its comment gives, and in failures records in all. */
static void fails_at_its_line(const char *path, const char *profile, size_t failures) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    char text[8192], want[64];
    const char *at;
    FILE *fp = fopen(path, "r");
    size_t n, i;
    int line = 0;
    ck_assert_ptr_nonnull(fp);
    n = fread(text, 1, sizeof text - 1, fp);
    text[n] = '\0';
    fclose(fp);
    at = strstr(text, "# at line ");
    ck_assert_ptr_nonnull(at);
    line = atoi(at + 10);
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session("model");
    cfg.profile = profile;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_file(r, path, &err), 0);
    ck_assert_uint_eq(jt_runner_result(r)->failed, failures);
    ck_assert_uint_eq(jt_runner_result(r)->errors, 0);
    snprintf(want, sizeof want, "%s:%d: ", path, line);
    for (i = 0; i < jt_runner_result(r)->files[0].nrecords; i++)
        if (jt_runner_result(r)->files[0].records[i].outcome == JT_OUTCOME_FAIL)
            break;
    ck_assert_uint_lt(i, jt_runner_result(r)->files[0].nrecords);
    ck_assert_int_eq(jt_runner_result(r)->files[0].records[i].line, line);
    jt_runner_free(r);
}

START_TEST(seedlike_findings) {
    char dir[64], path[160], expect[512];
    jt_doc_page *p = parse_ok(SEEDLIKE);
    jt_doc_report rep;
    const char *m;
    tmp_dir(dir, sizeof dir);
    check_page(&rep, p, dir, NULL);
    ck_assert_uint_eq(rep.failed, 2);
    ck_assert_uint_eq(rep.passed, 4);
    ck_assert_uint_eq(rep.skipped, 0);
    ck_assert_int_eq(jt_doc_exit_status(&rep), 1);
    ck_assert_str_eq(item_at(&rep, 17, JT_DOC_FAIL),
                     "p.md:17: page defect: SHOW JOBS output shows column names \"id | type | "
                     "description\" "
                     "(v2.0); v2.1 prints \"job_id | job_type | description | \xe2\x80\xa6\"");
    ck_assert_str_eq(item_at(&rep, 6, JT_DOC_PASS),
                     "p.md:6: claim \"You cannot pause schema changes\" holds in 1539 worlds (the "
                     "1539 of 4464 tried with a SCHEMA CHANGE job; v2.1)");
    ck_assert_str_eq(item_at(&rep, 8, JT_DOC_PASS),
                     "p.md:8: claim \"By default, only the root user can control a job\" holds "
                     "in 1488 worlds (v2.1; by default: no admin member but root)");
    m = item_at(&rep, 32, JT_DOC_FAIL);
    ck_assert_ptr_nonnull(m);
    snprintf(path, sizeof path, "%s/p-32.test", dir);
    snprintf(expect, sizeof expect,
             "p.md:32: page defect: claim \"All jobs created by ivan will be paused\" fails "
             "(v2.1): when ivan also has "
             "job 2 (IMPORT, succeeded), the PAUSE JOBS statement at line 28 fails with \"cannot "
             "pause succeeded job (id 2)\" and pauses nothing: job 1 stays running, job 2 stays "
             "succeeded; fails in 3645 of 4464 worlds tried; counterexample written to %s",
             path);
    ck_assert_str_eq(m, expect);
    /* items in line order */
    for (size_t i = 1; i < rep.nitems; i++)
        ck_assert_int_le(rep.items[i - 1].line, rep.items[i].line);
    /* the counterexample fails with the runner where the claim does: the PAUSE JOBS statement
       (the claim needs it to work) and the jobs of ivan's (it needs them paused) */
    fails_at_its_line(path, NULL, 2);
    jt_doc_report_dispose(&rep);
    jt_doc_free(p);
    rm_tree(dir);
}
END_TEST

START_TEST(statement_mismatches) {
    jt_doc_page *p = parse_ok("~~~ sql\n> SELECT job_id, status FROM [SHOW JOBS];\n~~~\n" /* 1-3 */
                              "~~~\n"                                                     /* 4 */
                              "+--------+---------+\n"                                    /* 5 */
                              "| job_id | status  |\n"                                    /* 6 */
                              "+--------+---------+\n"                                    /* 7 */
                              "|      5 | running |\n"                                    /* 8 */
                              "+--------+---------+\n"                                    /* 9 */
                              "~~~\n"                                                     /* 10 */
                              "~~~ sql\n> PAUSE JOB 5;\n~~~\n" /* 11-13 */
                              "~~~ sql\n> SELECT job_id, status FROM [SHOW JOBS] WHERE job_id = 5;"
                              "\n~~~\n"                                  /* 14-16 */
                              "~~~\n"                                    /* 17 */
                              "  job_id | status\n"                      /* 18 */
                              "---------+---------\n"                    /* 19 */
                              "       5 | running\n"                     /* 20 */
                              "       6 | running\n"                     /* 21 */
                              "~~~\n"                                    /* 22 */
                              "~~~ sql\n> RESUME JOB 5;\n~~~\n"          /* 23-25 */
                              "~~~\npq: nope\n~~~\n"                     /* 26-28 */
                              "~~~ sql\n> PAUSE JOB 99999999999;\n~~~\n" /* 29-31 */
                              "~~~\nPAUSE JOBS 1\n~~~\n"                 /* 32-34 */
                              "~~~ sql\n> FROB JOBS;\n~~~\n");           /* 35-37 */
    jt_doc_report rep;
    check_page(&rep, p, NULL, NULL);
    ck_assert_str_eq(item_at(&rep, 20, JT_DOC_FAIL),
                     "p.md:20: page defect: row shows \"5 | running\"; got \"5 | paused\"");
    ck_assert_str_eq(item_at(&rep, 21, JT_DOC_FAIL), "p.md:21: page defect: the page shows 2 rows; "
                                                     "got 1: this row is not in the result");
    ck_assert_str_eq(item_at(&rep, 27, JT_DOC_FAIL),
                     "p.md:27: page defect: the page shows the error \"nope\"; `RESUME JOB 5;` "
                     "succeeds (RESUME JOBS 1)");
    ck_assert_ptr_nonnull(item_at(&rep, 30, JT_DOC_PASS)); /* the job it names exists */
    /* a statement the model cannot parse: a limit of the kit, not a defect of the page */
    ck_assert_ptr_nonnull(item_at(&rep, 36, JT_DOC_SKIP));
    ck_assert_ptr_nonnull(strstr(item_at(&rep, 36, JT_DOC_SKIP),
                                 "p.md:36: not checked (limit of the kit): the model (v2.1) cannot "
                                 "run `FROB JOBS;`"));
    ck_assert_ptr_nonnull(item_at(&rep, 2, JT_DOC_PASS));
    ck_assert_uint_eq(rep.failed, 3);
    jt_doc_report_dispose(&rep);
    jt_doc_free(p);
}
END_TEST

/* ---- claims that break on a changed model -------------------------------------------------- */

/* A counterexample is the claim as a case file in the world that breaks it: on the variant
   (the oracle that broke it) it fails, on the model where the claim holds it passes, both
   under profile. */
static void fails_on_variant_only(const char *path, const jt_driver *variant_driver,
                                  const char *profile) {
    jt_runner_config cfg;
    jt_runner *r = NULL;
    jt_error err;
    memset(&cfg, 0, sizeof cfg);
    cfg.session = test_session_of(variant_driver, NULL);
    cfg.profile = profile;
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_file(r, path, &err), 0);
    ck_assert_uint_gt(jt_runner_result(r)->failed, 0);
    jt_runner_free(r);
    cfg.session = test_session("model");
    ck_assert_int_eq(jt_runner_new(&r, &cfg, &err), 0);
    ck_assert_int_eq(jt_runner_run_file(r, path, &err), 0);
    ck_assert_uint_eq(jt_runner_result(r)->failed, 0);
    ck_assert_uint_gt(jt_runner_result(r)->passed, 0);
    jt_runner_free(r);
}

START_TEST(claims_break_on_a_variant) {
    static const char page[] = "You cannot pause schema changes.\n"                   /* 1 */
                               "\n"                                                   /* 2 */
                               "By default, only the root user can control a job.\n"; /* 3 */
    jt_driver oracle = test_variant_driver("variant");
    jt_doc_page *p = parse_ok(page);
    jt_doc_report rep;
    char dir[64], path[160];
    const char *m;
    struct jt_profile *variant = test_variant_of("v2.1");
    variant->schema_refuses[JT_OP_PAUSE] = 0; /* schema changes pause as other jobs do */
    variant->control_gate = JT_GATE_NONE;     /* everybody controls every job */
    tmp_dir(dir, sizeof dir);
    check_page(&rep, p, dir, &oracle);
    ck_assert_uint_eq(rep.failed, 2);
    m = item_at(&rep, 1, JT_DOC_FAIL);
    ck_assert_ptr_nonnull(m);
    ck_assert_msg(strstr(m, "claim \"You cannot pause schema changes\" fails (v2.1): when "
                            "maxroach also has job 1 (SCHEMA CHANGE, pending), `PAUSE JOB 1` run "
                            "by root succeeds (PAUSE JOBS 1); fails in ") != NULL,
                  "%s", m);
    m = item_at(&rep, 3, JT_DOC_FAIL);
    ck_assert_ptr_nonnull(m);
    /* the page's world has no job; the first world with one: another user's */
    ck_assert_msg(strstr(m, "claim \"By default, only the root user can control a job\" fails "
                            "(v2.1): when testuser has job 3 (IMPORT, running), `PAUSE JOB 3` run "
                            "by testuser succeeds (PAUSE JOBS 1); fails in 1356 of 1488 worlds "
                            "tried; counterexample written to ") != NULL,
                  "%s", m);
    snprintf(path, sizeof path, "%s/p-3.test", dir);
    fails_on_variant_only(path, &oracle, NULL);
    jt_doc_report_dispose(&rep);
    jt_doc_free(p);
    rm_tree(dir);
}
END_TEST

/* From v20.1 a PAUSE leaves a job pause-requested and it pauses on its own: "will be paused" is
   checked once the jobs have stopped moving. The model of v20.1 pauses them; a variant whose
   pause requests fall back to running breaks the claim, and the counterexample waits for the
   jobs with `query ... retry`. */
START_TEST(claims_after_the_jobs_move) {
    jt_driver oracle = test_variant_driver("variant");
    jt_doc_page *p = parse_ok(SEEDLIKE);
    jt_doc_report rep;
    char dir[64], path[160];
    const char *m;
    page_profile = "v20.1";
    tmp_dir(dir, sizeof dir);
    check_page(&rep, p, dir, NULL);
    m = item_at(&rep, 32, JT_DOC_FAIL);
    ck_assert_ptr_nonnull(m);
    ck_assert_msg(strstr(m, "when ivan also has job 2 (IMPORT, succeeded), the PAUSE JOBS "
                            "statement at line 28 fails") != NULL,
                  "%s", m);
    ck_assert_msg(strstr(m, "pause-requested") == NULL, "%s", m);
    jt_doc_report_dispose(&rep);
    rm_tree(dir);

    /* a request that comes to nothing */
    test_variant_of("v20.1")->progress[JT_ST_PAUSE_REQUESTED] = JT_ST_RUNNING;
    tmp_dir(dir, sizeof dir);
    check_page(&rep, p, dir, &oracle);
    m = item_at(&rep, 32, JT_DOC_FAIL);
    ck_assert_ptr_nonnull(m);
    ck_assert_msg(strstr(m, "the PAUSE JOBS statement at line 28 succeeds (PAUSE JOBS 1): job "
                            "1 stays running; fails in 4464 of 4464 worlds tried") != NULL,
                  "%s", m);
    snprintf(path, sizeof path, "%s/p-32.test", dir);
    {
        /* it says its profile and waits for the jobs; it fails on the variant, passes on the
           model, both under v20.1 */
        FILE *fp = fopen(path, "r");
        char text[4096];
        size_t n;
        ck_assert_ptr_nonnull(fp);
        n = fread(text, 1, sizeof text - 1, fp);
        text[n] = '\0';
        fclose(fp);
        ck_assert_ptr_nonnull(strstr(text, "\nprofile v20.1\n"));
        ck_assert_ptr_nonnull(strstr(text, "`jobtck run --profile v20.1` on this file fails"));
        ck_assert_ptr_nonnull(strstr(text, "query IT rowsort retry\n"));
    }
    fails_on_variant_only(path, &oracle, "v20.1");
    page_profile = "v2.1";
    jt_doc_report_dispose(&rep);
    jt_doc_free(p);
    rm_tree(dir);
}
END_TEST

/* Every prefix of a page (cut fences, cut tables, cut front matter) reads, builds its world and
   runs its statements, or is refused as malformed: never a crash (the ASan build runs this). */
START_TEST(every_prefix_reads) {
    static const char extra[] = "\n~~~ sql\n> SELECT job_id, status FROM [SHOW JOBS];\n~~~\n"
                                "~~~\n  job_id | status\n---------+--------\n    900 | paused\n"
                                "(1 row)\n~~~\n\n- item\n\n  ~~~ sql\n  > RESUME JOB 900;\n  ~~~\n"
                                "\n> quoted\n\n~~~\n| x |\n~~~\n";
    char *text = malloc(strlen(SEEDLIKE) + sizeof extra);
    size_t len, n;
    ck_assert_ptr_nonnull(text);
    strcpy(text, SEEDLIKE);
    strcat(text, extra);
    len = strlen(text);
    for (n = 0; n <= len; n++) {
        jt_doc_page *p = NULL;
        jt_doc_world w;
        jt_doc_report rep;
        jt_doc_config cfg;
        jt_error err;
        int rc = jt_doc_parse(&p, "p.md", text, n, &err);
        if (rc != 0) {
            ck_assert_int_eq(rc, JT_EPARSE);
            ck_assert_ptr_null(p);
            continue;
        }
        ck_assert_int_eq(jt_doc_world_build(&w, p, &err), 0);
        memset(&cfg, 0, sizeof cfg);
        cfg.session = test_session("model");
        jt_doc_report_init(&rep);
        ck_assert_int_eq(jt_doc_check_statements(&rep, p, &w, &cfg, &err), 0);
        jt_session_close(cfg.session);
        ck_assert_uint_eq(rep.passed + rep.failed + rep.skipped, rep.nitems);
        jt_doc_report_dispose(&rep);
        jt_doc_world_dispose(&w);
        jt_doc_free(p);
    }
    free(text);
}
END_TEST

START_TEST(report_order_is_stable) {
    jt_doc_report r;
    jt_doc_report_init(&r);
    ck_assert_int_eq(jt_doc_report_add(&r, 5, JT_DOC_FAIL, strdup("b"), NULL), 0);
    ck_assert_int_eq(jt_doc_report_add(&r, 2, JT_DOC_PASS, NULL, NULL), 0);
    ck_assert_int_eq(jt_doc_report_add(&r, 5, JT_DOC_FAIL, strdup("c"), NULL), 0);
    ck_assert_int_eq(jt_doc_report_add(&r, 1, JT_DOC_NOTE, strdup("a"), NULL), 0);
    jt_doc_report_sort(&r);
    ck_assert_str_eq(r.items[0].message, "a");
    ck_assert_int_eq(r.items[1].line, 2);
    ck_assert_str_eq(r.items[2].message, "b");
    ck_assert_str_eq(r.items[3].message, "c");
    ck_assert_uint_eq(r.passed, 1);
    ck_assert_uint_eq(r.failed, 2);
    jt_doc_report_dispose(&r);
}
END_TEST

/* ---- the command --------------------------------------------------------------------------- */

static int cli(char *out, size_t outsize, char *errtext, size_t errsize, int argc, char **argv) {
    FILE *o = tmpfile(), *e = tmpfile();
    size_t n;
    int status;
    ck_assert_ptr_nonnull(o);
    ck_assert_ptr_nonnull(e);
    status = jt_cli_doc(argc, argv, o, e);
    rewind(o);
    rewind(e);
    n = fread(out, 1, outsize - 1, o);
    out[n] = '\0';
    n = fread(errtext, 1, errsize - 1, e);
    errtext[n] = '\0';
    fclose(o);
    fclose(e);
    return status;
}

START_TEST(cli_doc_pages) {
    char dir[64], page[128], outdir[128], out[8192], errtext[1024];
    FILE *fp;
    tmp_dir(dir, sizeof dir);
    snprintf(page, sizeof page, "%s/seed.md", dir);
    snprintf(outdir, sizeof outdir, "%s/cx", dir);
    fp = fopen(page, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(SEEDLIKE, fp);
    fclose(fp);
    {
        char *argv[] = {"doc", "--out", outdir, page, NULL};
        ck_assert_int_eq(cli(out, sizeof out, errtext, sizeof errtext, 4, argv), 1);
        ck_assert_ptr_nonnull(
            strstr(out, "seed.md:17: page defect: SHOW JOBS output shows column names"));
        ck_assert_ptr_nonnull(strstr(out, "seed.md:32: page defect: claim \"All jobs created by "
                                          "ivan"));
        ck_assert_ptr_nonnull(strstr(out, "seed.md: 3 examples run, 1 output compared, 3 claims "
                                          "checked (2 hold); findings: 2 page defects, 0 "
                                          "constructs the kit cannot read, 0 limits of the kit\n"));
        ck_assert_ptr_nonnull(strstr(out, "\n\n4 passed, 2 failed\n"));
        ck_assert_str_eq(errtext, "");
    }
    {
        char *argv[] = {"doc", "--out", outdir, "/nonexistent.md", NULL};
        ck_assert_int_eq(cli(out, sizeof out, errtext, sizeof errtext, 4, argv), 2);
        ck_assert_str_eq(errtext, "/nonexistent.md: cannot open: No such file or directory\n");
        ck_assert_str_eq(out, "\n1 page not read (on stderr)\n0 passed, 0 failed\n");
    }
    {
        char *argv[] = {"doc", NULL};
        ck_assert_int_eq(cli(out, sizeof out, errtext, sizeof errtext, 1, argv), 2);
        ck_assert_ptr_nonnull(strstr(errtext, "jobtck doc: expected a PAGE.md"));
    }
    {
        char *argv[] = {"doc", "--profile", "v9.9", page, NULL};
        ck_assert_int_eq(cli(out, sizeof out, errtext, sizeof errtext, 4, argv), 2);
        ck_assert_ptr_nonnull(strstr(errtext, "jobtck doc: unknown profile 'v9.9'"));
    }
    {
        char *argv[] = {"doc", "--driver", "nosuch", page, NULL};
        ck_assert_int_eq(cli(out, sizeof out, errtext, sizeof errtext, 4, argv), 2);
        ck_assert_ptr_nonnull(strstr(errtext, "jobtck doc: unknown driver 'nosuch'"));
    }
    {
        char *argv[] = {"doc", "--help", NULL};
        ck_assert_int_eq(cli(out, sizeof out, errtext, sizeof errtext, 2, argv), 0);
        ck_assert_ptr_nonnull(strstr(out, "usage: jobtck doc"));
    }
    rm_tree(dir);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("read");
    tcase_add_test(tc, front_matter_keeps_lines);
    tcase_add_test(tc, bad_pages);
    tcase_add_test(tc, statements_of_a_block);
    tcase_add_test(tc, outputs_after_statements);
    tcase_add_test(tc, bordered_tables);
    tcase_add_test(tc, pipe_tables);
    tcase_add_test(tc, claims_are_recognised);
    suite_add_tcase(s, tc);
    tc = tcase_create("world");
    tcase_add_test(tc, world_of_the_page);
    tcase_add_test(tc, world_details);
    suite_add_tcase(s, tc);
    tc = tcase_create("check");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, seedlike_findings);
    tcase_add_test(tc, statement_mismatches);
    tcase_add_test(tc, claims_break_on_a_variant);
    tcase_add_test(tc, claims_after_the_jobs_move);
    tcase_add_test(tc, every_prefix_reads);
    tcase_add_test(tc, report_order_is_stable);
    suite_add_tcase(s, tc);
    tc = tcase_create("cli");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cli_doc_pages);
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

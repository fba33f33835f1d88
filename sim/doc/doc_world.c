/* jobtck doc, the world a page implies: the jobs its outputs list, the jobs of the schedules it
   controls, the users it names with the privileges its prose gives them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/doc/doc_internal.h"

static const char *const op_words[JT_DOC_OP_COUNT] = {"PAUSE", "RESUME", "CANCEL"};
/* The status a job has before the operation takes it. */
static const char *const op_from[JT_DOC_OP_COUNT] = {"running", "paused", "running"};

/* The type a description implies (CockroachDB's descriptions are the statements). */
static const char *type_of_description(const char *d) {
    d = jt_doc_skip_space(d);
    if (jt_doc_starts_word(d, "IMPORT"))
        return "IMPORT";
    if (jt_doc_starts_word(d, "BACKUP"))
        return "BACKUP";
    if (jt_doc_starts_word(d, "RESTORE"))
        return "RESTORE";
    if (jt_doc_starts_word(d, "CREATE") && jt_doc_find_ci(d, "CHANGEFEED"))
        return "CHANGEFEED";
    if (jt_doc_starts_word(d, "ALTER") || jt_doc_starts_word(d, "CREATE") ||
        jt_doc_starts_word(d, "DROP") || jt_doc_starts_word(d, "ROLL") ||
        jt_doc_starts_word(d, "TRUNCATE"))
        return "SCHEMA CHANGE";
    return NULL;
}

void jt_doc_world_dispose(jt_doc_world *w) {
    size_t i;
    for (i = 0; i < w->nfx; i++) {
        free(w->fx[i].name);
        free(w->fx[i].user);
        free(w->fx[i].description);
        free(w->fx[i].error);
        free(w->fx[i].type);
        free(w->fx[i].status);
    }
    free(w->fx);
    free(w->subject);
    for (i = 0; i < w->nconflicts; i++)
        free(w->conflicts[i].message);
    free(w->conflicts);
    memset(w, 0, sizeof *w);
}

typedef struct builder {
    jt_doc_world *w;
    const jt_doc_page *page;
    int64_t *ids; /* every id the page shows or names, taken or not */
    size_t nids, idcap;
    int64_t *clash; /* the ids the page shows as two jobs, and the line of each conflict */
    int *clash_line;
    size_t nclash, clash_cap, clash_line_cap;
} builder;

static int world_has_job(const jt_doc_world *w, int64_t id) {
    size_t i;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_JOB && w->fx[i].fx.id == id)
            return 1;
    return 0;
}

static int world_has_user(const jt_doc_world *w, const char *name) {
    size_t i;
    if (strcmp(name, "root") == 0 || strcmp(name, "testuser") == 0)
        return 1;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_USER && strcmp(w->fx[i].name, name) == 0)
            return 1;
    return 0;
}

static int user_has_job(const jt_doc_world *w, const char *name) {
    size_t i;
    for (i = 0; i < w->nfx; i++)
        if (w->fx[i].fx.kind == JT_FIXTURE_JOB &&
            strcmp(w->fx[i].fx.user ? w->fx[i].fx.user : "root", name) == 0)
            return 1;
    return 0;
}

static size_t schedule_jobs(const jt_doc_world *w, int64_t schedule) {
    size_t i, n = 0;
    for (i = 0; i < w->nfx; i++)
        n += w->fx[i].fx.kind == JT_FIXTURE_JOB && w->fx[i].fx.schedule == schedule;
    return n;
}

static int note_id(builder *b, int64_t id) {
    size_t i;
    for (i = 0; i < b->nids; i++)
        if (b->ids[i] == id)
            return JT_OK;
    if (jt_grow((void **)&b->ids, &b->idcap, b->nids + 1, sizeof *b->ids, JT_LIMIT_ROWS) < 0)
        return JT_ENOMEM;
    b->ids[b->nids++] = id;
    return JT_OK;
}

static int64_t fresh_id(const builder *b) {
    int64_t id;
    size_t i;
    for (id = 1;; id++) {
        for (i = 0; i < b->nids; i++)
            if (b->ids[i] == id)
                break;
        if (i == b->nids && !world_has_job(b->w, id))
            return id;
    }
}

static int add_fx(jt_doc_fixture **out, jt_doc_world *w, size_t before, int line) {
    int rc = jt_grow((void **)&w->fx, &w->cap, w->nfx + 1, sizeof *w->fx, JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc;
    *out = &w->fx[w->nfx++];
    memset(*out, 0, sizeof **out);
    (*out)->before = before;
    (*out)->line = line;
    return JT_OK;
}

/* A user the page names, with what its prose grants (JT_DOC_GRANT_…). */
static int add_user(jt_doc_world *w, size_t before, int line, const char *name, unsigned grants) {
    jt_doc_fixture *f;
    int rc;
    if (world_has_user(w, name))
        return JT_OK;
    rc = add_fx(&f, w, before, line);
    if (rc < 0)
        return rc;
    f->fx.kind = JT_FIXTURE_USER;
    f->name = jt_strdup(name);
    if (!f->name)
        return JT_ENOMEM;
    f->fx.name = f->name;
    f->fx.admin = (grants & JT_DOC_GRANT_ADMIN) != 0;
    f->fx.options = ((grants & JT_DOC_GRANT_CONTROLJOB) ? JT_USER_CONTROLJOB : 0u) |
                    ((grants & JT_DOC_GRANT_VIEWJOB) ? JT_USER_VIEWJOB : 0u);
    return JT_OK;
}

/* A copy of s into *owned, and *field pointing at it (nothing for NULL or empty). */
static int own(char **owned, const char **field, const char *s) {
    if (!s || !*s)
        return JT_OK;
    if (!(*owned = jt_strdup(s)))
        return JT_ENOMEM;
    *field = *owned;
    return JT_OK;
}

/* What a job fixture is made of. */
typedef struct job_spec {
    int64_t id, schedule;
    const char *type, *status, *user, *description, *error;
    int user_guessed; /* the page does not show the user */
} job_spec;

/* The last fixture of job id, or NULL. */
static jt_doc_fixture *job_fixture(jt_doc_world *w, int64_t id) {
    size_t i;
    for (i = w->nfx; i > 0; i--)
        if (w->fx[i - 1].fx.kind == JT_FIXTURE_JOB && w->fx[i - 1].fx.id == id)
            return &w->fx[i - 1];
    return NULL;
}

static int add_job(jt_doc_world *w, size_t before, int line, const job_spec *j) {
    jt_doc_fixture *f;
    const char *user = j->user ? j->user : "root";
    int rc;
    if (strcmp(user, "root") != 0 && (rc = add_user(w, before, line, user, 0)) < 0)
        return rc;
    rc = add_fx(&f, w, before, line);
    if (rc < 0)
        return rc;
    f->fx.kind = JT_FIXTURE_JOB;
    f->fx.id = j->id;
    f->fx.schedule = j->schedule;
    f->guessed = !j->status;
    f->guessed_user = !j->user || j->user_guessed;
    rc = own(&f->type, &f->fx.type, j->type ? j->type : "IMPORT");
    if (rc == JT_OK)
        rc = own(&f->status, &f->fx.status, j->status ? j->status : "running");
    if (rc == JT_OK && strcmp(user, "root") != 0)
        rc = own(&f->user, &f->fx.user, user);
    if (rc == JT_OK)
        rc = own(&f->description, &f->fx.description, j->description);
    if (rc == JT_OK)
        rc = own(&f->error, &f->fx.error, j->error);
    return rc;
}

/* ---- what the statements say ------------------------------------------------------------------
 */

/* `PAUSE|RESUME|CANCEL JOB <id>`: the id and the operation. */
static int job_of_stmt(int64_t *out, int *op, const char *sql) {
    const char *s = jt_doc_skip_space(sql), *e;
    char digits[24];
    size_t n;
    *op = -1;
    for (int k = 0; k < JT_DOC_OP_COUNT; k++)
        if (jt_doc_starts_word(s, op_words[k]))
            *op = k;
    if (*op < 0)
        return 0;
    s = jt_doc_skip_space(s + strlen(op_words[*op]));
    if (!jt_doc_starts_word(s, "JOB"))
        return 0;
    s = jt_doc_skip_space(s + 3);
    for (e = s; *e >= '0' && *e <= '9'; e++)
        ;
    n = (size_t)(e - s);
    if (!n || n >= sizeof digits)
        return 0;
    e = jt_doc_skip_space(e);
    if (*e && *e != ';')
        return 0;
    memcpy(digits, s, n);
    digits[n] = '\0';
    return jt_doc_parse_id(out, digits) == 0;
}

/* `PAUSE|RESUME|CANCEL JOBS FOR SCHEDULE <id>` (*op the operation) or `SHOW JOBS FOR SCHEDULE
   <id>` (*op -1): the schedule's id. */
static int schedule_of_stmt(int64_t *out, int *op, const char *sql) {
    const char *s = jt_doc_skip_space(sql), *e;
    char digits[24];
    int k;
    *op = -1;
    for (k = 0; k < JT_DOC_OP_COUNT; k++)
        if (jt_doc_starts_word(s, op_words[k]))
            *op = k;
    if (*op < 0 && !jt_doc_starts_word(s, "SHOW"))
        return 0;
    s = jt_doc_skip_space(s + (*op < 0 ? 4 : strlen(op_words[*op])));
    if (!jt_doc_starts_word(s, "JOBS"))
        return 0;
    s = jt_doc_skip_space(s + 4);
    if (!jt_doc_starts_word(s, "FOR"))
        return 0;
    s = jt_doc_skip_space(s + 3);
    if (!jt_doc_starts_word(s, "SCHEDULE"))
        return 0;
    s = jt_doc_skip_space(s + 8);
    for (e = s; *e >= '0' && *e <= '9'; e++)
        ;
    if (e == s || (size_t)(e - s) >= sizeof digits)
        return 0;
    memcpy(digits, s, (size_t)(e - s));
    digits[e - s] = '\0';
    return jt_doc_parse_id(out, digits) == 0;
}

/* The page shows, right after the statement, that job id does not exist: an error whose text
   says "does not exist" and names id as a number of its own (`job with ID 42 does not exist`). */
/* Whether text t names id as a number of its own. */
static int names_id(const char *t, int64_t id) {
    char digits[24];
    const char *p;
    size_t n;
    snprintf(digits, sizeof digits, "%lld", (long long)id);
    n = strlen(digits);
    for (p = strstr(t, digits); p; p = strstr(p + 1, digits))
        if ((p == t || p[-1] < '0' || p[-1] > '9') && (p[n] < '0' || p[n] > '9'))
            return 1;
    return 0;
}

static int shown_missing(const jt_doc_stmt *st, int64_t id) {
    if (st->out != JT_DOC_OUT_ERROR || !st->out_text || !strstr(st->out_text, "does not exist"))
        return 0;
    return names_id(st->out_text, id);
}

/* The number a command tag ends with (`PAUSE JOBS FOR SCHEDULES 2`), or -1. */
static int64_t tag_count(const jt_doc_stmt *st) {
    const char *s;
    if (st->out != JT_DOC_OUT_TAG || !st->out_text)
        return -1;
    s = strrchr(st->out_text, ' ');
    return s && s[1] >= '0' && s[1] <= '9' ? strtoll(s + 1, NULL, 10) : -1;
}

/* The jobs of the schedule a statement controls: as many as its tag counts (at least one), in
   the status its operation takes. */
static int schedule_world(builder *b, const jt_doc_stmt *st, size_t k) {
    int64_t schedule, want;
    size_t have;
    int op, rc = JT_OK;
    if (!schedule_of_stmt(&schedule, &op, st->sql) || op < 0)
        return JT_OK;
    want = tag_count(st);
    if (want < 0)
        want = 1;
    if (want > 1000)
        return JT_OK; /* a count no example needs made */
    for (have = schedule_jobs(b->w, schedule); rc == JT_OK && (int64_t)have < want; have++) {
        job_spec j;
        memset(&j, 0, sizeof j);
        j.id = fresh_id(b);
        j.schedule = schedule;
        j.type = "BACKUP";
        j.status = op_from[op];
        rc = add_job(b->w, k, st->line, &j);
    }
    return rc;
}

/* The users a statement names: user_name = 'u', user_name IN ('u', …) (also username); each
   gets a running IMPORT job when it has none. */
static int named_user(builder *b, size_t k, int line, const char *p, const char *e) {
    char *name = jt_strndup(p + 1, (size_t)(e - p - 1));
    int rc = JT_OK;
    if (!name)
        return JT_ENOMEM;
    if (strcmp(name, "root") != 0) {
        if (!b->w->subject && !(b->w->subject = jt_strdup(name)))
            rc = JT_ENOMEM;
        if (rc == JT_OK)
            rc = add_user(b->w, k, line, name, 0);
        if (rc == JT_OK && !user_has_job(b->w, name)) {
            job_spec j;
            memset(&j, 0, sizeof j);
            j.id = fresh_id(b);
            j.user = name;
            rc = add_job(b->w, k, line, &j);
        }
    }
    free(name);
    return rc;
}

static int users_of_stmt(builder *b, const jt_doc_stmt *st, size_t k) {
    const char *s = st->sql;
    int rc;
    while ((s = jt_doc_find_ci(s, "user")) != NULL) {
        const char *p = s;
        int list = 0;
        if (jt_doc_starts_word(p, "user_name") || jt_doc_starts_word(p, "username")) {
            p += jt_doc_starts_word(p, "user_name") ? 9 : 8;
        } else {
            s++;
            continue;
        }
        s = p;
        p = jt_doc_skip_space(p);
        if (*p == '=') {
            p = jt_doc_skip_space(p + 1);
        } else if (jt_doc_starts_word(p, "IN") && *jt_doc_skip_space(p + 2) == '(') {
            p = jt_doc_skip_space(jt_doc_skip_space(p + 2) + 1);
            list = 1;
        } else {
            continue;
        }
        while (*p == '\'') {
            const char *e = strchr(p + 1, '\'');
            if (!e || e == p + 1 || (size_t)(e - p - 1) > JT_LIMIT_NAME)
                break;
            if ((rc = named_user(b, k, st->line, p, e)) < 0)
                return rc;
            p = jt_doc_skip_space(e + 1);
            if (!list || *p != ',')
                break;
            p = jt_doc_skip_space(p + 1);
        }
    }
    return JT_OK;
}

/* ---- what the outputs show ---------------------------------------------------------------------
 */

static int column_of(const jt_doc_table *t, const char *a, const char *b) {
    size_t i;
    for (i = 0; i < t->ncols; i++)
        if (jt_strcaseeq(t->columns[i], a) || (b && jt_strcaseeq(t->columns[i], b)))
            return (int)i;
    return -1;
}

static int reads_jobs(const char *sql) {
    return jt_doc_find_ci(sql, "JOBS") != NULL || jt_doc_find_ci(sql, "system.jobs") != NULL ||
           jt_doc_find_ci(sql, "SHOW JOB") != NULL;
}

/* The type every job of a statement's output has when the statement says so: SHOW CHANGEFEED
   JOBS lists changefeeds only (docs/profiles.md, "Statements"), or NULL. */
static const char *type_of_stmt(const char *sql) {
    const char *s = jt_doc_find_ci(sql, "CHANGEFEED");
    return s && jt_doc_starts_word(jt_doc_skip_space(s + 10), "JOBS") ? "CHANGEFEED" : NULL;
}

/* A cell that says something (not empty, not `...`, not cut off with `...`). */
static const char *shown(const jt_doc_table *t, size_t row, int col) {
    const char *v;
    size_t n;
    if (col < 0)
        return NULL;
    v = t->cells[row * t->ncols + (size_t)col];
    n = strlen(v);
    if (!n || jt_doc_is_ellipsis(v) || (n >= 3 && strcmp(v + n - 3, "...") == 0))
        return NULL;
    return v;
}

/* A description cell: what it shows, without the `...` that cuts it short (the job's own
   description starts with that), or NULL in *out. *buf_out is allocated when it was cut. */
static int description_cell(const char **out, char **buf_out, const jt_doc_table *t, size_t row,
                            int col) {
    const char *v;
    size_t n;
    *out = NULL;
    *buf_out = NULL;
    if (col < 0)
        return JT_OK;
    v = t->cells[row * t->ncols + (size_t)col];
    n = strlen(v);
    if (!n || jt_doc_is_ellipsis(v))
        return JT_OK;
    if (n >= 3 && strcmp(v + n - 3, "...") == 0) {
        n -= 3;
        while (n && jt_doc_is_space((unsigned char)v[n - 1]))
            n--;
        if (!n)
            return JT_OK;
        if (!(*buf_out = jt_strndup(v, n)))
            return JT_ENOMEM;
        *out = *buf_out;
        return JT_OK;
    }
    *out = v;
    return JT_OK;
}

/* The columns of a SHOW JOBS-like table that make a job. */
typedef struct columns {
    int id, type, description, user, status, error;
} columns;

static void columns_of(columns *c, const jt_doc_table *t) {
    c->id = column_of(t, "job_id", "id");
    c->type = column_of(t, "job_type", "type");
    c->description = column_of(t, "description", NULL);
    c->user = column_of(t, "user_name", "username");
    c->status = column_of(t, "status", NULL);
    c->error = column_of(t, "error", NULL);
}

/* The value a statement's filter gives a column for the rows it returns (`col = 'x'`, `col =
   ('x')`, `col IN ('x', …)`: the first), copied into buf; NULL when it names none. */
static const char *filter_value(char *buf, size_t size, const char *sql, const char *col) {
    const char *s = sql, *e;
    size_t n = strlen(col);
    while ((s = jt_doc_find_ci(s, col)) != NULL) {
        const char *p = s + n;
        int inside = (s > sql && (s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z'))) || *p == '_' ||
                     (*p >= 'a' && *p <= 'z');
        s = p;
        if (inside)
            continue; /* running_status and the like */
        p = jt_doc_skip_space(p);
        if (*p == '=')
            p = jt_doc_skip_space(p + 1);
        else if (jt_doc_starts_word(p, "IN"))
            p = jt_doc_skip_space(p + 2);
        else
            continue;
        if (*p == '(')
            p = jt_doc_skip_space(p + 1);
        if (*p != '\'' || !(e = strchr(p + 1, '\'')) || (size_t)(e - p) >= size)
            continue;
        memcpy(buf, p + 1, (size_t)(e - p - 1));
        buf[e - p - 1] = '\0';
        return buf;
    }
    return NULL;
}

static const char *filter_status(char *buf, size_t size, const char *sql) {
    return filter_value(buf, size, sql, "status");
}

/* The job of row r (r < nrows; for a row the page leaves out, like the last one shown, with
   id and no description). */
static int job_of_row(builder *b, const jt_doc_table *t, const columns *c, size_t r, int64_t id,
                      int64_t schedule, size_t k, int filler) {
    job_spec j;
    char *cut = NULL, *lower = NULL, implied[32], implied_user[JT_LIMIT_NAME + 1];
    const char *status = shown(t, r, c->status);
    int rc;
    if (!status)
        status = filter_status(implied, sizeof implied, b->page->stmts[k].sql);
    memset(&j, 0, sizeof j);
    j.id = id;
    j.schedule = schedule;
    j.type = shown(t, r, c->type);
    if (!filler && description_cell(&j.description, &cut, t, r, c->description) < 0)
        return JT_ENOMEM;
    if (!j.type && j.description)
        j.type = type_of_description(j.description);
    if (!j.type)
        j.type = type_of_stmt(b->page->stmts[k].sql);
    if (status && !(lower = jt_doc_lower_dup(status, strlen(status)))) {
        free(cut);
        return JT_ENOMEM;
    }
    j.status = lower;
    j.user = shown(t, r, c->user);
    if (!j.user)
        j.user =
            filter_value(implied_user, sizeof implied_user, b->page->stmts[k].sql, "user_name");
    j.user_guessed = filler;
    j.error = filler ? NULL : shown(t, r, c->error);
    rc = add_job(b->w, k, filler ? t->more_rows_line : t->row_lines[r], &j);
    free(cut);
    free(lower);
    return rc;
}

/* Whether table t shows job id. */
static int table_shows(const jt_doc_table *t, int64_t id) {
    columns c;
    size_t r;
    columns_of(&c, t);
    for (r = 0; c.id >= 0 && r < t->nrows; r++) {
        const char *v = shown(t, r, c.id);
        int64_t x;
        if (v && jt_doc_parse_id(&x, v) == 0 && x == id)
            return 1;
    }
    return 0;
}

/* The type row r of statement j's table shows or implies (its description, its statement), or
   NULL. */
static const char *type_of_row(const jt_doc_stmt *st, const columns *c, size_t r) {
    const char *ty = shown(&st->table, r, c->type), *d = shown(&st->table, r, c->description);
    if (!ty && d)
        ty = type_of_description(d);
    return ty ? ty : type_of_stmt(st->sql);
}

/* A job the world has that a row a `...` leaves out of statement k's table can be: of its type,
   not shown by the table, not met yet at statement k, with a status the page has not shown or
   the one the statement filters on. 0 when there is none. */
static int64_t known_left_out(const builder *b, size_t k, const char *type) {
    char implied[32];
    const char *status = filter_status(implied, sizeof implied, b->page->stmts[k].sql);
    size_t i;
    for (i = 0; type && i < b->w->nfx; i++) {
        const jt_doc_fixture *f = &b->w->fx[i];
        if (f->fx.kind != JT_FIXTURE_JOB || !f->fx.type || !jt_strcaseeq(f->fx.type, type) ||
            table_shows(&b->page->stmts[k].table, f->fx.id))
            continue;
        f = job_fixture(b->w, f->fx.id);
        if (f->before < k && (f->guessed || (status && jt_strcaseeq(status, f->fx.status))))
            return f->fx.id;
    }
    return 0;
}

/* An id for a row a `...` leaves out of statement k's table: one a later output of the page
   shows and the world does not have yet (a row of the same type, or of a type not shown), a job
   the world has that fits (known_left_out: the rows an earlier output left out are those of a
   later one), or a fresh one. */
static int64_t left_out_id(builder *b, size_t k, const char *type) {
    size_t j, r;
    int64_t id;
    for (j = k + 1; j < b->page->nstmts; j++) {
        const jt_doc_stmt *st = &b->page->stmts[j];
        columns c;
        if (st->out != JT_DOC_OUT_TABLE)
            continue;
        columns_of(&c, &st->table);
        for (r = 0; c.id >= 0 && r < st->table.nrows; r++) {
            const char *v = shown(&st->table, r, c.id), *ty = type_of_row(st, &c, r);
            if (v && jt_doc_parse_id(&id, v) == 0 && !world_has_job(b->w, id) &&
                !table_shows(&b->page->stmts[k].table, id) &&
                (!ty || !type || jt_strcaseeq(ty, type)))
                return id;
        }
    }
    id = known_left_out(b, k, type);
    return id ? id : fresh_id(b);
}

/* The jobs of the rows a `...` leaves out of a table that counts them: like its last row. */
static int filler_jobs(builder *b, const jt_doc_table *t, const columns *c, int64_t schedule,
                       size_t k) {
    size_t missing, i;
    int rc = JT_OK;
    if (!t->more_rows || t->row_count < 0 || (size_t)t->row_count <= t->nrows || !t->nrows)
        return JT_OK;
    missing = (size_t)t->row_count - t->nrows;
    if (missing > 1000)
        return JT_OK; /* a count no example needs made */
    for (i = 0; i < missing && rc == JT_OK; i++) {
        int64_t id = left_out_id(b, k, shown(t, t->nrows - 1, c->type));
        rc = note_id(b, id);
        if (rc == JT_OK)
            rc = job_of_row(b, t, c, t->nrows - 1, id, schedule, k, 1);
    }
    return rc;
}

/* A conflict of the page at statement k (finding JT_DOC_FIND_PAGE), or a statement that follows
   one (JT_DOC_FIND_NONE, a note): recorded with its message, the statement not compared. */
static int conflict(builder *b, size_t k, int line, int finding, char *message) {
    jt_doc_world *w = b->w;
    int rc = message ? jt_grow((void **)&w->conflicts, &w->conflicts_cap, w->nconflicts + 1,
                               sizeof *w->conflicts, JT_LIMIT_RECORDS)
                     : JT_ENOMEM;
    if (rc < 0) {
        free(message);
        return rc;
    }
    w->conflicts[w->nconflicts].stmt = k;
    w->conflicts[w->nconflicts].line = line;
    w->conflicts[w->nconflicts].finding = finding;
    w->conflicts[w->nconflicts].message = message;
    w->nconflicts++;
    return JT_OK;
}

/* Job id shown as a job of another type than at line earlier: a defect of the page; the id is
   remembered so that the statements after it that name or show the job are not compared. */
static int two_jobs(builder *b, size_t k, int line, int64_t id, const char *type, int earlier) {
    int rc = jt_grow((void **)&b->clash, &b->clash_cap, b->nclash + 1, sizeof *b->clash,
                     JT_LIMIT_RECORDS);
    if (rc == JT_OK)
        rc = jt_grow((void **)&b->clash_line, &b->clash_line_cap, b->nclash + 1,
                     sizeof *b->clash_line, JT_LIMIT_RECORDS);
    if (rc < 0)
        return rc;
    b->clash[b->nclash] = id;
    b->clash_line[b->nclash++] = line;
    return conflict(b, k, line, JT_DOC_FIND_PAGE,
                    jt_doc_finding_msg(b->page->path, line, JT_DOC_FIND_PAGE,
                                       "the page showed job %lld as a %s job at line %d: one id "
                                       "for two jobs, so the examples do not follow each other "
                                       "(not compared)",
                                       (long long)id, type, earlier));
}

/* Statement k names or shows a job the page showed as two jobs before it: what the job is by
   then the examples do not say, so the statement is not compared (a note, not a second
   defect). */
static int follows_two_jobs(builder *b, size_t k) {
    const jt_doc_stmt *st = &b->page->stmts[k];
    size_t i;
    for (i = 0; i < b->nclash; i++) {
        int64_t id = b->clash[i];
        if (b->clash_line[i] >= st->line ||
            !(names_id(st->sql, id) ||
              (st->out == JT_DOC_OUT_TABLE && table_shows(&st->table, id))))
            continue;
        return conflict(b, k, st->line, JT_DOC_FIND_NONE,
                        jt_doc_finding_msg(b->page->path, st->line, JT_DOC_FIND_NONE,
                                           "`%.60s` is not compared: it names job %lld, which "
                                           "the page shows as two jobs (line %d)",
                                           st->sql, (long long)id, b->clash_line[i]));
    }
    return JT_OK;
}

/* A row of a job the world has already: a type that differs is a conflict of the page; a
   status or user the page did not show before and shows (or implies) now moves the job there. */
static int known_job(builder *b, const jt_doc_table *t, const columns *c, size_t r, int64_t id,
                     size_t k) {
    jt_doc_fixture *f = job_fixture(b->w, id);
    const char *type = shown(t, r, c->type), *status = shown(t, r, c->status);
    const char *user = shown(t, r, c->user);
    char implied[32];
    job_spec j;
    if (!f)
        return JT_OK;
    if (type && f->fx.type && !jt_strcaseeq(type, f->fx.type))
        return two_jobs(b, k, t->row_lines[r], id, f->fx.type, f->line);
    if (!status)
        status = filter_status(implied, sizeof implied, b->page->stmts[k].sql);
    if (!f->guessed || (status && jt_strcaseeq(status, f->fx.status)))
        status = NULL; /* a status shown before stays, one shown again is no news */
    if (!f->guessed_user || (user && jt_strcaseeq(user, f->fx.user ? f->fx.user : "root")))
        user = NULL;
    if (!status && !user)
        return JT_OK;
    memset(&j, 0, sizeof j);
    j.id = id;
    j.schedule = f->fx.schedule;
    j.type = f->fx.type;
    j.user = user ? user : f->fx.user;
    j.user_guessed = !user && f->guessed_user;
    j.description = f->fx.description;
    j.status = status ? status : f->fx.status;
    return add_job(b->w, k, t->row_lines[r], &j); /* f's strings outlive a move of the array */
}

static int jobs_of_table(builder *b, const jt_doc_stmt *st, size_t k) {
    const jt_doc_table *t = &st->table;
    int64_t schedule = 0;
    columns c;
    size_t r;
    int op, rc;
    columns_of(&c, t);
    if (c.id < 0 || !reads_jobs(st->sql))
        return JT_OK;
    if (!schedule_of_stmt(&schedule, &op, st->sql) || op >= 0)
        schedule = 0;
    rc = filler_jobs(b, t, &c, schedule, k);
    for (r = t->nrows; r > 0 && rc == JT_OK; r--) {
        const char *v = shown(t, r - 1, c.id);
        int64_t id;
        if (!v || jt_doc_parse_id(&id, v) < 0)
            continue;
        if (world_has_job(b->w, id))
            rc = known_job(b, t, &c, r - 1, id, k);
        else
            rc = job_of_row(b, t, &c, r - 1, id, schedule, k, 0);
    }
    return rc;
}

/* Every id the page shows or names, so that the ids made up here do not collide with them. */
static int note_page_ids(builder *b, const jt_doc_page *page) {
    size_t k, r;
    int rc = JT_OK;
    for (k = 0; k < page->nstmts && rc == JT_OK; k++) {
        const jt_doc_stmt *st = &page->stmts[k];
        int64_t id;
        int op;
        if (job_of_stmt(&id, &op, st->sql))
            rc = note_id(b, id);
        if (st->out == JT_DOC_OUT_TABLE) {
            int cid = column_of(&st->table, "job_id", "id");
            for (r = 0; cid >= 0 && r < st->table.nrows && rc == JT_OK; r++) {
                const char *v = shown(&st->table, r, cid);
                if (v && jt_doc_parse_id(&id, v) == 0)
                    rc = note_id(b, id);
            }
        }
    }
    return rc;
}

/* The users the prose grants privileges to, before the first statement after the sentence. */
static int granted_users(builder *b, size_t k, const jt_doc_stmt *st) {
    const jt_doc_page *page = b->page;
    size_t i;
    int rc = JT_OK;
    for (i = 0; i < page->ngrants && rc == JT_OK; i++) {
        const jt_doc_grant *g = &page->grants[i];
        if (g->line < st->line && (k == 0 || g->line > page->stmts[k - 1].line))
            rc = add_user(b->w, k, g->line, g->user, g->grants);
    }
    return rc;
}

/* Statement k: what it and its output imply. */
static int world_of_stmt(builder *b, size_t k) {
    const jt_doc_stmt *st = &b->page->stmts[k];
    int64_t id;
    int op, rc = granted_users(b, k, st);
    if (rc == JT_OK)
        rc = follows_two_jobs(b, k);
    if (rc == JT_OK && st->user)
        rc = add_user(b->w, k, st->line, st->user, 0);
    if (rc == JT_OK && st->out == JT_DOC_OUT_TABLE)
        rc = jobs_of_table(b, st, k);
    if (rc == JT_OK)
        rc = users_of_stmt(b, st, k);
    if (rc == JT_OK)
        rc = schedule_world(b, st, k);
    if (rc == JT_OK && job_of_stmt(&id, &op, st->sql) && !world_has_job(b->w, id) &&
        !shown_missing(st, id)) {
        job_spec j;
        memset(&j, 0, sizeof j);
        j.id = id;
        j.status = op_from[op];
        rc = add_job(b->w, k, st->line, &j);
    }
    return rc;
}

int jt_doc_world_build(jt_doc_world *out, const jt_doc_page *page, jt_error *err) {
    builder b;
    size_t k;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&b, 0, sizeof b);
    b.w = out;
    b.page = page;
    rc = note_page_ids(&b, page);
    for (k = 0; k < page->nstmts && rc == JT_OK; k++)
        rc = world_of_stmt(&b, k);
    free(b.ids);
    free(b.clash);
    free(b.clash_line);
    if (rc < 0) {
        jt_doc_world_dispose(out);
        return jt_error_set(err, rc, 0, "%s: %s", page->path, jt_strerror(rc));
    }
    return JT_OK;
}

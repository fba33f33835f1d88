/* Serve's one helper thread: the cursors of large queries opened off the loop (see worker.h). */
#include "sim/serve/worker.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/serve/lex.h"
#include "sim/serve/portal.h"
#include "sim/serve/world.h"

struct jt_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    jt_open_job *todo, *todo_tail; /* submitted, in order */
    jt_open_job *done;             /* finished, for the loop to collect */
    int stopping;
    int pipe[2]; /* the helper writes a byte per finished job; the loop reads */
};

static void job_free(jt_open_job *job) {
    size_t k;
    jt_model_close(job->cur);
    jt_result_dispose(&job->head);
    jt_wmodel_unpin(job->pin);
    for (k = 0; k < job->nparams; k++)
        free((char *)job->params[k].text);
    free(job->params);
    free(job->user);
    free(job->sql);
    free(job);
}

static void *run(void *arg) {
    struct jt_worker *w = arg;
    for (;;) {
        jt_open_job *job;
        char one = 'x';
        ssize_t wr;
        pthread_mutex_lock(&w->mu);
        while (!w->todo && !w->stopping)
            pthread_cond_wait(&w->cv, &w->mu);
        job = w->todo;
        if (!job) {
            pthread_mutex_unlock(&w->mu);
            return NULL;
        }
        w->todo = job->next;
        if (!w->todo)
            w->todo_tail = NULL;
        pthread_mutex_unlock(&w->mu);
        /* Only reads: the model is pinned (copied before any change), the statement is the
           job's own, and no session's prepared statements are used (ss NULL: a query). */
        job->rc = jt_model_open(job->pin->m, NULL, job->user, NULL, job->sql, job->params,
                                job->nparams, &job->cur, &job->head, NULL);
        pthread_mutex_lock(&w->mu);
        job->next = w->done;
        w->done = job;
        pthread_mutex_unlock(&w->mu);
        wr = write(w->pipe[1], &one, 1);
        (void)wr;
    }
}

int jt_worker_start(jt_serve *s) {
    struct jt_worker *w = jt_calloc(1, sizeof *w);
    if (!w)
        return -1;
    if (pipe(w->pipe) < 0) {
        free(w);
        return -1;
    }
    fcntl(w->pipe[0], F_SETFL, O_NONBLOCK);
    fcntl(w->pipe[0], F_SETFD, FD_CLOEXEC);
    fcntl(w->pipe[1], F_SETFD, FD_CLOEXEC);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        close(w->pipe[0]);
        close(w->pipe[1]);
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        return -1;
    }
    s->worker = w;
    return 0;
}

void jt_worker_stop(jt_serve *s) {
    struct jt_worker *w = s->worker;
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = 1;
    while (w->todo) { /* not started: dropped */
        jt_open_job *job = w->todo;
        w->todo = job->next;
        job_free(job);
    }
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    while (w->done) {
        jt_open_job *job = w->done;
        w->done = job->next;
        job_free(job);
    }
    close(w->pipe[0]);
    close(w->pipe[1]);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
    s->worker = NULL;
}

int jt_worker_fd(const jt_serve *s) {
    return s->worker ? s->worker->pipe[0] : -1;
}

int jt_worker_wanted(const jt_serve *s, const jt_conn *c, const jt_portal *p) {
    jt_lexer lx;
    int query, jobs;
    if (!s->worker || c->txn.status != 'I' || p->prepared || !p->rows || p->racy ||
        jt_model_job_count(s->worlds[c->world].cur->m) < JT_SERVE_WORKER_JOBS)
        return 0;
    /* A query written out (not EXECUTE): the helper opens it without the session; one that
       reads the jobs (SHOW JOBS, [SHOW JOBS], crdb_internal.jobs, system.jobs), whose opening
       costs their number: a SELECT 1 stays on the loop, never behind a large one. */
    jt_lex_start(&lx, p->sql);
    query = jt_lex_is(&lx, "SELECT") || jt_lex_is(&lx, "SHOW") || jt_lex_is(&lx, "VALUES");
    for (jobs = 0; query && !jobs && lx.kind != JT_TK_END; jt_lex_next(&lx))
        jobs = jt_lex_is(&lx, "JOBS") || jt_lex_is(&lx, "JOB");
    jt_lex_end(&lx);
    return query && jobs;
}

int jt_worker_submit(jt_serve *s, jt_conn *c, jt_portal *p, jt_wmodel *pin) {
    struct jt_worker *w = s->worker;
    jt_open_job *job = jt_calloc(1, sizeof *job);
    size_t k;
    if (!job)
        return -1;
    job->user = jt_strdup(c->user);
    job->sql = jt_strdup(p->sql);
    job->params = jt_calloc(p->nparams + 1, sizeof *job->params);
    if (!job->user || !job->sql || !job->params) {
        job_free(job);
        return -1;
    }
    job->nparams = p->nparams;
    for (k = 0; k < p->nparams; k++) {
        job->params[k].type = p->params[k].type;
        if (p->params[k].text && !(job->params[k].text = jt_strdup(p->params[k].text))) {
            job_free(job);
            return -1;
        }
    }
    job->pin = pin;
    job->portal = p;
    job->conn = c;
    p->job = job;
    p->opening = 1;
    pthread_mutex_lock(&w->mu);
    if (w->todo_tail)
        w->todo_tail->next = job;
    else
        w->todo = job;
    w->todo_tail = job;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return 0;
}

void jt_worker_forget(jt_portal *p) {
    if (p->job) {
        p->job->portal = NULL;
        p->job = NULL;
    }
}

void jt_worker_collect(jt_serve *s) {
    struct jt_worker *w = s->worker;
    jt_open_job *done;
    char buf[64];
    if (!w)
        return;
    while (read(w->pipe[0], buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&w->mu);
    done = w->done;
    w->done = NULL;
    pthread_mutex_unlock(&w->mu);
    while (done) {
        jt_open_job *job = done;
        done = job->next;
        if (job->portal) {
            job->portal->job = NULL;
            jt_portal_opened(s, job->conn, job->portal, job->rc, &job->head, job->cur, job->pin);
            job->cur = NULL; /* the portal's now */
            job->pin = NULL;
            memset(&job->head, 0, sizeof job->head);
        }
        job_free(job);
    }
}

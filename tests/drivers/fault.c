/*
 * A misbehaving implementation for the exec driver's tests: the reference model behind the
 * example adapter's loop (examples/adapter/adapter.c), which misbehaves on purpose when a
 * statement contains a trigger text.
 *
 * Usage: jobtck_fault_adapter MODE:TRIGGER
 *
 *   crash     abort() (killed by SIGABRT)
 *   hang      never reply (the kit's timeout kills it)
 *   garbage   write a line that is not JSON before the reply
 *   exit      exit with status 3 without replying
 *   partial   write half a reply, then hang
 *   badshape  write a reply of valid JSON of the wrong shape (a number as a value)
 *   flood     write 1 MiB to stderr, then reply normally (the kit must not block)
 *   twolines  write two reply lines, both of the right shape, to one request (in one write:
 *             both are there when the kit reads the first)
 *
 * Each mode first says on stderr what it does, so that the tests can find it in the report.
 * With JT_FAULT_NORESET set (not empty) in its environment, its hello lists no "reset" capability
 * (the kit replaces it by a new adapter between files instead).
 */
#include <jobtck/driver.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"

typedef struct fconn {
    jt_model *m;
    char mode[32];
    char trigger[256];
} fconn;

static int f_connect(const char *target, void **conn_out, jt_error *err) {
    fconn *c = calloc(1, sizeof *c);
    const char *colon = target ? strchr(target, ':') : NULL;
    int rc;
    *conn_out = NULL;
    if (!c)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    if (colon) {
        snprintf(c->mode, sizeof c->mode, "%.*s", (int)(colon - target), target);
        snprintf(c->trigger, sizeof c->trigger, "%s", colon + 1);
    }
    rc = jt_model_new(&c->m, jt_profile_find(JT_PROFILE_DEFAULT), err);
    if (rc < 0) {
        free(c);
        return rc;
    }
    *conn_out = c;
    return JT_OK;
}

static int f_reset(void *conn, jt_error *err) {
    fconn *c = conn;
    (void)err;
    jt_model_reset(c->m);
    return JT_OK;
}

static int f_fixture(void *conn, const jt_fixture *fx, jt_error *err) {
    fconn *c = conn;
    return jt_model_fixture(c->m, fx, err);
}

static void say(const char *what) {
    fprintf(stderr, "fault adapter: %s on purpose\n", what);
    fflush(stderr);
}

static int f_exec(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err) {
    fconn *c = conn;
    if (c->trigger[0] && strstr(sql, c->trigger)) {
        if (strcmp(c->mode, "crash") == 0) {
            say("crashing");
            abort();
        } else if (strcmp(c->mode, "hang") == 0) {
            say("hanging");
            for (;;)
                pause();
        } else if (strcmp(c->mode, "garbage") == 0) {
            say("writing garbage");
            fputs("this is not JSON\n", stdout);
            fflush(stdout);
        } else if (strcmp(c->mode, "exit") == 0) {
            say("exiting early");
            exit(3);
        } else if (strcmp(c->mode, "partial") == 0) {
            say("writing half a reply");
            fputs("{\"ok\":tr", stdout);
            fflush(stdout);
            for (;;)
                pause();
        } else if (strcmp(c->mode, "badshape") == 0) {
            say("writing a number as a value");
            fputs("{\"ok\":true,\"tag\":\"SELECT 1\",\"columns\":[\"a\"],\"rows\":[[1]]}\n",
                  stdout);
            fflush(stdout);
        } else if (strcmp(c->mode, "twolines") == 0) {
            say("writing two lines");
            /* not flushed: the adapter's loop writes its own reply after it, and flushes */
            fputs("{\"ok\":true,\"tag\":\"PAUSE JOBS 1\",\"columns\":[],\"rows\":[]}\n", stdout);
        } else if (strcmp(c->mode, "flood") == 0) {
            static char line[1024];
            int i;
            memset(line, 'x', sizeof line - 1);
            line[sizeof line - 2] = '\n';
            for (i = 0; i < 1024; i++)
                fputs(line, stderr);
            say("flooding stderr");
        }
    }
    return jt_model_exec(c->m, user, sql, out, err);
}

static void f_free_result(void *conn, jt_result *res) {
    (void)conn;
    jt_result_dispose(res);
}

static void f_disconnect(void *conn) {
    fconn *c = conn;
    jt_model_free(c->m);
    free(c);
}

static jt_driver fault_driver = {
    .abi_version = JT_DRIVER_ABI,
    .name = "fault",
    .caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET,
    .connect = f_connect,
    .reset = f_reset,
    .fixture = f_fixture,
    .exec = f_exec,
    .free_result = f_free_result,
    .disconnect = f_disconnect,
};

const jt_driver *jt_driver_entry(void);

const jt_driver *jt_driver_entry(void) {
    const char *noreset = getenv("JT_FAULT_NORESET");
    if (noreset && *noreset)
        fault_driver.caps &= ~(unsigned)JT_CAP_RESET;
    return &fault_driver;
}

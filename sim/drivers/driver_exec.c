/*
 * The `exec` driver: an adapter program in any language, started without a shell, speaking
 * JSON lines on its stdin and stdout (docs/drivers.md, "The exec protocol").
 *
 * Every request waits at most the timeout for its reply. An adapter that crashes, hangs,
 * writes something that is not one line of the protocol's JSON, or exits, is stopped
 * (SIGKILL) and the call fails with JT_EDRIVER or JT_ETIMEOUT and a message that says what
 * happened, how the adapter ended and the last of its stderr. Its stderr is read all along
 * (so that it never blocks on a full pipe) and only its tail is kept. After a failure the
 * connection is dead: reset starts a fresh adapter, anything else fails at once.
 */
#include "sim/drivers/drivers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim/drivers/session.h"
#include "sim/text/json.h"
#include "sim/text/strbuf.h"

extern char **environ;

#define EXEC_LINE_MAX (64u << 20)   /* bytes in one reply line */
#define EXEC_REQUEST_MAX (8u << 20) /* bytes in one request (SQL is at most 1 MiB) */
#define EXEC_STDERR_KEEP 4096       /* bytes of the adapter's stderr kept */
#define EXEC_ARGS_MAX 256           /* words of the command line */
#define EXEC_COLS_MAX 1000          /* columns of a result */
#define EXEC_START_MS 10000         /* hello waits at least this long, whatever the timeout */
#define EXEC_QUIT_MS 1000           /* disconnect: how long an adapter may take to exit on EOF */
#define EXEC_REAP_MS 300            /* after EOF or a kill: how long to wait for the exit status */
#define EXEC_TIMEOUT_MAX_MS 86400000
#define EXEC_OPTIONS_MAX 64 /* options sent to the adapter */
/* A fixture refused with this SQLSTATE (invalid_parameter_value) is impossible in the
   implementation's version: an error of the case file, as the model's JT_EINVAL. */
#define REFUSED_FIXTURE "22023"

/* The kit's own option; every other one goes to the adapter in its hello. */
const char *const jt_driver_exec_keys[] = {"timeout_ms", NULL};

typedef struct exec_conn {
    char **argv; /* the command line, split */
    size_t argc;
    int timeout_ms;
    pid_t pid; /* 0: no adapter runs */
    int in_fd, out_fd, err_fd;
    char *rbuf; /* bytes of stdout not consumed yet */
    size_t rlen, rcap;
    size_t pending;      /* bytes that followed the last reply's line */
    const char *last_op; /* the last request sent ("hello", "exec"...), or NULL */
    char extra[64];      /* the start of the pending bytes, for the message */
    char errtail[EXEC_STDERR_KEEP];
    size_t errlen;
    char name[JT_LIMIT_NAME];
    jt_option options[EXEC_OPTIONS_MAX]; /* for the adapter (the strings are the kit's) */
    size_t noptions;
    unsigned caps;
    int advance; /* its hello lists "advance": a virtual clock */
    int dead;    /* the adapter failed; failure says how */
    char failure[JT_MESSAGE_MAX];
    json_t *reply; /* the last reply, or NULL */
    json_t *out;   /* the request being built, or NULL */
    jt_strbuf req;
} exec_conn;

/* ---- the command line ---------------------------------------------------------------- */

static void free_argv(char **argv, size_t argc) {
    size_t i;
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}

/* The next word of a command line from *s into word (*s moves past it); *got 0 at the end. */
static int next_word(const char **s, jt_strbuf *word, int *got, jt_error *err) {
    const char *p = *s;
    int rc = JT_OK;
    *got = 0;
    while (*p == ' ' || *p == '\t' || *p == '\n')
        p++;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && rc == JT_OK) {
        *got = 1;
        if (*p == '\'') {
            const char *end = strchr(p + 1, '\'');
            if (!end)
                return jt_error_set(err, JT_EPARSE, 0, "exec: unterminated ' in the command");
            rc = jt_strbuf_add(word, p + 1, (size_t)(end - p - 1));
            p = end + 1;
        } else if (*p == '"') {
            for (p++; *p && *p != '"' && rc == JT_OK; p++) {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
                rc = jt_strbuf_add(word, p, 1);
            }
            if (rc == JT_OK && !*p)
                return jt_error_set(err, JT_EPARSE, 0, "exec: unterminated \" in the command");
            p++;
        } else if (*p == '\\') {
            if (!p[1])
                return jt_error_set(err, JT_EPARSE, 0, "exec: the command ends with \\");
            rc = jt_strbuf_add(word, p + 1, 1);
            p += 2;
        } else {
            rc = jt_strbuf_add(word, p++, 1);
        }
    }
    *s = p;
    if (rc == JT_ELIMIT)
        return jt_error_set(err, rc, 0, "exec: a word of the command is too long");
    return rc < 0 ? jt_error_set(err, rc, 0, "out of memory") : JT_OK;
}

int jt_exec_split(char ***argv_out, size_t *argc_out, const char *command, jt_error *err) {
    char **argv = NULL;
    size_t argc = 0, cap = 0;
    jt_strbuf word;
    int rc = JT_OK, got = 1;
    *argv_out = NULL;
    *argc_out = 0;
    jt_strbuf_init(&word, JT_LIMIT_LINE);
    while (rc == JT_OK && (rc = next_word(&command, &word, &got, err)) == JT_OK && got) {
        if (argc + 1 >= EXEC_ARGS_MAX) {
            rc = jt_error_set(err, JT_ELIMIT, 0, "exec: more than %d words in the command",
                              EXEC_ARGS_MAX - 1);
            break;
        }
        rc = jt_grow((void **)&argv, &cap, argc + 2, sizeof *argv, EXEC_ARGS_MAX);
        if (rc == JT_OK && !(argv[argc] = jt_strbuf_take(&word)))
            rc = JT_ENOMEM;
        if (rc < 0) {
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
            break;
        }
        argv[++argc] = NULL;
    }
    if (rc == JT_OK && argc == 0)
        rc = jt_error_set(err, JT_EINVAL, 0, "exec: the command is empty");
    jt_strbuf_dispose(&word);
    if (rc < 0) {
        free_argv(argv, argc);
        return rc;
    }
    *argv_out = argv;
    *argc_out = argc;
    return JT_OK;
}

/* ---- time, fds, the child ------------------------------------------------------------ */

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

static void close_fd(int *fd) {
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* A pipe whose ends are above 2 (so that dup2 onto 0..2 never clobbers one), close-on-exec. */
static int make_pipe(int fds[2]) {
    int k;
    if (pipe(fds) < 0)
        return -1;
    for (k = 0; k < 2; k++) {
        if (fds[k] <= 2) {
            int high = fcntl(fds[k], F_DUPFD, 3);
            if (high < 0)
                return -1;
            close(fds[k]);
            fds[k] = high;
        }
        if (fcntl(fds[k], F_SETFD, FD_CLOEXEC) < 0)
            return -1;
    }
    return 0;
}

static int set_nonblock(int fd) {
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* write() that never raises SIGPIPE: EPIPE is returned instead. */
static ssize_t write_nosigpipe(int fd, const void *buf, size_t n) {
    sigset_t pipe_set, old, pending;
    ssize_t r;
    int e, was_pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    was_pending = sigismember(&pending, SIGPIPE);
    sigprocmask(SIG_BLOCK, &pipe_set, &old);
    r = write(fd, buf, n);
    e = errno;
    if (r < 0 && e == EPIPE && !was_pending) {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR) {
        }
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return r;
}

static void keep_stderr(exec_conn *c, const char *buf, size_t n) {
    if (n >= EXEC_STDERR_KEEP) {
        memcpy(c->errtail, buf + n - EXEC_STDERR_KEEP, EXEC_STDERR_KEEP);
        c->errlen = EXEC_STDERR_KEEP;
        return;
    }
    if (c->errlen + n > EXEC_STDERR_KEEP) {
        size_t drop = c->errlen + n - EXEC_STDERR_KEEP;
        memmove(c->errtail, c->errtail + drop, c->errlen - drop);
        c->errlen -= drop;
    }
    memcpy(c->errtail + c->errlen, buf, n);
    c->errlen += n;
}

/* Reads what the adapter's stderr has; 0 at EOF (and closes it), 1 otherwise. */
static int drain_stderr(exec_conn *c) {
    char buf[4096];
    for (;;) {
        ssize_t n = read(c->err_fd, buf, sizeof buf);
        if (n > 0) {
            keep_stderr(c, buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 1;
        close_fd(&c->err_fd);
        return 0;
    }
}

/* Reads the stderr that is left, for at most ms (the adapter has exited or been killed). */
static void finish_stderr(exec_conn *c, int ms) {
    int64_t deadline = now_ms() + ms;
    while (c->err_fd >= 0) {
        struct pollfd pfd = {c->err_fd, POLLIN, 0};
        int64_t left = deadline - now_ms();
        if (left <= 0)
            break;
        if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
            break;
        if (pfd.revents)
            drain_stderr(c);
    }
}

/* Stops the adapter: at once with SIGKILL when kill_now, else after it has had grace_ms
   to exit on its own (it was seen closing its stdout). Describes how it ended. */
static void stop_adapter(exec_conn *c, int kill_now, int grace_ms, char *how, size_t howsize) {
    int64_t deadline = now_ms() + grace_ms;
    int status = 0;
    pid_t r = 0;
    close_fd(&c->in_fd);
    close_fd(&c->out_fd);
    c->rlen = 0;
    c->pending = 0;
    snprintf(how, howsize, "it ended in an unknown way");
    if (c->pid > 0 && kill_now)
        kill(c->pid, SIGKILL);
    /* what it wrote to stderr before it went */
    finish_stderr(c, kill_now ? EXEC_REAP_MS : grace_ms);
    close_fd(&c->err_fd);
    if (c->pid <= 0)
        return;
    while (!kill_now) {
        r = waitpid(c->pid, &status, WNOHANG);
        if (r != 0 || now_ms() >= deadline)
            break;
        sleep_ms(2);
    }
    if (r == 0) {
        kill(c->pid, SIGKILL);
        while ((r = waitpid(c->pid, &status, 0)) < 0 && errno == EINTR) {
        }
        snprintf(how, howsize, kill_now ? "stopped with SIGKILL" : "it did not exit: SIGKILL");
    } else if (r > 0 && WIFEXITED(status)) {
        snprintf(how, howsize, "it exited with status %d", WEXITSTATUS(status));
    } else if (r > 0 && WIFSIGNALED(status)) {
        snprintf(how, howsize, "it was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    }
    c->pid = 0;
}

/* The last of stderr, at most max bytes, on one line: newlines as " | ", other control
   bytes as '?', "..." in front when some was left out. */
static void stderr_tail(const exec_conn *c, char *out, size_t max) {
    size_t end = c->errlen, start, i, n = 0, shown = 0;
    JT_ASSERT(max >= 8);
    while (end > 0 && (c->errtail[end - 1] == '\n' || c->errtail[end - 1] == '\r' ||
                       c->errtail[end - 1] == ' '))
        end--;
    /* from the end backwards: how much fits (a newline takes three bytes) */
    for (start = end; start > 0; start--) {
        size_t w = c->errtail[start - 1] == '\n' ? 3 : 1;
        if (shown + w > max - 4)
            break;
        shown += w;
    }
    /* do not start in the middle of a UTF-8 sequence */
    while (start < end && ((unsigned char)c->errtail[start] & 0xc0) == 0x80)
        start++;
    if (start > 0) {
        memcpy(out, "...", 3);
        n = 3;
    }
    for (i = start; i < end; i++) {
        unsigned char ch = (unsigned char)c->errtail[i];
        if (ch == '\n') {
            memcpy(out + n, " | ", 3);
            n += 3;
        } else {
            out[n++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
        }
    }
    out[n] = '\0';
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/*
 * The adapter failed: it is stopped (killed at once when kill_now, else given a moment to
 * exit on its own) and the connection is dead. err and c->failure say what happened, how
 * the adapter ended and the tail of its stderr. Returns code.
 */
__attribute__((format(printf, 5, 6))) static int
adapter_failed(exec_conn *c, jt_error *err, int code, int kill_now, const char *fmt, ...) {
    char what[160], how[64];
    va_list ap;
    int n;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    stop_adapter(c, kill_now, EXEC_REAP_MS, how, sizeof how);
    n = snprintf(c->failure, sizeof c->failure,
                 "adapter %.32s: %s; %s; stderr: ", base_name(c->argv[0]), what, how);
    if (n < 0 || (size_t)n > sizeof c->failure - 16)
        n = (int)(sizeof c->failure - 16); /* the tail of stderr gets the rest */
    if (c->errlen)
        stderr_tail(c, c->failure + n, sizeof c->failure - (size_t)n - 1);
    else
        snprintf(c->failure + n, sizeof c->failure - (size_t)n, "(empty)");
    c->dead = 1;
    return jt_error_set(err, code, 0, "%s", c->failure);
}

static int spawn(exec_conn *c, jt_error *err) {
    int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1}, rc, e;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, pipe_set;
    pid_t pid;
    c->errlen = 0;
    c->rlen = 0;
    c->pending = 0;
    c->last_op = NULL;
    c->dead = 0;
    c->failure[0] = '\0';
    if (make_pipe(in) < 0 || make_pipe(out) < 0 || make_pipe(errp) < 0) {
        e = errno;
        close_fd(&in[0]), close_fd(&in[1]), close_fd(&out[0]), close_fd(&out[1]);
        close_fd(&errp[0]), close_fd(&errp[1]);
        return jt_error_set(err, JT_EIO, 0, "exec: cannot make pipes: %s", strerror(e));
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    /* The adapter starts with no signal blocked and SIGPIPE at its default. */
    posix_spawnattr_init(&attr);
    sigemptyset(&none);
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &pipe_set);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    rc = posix_spawnp(&pid, c->argv[0], &fa, &attr, c->argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close_fd(&in[0]);
    close_fd(&out[1]);
    close_fd(&errp[1]);
    if (rc != 0) {
        close_fd(&in[1]);
        close_fd(&out[0]);
        close_fd(&errp[0]);
        return jt_error_set(err, JT_EDRIVER, 0, "exec: cannot start %s: %s", c->argv[0],
                            strerror(rc));
    }
    c->pid = pid;
    c->in_fd = in[1];
    c->out_fd = out[0];
    c->err_fd = errp[0];
    if (set_nonblock(c->in_fd) < 0 || set_nonblock(c->out_fd) < 0 || set_nonblock(c->err_fd) < 0)
        return adapter_failed(c, err, JT_EIO, 1, "cannot set up its pipes: %s", strerror(errno));
    return JT_OK;
}

/* ---- one request, one reply ---------------------------------------------------------- */

/* The start of n bytes of extra output, for a message: up to its first newline, control
   bytes as '?', "..." when cut. */
static void show_extra(char *out, size_t size, const char *bytes, size_t n) {
    size_t i, k = 0;
    JT_ASSERT(size >= 8);
    for (i = 0; i < n && bytes[i] != '\n' && k + 4 < size && i < 48; i++) {
        unsigned char ch = (unsigned char)bytes[i];
        out[k++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    if (i < n && bytes[i] != '\n') {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

/*
 * Output the adapter wrote after its last reply that is already there: a look at its stdout
 * that does not wait. 1 (the start of it in shown) when there is some; 0 when there is none
 * yet, or when the adapter closed its stdout (the next request tells).
 */
static int extra_on_pipe(exec_conn *c, char *shown, size_t size) {
    struct pollfd pfd;
    char buf[64];
    ssize_t n;
    if (c->out_fd < 0)
        return 0;
    pfd = (struct pollfd){c->out_fd, POLLIN, 0};
    if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLIN))
        return 0;
    while ((n = read(c->out_fd, buf, sizeof buf)) < 0 && errno == EINTR) {
    }
    if (n <= 0)
        return 0;
    c->pending = (size_t)n;
    show_extra(shown, size, buf, (size_t)n);
    return 1;
}

/* One request on its way: what is sent of it, what is read of the reply. */
typedef struct trip {
    const char *op;
    int timeout_ms;
    size_t sent, len, scanned;
} trip;

/* The reply's line ends at nl: 1 with *line_out, or a negative JT_E.... */
static int take_line(exec_conn *c, trip *t, char *nl, char **line_out, jt_error *err) {
    size_t linelen = (size_t)(nl - c->rbuf);
    if (t->sent < t->len)
        return adapter_failed(c, err, JT_EDRIVER, 1,
                              "it replied before reading the whole %s request", t->op);
    if (linelen > EXEC_LINE_MAX)
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to %s is longer than %u bytes",
                              t->op, EXEC_LINE_MAX);
    *nl = '\0';
    *line_out = c->rbuf;
    /* bytes after the line: reply_done fails this request on them */
    c->pending = c->rlen - linelen - 1;
    if (c->pending > 0)
        show_extra(c->extra, sizeof c->extra, c->rbuf + linelen + 1, c->pending);
    c->rlen = 0;
    return 1;
}

/* Reads what the adapter's stdout has: 1 with *line_out when a whole line is there, 0 to wait
   for more, or a negative JT_E... (the adapter failed). */
static int read_reply(exec_conn *c, trip *t, char **line_out, jt_error *err) {
    ssize_t n;
    char *nl;
    if (c->rcap - c->rlen < 65536) {
        int rc = jt_grow((void **)&c->rbuf, &c->rcap, c->rlen + 65536, 1, EXEC_LINE_MAX + 65536);
        if (rc == JT_ELIMIT)
            return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to %s is longer than %u bytes",
                                  t->op, EXEC_LINE_MAX);
        if (rc < 0)
            return jt_error_set(err, rc, 0, "out of memory");
    }
    n = read(c->out_fd, c->rbuf + c->rlen, c->rcap - c->rlen - 1);
    if (n == 0)
        return adapter_failed(c, err, JT_EDRIVER, 0,
                              c->rlen ? "it closed its stdout in the middle of its reply to %s"
                                      : "it closed its stdout without replying to %s",
                              t->op);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        return adapter_failed(c, err, JT_EIO, 1, "reading its stdout: %s", strerror(errno));
    if (n <= 0)
        return 0;
    c->rlen += (size_t)n;
    nl = memchr(c->rbuf + t->scanned, '\n', c->rlen - t->scanned);
    t->scanned = c->rlen;
    if (!nl && c->rlen > EXEC_LINE_MAX)
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to %s is longer than %u bytes",
                              t->op, EXEC_LINE_MAX);
    return nl ? take_line(c, t, nl, line_out, err) : 0;
}

/* Writes what the adapter's stdin takes of the request. */
static void write_request(exec_conn *c, trip *t) {
    ssize_t n = write_nosigpipe(c->in_fd, c->req.data + t->sent, t->len - t->sent);
    if (n > 0)
        t->sent += (size_t)n;
    else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        /* It closed its stdin (it exits, most likely): what it does with its stdout, an EOF
           or a reply, or the timeout, tells the rest. */
        t->sent = t->len;
}

/*
 * Sends c->req (a JSON object and '\n') and reads one line. *line_out points at the line in
 * c->rbuf, NUL-terminated, valid until the next request. op names the request in messages.
 */
static int roundtrip(exec_conn *c, const char *op, char **line_out, jt_error *err) {
    trip t = {op, c->timeout_ms, 0, c->req.len, 0};
    int64_t deadline;
    char shown[64];
    /* hello is the adapter's start too: an interpreter or a JVM may take a while */
    if (strcmp(op, "hello") == 0 && t.timeout_ms < EXEC_START_MS)
        t.timeout_ms = EXEC_START_MS;
    deadline = now_ms() + t.timeout_ms;
    *line_out = NULL;
    /* Anything it wrote since its last reply (checked by reply_done) came late: one line too
       many in reply to the previous request. */
    if (c->last_op && extra_on_pipe(c, shown, sizeof shown))
        return adapter_failed(c, err, JT_EDRIVER, 1,
                              "it wrote more than one line in reply to the previous request "
                              "(%s): '%s' came after its reply",
                              c->last_op, shown);
    c->last_op = op;
    for (;;) {
        struct pollfd pfd[3];
        int64_t left = deadline - now_ms();
        nfds_t nfds = 0;
        int iw = -1, io, ie = -1, pr, rc = 0;
        if (left <= 0)
            return adapter_failed(c, err, JT_ETIMEOUT, 1, "no reply to %s within %d ms", op,
                                  t.timeout_ms);
        if (t.sent < t.len) {
            iw = (int)nfds;
            pfd[nfds++] = (struct pollfd){c->in_fd, POLLOUT, 0};
        }
        io = (int)nfds;
        pfd[nfds++] = (struct pollfd){c->out_fd, POLLIN, 0};
        if (c->err_fd >= 0) {
            ie = (int)nfds;
            pfd[nfds++] = (struct pollfd){c->err_fd, POLLIN, 0};
        }
        pr = poll(pfd, nfds, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr < 0)
            return adapter_failed(c, err, JT_EIO, 1, "poll: %s", strerror(errno));
        if (ie >= 0 && pfd[ie].revents)
            drain_stderr(c);
        if (pfd[io].revents && (rc = read_reply(c, &t, line_out, err)) != 0)
            return rc < 0 ? rc : JT_OK;
        if (iw >= 0 && pfd[iw].revents)
            write_request(c, &t);
    }
}

/* Shows a bad line in a message: its start, control bytes as '?'. */
static void show_line(char *out, size_t size, const char *line) {
    size_t i, n = 0;
    for (i = 0; line[i] && n + 4 < size && i < 48; i++) {
        unsigned char ch = (unsigned char)line[i];
        out[n++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    if (line[i] && n + 4 < size) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

/* Sends c->req, reads the reply and parses it as a JSON object with a boolean "ok".
 *root_out: the object; *ok_out: its ok. */
static int request(exec_conn *c, const char *op, const json_t **root_out, int *ok_out,
                   jt_error *err) {
    jt_error perr;
    const json_t *root, *ok;
    char *line;
    int rc;
    *root_out = NULL;
    *ok_out = 0;
    if (c->dead)
        return jt_error_set(err, JT_EDRIVER, 0, "exec: the adapter failed earlier: %s", c->failure);
    rc = roundtrip(c, op, &line, err);
    if (rc < 0)
        return rc;
    memset(&perr, 0, sizeof perr);
    json_decref(c->reply);
    rc = jt_json_load(&c->reply, line, strlen(line), &perr);
    if (rc == JT_ENOMEM)
        return jt_error_set(err, rc, 0, "out of memory");
    if (rc < 0) {
        char shown[64];
        show_line(shown, sizeof shown, line);
        /* the line is gone once the adapter is stopped: copy what the message needs first */
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to %s is not JSON (%s): '%s'", op,
                              perr.message, shown);
    }
    root = c->reply;
    if (!json_is_object(root))
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to %s is a JSON %s, not an object",
                              op, jt_json_kind(root));
    ok = json_object_get(root, "ok");
    if (!json_is_boolean(ok))
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to %s has no boolean \"ok\"", op);
    *root_out = root;
    *ok_out = json_is_true(ok);
    return JT_OK;
}

/*
 * The reply to op has been taken: bytes that followed its line (read with it, or waiting on
 * the pipe now: a look that does not wait) are a second line in reply to op, which fails op,
 * not the next request. Called once the reply itself is known to be right, so that a wrong
 * first line is reported as what it is.
 */
static int reply_done(exec_conn *c, const char *op, jt_error *err) {
    char shown[64];
    if (c->pending > 0)
        snprintf(shown, sizeof shown, "%s", c->extra);
    else if (!extra_on_pipe(c, shown, sizeof shown))
        return JT_OK;
    return adapter_failed(c, err, JT_EDRIVER, 1,
                          "it wrote more than one line in reply to %s: '%s' came after its reply",
                          op, shown);
}

/* A string member, or NULL when absent or null; *bad when present with another type. */
static const char *str_member(exec_conn *c, const json_t *obj, const char *key, int *bad) {
    const json_t *v = json_object_get(obj, key);
    (void)c;
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

/* The message of an ok:false reply (for fixtures, hello, reset). */
static const char *refusal(exec_conn *c, const json_t *root) {
    int bad = 0;
    const char *m = str_member(c, root, "message", &bad);
    return m ? m : "(no message)";
}

static int nomem(jt_error *err) {
    return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
}

/* Starts the request object c->out: {"op":"OP" */
static int begin(exec_conn *c, const char *op) {
    json_decref(c->out);
    c->out = json_object();
    return c->out ? jt_json_set_string(c->out, "op", op) : JT_ENOMEM;
}

/* c->out, written into c->req as one line */
static int end(exec_conn *c) {
    int rc;
    jt_strbuf_dispose(&c->req);
    rc = jt_json_dump(&c->req, c->out);
    json_decref(c->out);
    c->out = NULL;
    return rc < 0 ? rc : jt_strbuf_add(&c->req, "\n", 1);
}

/* "key": the string (or null) */
static int add_field(exec_conn *c, const char *key, const char *value) {
    return jt_json_set_string(c->out, key, value);
}

/* "key": v (taken; NULL: memory ran out) */
static int add_value(exec_conn *c, const char *key, json_t *v) {
    return v && json_object_set_new(c->out, key, v) == 0 ? JT_OK : JT_ENOMEM;
}

/* A request could not be written: SQL or a name that is not UTF-8, or too long. */
static int request_error(int rc, const char *op, jt_error *err) {
    if (rc == JT_EINVAL)
        return jt_error_set(err, JT_EINVAL, 0,
                            "exec: the %s request has text that is not valid UTF-8 (the "
                            "protocol carries UTF-8 only)",
                            op);
    if (rc == JT_ELIMIT)
        return jt_error_set(err, rc, 0, "exec: the %s request is longer than %u bytes", op,
                            EXEC_REQUEST_MAX);
    return nomem(err);
}

/* ---- the protocol -------------------------------------------------------------------- */

/* "options":{"KEY":"VALUE",...} of the hello request, when the adapter has some. */
static int add_options(exec_conn *c) {
    json_t *opts;
    size_t i;
    int rc;
    if (!c->noptions)
        return JT_OK;
    opts = json_object();
    if ((rc = add_value(c, "options", opts)) < 0)
        return rc;
    for (i = 0; i < c->noptions && rc == JT_OK; i++)
        rc = jt_json_set_string(opts, c->options[i].key, c->options[i].value);
    return rc;
}

/* The capabilities a hello reply lists. */
static int read_caps(exec_conn *c, const json_t *root, jt_error *err) {
    static const struct {
        const char *word;
        unsigned cap;
    } words[] = {{"fixtures", JT_CAP_FIXTURES}, {"users", JT_CAP_USERS},
                 {"reset", JT_CAP_RESET},       {"roles", JT_CAP_ROLES},
                 {"job-meta", JT_CAP_JOB_META}, {"advance", 0}};
    const json_t *caps = json_object_get(root, "caps"), *v;
    size_t i, k;
    c->caps = 0;
    c->advance = 0;
    if (caps && !json_is_array(caps) && !json_is_null(caps))
        return adapter_failed(c, err, JT_EDRIVER, 1,
                              "\"caps\" in its reply to hello is not an array");
    json_array_foreach(caps, i, v) {
        if (!json_is_string(v))
            return adapter_failed(c, err, JT_EDRIVER, 1,
                                  "\"caps\" in its reply to hello has a %s, not a string",
                                  jt_json_kind(v));
        for (k = 0; k < sizeof words / sizeof words[0]; k++) {
            if (strcmp(json_string_value(v), words[k].word) != 0)
                continue;
            c->caps |= words[k].cap;
            c->advance |= words[k].cap == 0; /* advance: a virtual clock */
        }
        /* others: a later version's, ignored */
    }
    return JT_OK;
}

/* Every option sent is one the adapter's reply lists in "options" (the keys it took): an
   adapter that does not know options, or this one, must not run as if it had taken it. */
static int check_options(exec_conn *c, const json_t *root, jt_error *err) {
    const json_t *taken = json_object_get(root, "options"), *v;
    size_t i, k;
    for (i = 0; i < c->noptions; i++) {
        json_array_foreach(taken, k, v) {
            if (json_is_string(v) && strcmp(json_string_value(v), c->options[i].key) == 0)
                break;
        }
        if (k == json_array_size(taken)) /* not found (none when it is not an array) */
            return jt_error_set(err, JT_EINVAL, 0,
                                "exec: adapter %s takes no option '%s' (its reply to hello does "
                                "not list it in \"options\")",
                                c->name, c->options[i].key);
    }
    return JT_OK;
}

static int hello(exec_conn *c, jt_error *err) {
    const json_t *root;
    int ok, rc, bad = 0;
    const char *name;
    if ((rc = begin(c, "hello")) < 0 ||
        (rc = add_value(c, "abi", json_integer(JT_DRIVER_ABI))) < 0 || (rc = add_options(c)) < 0 ||
        (rc = end(c)) < 0)
        return request_error(rc, "hello", err);
    if ((rc = request(c, "hello", &root, &ok, err)) < 0)
        return rc;
    if (!ok) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", refusal(c, root));
        return adapter_failed(c, err, JT_EDRIVER, 0, "it refused hello: %s", msg);
    }
    name = str_member(c, root, "name", &bad);
    if (!name || bad)
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to hello has no string \"name\"");
    snprintf(c->name, sizeof c->name, "%s", name);
    if ((rc = read_caps(c, root, err)) < 0 || (rc = check_options(c, root, err)) < 0)
        return rc;
    return reply_done(c, "hello", err);
}

/* timeout_ms is the kit's; the other options are the adapter's. */
static int take_options(exec_conn *c, const jt_option *options, size_t n, jt_error *err) {
    size_t i;
    c->timeout_ms = JT_EXEC_TIMEOUT_DEFAULT_MS;
    for (i = 0; i < n; i++) {
        if (strcmp(options[i].key, "timeout_ms") == 0) {
            char *end;
            long ms = strtol(options[i].value, &end, 10);
            if (*options[i].value < '0' || *options[i].value > '9' || *end || ms < 1 ||
                ms > EXEC_TIMEOUT_MAX_MS)
                return jt_error_set(err, JT_EINVAL, 0, "exec: timeout_ms: expected 1 .. %d",
                                    EXEC_TIMEOUT_MAX_MS);
            c->timeout_ms = (int)ms;
        } else if (c->noptions == EXEC_OPTIONS_MAX) {
            return jt_error_set(err, JT_ELIMIT, 0, "exec: more than %d options", EXEC_OPTIONS_MAX);
        } else {
            c->options[c->noptions++] = options[i];
        }
    }
    return JT_OK;
}

static void exec_disconnect(void *conn);

static int exec_connect_with(const char *target, const jt_option *options, size_t n,
                             void **conn_out, jt_error *err) {
    exec_conn *c = jt_calloc(1, sizeof *c);
    int rc;
    *conn_out = NULL;
    if (!c)
        return nomem(err);
    c->in_fd = c->out_fd = c->err_fd = -1;
    jt_strbuf_init(&c->req, EXEC_REQUEST_MAX);
    rc = take_options(c, options, n, err);
    if (rc == JT_OK && !target)
        rc = jt_error_set(err, JT_EINVAL, 0, "exec: no command (use exec:COMMAND)");
    if (rc == JT_OK)
        rc = jt_exec_split(&c->argv, &c->argc, target, err);
    if (rc == JT_OK)
        rc = spawn(c, err);
    if (rc == JT_OK)
        rc = hello(c, err);
    if (rc < 0) {
        exec_disconnect(c);
        return rc;
    }
    *conn_out = c;
    return JT_OK;
}

static int exec_connect(const char *target, void **conn_out, jt_error *err) {
    return exec_connect_with(target, NULL, 0, conn_out, err);
}

/* What the adapter said it can do in its hello. */
static unsigned exec_conn_caps(void *conn) {
    const exec_conn *c = conn;
    return c->caps;
}

/* A fresh adapter in place of the one that failed (or that cannot reset). */
static int respawn(exec_conn *c, jt_error *err) {
    char how[96];
    int rc;
    if (c->pid > 0)
        stop_adapter(c, 1, 0, how, sizeof how);
    rc = spawn(c, err);
    return rc < 0 ? rc : hello(c, err);
}

static int exec_reset(void *conn, jt_error *err) {
    exec_conn *c = conn;
    const json_t *root;
    char shown[64];
    int ok, rc;
    /* A line it wrote after the reply to the last request, seen only now (it came late): the
       adapter is faulty, whether it would be reset or replaced. The failure is that of the
       last request; this reset fails with it (nothing passes on it), and the next reset
       starts a fresh adapter. */
    if (!c->dead && c->last_op && extra_on_pipe(c, shown, sizeof shown))
        return adapter_failed(c, err, JT_EDRIVER, 1,
                              "it wrote more than one line in reply to %s, the last request "
                              "before this reset: '%s' came after its reply",
                              c->last_op, shown);
    if (c->dead || !(c->caps & JT_CAP_RESET))
        return respawn(c, err);
    if ((rc = begin(c, "reset")) < 0 || (rc = end(c)) < 0)
        return request_error(rc, "reset", err);
    if ((rc = request(c, "reset", &root, &ok, err)) < 0)
        return rc;
    if (!ok) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", refusal(c, root));
        return adapter_failed(c, err, JT_EDRIVER, 0, "it refused reset: %s", msg);
    }
    return reply_done(c, "reset", err);
}

/* The members of a user fixture; ABI 2's only when given (an adapter of the first protocol
   never sees them). */
static int add_user(exec_conn *c, const jt_fixture *fx) {
    int rc = add_field(c, "kind", "user");
    if (rc == JT_OK)
        rc = add_field(c, "name", fx->name);
    if (rc == JT_OK)
        rc = add_value(c, "admin", json_boolean(fx->admin));
    if (rc == JT_OK && (fx->options & JT_USER_CONTROLJOB))
        rc = add_value(c, "controljob", json_true());
    if (rc == JT_OK && (fx->options & JT_USER_VIEWJOB))
        rc = add_value(c, "viewjob", json_true());
    if (rc == JT_OK && fx->member_of)
        rc = add_field(c, "member_of", fx->member_of);
    return rc;
}

/* The members of a job fixture; ids and numbers as strings of digits. */
static int add_job(exec_conn *c, const jt_fixture *fx) {
    char id[32];
    int rc = add_field(c, "kind", "job");
    snprintf(id, sizeof id, "%lld", (long long)fx->id);
    if (rc == JT_OK)
        rc = add_field(c, "id", id);
    if (rc == JT_OK)
        rc = add_field(c, "type", fx->type);
    if (rc == JT_OK)
        rc = add_field(c, "status", fx->status);
    if (rc == JT_OK)
        rc = add_field(c, "user", fx->user);
    if (rc == JT_OK)
        rc = add_field(c, "description", fx->description);
    if (rc == JT_OK)
        rc = add_field(c, "error", fx->error);
    snprintf(id, sizeof id, "%lld", (long long)fx->schedule);
    if (rc == JT_OK && fx->schedule)
        rc = add_field(c, "schedule", id);
    snprintf(id, sizeof id, "%lld", (long long)fx->age_s);
    if (rc == JT_OK && fx->age_s)
        rc = add_field(c, "age_seconds", id);
    return rc;
}

/* What the adapter cannot make, by its hello: JT_ENOTSUP with why; else 0. */
static int fixture_unsupported(const exec_conn *c, const jt_fixture *fx, jt_error *err) {
    if (!(c->caps & JT_CAP_FIXTURES))
        return jt_error_set(err, JT_ENOTSUP, 0,
                            "exec: adapter %s does not take fixtures (its hello lists no "
                            "\"fixtures\")",
                            c->name);
    if ((fx->options || fx->member_of) && !(c->caps & JT_CAP_ROLES))
        return jt_error_set(err, JT_ENOTSUP, 0,
                            "exec: adapter %s takes no role options or memberships (its hello "
                            "lists no \"roles\")",
                            c->name);
    if ((fx->schedule || fx->age_s) && !(c->caps & JT_CAP_JOB_META))
        return jt_error_set(err, JT_ENOTSUP, 0,
                            "exec: adapter %s takes no job schedules or ages (its hello lists no "
                            "\"job-meta\")",
                            c->name);
    return JT_OK;
}

static int exec_fixture(void *conn, const jt_fixture *fx, jt_error *err) {
    exec_conn *c = conn;
    const json_t *root;
    const char *impossible;
    char msg[JT_MESSAGE_MAX];
    int ok, rc, bad = 0;
    if (c->dead)
        return jt_error_set(err, JT_EDRIVER, 0, "exec: the adapter failed earlier: %s", c->failure);
    if ((rc = fixture_unsupported(c, fx, err)) < 0)
        return rc;
    if (fx->kind != JT_FIXTURE_USER && fx->kind != JT_FIXTURE_JOB)
        return jt_error_set(err, JT_EINVAL, 0, "exec: unknown fixture kind %d", fx->kind);
    rc = begin(c, "fixture");
    if (rc == JT_OK)
        rc = fx->kind == JT_FIXTURE_USER ? add_user(c, fx) : add_job(c, fx);
    if (rc == JT_OK)
        rc = end(c);
    if (rc < 0)
        return request_error(rc, "fixture", err);
    if ((rc = request(c, "fixture", &root, &ok, err)) < 0)
        return rc;
    if (ok)
        return reply_done(c, "fixture", err);
    /* refused: with 22023 as impossible in its version (the model's JT_EINVAL), an error of the
       case file; otherwise a failure of the implementation */
    impossible = str_member(c, root, "sqlstate", &bad);
    impossible = !bad && impossible && strcmp(impossible, REFUSED_FIXTURE) == 0 ? "" : NULL;
    snprintf(msg, sizeof msg, "%s", refusal(c, root));
    if ((rc = reply_done(c, "fixture", err)) < 0)
        return rc;
    return jt_error_set(err, impossible ? JT_EINVAL : JT_EDRIVER, 0,
                        "adapter %s refused the fixture: %s", c->name, msg);
}

/* An integer member given as a string of digits or as a number; -1 absent or null. */
static int int_member(exec_conn *c, const json_t *obj, const char *key, int64_t *out) {
    const json_t *v = json_object_get(obj, key);
    const char *t;
    char *end;
    long long n;
    (void)c;
    *out = -1;
    if (!v || json_is_null(v))
        return JT_OK;
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = json_integer_value(v);
        return JT_OK;
    }
    if (!json_is_string(v))
        return JT_EPARSE;
    t = json_string_value(v);
    if (*t < '0' || *t > '9')
        return JT_EPARSE;
    errno = 0;
    n = strtoll(t, &end, 10);
    if (*end || errno)
        return JT_EPARSE;
    *out = n;
    return JT_OK;
}

/* {"op":"advance"}: one step of the jobs' own progress; the reply's "moved" (a string of
   digits) the number of jobs that moved. Only for an adapter whose hello lists "advance". */
static int exec_advance(void *conn, int64_t *out, jt_error *err) {
    exec_conn *c = conn;
    const json_t *root;
    int ok, rc;
    *out = 0;
    if (c->dead)
        return jt_error_set(err, JT_EDRIVER, 0, "exec: the adapter failed earlier: %s", c->failure);
    if (!c->advance)
        return jt_error_set(err, JT_ENOTSUP, 0,
                            "exec: adapter %s has no virtual clock (its hello lists no "
                            "\"advance\")",
                            c->name);
    if ((rc = begin(c, "advance")) < 0 || (rc = end(c)) < 0)
        return request_error(rc, "advance", err);
    if ((rc = request(c, "advance", &root, &ok, err)) < 0)
        return rc;
    if (!ok) {
        char msg[JT_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", refusal(c, root));
        return adapter_failed(c, err, JT_EDRIVER, 0, "it refused advance: %s", msg);
    }
    if (int_member(c, root, "moved", out) < 0 || *out < 0)
        return adapter_failed(c, err, JT_EDRIVER, 0,
                              "its reply to advance has no \"moved\" (a count of jobs)");
    return reply_done(c, "advance", err);
}

static void exec_free_result(void *conn, jt_result *res) {
    (void)conn;
    free(res->message);
    free(res->columns);
    free(res->types);
    free(res->values);
    free(res->priv);
    memset(res, 0, sizeof *res);
    res->count = -1;
}

/* The count of a tag: its last word when that is a number, else -1. */
static int64_t tag_count(const char *tag) {
    const char *sp = strrchr(tag, ' ');
    char *end;
    long long n;
    if (!sp || sp[1] < '0' || sp[1] > '9')
        return -1;
    errno = 0;
    n = strtoll(sp + 1, &end, 10);
    return *end || errno ? -1 : n;
}

/* The columns and rows of a successful reply, checked: strings (and nulls in rows), as many
   values in each row as columns. *total: the bytes of their texts with their NULs. */
static int check_rows(exec_conn *c, const json_t *cols, const json_t *rows, size_t *total,
                      jt_error *err) {
    const json_t *v, *row;
    size_t ncols = json_array_size(cols), k, j;
    *total = 0;
    if (ncols > EXEC_COLS_MAX || json_array_size(rows) > JT_LIMIT_ROWS)
        return adapter_failed(c, err, JT_EDRIVER, 1, "its result has %zu columns and %zu rows",
                              ncols, json_array_size(rows));
    json_array_foreach(cols, j, v) {
        if (!json_is_string(v))
            return adapter_failed(c, err, JT_EDRIVER, 1, "a column name is a %s, not a string",
                                  jt_json_kind(v));
        *total += json_string_length(v) + 1;
    }
    json_array_foreach(rows, k, row) {
        if (!json_is_array(row) || json_array_size(row) != ncols)
            return adapter_failed(c, err, JT_EDRIVER, 1,
                                  "row %zu of its result is not an array of %zu values", k + 1,
                                  ncols);
        json_array_foreach(row, j, v) {
            if (json_is_string(v))
                *total += json_string_length(v) + 1;
            else if (!json_is_null(v))
                return adapter_failed(c, err, JT_EDRIVER, 1,
                                      "row %zu of its result has a %s: values are strings or "
                                      "null",
                                      k + 1, jt_json_kind(v));
        }
    }
    return JT_OK;
}

/* The texts of the columns and rows (checked) copied into out, in one block of total bytes. */
static int copy_rows(exec_conn *c, const json_t *cols, const json_t *rows, size_t total,
                     jt_result *out, jt_error *err) {
    const json_t *v, *row;
    size_t k, j;
    char *w;
    (void)c;
    out->ncols = json_array_size(cols);
    out->nrows = json_array_size(rows);
    out->columns = jt_calloc(out->ncols, sizeof *out->columns);
    out->values = jt_calloc(out->nrows * out->ncols, sizeof *out->values);
    out->priv = w = jt_malloc(total);
    if (!out->columns || !out->values || !w)
        return nomem(err);
    json_array_foreach(cols, j, v) {
        memcpy(w, json_string_value(v), json_string_length(v) + 1);
        out->columns[j] = w;
        w += json_string_length(v) + 1;
    }
    json_array_foreach(rows, k, row) {
        json_array_foreach(row, j, v) {
            if (json_is_null(v))
                continue;
            memcpy(w, json_string_value(v), json_string_length(v) + 1);
            out->values[k * out->ncols + j] = w;
            w += json_string_length(v) + 1;
        }
    }
    return JT_OK;
}

/* A successful reply into out; a reply of the wrong shape fails the adapter. */
static int read_rows(exec_conn *c, const json_t *root, jt_result *out, jt_error *err) {
    const json_t *cols, *rows;
    const char *tag, *types;
    size_t total;
    int bad = 0, rc;
    tag = str_member(c, root, "tag", &bad);
    if (!tag || bad)
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to exec has no string \"tag\"");
    if (strlen(tag) >= sizeof out->tag)
        return adapter_failed(c, err, JT_EDRIVER, 1, "the tag of its reply is longer than %zu",
                              sizeof out->tag - 1);
    cols = json_object_get(root, "columns");
    rows = json_object_get(root, "rows");
    if (!json_is_array(cols))
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to exec has no array \"columns\"");
    if (!json_is_array(rows))
        return adapter_failed(c, err, JT_EDRIVER, 1, "its reply to exec has no array \"rows\"");
    if ((rc = check_rows(c, cols, rows, &total, err)) < 0)
        return rc;
    types = str_member(c, root, "types", &bad);
    if (bad || (types && strlen(types) != json_array_size(cols)))
        return adapter_failed(c, err, JT_EDRIVER, 1,
                              "\"types\" of its reply is not a string of %zu letters",
                              json_array_size(cols));
    if (int_member(c, root, "count", &out->count) < 0)
        return adapter_failed(c, err, JT_EDRIVER, 1,
                              "\"count\" of its reply is not a string of digits");
    if (!json_object_get(root, "count"))
        out->count = tag_count(tag);
    snprintf(out->tag, sizeof out->tag, "%s", tag);
    if (types && !(out->types = jt_strdup(types)))
        rc = nomem(err);
    if (rc == JT_OK)
        rc = copy_rows(c, cols, rows, total, out, err);
    if (rc < 0)
        exec_free_result(c, out);
    return rc;
}

static int is_sqlstate(const char *s) {
    size_t i;
    for (i = 0; i < 5; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
    return s[5] == '\0';
}

static int exec_exec(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err) {
    exec_conn *c = conn;
    const json_t *root;
    int ok, rc, bad = 0;
    memset(out, 0, sizeof *out);
    out->count = -1;
    if (c->dead)
        return jt_error_set(err, JT_EDRIVER, 0, "exec: the adapter failed earlier: %s", c->failure);
    if (!(c->caps & JT_CAP_USERS) && user && strcmp(user, "root") != 0)
        return jt_error_set(err, JT_ENOTSUP, 0,
                            "exec: adapter %s runs statements as root only (its hello lists "
                            "no \"users\")",
                            c->name);
    if ((rc = begin(c, "exec")) < 0 || (rc = add_field(c, "user", user ? user : "root")) < 0 ||
        (rc = add_field(c, "sql", sql)) < 0 || (rc = end(c)) < 0)
        return request_error(rc, "exec", err);
    if ((rc = request(c, "exec", &root, &ok, err)) < 0)
        return rc;
    if (ok) {
        rc = read_rows(c, root, out, err);
        if (rc == JT_OK && (rc = reply_done(c, "exec", err)) < 0)
            exec_free_result(c, out);
        return rc;
    }
    {
        const char *state = str_member(c, root, "sqlstate", &bad);
        const char *message = str_member(c, root, "message", &bad);
        int64_t pos;
        if (bad || !state || !is_sqlstate(state) || !message)
            return adapter_failed(c, err, JT_EDRIVER, 1,
                                  "its error reply needs a 5-character \"sqlstate\" and a "
                                  "\"message\"");
        if (int_member(c, root, "position", &pos) < 0 || pos > INT32_MAX)
            return adapter_failed(c, err, JT_EDRIVER, 1,
                                  "\"position\" of its reply is not a string of digits");
        out->failed = 1;
        memcpy(out->sqlstate, state, 6);
        out->position = pos > 0 ? (int)pos : 0;
        out->message = jt_strdup(message);
        if (!out->message)
            return nomem(err);
    }
    if ((rc = reply_done(c, "exec", err)) < 0)
        exec_free_result(c, out);
    return rc;
}

static void exec_disconnect(void *conn) {
    exec_conn *c = conn;
    char how[96];
    if (!c)
        return;
    if (c->pid > 0)
        stop_adapter(c, 0, EXEC_QUIT_MS, how, sizeof how);
    close_fd(&c->in_fd);
    close_fd(&c->out_fd);
    close_fd(&c->err_fd);
    free_argv(c->argv, c->argc);
    free(c->rbuf);
    json_decref(c->reply);
    json_decref(c->out);
    jt_strbuf_dispose(&c->req);
    free(c);
}

const char *jt_exec_name(const void *conn) {
    const exec_conn *c = conn;
    return c->name;
}

const jt_driver jt_driver_exec = {
    .abi_version = JT_DRIVER_ABI,
    .name = "exec",
    /* what an adapter may have: its hello says what it has (conn_caps) */
    .caps = JT_CAP_FIXTURES | JT_CAP_USERS | JT_CAP_RESET | JT_CAP_ROLES | JT_CAP_JOB_META,
    .connect = exec_connect,
    .reset = exec_reset,
    .fixture = exec_fixture,
    .advance = exec_advance,
    .exec = exec_exec,
    .free_result = exec_free_result,
    .disconnect = exec_disconnect,
    .connect_with = exec_connect_with,
    .conn_caps = exec_conn_caps,
};

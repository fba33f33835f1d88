/*
 * Helpers of the Check suites that talk PostgreSQL's wire protocol over loopback
 * (test_serve.c, test_pgwire.c): jobtck serve in a child process, and a raw client that
 * sends exactly the bytes a test wants.
 */
#ifndef JT_TEST_PGTEST_H
#define JT_TEST_PGTEST_H

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/serve/serve.h"

/* A jobtck serve in a child process, which dies with the test (and after a minute at most). */
typedef struct served {
    pid_t pid;
    int port;
} served;

/* Starts serve configured by cfg (its listen address NULL: 127.0.0.1 with a free port). */
static inline void serve_start_cfg(served *out, jt_serve_config *cfg) {
    jt_serve *s = NULL;
    jt_error err;
    memset(&err, 0, sizeof err);
    if (!cfg->listen)
        cfg->listen = "127.0.0.1:0";
    ck_assert_msg(jt_serve_new(&s, cfg, &err) == 0, "jt_serve_new: %s", err.message);
    out->port = jt_serve_port(s);
    fflush(NULL);
    out->pid = fork();
    ck_assert_int_ge(out->pid, 0);
    if (out->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        alarm(60);
        jt_serve_run(s, &err);
        jt_serve_free(s);
        _exit(0);
    }
    jt_serve_free(s); /* the parent's copy of the socket */
}

/* Starts serve on 127.0.0.1:port (0: a free one). */
static inline void serve_start(served *out, int port, int max_connections) {
    jt_serve_config cfg;
    char listen_at[32];
    memset(&cfg, 0, sizeof cfg);
    snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", port);
    cfg.listen = listen_at;
    cfg.max_connections = max_connections;
    serve_start_cfg(out, &cfg);
}

static inline void serve_stop(served *sv) {
    if (sv->pid > 0) {
        kill(sv->pid, SIGKILL);
        waitpid(sv->pid, NULL, 0);
    }
    sv->pid = 0;
}

/* ---- a raw client -------------------------------------------------------------------- */

static inline void be32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static inline uint32_t get32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* A blocking connection to 127.0.0.1:port whose reads give up after 5 seconds. */
static inline int raw_connect(int port) {
    struct sockaddr_in a;
    struct timeval tv = {5, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    ck_assert_int_ge(fd, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static inline void raw_send(int fd, const void *data, size_t n) {
    const char *p = data;
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        ck_assert_int_gt(w, 0);
        p += w;
        n -= (size_t)w;
    }
}

/* Reads exactly n bytes: 1, 0 at the end of the stream, -1 on a timeout or an error. */
static inline int raw_read(int fd, void *buf, size_t n) {
    char *p = buf;
    while (n > 0) {
        ssize_t r = recv(fd, p, n, 0);
        if (r == 0)
            return 0;
        if (r < 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 1;
}

/* One message from the server: 1 (type, body of len bytes, NUL-terminated), 0 at the end of
   the stream, -1 on a timeout, an error, or a body larger than cap - 1. */
static inline int raw_msg(int fd, char *type, unsigned char *body, size_t cap, size_t *len) {
    unsigned char head[5];
    int r = raw_read(fd, head, 5);
    uint32_t n;
    if (r <= 0)
        return r;
    n = get32(head + 1);
    if (n < 4 || n - 4 >= cap)
        return -1;
    *type = (char)head[0];
    *len = n - 4;
    r = raw_read(fd, body, *len);
    body[*len] = '\0';
    return r <= 0 ? -1 : 1;
}

/* Sends a startup message (protocol 3.0) with user and database. */
static inline void raw_send_startup(int fd, const char *user, const char *database) {
    unsigned char buf[512];
    size_t n = 8;
    be32(buf + 4, 196608u);
    memcpy(buf + n, "user", 5);
    n += 5;
    memcpy(buf + n, user, strlen(user) + 1);
    n += strlen(user) + 1;
    if (database) {
        memcpy(buf + n, "database", 9);
        n += 9;
        memcpy(buf + n, database, strlen(database) + 1);
        n += strlen(database) + 1;
    }
    buf[n++] = 0;
    be32(buf, (uint32_t)n);
    raw_send(fd, buf, n);
}

/* Reads messages until ReadyForQuery; the types seen go to seen (NUL-terminated). */
static inline void raw_until_ready(int fd, char *seen, size_t seensize) {
    static unsigned char body[1 << 16];
    size_t len, n = 0;
    char type = 0;
    while (type != 'Z') {
        ck_assert_int_eq(raw_msg(fd, &type, body, sizeof body, &len), 1);
        if (n + 1 < seensize)
            seen[n++] = type;
    }
    seen[n] = '\0';
}

/* Connects, starts up as user on database and waits for ReadyForQuery. */
static inline int raw_session(int port, const char *user, const char *database) {
    char seen[64];
    int fd = raw_connect(port);
    raw_send_startup(fd, user, database);
    raw_until_ready(fd, seen, sizeof seen);
    ck_assert_msg(seen[0] == 'R', "startup answered with %s", seen);
    return fd;
}

/* Sends a Query message. */
static inline void raw_query(int fd, const char *sql) {
    unsigned char head[5];
    head[0] = 'Q';
    be32(head + 1, (uint32_t)(strlen(sql) + 5));
    raw_send(fd, head, 5);
    raw_send(fd, sql, strlen(sql) + 1);
}

/* The value of field code (C, M, S, P...) in an ErrorResponse body, or NULL. */
static inline const char *error_field(const unsigned char *body, size_t len, char code) {
    size_t i = 0;
    while (i < len && body[i]) {
        const char *v = (const char *)body + i + 1;
        if ((char)body[i] == code)
            return v;
        i += 1 + strlen(v) + 1;
    }
    return NULL;
}

#endif

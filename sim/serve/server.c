/* jobtck serve's sockets: listening, the connections, the poll loop (see serve.h). */
#include "sim/serve/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sim/serve/conn.h"
#include "sim/serve/extended.h"
#include "sim/serve/messages.h"
#include "sim/serve/query.h"
#include "sim/serve/txn.h"
#include "sim/serve/vars.h"
#include "sim/serve/wire.h"
#include "sim/serve/worker.h"
#include "sim/serve/world.h"

#define SHRINK_ABOVE (1024u * 1024u) /* buffers larger than this are freed once empty */
#define ACCEPT_BURST 64
/* Sockets at once: the connections, and as many again waiting for their startup (those over
   --max-connections get 53300 once it comes). */
#define SOCKETS (2 * JT_SERVE_LIMIT_CONNECTIONS)
#define POLL_MS 1000

int64_t jt_serve_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void jt_serve_log(const jt_serve *s, const jt_conn *c, const char *fmt, ...) {
    va_list ap;
    if (!s->log)
        return;
    fprintf(s->log, "jobtck serve: connection %u from %s: ", c->id, c->peer);
    va_start(ap, fmt);
    vfprintf(s->log, fmt, ap);
    va_end(ap);
    fputc('\n', s->log);
    fflush(s->log);
}

void jt_conn_release(jt_serve *s, jt_conn *c) {
    (void)s;
    jt_query_free(c->query);
    c->query = NULL;
    c->active = NULL;
    jt_ext_free(c);
    jt_txn_free(c);
    jt_vars_free(c);
    jt_model_session_free(c->ss);
    c->ss = NULL;
    free(c->database);
    c->database = NULL;
    jt_racy_forget(&c->racy);
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    free(c->user);
    free(c->in);
    free(c->out);
    c->user = NULL;
    c->in = c->out = NULL;
}

static int set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* ---- a connection's socket ----------------------------------------------------------- */

static void conn_free(jt_serve *s, jt_conn *c) {
    jt_conn_release(s, c);
    free(c);
}

/* Sends what is queued; -1 when the connection is gone. */
static int flush_out(jt_conn *c) {
    while (c->outoff < c->outlen) {
        ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n <= 0)
            return -1;
        c->outoff += (size_t)n;
    }
    c->outoff = c->outlen = 0;
    if (c->outcap > SHRINK_ABOVE) {
        free(c->out);
        c->out = NULL;
        c->outcap = 0;
    }
    return 0;
}

/* Reads what has arrived; -1 on end of stream or error. */
static int read_in(jt_conn *c) {
    ssize_t n;
    if (c->inoff > 0) {
        memmove(c->in, c->in + c->inoff, c->inlen - c->inoff);
        c->inlen -= c->inoff;
        c->inoff = 0;
    }
    if (c->inlen == 0 && c->incap > SHRINK_ABOVE) {
        free(c->in);
        c->in = NULL;
        c->incap = 0;
    }
    if (jt_grow((void **)&c->in, &c->incap, c->inlen + JT_SERVE_READ_CHUNK, 1, JT_SERVE_INPUT_CAP) <
        0)
        return -1;
    do
        n = recv(c->fd, c->in + c->inlen, c->incap - c->inlen, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (n <= 0)
        return -1;
    if (c->state == JT_CONN_DRAINING)
        return 0; /* discarded */
    c->inlen += (size_t)n;
    return 0;
}

/* Moves a connection on after its socket was ready (revents) or its deadline passed. */
static void step(jt_serve *s, jt_conn *c, short revents, int64_t now) {
    if (c->deadline_ms && now >= c->deadline_ms) {
        if (c->state == JT_CONN_STARTUP)
            jt_serve_log(s, c, "no startup within %d ms", JT_SERVE_STARTUP_TIMEOUT_MS);
        c->state = JT_CONN_CLOSED;
        return;
    }
    if ((revents & POLLNVAL) ||
        ((revents & (POLLIN | POLLHUP | POLLERR)) && c->outoff == c->outlen && read_in(c) < 0)) {
        c->state = JT_CONN_CLOSED;
        return;
    }
    if (jt_conn_open(c))
        jt_serve_process(s, c);
    if (c->state != JT_CONN_CLOSED && flush_out(c) < 0) {
        c->state = JT_CONN_CLOSED;
        return;
    }
    /* After a batch was sent, the messages that waited for it. */
    if (jt_conn_open(c) && c->outoff == c->outlen && c->inoff < c->inlen) {
        jt_serve_process(s, c);
        if (c->state != JT_CONN_CLOSED && flush_out(c) < 0)
            c->state = JT_CONN_CLOSED;
    }
    if (c->state == JT_CONN_CLOSING && c->outoff == c->outlen) {
        /* The error is out: stop writing, read until the client closes (bounded by the
           deadline), so that its unread input does not reset the connection first. */
        shutdown(c->fd, SHUT_WR);
        c->state = JT_CONN_DRAINING;
    }
}

/* ---- accepting ----------------------------------------------------------------------- */

/* "host:port" or "[host]:port" of a peer's address. */
static void peer_name(char *peer, size_t size, const struct sockaddr_storage *addr) {
    char host[INET6_ADDRSTRLEN] = "?";
    if (addr->ss_family == AF_INET) {
        const struct sockaddr_in *a4 = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &a4->sin_addr, host, sizeof host);
        snprintf(peer, size, "%s:%u", host, (unsigned)ntohs(a4->sin_port));
    } else if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &a6->sin6_addr, host, sizeof host);
        snprintf(peer, size, "[%s]:%u", host, (unsigned)ntohs(a6->sin6_port));
    } else {
        snprintf(peer, size, "?");
    }
}

/* A new connection on fd, waiting for its startup; without memory, fd is closed. */
static void conn_add(jt_serve *s, int fd, const char *peer) {
    jt_conn *c = jt_calloc(1, sizeof *c);
    if (!c ||
        jt_grow((void **)&s->conns, &s->conncap, s->nconns + 1, sizeof *s->conns, SOCKETS) < 0) {
        free(c);
        close(fd);
        return;
    }
    c->fd = fd;
    c->id = ++s->next_id;
    c->secret = (c->id * 2654435761u) ^ 0x5bd1e995u;
    snprintf(c->peer, sizeof c->peer, "%s", peer);
    c->state = JT_CONN_STARTUP;
    c->deadline_ms = jt_serve_now_ms() + JT_SERVE_STARTUP_TIMEOUT_MS;
    s->conns[s->nconns++] = c;
}

static void accept_some(jt_serve *s) {
    int k;
    for (k = 0; k < ACCEPT_BURST; k++) {
        struct sockaddr_storage addr;
        socklen_t alen = sizeof addr;
        char peer[64];
        int fd = accept(s->lfd, (struct sockaddr *)&addr, &alen), one = 1;
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                s->accept_pause_until_ms = jt_serve_now_ms() + 100;
            return;
        }
        peer_name(peer, sizeof peer, &addr);
        if (set_nonblocking(fd) < 0) {
            close(fd);
            continue;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        /* Over the limit of connections, its startup still comes first: then FATAL 53300
           (messages.c), which clients show as "too many clients". */
        conn_add(s, fd, peer);
    }
}

/* ---- the loop ------------------------------------------------------------------------ */

static void close_all(jt_serve *s, int notify) {
    size_t i;
    for (i = 0; i < s->nconns; i++) {
        jt_conn *c = s->conns[i];
        if (notify && c->state == JT_CONN_READY) {
            c->outerr = 0;
            jt_wire_error(c, "FATAL", "57P01",
                          "terminating connection due to administrator command", 0);
            (void)flush_out(c);
        }
        conn_free(s, c);
    }
    s->nconns = 0;
}

static void add_fd(struct pollfd *pfds, size_t *n, int fd, short events) {
    pfds[*n].fd = fd;
    pfds[*n].events = events;
    pfds[(*n)++].revents = 0;
}

/* The poll set: the wake pipe, the listening socket (unless accepting pauses: *listen_at -1),
   then every connection from *first_conn on. *wait_ms: until the next deadline. The jobs'
   own progress, when it is due. Returns the set's size. */
static size_t poll_set(jt_serve *s, struct pollfd *pfds, int *listen_at, size_t *first_conn,
                       int64_t *wait_ms) {
    int64_t now = jt_serve_now_ms();
    size_t n = 0, i;
    *listen_at = -1;
    *wait_ms = POLL_MS;
    add_fd(pfds, &n, s->wake[0], POLLIN);
    if (jt_worker_fd(s) >= 0)
        add_fd(pfds, &n, jt_worker_fd(s), POLLIN); /* the helper finished a job */
    if (now >= s->accept_pause_until_ms) {
        *listen_at = (int)n;
        add_fd(pfds, &n, s->lfd, POLLIN);
    } else if (s->accept_pause_until_ms - now < *wait_ms) {
        *wait_ms = s->accept_pause_until_ms - now;
    }
    if (s->progress_ms > 0) {
        if (now >= s->next_progress_ms) {
            jt_world_advance_all(s);
            s->next_progress_ms = now + s->progress_ms;
        }
        if (s->next_progress_ms - now < *wait_ms)
            *wait_ms = s->next_progress_ms - now;
    }
    *first_conn = n;
    for (i = 0; i < s->nconns; i++) {
        jt_conn *c = s->conns[i];
        /* Output to send, or rows to produce (a running statement): POLLOUT, and its input
           waits (what a client that does not read costs stays bounded). */
        add_fd(pfds, &n, c->fd,
               c->outoff < c->outlen || (jt_conn_ready_to_work(c) && jt_conn_open(c)) ? POLLOUT
                                                                                      : POLLIN);
        if (c->deadline_ms && c->deadline_ms - now < *wait_ms)
            *wait_ms = c->deadline_ms - now < 0 ? 0 : c->deadline_ms - now;
    }
    return n;
}

/* Frees the closed connections. */
static void sweep(jt_serve *s) {
    size_t i, j;
    for (i = j = 0; i < s->nconns; i++) {
        if (s->conns[i]->state == JT_CONN_CLOSED)
            conn_free(s, s->conns[i]);
        else
            s->conns[j++] = s->conns[i];
    }
    s->nconns = j;
}

int jt_serve_run(jt_serve *s, jt_error *err) {
    struct pollfd *pfds = NULL;
    size_t pcap = 0;
    int rc = JT_OK;
    /* The helper thread starts here, in the process that serves (not in jt_serve_new: a
       server made, then forked, serves in the child). Without it, queries open on the loop. */
    if (!s->worker)
        (void)jt_worker_start(s);
    for (;;) {
        size_t n, i, first_conn;
        int64_t now, wait_ms;
        int listen_at, r;
        if (jt_grow((void **)&pfds, &pcap, s->nconns + 3, sizeof *pfds, SOCKETS + 3) < 0) {
            rc = jt_error_set(err, JT_ENOMEM, 0, "out of memory");
            break;
        }
        n = poll_set(s, pfds, &listen_at, &first_conn, &wait_ms);
        r = poll(pfds, (nfds_t)n, (int)wait_ms);
        if (r < 0 && errno != EINTR) {
            rc = jt_error_set(err, JT_EIO, 0, "poll: %s", strerror(errno));
            break;
        }
        if (r > 0 && (pfds[0].revents & POLLIN))
            break; /* jt_serve_stop */
        if (r > 0 && s->worker && (pfds[1].revents & POLLIN))
            jt_worker_collect(s);
        now = jt_serve_now_ms();
        for (i = 0; i < s->nconns; i++)
            step(s, s->conns[i], r > 0 ? pfds[first_conn + i].revents : 0, now);
        sweep(s);
        if (r > 0 && listen_at >= 0 && (pfds[listen_at].revents & POLLIN))
            accept_some(s);
    }
    free(pfds);
    close_all(s, 1);
    jt_worker_stop(s);
    return rc;
}

void jt_serve_stop(jt_serve *s) {
    ssize_t r = write(s->wake[1], "x", 1);
    (void)r;
}

/* ---- setting up ---------------------------------------------------------------------- */

/* HOST:PORT or [HOST]:PORT into host and port (digits, at most 65535). */
static int split_listen(char *host, size_t hostsize, char *port, size_t portsize,
                        const char *listen) {
    const char *colon, *d;
    size_t hlen, plen;
    long number = 0;
    if (listen[0] == '[') {
        const char *close_br = strchr(listen, ']');
        if (!close_br || close_br[1] != ':')
            return -1;
        hlen = (size_t)(close_br - listen - 1);
        colon = close_br + 1;
        listen++;
    } else {
        colon = strrchr(listen, ':');
        if (!colon)
            return -1;
        hlen = (size_t)(colon - listen);
    }
    plen = strlen(colon + 1);
    if (hlen == 0 || hlen >= hostsize || plen == 0 || plen >= portsize)
        return -1;
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    memcpy(port, colon + 1, plen + 1);
    for (d = port; *d; d++) {
        if (*d < '0' || *d > '9')
            return -1;
        number = number * 10 + (*d - '0');
        if (number > 65535)
            return -1;
    }
    return 0;
}

/* Binds s->lfd to the first address of host:port that takes it, and listens. */
static int listen_on(jt_serve *s, const char *host, const char *port, const char *listen_at,
                     jt_error *err) {
    struct addrinfo hints, *ai = NULL, *p;
    int gai, one = 1, last_errno = 0;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    gai = getaddrinfo(host, port, &hints, &ai);
    if (gai != 0)
        return jt_error_set(err, JT_EINVAL, 0, "--listen %s: %s", listen_at, gai_strerror(gai));
    for (p = ai; p; p = p->ai_next) {
        s->lfd = socket(p->ai_family, p->ai_socktype, p->ai_protocol);
        if (s->lfd < 0) {
            last_errno = errno;
            continue;
        }
        setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(s->lfd, p->ai_addr, p->ai_addrlen) == 0 && listen(s->lfd, 128) == 0)
            break;
        last_errno = errno;
        close(s->lfd);
        s->lfd = -1;
    }
    freeaddrinfo(ai);
    if (s->lfd < 0)
        return jt_error_set(err, JT_EIO, 0, "cannot listen on %s: %s", listen_at,
                            strerror(last_errno));
    return JT_OK;
}

/* The port bound, the wake pipe, and non-blocking sockets. */
static int ready_to_serve(jt_serve *s, const char *listen_at, jt_error *err) {
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    if (set_nonblocking(s->lfd) < 0 || getsockname(s->lfd, (struct sockaddr *)&bound, &blen) < 0 ||
        pipe(s->wake) < 0 || set_nonblocking(s->wake[0]) < 0 || set_nonblocking(s->wake[1]) < 0)
        return jt_error_set(err, JT_EIO, 0, "cannot listen on %s: %s", listen_at, strerror(errno));
    if (bound.ss_family == AF_INET6)
        s->port = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
    else
        s->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
    return JT_OK;
}

int jt_serve_new(jt_serve **out, const jt_serve_config *cfg, jt_error *err) {
    char host[256], port[16];
    const char *listen_at = cfg->listen ? cfg->listen : JT_SERVE_DEFAULT_LISTEN;
    const char *profile = cfg->profile ? cfg->profile : JT_PROFILE_DEFAULT;
    jt_serve *s = NULL;
    int rc;
    *out = NULL;
    if (cfg->max_connections < 0 || cfg->max_connections > JT_SERVE_LIMIT_CONNECTIONS)
        return jt_error_set(err, JT_EINVAL, 0, "--max-connections %d is not in 1 .. %d",
                            cfg->max_connections, JT_SERVE_LIMIT_CONNECTIONS);
    if (!jt_profile_find(profile))
        return jt_error_set(err, JT_EINVAL, 0, "unknown profile %s", profile);
    if (split_listen(host, sizeof host, port, sizeof port, listen_at) < 0)
        return jt_error_set(err, JT_EINVAL, 0, "--listen %s: expected HOST:PORT", listen_at);
    if (cfg->progress_ms < 0 || cfg->racy_reads_ms < 0)
        return jt_error_set(err, JT_EINVAL, 0, "--progress-ms and --racy-reads expect 0 or more");
    s = jt_calloc(1, sizeof *s);
    if (!s)
        return jt_error_set(err, JT_ENOMEM, 0, "out of memory");
    s->lfd = s->wake[0] = s->wake[1] = -1;
    s->profile = jt_profile_find(profile);
    s->max_connections = cfg->max_connections ? cfg->max_connections : JT_SERVE_DEFAULT_CONNECTIONS;
    s->log = cfg->log;
    s->progress_ms = cfg->progress_ms;
    s->racy_reads_ms = cfg->racy_reads_ms;
    s->world_per_database = cfg->world_per_database;
    rc = listen_on(s, host, port, listen_at, err);
    if (rc == JT_OK)
        rc = ready_to_serve(s, listen_at, err);
    if (rc < 0)
        goto out;
    *out = s;
    s = NULL;
out:
    jt_serve_free(s);
    return rc;
}

void jt_serve_free(jt_serve *s) {
    if (!s)
        return;
    close_all(s, 0);
    jt_worker_stop(s);
    free(s->conns);
    jt_world_free_all(s);
    if (s->lfd >= 0)
        close(s->lfd);
    if (s->wake[0] >= 0)
        close(s->wake[0]);
    if (s->wake[1] >= 0)
        close(s->wake[1]);
    free(s);
}

int jt_serve_port(const jt_serve *s) {
    return s->port;
}

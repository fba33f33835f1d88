/*
 * The extended query protocol (private to sim/serve/): Parse, Bind, Describe, Execute, Close,
 * Sync and Flush, a handler each. Named and unnamed statements and portals; parameters in
 * text or binary, typed by the client or by their use in the statement; results in text or
 * binary; Execute's row limit (PortalSuspended). After an error, messages are skipped until
 * Sync.
 */
#ifndef JT_SERVE_EXTENDED_H
#define JT_SERVE_EXTENDED_H

#include <stddef.h>

#include "sim/serve/conn.h"

void jt_ext_parse(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n);
void jt_ext_bind(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n);
void jt_ext_describe(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n);
void jt_ext_execute(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n);
void jt_ext_close(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n);
void jt_ext_sync(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n);
void jt_ext_flush(jt_serve *s, jt_conn *c, const unsigned char *body, size_t n);

/* Frees the connection's statements and portals. */
void jt_ext_free(jt_conn *c);

#endif

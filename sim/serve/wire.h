/*
 * Messages out (private to sim/serve/): the backend messages of the PostgreSQL wire protocol
 * v3, queued on a connection's output. A write that fails (memory, or JT_SERVE_LIMIT_OUTPUT)
 * sets c->outerr, after which writes do nothing until an error message is put.
 */
#ifndef JT_SERVE_WIRE_H
#define JT_SERVE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/serve/conn.h"

/* Bytes, and integers in network order. */
void jt_wire_put(jt_conn *c, const void *data, size_t n);
void jt_wire_u8(jt_conn *c, unsigned v);
void jt_wire_u16(jt_conn *c, unsigned v);
void jt_wire_u32(jt_conn *c, uint32_t v);
/* A string with its terminating NUL. */
void jt_wire_str(jt_conn *c, const char *s);

/* Starts a message of that type; returns where its length goes, for jt_wire_end. */
size_t jt_wire_begin(jt_conn *c, char type);
void jt_wire_end(jt_conn *c, size_t at);

/* ParameterStatus. */
void jt_wire_param(jt_conn *c, const char *name, const char *value);
/* ReadyForQuery (idle). */
void jt_wire_ready(jt_conn *c);
/* CommandComplete. */
void jt_wire_complete(jt_conn *c, const char *tag);
/* EmptyQueryResponse. */
void jt_wire_empty(jt_conn *c);
/* An ErrorResponse; position 0 is left out. Drops what a failed write left behind. */
void jt_wire_error(jt_conn *c, const char *severity, const char *sqlstate, const char *message,
                   int position);
/* A FATAL error, logged; the connection closes once it is sent. */
void jt_wire_fatal(const jt_serve *s, jt_conn *c, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A statement's result: RowDescription (for rows), DataRows, CommandComplete; or an
   ErrorResponse (the statement's, or the output's limit or memory). */
void jt_wire_result(jt_conn *c, const jt_result *r);

#endif

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
/* ReadyForQuery, with the transaction's status (I, T or E). */
void jt_wire_ready(jt_conn *c);
/* A message of that type without a body: ParseComplete '1', BindComplete '2', CloseComplete
   '3', NoData 'n', PortalSuspended 's'. */
void jt_wire_empty_message(jt_conn *c, char type);
/* A NoticeResponse. */
void jt_wire_notice(jt_conn *c, const char *severity, const char *sqlstate, const char *message);
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
/* The ErrorResponse of a result's SQL error. */
void jt_wire_sql_error(jt_conn *c, const jt_result *r);

/* Type OIDs of PostgreSQL (pg_type.dat). */
#define JT_OID_BOOL 16
#define JT_OID_NAME 19
#define JT_OID_INT8 20
#define JT_OID_INT2 21
#define JT_OID_INT4 23
#define JT_OID_TEXT 25
#define JT_OID_OID 26
#define JT_OID_FLOAT4 700
#define JT_OID_FLOAT8 701
#define JT_OID_UNKNOWN 705
#define JT_OID_BPCHAR 1042
#define JT_OID_VARCHAR 1043
#define JT_OID_TIMESTAMP 1114
#define JT_OID_TIMESTAMPTZ 1184
#define JT_OID_NUMERIC 1700

/* The OID of a result's type letter (I int8, O oid, R float8, B bool, S timestamp, T text). */
uint32_t jt_wire_type_oid(char letter);
/* The type letter of an OID a client names (0: unknown, typed by its use). */
char jt_wire_type_letter(uint32_t oid);
/* RowDescription of head's columns, each in its format (formats as Bind gives them: none for
   text, one for every column, or one each). */
void jt_wire_row_description(jt_conn *c, const jt_result *head, const int16_t *formats,
                             size_t nformats);
/* A DataRow of ncols canonical values (NULL: SQL NULL), text or binary by formats. */
void jt_wire_data_row(jt_conn *c, size_t ncols, char *const *values, const char *types,
                      const int16_t *formats, size_t nformats);
/* A write since mark failed (c->outerr): what was put since goes, an error instead (54000
   over the output's limit, 53200 out of memory). */
void jt_wire_output_failed(jt_conn *c, size_t mark);
/* A whole result in text: RowDescription (for rows), DataRows, CommandComplete; or its
   ErrorResponse. */
void jt_wire_result(jt_conn *c, const jt_result *r);

#endif

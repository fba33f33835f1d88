/*
 * Messages in (private to sim/serve/): the frontend messages of the PostgreSQL wire protocol
 * v3, read from a connection's input. First the startup packet (or an SSLRequest or
 * GSSENCRequest, answered 'N'; a CancelRequest, which cancels the running statement of the
 * connection it names), then messages of a type byte and a length, each given to the handler
 * of its type (extended.h has the extended protocol's).
 */
#ifndef JT_SERVE_MESSAGES_H
#define JT_SERVE_MESSAGES_H

#include "sim/serve/conn.h"

/* Runs the complete messages that have arrived, and the running statement's rows, while the
   output keeps up (under JT_SERVE_OUTPUT_BOUND: the rest waits until the output is sent).
   Whether it did anything. */
int jt_serve_process(jt_serve *s, jt_conn *c);

#endif

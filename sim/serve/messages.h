/*
 * Messages in (private to sim/serve/): the frontend messages of the PostgreSQL wire protocol
 * v3, read from a connection's input. First the startup packet (or an SSLRequest or
 * GSSENCRequest, answered 'N'; a CancelRequest), then messages of a type byte and a length,
 * each given to the handler of its type.
 */
#ifndef JT_SERVE_MESSAGES_H
#define JT_SERVE_MESSAGES_H

#include "sim/serve/conn.h"

/* Runs the complete messages that have arrived, while the output keeps up (below a bound of
   queued bytes: the rest waits until the output is sent). */
void jt_serve_process(jt_serve *s, jt_conn *c);

#endif

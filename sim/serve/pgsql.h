/*
 * PostgreSQL's own grammar, through libpg_query (private to sim/serve/): whether a statement
 * the model cannot parse is valid PostgreSQL, which serve then answers with 0A000 (feature not
 * supported) and a message that says so, never with a syntax error (42601): a client that sends
 * valid SQL the kit does not implement must not be told it wrote nonsense.
 */
#ifndef JT_SERVE_PGSQL_H
#define JT_SERVE_PGSQL_H

/* Whether sql is one or more statements of PostgreSQL 15's grammar. libpg_query keeps a memory
   context for the thread until the process ends (its pg_query_exit cannot be followed by
   another parse: serve never calls it). */
int jt_pgsql_valid(const char *sql);
/* Whether sql names PostgreSQL's catalogs (pg_catalog, information_schema, a pg_ table):
   psql's \d and the like. */
int jt_pgsql_catalog(const char *sql);

#endif

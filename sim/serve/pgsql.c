/* PostgreSQL's own grammar, through libpg_query (see pgsql.h). */
#include "sim/serve/pgsql.h"

#include <pg_query.h>
#include <string.h>

#include "sim/serve/lex.h"

int jt_pgsql_valid(const char *sql) {
    PgQueryParseResult r = pg_query_parse(sql);
    int ok = r.error == NULL;
    pg_query_free_parse_result(r);
    return ok;
}

int jt_pgsql_catalog(const char *sql) {
    jt_lexer lx;
    int yes = 0;
    for (jt_lex_start(&lx, sql); lx.kind != JT_TK_END && !yes; jt_lex_next(&lx)) {
        if (lx.kind != JT_TK_WORD)
            continue;
        yes = jt_lex_is(&lx, "PG_CATALOG") || jt_lex_is(&lx, "INFORMATION_SCHEMA") ||
              (lx.len > 3 && strncmp(lx.s + lx.start, "pg_", 3) == 0);
    }
    jt_lex_end(&lx);
    return yes;
}

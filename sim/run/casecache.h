/*
 * Case files read once for several runs (`jobtck run --profile all`): each profile's runner
 * takes the same parsed files from the cache instead of reading and parsing them again. A
 * file that could not be read or parsed is remembered with its message, so every run
 * reports it the same way.
 */
#ifndef JT_RUN_CASECACHE_H
#define JT_RUN_CASECACHE_H

#include "model/common.h"
#include "sim/cases/case.h"

typedef struct jt_case_cache jt_case_cache;

int jt_case_cache_new(jt_case_cache **out);
/* Frees the cache and every file in it: after the runners that borrowed them. */
void jt_case_cache_free(jt_case_cache *c);
/*
 * The file at path, read and parsed on first use: JT_OK with *cf (borrowed from the cache
 * until jt_case_cache_free); JT_EPARSE, JT_ELIMIT or JT_EIO with *message, as jt_case_read
 * said it (borrowed too); JT_ENOMEM.
 */
int jt_case_cache_get(jt_case_cache *c, const char *path, const jt_case_file **cf,
                      const char **message);

#endif

/* The implementation a subcommand reaches: --driver, --driver-option and their shorthands, the
   profile of the run, and the session opened from them (sim/cli/cli.h). */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "sim/cli/cli.h"
#include "sim/text/strbuf.h"

#define TIMEOUT_MAX_MS 86400000 /* a day */

void jt_cli_driver_init(jt_cli_driver *d, const char *cmd, void (*usage)(FILE *)) {
    memset(d, 0, sizeof *d);
    d->cmd = cmd;
    d->usage = usage;
    d->spec = "model";
    jt_options_init(&d->options);
}

void jt_cli_driver_dispose(jt_cli_driver *d) {
    jt_options_dispose(&d->options);
}

/* SECONDS (decimals allowed, 0.001 to a day) as milliseconds, or -1. */
static long parse_seconds(const char *text) {
    char *end;
    double sec = strtod(text, &end);
    if (*text == '\0' || *end || !(sec >= 0.001 && sec <= 86400.0))
        return -1;
    return (long)(sec * 1000.0 + 0.5);
}

/* A shorthand: the option key=value it stands for, or 2 after a message. */
static int shorthand(jt_cli_driver *d, int c, const char *arg, FILE *errout) {
    char ms[24];
    const char *key = "fixtures", *value = arg;
    jt_error err;
    uint64_t v;
    if (c == JT_CLI_OPT_STATEMENT_TIMEOUT) {
        if (jt_cli_parse_uint(&v, arg, 1, TIMEOUT_MAX_MS) < 0)
            return jt_cli_bad_usage(errout, d->cmd, d->usage,
                                    "--statement-timeout expects 1 .. %d milliseconds",
                                    TIMEOUT_MAX_MS);
        key = "statement_timeout_ms";
    } else if (c == JT_CLI_OPT_TIMEOUT) {
        long t = parse_seconds(arg);
        if (t < 0)
            return jt_cli_bad_usage(errout, d->cmd, d->usage,
                                    "--timeout expects seconds, 0.001 to 86400");
        snprintf(ms, sizeof ms, "%ld", t);
        key = "timeout_ms";
        value = ms;
    }
    memset(&err, 0, sizeof err);
    if (jt_options_add(&d->options, key, value, &err) < 0)
        return jt_cli_bad_usage(errout, d->cmd, d->usage, "%s", err.message);
    return 0;
}

int jt_cli_driver_arg(jt_cli_driver *d, int c, const char *arg, FILE *errout) {
    jt_error err;
    memset(&err, 0, sizeof err);
    switch (c) {
    case 'd':
        d->spec = arg;
        return 0;
    case 'p':
        d->profile = arg;
        return 0;
    case JT_CLI_OPT_DRIVER_OPTION:
        if (jt_options_parse(&d->options, arg, &err) < 0)
            return jt_cli_bad_usage(errout, d->cmd, d->usage, "%s", err.message);
        return 0;
    case JT_CLI_OPT_FIXTURES:
    case JT_CLI_OPT_STATEMENT_TIMEOUT:
    case JT_CLI_OPT_TIMEOUT:
        return shorthand(d, c, arg, errout);
    default:
        return -1;
    }
}

/* The profile of the run and the driver's agree (see jt_cli_driver_open). */
static int reconcile_profile(jt_cli_driver *d, const char *theirs, FILE *errout) {
    jt_error err;
    memset(&err, 0, sizeof err);
    if (theirs && d->profile && strcmp(theirs, d->profile) != 0)
        return jt_cli_bad_usage(errout, d->cmd, d->usage,
                                "--profile %s differs from the profile of --driver %s", d->profile,
                                d->spec);
    if (!theirs && jt_driver_takes(d->spec, "profile") == 1) {
        theirs = d->profile ? d->profile : JT_PROFILE_DEFAULT;
        if (jt_options_add(&d->options, "profile", theirs, &err) < 0)
            return jt_cli_bad_usage(errout, d->cmd, d->usage, "%s", err.message);
        theirs = jt_options_get(&d->options, "profile");
    }
    if (!d->profile)
        d->profile = theirs;
    return 0;
}

int jt_cli_driver_open(jt_session **out, jt_cli_driver *d, int reconcile, FILE *errout) {
    const char *theirs = NULL;
    jt_error err;
    int status;
    *out = NULL;
    memset(&err, 0, sizeof err);
    /* an unknown driver, or a spec and an option that differ: bad usage */
    if (jt_driver_option_value(&theirs, d->spec, &d->options, "profile", &err) < 0)
        return jt_cli_bad_usage(errout, d->cmd, d->usage, "%s", err.message);
    if (reconcile && (status = reconcile_profile(d, theirs, errout)) != 0)
        return status;
    if (jt_session_open(out, d->spec, &d->options, &err) < 0) {
        fprintf(errout, "jobtck %s: %s\n", d->cmd, err.message);
        return 2;
    }
    return 0;
}

/* Whether a word must be quoted for a shell. */
static int needs_quotes(const char *s) {
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=,@%+-", *s))
            return 1;
    return 0;
}

char *jt_cli_driver_words(const jt_cli_driver *d) {
    jt_strbuf sb;
    size_t i;
    int rc;
    jt_strbuf_init(&sb, JT_LIMIT_LINE);
    rc = jt_strbuf_adds(&sb, d->spec);
    for (i = 0; i < d->options.n && rc == JT_OK; i++) {
        const jt_option *o = &d->options.v[i];
        int q = needs_quotes(o->key) || needs_quotes(o->value);
        rc = jt_strbuf_addf(&sb, " --driver-option %s%s=%s%s", q ? "'" : "", o->key, o->value,
                            q ? "'" : "");
    }
    if (rc < 0) {
        jt_strbuf_dispose(&sb);
        return NULL;
    }
    return jt_strbuf_take(&sb);
}

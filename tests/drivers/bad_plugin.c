/*
 * Broken plugins for the loader's tests (tests/unit/test_driver_plugin.c), one per value of
 * -DBAD=n: each gets one thing of the ABI wrong, and jobtck must say which.
 *
 *   1 no jt_driver_entry symbol     4 ABI version 0
 *   2 jt_driver_entry returns NULL  5 no exec function
 *   3 ABI version JT_DRIVER_ABI + 1 6 JT_CAP_RESET without a reset function
 *                                   7 no name
 *
 * and -DBAD=8, not broken: a plugin built against ABI 1, whose table ends before the members
 * of ABI 2 (advance): the loader must take it and read nothing past its end.
 */
#include <jobtck/driver.h>

#include <stddef.h>

#ifndef BAD
#error "build with -DBAD=n"
#endif

static int b_connect(const char *target, void **conn_out, jt_error *err) {
    (void)target;
    (void)err;
    *conn_out = NULL;
    return 0;
}

static int b_exec(void *conn, const char *user, const char *sql, jt_result *out, jt_error *err) {
    (void)conn;
    (void)user;
    (void)sql;
    (void)out;
    (void)err;
    return 0;
}

static void b_free_result(void *conn, jt_result *res) {
    (void)conn;
    (void)res;
}

static void b_disconnect(void *conn) {
    (void)conn;
}

static const jt_driver bad = {
    .abi_version = BAD == 3   ? JT_DRIVER_ABI + 1
                   : BAD == 4 ? 0
                              : JT_DRIVER_ABI,
    .name = BAD == 7 ? NULL : "bad",
    .caps = BAD == 6 ? JT_CAP_RESET : 0,
    .connect = b_connect,
    .exec = BAD == 5 ? NULL : b_exec,
    .free_result = b_free_result,
    .disconnect = b_disconnect,
};

#if BAD == 8
/* The table as jobtck/driver.h of ABI 1 declared it. */
static const struct {
    int abi_version;
    const char *name;
    unsigned caps;
    int (*connect)(const char *, void **, jt_error *);
    int (*reset)(void *, jt_error *);
    int (*fixture)(void *, const jt_fixture *, jt_error *);
    int (*exec)(void *, const char *, const char *, jt_result *, jt_error *);
    void (*free_result)(void *, jt_result *);
    void (*disconnect)(void *);
} abi1 = {1, "abi1", 0, b_connect, NULL, NULL, b_exec, b_free_result, b_disconnect};
#endif

#if BAD == 1
#define ENTRY jt_driver_entry_misspelt
#else
#define ENTRY jt_driver_entry
#endif

__attribute__((visibility("default"))) const jt_driver *ENTRY(void);

const jt_driver *ENTRY(void) {
#if BAD == 8
    (void)bad;
    return (const jt_driver *)(const void *)&abi1;
#else
    return BAD == 2 ? NULL : &bad;
#endif
}

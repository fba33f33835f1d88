/* The installed driver header compiles on its own, as C99 and as C++ (the drivers.header
   tests compile this file with nothing but -I include). */
#include <jobtck/driver.h>

static int connect_stub(const char *target, void **conn_out, jt_error *err) {
    (void)target;
    (void)err;
    *conn_out = 0;
    return JT_OK;
}

int main(void) {
    jt_driver d = {JT_DRIVER_ABI, "header", JT_CAP_RESET, connect_stub, 0, 0, 0, 0, 0, 0, 0, 0};
    jt_driver_entry_fn entry = 0;
    jt_result r;
    (void)entry;
    (void)r;
    return d.abi_version == JT_DRIVER_ABI && JT_EABI < 0 ? 0 : 1;
}

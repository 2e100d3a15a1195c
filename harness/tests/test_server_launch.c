/* server_launch: the ready line of the bundled server (ports, TLS vhosts, CA). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "server_launch.h"

static void ready_line_with_tls_and_ca(void **state)
{
    (void)state;
    wsc_server s;
    memset(&s, 0, sizeof s);
    char err[300];
    assert_int_equal(wsc_server_parse_ready(&s, "{\"ready\":true,\"ports\":{\"labgraph\":4001,\"hiro\":4002},"
                                               "\"ca\":\"/tmp/x/cert.pem\",\"tls\":[\"hiro\"]}", err, sizeof err), 0);
    assert_int_equal(s.n_ports, 2);
    assert_string_equal(s.ports[0].api, "labgraph");
    assert_int_equal(s.ports[0].port, 4001);
    assert_int_equal(s.ports[0].tls, 0);
    assert_string_equal(s.ports[1].api, "hiro");
    assert_int_equal(s.ports[1].tls, 1);
    assert_string_equal(s.ca, "/tmp/x/cert.pem");
    wsc_server_stop(&s);   /* pid 0: only frees */
    assert_null(s.ca);

    assert_int_equal(wsc_server_parse_ready(&s, "{\"ready\":true,\"ports\":{\"labgraph\":4001}}", err, sizeof err), 0);
    assert_null(s.ca);
    assert_int_equal(s.ports[0].tls, 0);
    wsc_server_stop(&s);

    assert_int_equal(wsc_server_parse_ready(&s, "{\"ports\":{}}", err, sizeof err), -1);
    assert_non_null(strstr(err, "not a ready line"));
    wsc_server_stop(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(ready_line_with_tls_and_ca) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

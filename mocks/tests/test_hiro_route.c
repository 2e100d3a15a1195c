#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hiro/hiro_route.h"

static void expect_route(const char *path, bool aliases, int want) /* -1: no route */
{
    hiro_endpoint ep = (hiro_endpoint)99;
    bool ok = hiro_route(path, aliases, &ep);
    if (want < 0 ? ok : !ok || (int)ep != want)
        fail_msg("%s (aliases %d): got %d/%d, want %d", path ? path : "(null)", aliases, ok, (int)ep, want);
}

static void test_hiro7_paths(void **state)
{
    (void)state;
    static const char *const events[] = { "/api/events-ws/6/", "/api/events-ws/6.1/", "/api/events-ws/6.2",
                                          "/api/events-ws/6.2/", "/api/events-ws/", "/api/events-ws" };
    static const char *const graph[] = { "/api/graph-ws/6/", "/api/graph-ws/6.1", "/api/graph-ws/", "/api/graph-ws" };
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
        expect_route(events[i], false, HIRO_EP_EVENTS);
        expect_route(events[i], true, HIRO_EP_EVENTS);
    }
    for (size_t i = 0; i < sizeof graph / sizeof graph[0]; i++) {
        expect_route(graph[i], false, HIRO_EP_GRAPH);
        expect_route(graph[i], true, HIRO_EP_GRAPH);
    }
    static const char *const none[] = { "/", "", "/api/", "/api/events-wsx", "/api/events-ws//",
                                        "/api/events-ws/6.2/x", "/api/events-ws/6.2//", "/api/graph-ws6",
                                        "/api/6.1/events-ws/", "/API/events-ws/6/", "/api/graph-ws/6/query" };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        expect_route(none[i], false, -1);
        expect_route(none[i], true, -1);
    }
    expect_route(NULL, true, -1);
}

static void test_legacy_aliases(void **state)
{
    (void)state;
    expect_route("/_events/", true, HIRO_EP_EVENTS);
    expect_route("/_events", true, HIRO_EP_EVENTS);
    expect_route("/_g/", true, HIRO_EP_GRAPH);
    expect_route("/_g", true, HIRO_EP_GRAPH);
    expect_route("/_events/", false, -1);
    expect_route("/_g/", false, -1);
    expect_route("/_g/6/", true, -1); /* HIRO 6 paths carry no version */
    expect_route("/_gx", true, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hiro7_paths),
        cmocka_unit_test(test_legacy_aliases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

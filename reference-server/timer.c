/* Dialect timers and clocks on top of lws' sorted-usec scheduler. */
#include <stddef.h>
#include <time.h>

#include "server_internal.h"

_Static_assert(sizeof(((wsrv_timer *)0)->impl) >= sizeof(lws_sorted_usec_list_t),
               "wsrv_timer.impl must hold an lws_sorted_usec_list_t");
_Static_assert(offsetof(wsrv_timer, impl) == 0, "the scheduler entry starts the timer");

static void wsrv_timer_fire(lws_sorted_usec_list_t *sul)
{
    wsrv_timer *t = (wsrv_timer *)(void *)sul;
    t->fn(t);
}

void wsrv_timer_start(wsrv_server *server, wsrv_timer *timer, uint64_t delay_us, wsrv_timer_fn fn)
{
    timer->fn = fn;
    timer->server = server;
    lws_sul_schedule(server->context, 0, (lws_sorted_usec_list_t *)(void *)timer->impl, wsrv_timer_fire,
                     (lws_usec_t)delay_us);
}

void wsrv_timer_stop(wsrv_timer *timer)
{
    if (timer->server)
        lws_sul_cancel((lws_sorted_usec_list_t *)(void *)timer->impl);
}

uint64_t wsrv_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

double wsrv_wall_time_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* Microsecond resolution: the text of a multiple of 10^-6 is printed without
     * floating-point formatting (see mock_lg_format_double). */
    return (double)((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u) / 1e6;
}

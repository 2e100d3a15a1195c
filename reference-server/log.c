#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include <libwebsockets.h>

static wsrv_log_level wsrv_log_threshold = WSRV_LOG_WARN;

void wsrv_log_set_level(wsrv_log_level level)
{
    static const int lws_levels[] = {
        [WSRV_LOG_ERROR] = LLL_ERR,
        [WSRV_LOG_WARN] = LLL_ERR | LLL_WARN,
        [WSRV_LOG_INFO] = LLL_ERR | LLL_WARN | LLL_NOTICE,
        [WSRV_LOG_DEBUG] = LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_INFO,
    };
    wsrv_log_threshold = level;
    lws_set_log_level(lws_levels[level], NULL);
}

void wsrv_log(wsrv_log_level level, const char *fmt, ...)
{
    static const char *const names[] = { "error", "warn", "info", "debug" };
    if (level > wsrv_log_threshold)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "wsconf-server: %s: ", names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

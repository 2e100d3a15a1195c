/* Server logging: to stderr only (stdout carries the ready line). */
#ifndef WSRV_LOG_H
#define WSRV_LOG_H

typedef enum { WSRV_LOG_ERROR, WSRV_LOG_WARN, WSRV_LOG_INFO, WSRV_LOG_DEBUG } wsrv_log_level;

/* Sets our threshold and maps it onto libwebsockets' own levels (its notices show
 * only from info up). */
void wsrv_log_set_level(wsrv_log_level level);
void wsrv_log(wsrv_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

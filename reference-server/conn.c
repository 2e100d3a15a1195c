/* The per-connection services dialects call (declared in dialect.h). */
#include "server_internal.h"

#include <stdio.h>

static bool conn_accepts(const wsrv_conn *conn)
{
    return conn->open && !conn->close_code && !conn->peer_closed;
}

bool wsrv_conn_send(wsrv_conn *conn, const char *data, size_t len, bool binary)
{
    if (!conn_accepts(conn))
        return false;
    if (!wsrv_outbox_push(&conn->outbox, data, len, binary))
        return false;
    lws_callback_on_writable(conn->wsi);
    return true;
}

bool wsrv_conn_send_fragments(wsrv_conn *conn, const char *const *parts, const size_t *lens, size_t n, bool binary)
{
    if (!conn_accepts(conn) || n == 0)
        return false;
    if (!wsrv_outbox_push_fragments(&conn->outbox, parts, lens, n, binary))
        return false;
    lws_callback_on_writable(conn->wsi);
    return true;
}

static bool conn_control(wsrv_conn *conn, const void *payload, size_t len, enum lws_write_protocol kind)
{
    /* RFC 6455 5.5: control frame payloads are at most 125 bytes. */
    if (!conn_accepts(conn) || len > 125)
        return false;
    if (!wsrv_outbox_push_control(&conn->outbox, payload, len, kind))
        return false;
    lws_callback_on_writable(conn->wsi);
    return true;
}

bool wsrv_conn_ping(wsrv_conn *conn, const void *payload, size_t len)
{
    return conn_control(conn, payload, len, LWS_WRITE_PING);
}

bool wsrv_conn_pong(wsrv_conn *conn, const void *payload, size_t len)
{
    return conn_control(conn, payload, len, LWS_WRITE_PONG);
}

void wsrv_conn_close(wsrv_conn *conn, int code)
{
    if (!conn->open || conn->close_code || conn->peer_closed)
        return;
    conn->close_code = code ? code : WSRV_CLOSE_WITHOUT_STATUS;
    lws_callback_on_writable(conn->wsi);
}

void wsrv_conn_set_close_reason(wsrv_conn *conn, const char *reason)
{
    snprintf(conn->close_reason, sizeof conn->close_reason, "%s", reason ? reason : "");
}

size_t wsrv_conn_queued_messages(const wsrv_conn *conn)
{
    return conn->outbox.count;
}

size_t wsrv_conn_queued_bytes(const wsrv_conn *conn)
{
    return conn->outbox.bytes;
}

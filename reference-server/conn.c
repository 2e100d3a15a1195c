/* The per-connection services dialects call (declared in dialect.h). */
#include "server_internal.h"

bool wsrv_conn_send(wsrv_conn *conn, const char *data, size_t len, bool binary)
{
    if (!conn->open || conn->close_code)
        return false;
    if (!wsrv_outbox_push(&conn->outbox, data, len, binary))
        return false;
    lws_callback_on_writable(conn->wsi);
    return true;
}

void wsrv_conn_close(wsrv_conn *conn, int code)
{
    if (!conn->open || conn->close_code)
        return;
    conn->close_code = code;
    lws_callback_on_writable(conn->wsi);
}

size_t wsrv_conn_queued_messages(const wsrv_conn *conn)
{
    return conn->outbox.count;
}

size_t wsrv_conn_queued_bytes(const wsrv_conn *conn)
{
    return conn->outbox.bytes;
}

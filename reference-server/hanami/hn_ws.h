/* Hanami's WebSocket session: the JSON init message ({"token","uuid","target"} answered
 * {"success":true,"uuid":<session uuid>} or {"error":...,"success":false} in a binary
 * frame, the socket staying open after a refusal), then one reply per message:
 * FileUploadResponse_Message per FileUpload_Message for target "file_upload", and the
 * DirectIO exchange for target "cluster" (an invalid ClusterIO_Message is answered with
 * a text frame {"error":...,"success":false} where upstream goes silent). */
#ifndef WSRV_HN_WS_H
#define WSRV_HN_WS_H

#include <stdbool.h>
#include <stddef.h>

#include "hn_state.h"

void hn_ws_open(hn_state *st, hn_session *s, wsrv_conn *conn);
void hn_ws_message(hn_session *s, const char *data, size_t len);

#endif

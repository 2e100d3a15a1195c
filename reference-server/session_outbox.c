#include "session_outbox.h"

#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

static wsrv_outbox_msg *outbox_entry(const void *data, size_t len, bool binary, int write_mode, bool ends_message)
{
    wsrv_outbox_msg *m = malloc(sizeof *m + LWS_PRE + len);
    if (!m)
        return NULL;
    m->next = NULL;
    m->len = len;
    m->binary = binary;
    m->write_mode = write_mode;
    m->ends_message = ends_message;
    if (len)
        memcpy(m->buf + LWS_PRE, data, len);
    return m;
}

static void outbox_append(wsrv_outbox *ob, wsrv_outbox_msg *m)
{
    if (ob->tail)
        ob->tail->next = m;
    else
        ob->head = m;
    ob->tail = m;
    ob->count += m->ends_message;
    ob->bytes += m->len;
}

bool wsrv_outbox_push(wsrv_outbox *ob, const void *data, size_t len, bool binary)
{
    wsrv_outbox_msg *m = outbox_entry(data, len, binary, binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT, true);
    if (!m)
        return false;
    outbox_append(ob, m);
    return true;
}

bool wsrv_outbox_push_fragments(wsrv_outbox *ob, const char *const *parts, const size_t *lens, size_t n, bool binary)
{
    if (n == 0)
        return false;
    /* Build the chain aside first, so a failed allocation never leaves half a message queued. */
    wsrv_outbox_msg *first = NULL, *last = NULL;
    for (size_t i = 0; i < n; i++) {
        int mode = i == 0 ? (binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT) : LWS_WRITE_CONTINUATION;
        if (i + 1 < n)
            mode |= LWS_WRITE_NO_FIN;
        wsrv_outbox_msg *m = outbox_entry(parts[i], lens[i], binary, mode, i + 1 == n);
        if (!m) {
            while (first) {
                wsrv_outbox_msg *next = first->next;
                free(first);
                first = next;
            }
            return false;
        }
        if (last)
            last->next = m;
        else
            first = m;
        last = m;
    }
    for (wsrv_outbox_msg *m = first, *next; m; m = next) {
        next = m->next;
        m->next = NULL;
        outbox_append(ob, m);
    }
    return true;
}

bool wsrv_outbox_push_control(wsrv_outbox *ob, const void *data, size_t len, int write_mode)
{
    wsrv_outbox_msg *m = outbox_entry(data, len, true, write_mode, true);
    if (!m)
        return false;
    outbox_append(ob, m);
    return true;
}

wsrv_outbox_msg *wsrv_outbox_peek(const wsrv_outbox *ob)
{
    return ob->head;
}

unsigned char *wsrv_outbox_payload(wsrv_outbox_msg *m)
{
    return m->buf + LWS_PRE;
}

void wsrv_outbox_pop(wsrv_outbox *ob)
{
    wsrv_outbox_msg *m = ob->head;
    if (!m)
        return;
    ob->head = m->next;
    if (!ob->head)
        ob->tail = NULL;
    ob->count -= m->ends_message;
    ob->bytes -= m->len;
    free(m);
}

void wsrv_outbox_clear(wsrv_outbox *ob)
{
    while (ob->head)
        wsrv_outbox_pop(ob);
}

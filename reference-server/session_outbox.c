#include "session_outbox.h"

#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

bool wsrv_outbox_push(wsrv_outbox *ob, const void *data, size_t len, bool binary)
{
    wsrv_outbox_msg *m = malloc(sizeof *m + LWS_PRE + len);
    if (!m)
        return false;
    m->next = NULL;
    m->len = len;
    m->binary = binary;
    if (len)
        memcpy(m->buf + LWS_PRE, data, len);
    if (ob->tail)
        ob->tail->next = m;
    else
        ob->head = m;
    ob->tail = m;
    ob->count++;
    ob->bytes += len;
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
    ob->count--;
    ob->bytes -= m->len;
    free(m);
}

void wsrv_outbox_clear(wsrv_outbox *ob)
{
    while (ob->head)
        wsrv_outbox_pop(ob);
}

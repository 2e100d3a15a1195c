/* The event stream endpoint (events-1.0.0): joins the server's stream with the
 * handshake's query parameters, carries out token/subscribe/register/unregister/clear
 * (silent on success, an error frame otherwise; the socket stays open) and sends the
 * events the stream delivers. */
#include <stdlib.h>
#include <string.h>

#include "hiro/hiro_events_msg.h"
#include "hiro_internal.h"

/* The text of one delivery as the active faults want it (caller frees). */
static char *delivery_text(const hiro_state *st, const hiro_delivery *d)
{
    if (!st->fault[MOCK_HIRO_EVENT_WITHOUT_METADATA])
        return strndup(d->text, d->len);
    cJSON *root = cJSON_ParseWithLength(d->text, d->len);
    cJSON_DeleteItemFromObjectCaseSensitive(root, "metadata");
    char *text = root ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

static void send_deliveries(hiro_state *st, hiro_deliveries *out)
{
    for (size_t i = 0; i < out->count; i++) {
        hiro_session *s = out->items[i].user;
        if (!s)
            continue; /* a member orphaned by the dead-members-kept fault */
        char *text = delivery_text(st, &out->items[i]);
        if (!text)
            continue;
        size_t n = strlen(text);
        wsrv_conn_send(s->conn, text, n, false);
        if (st->fault[MOCK_HIRO_EVENT_SENT_TWICE] && hiro_stream_filter_count(s->sconn) >= 2)
            wsrv_conn_send(s->conn, text, n, false);
        free(text);
    }
    hiro_deliveries_free(out);
}

/* The edge-id-single-dollar fault: out$$verb$$in becomes out$verb$in. */
static void collapse_dollars(hiro_event *ev)
{
    char *w = ev->id;
    for (const char *r = ev->id; *r; r++) {
        if (r[0] == '$' && r[1] == '$')
            r++;
        *w++ = *r;
    }
    *w = '\0';
}

void hiro_publish(hiro_state *st, hiro_event *ev)
{
    if (!ev)
        return;
    if (st->fault[MOCK_HIRO_EDGE_ID_SINGLE_DOLLAR] && (ev->type == HIRO_EV_CONNECT || ev->type == HIRO_EV_DISCONNECT))
        collapse_dollars(ev);
    hiro_deliveries out = { 0 };
    hiro_stream_publish(st->stream, ev, &out);
    send_deliveries(st, &out);
}

void hiro_events_open(hiro_session *s)
{
    const bool *f = s->st->fault;
    hiro_offset offset = s->offset;
    if (f[MOCK_HIRO_OFFSET_LARGEST_REPLAYS])
        offset = HIRO_OFFSET_SMALLEST;
    if (f[MOCK_HIRO_MISSED_NOT_REPLAYED])
        offset = HIRO_OFFSET_LARGEST;
    hiro_conn_params p = {
        .group_id = f[MOCK_HIRO_GROUP_MEMBER_GETS_ALL] ? NULL : s->group_id,
        .offset = offset,
        .delta = s->delta && !f[MOCK_HIRO_DELTA_IGNORED],
        .allscopes = s->allscopes || f[MOCK_HIRO_ALLSCOPES_IGNORED],
        .default_scope = s->claims.default_scope[0] ? s->claims.default_scope : NULL,
    };
    s->sconn = hiro_stream_join(s->st->stream, &p, s);
    if (!s->sconn) {
        hiro_send_error(s, 500, "out of memory");
        wsrv_conn_close(s->conn, 1011);
    }
}

/* The jfilter-ne-inverted fault: every != of the filter text becomes =. */
static char *invert_ne(const char *content)
{
    char *t = strdup(content);
    char *w = t;
    for (const char *r = content; t && *r; r++) {
        if (r[0] == '!' && r[1] == '=')
            continue;
        *w++ = *r;
    }
    if (t)
        *w = '\0';
    return t;
}

/* The jfilter-glob-exact fault: an unescaped * that is not a whole value is written
 * as the escape \2a, so it only matches a literal asterisk. */
static char *literal_stars(const char *content)
{
    size_t n = strlen(content);
    char *t = malloc(3 * n + 1);
    char *w = t;
    for (size_t i = 0; t && i < n; i++) {
        bool whole = i > 0 && (content[i - 1] == '=' || content[i - 1] == ' ') &&
                     (content[i + 1] == ')' || content[i + 1] == ' ');
        if (content[i] == '*' && !whole) {
            memcpy(w, "\\2a", 3);
            w += 3;
        } else {
            *w++ = content[i];
        }
    }
    if (t)
        *w = '\0';
    return t;
}

static void do_register(hiro_session *s, const hiro_events_msg *m, hiro_deliveries *out)
{
    const bool *f = s->st->fault;
    if (f[MOCK_HIRO_REGISTER_BEFORE_SUBSCRIBE_LOST] && !s->allscopes && !s->subscribed)
        return;
    char *content = NULL;
    if (f[MOCK_HIRO_JFILTER_NE_INVERTED])
        content = invert_ne(m->filter_content);
    else if (f[MOCK_HIRO_JFILTER_GLOB_EXACT])
        content = literal_stars(m->filter_content);
    hiro_status st = { 0 };
    /* Without filter-id the content is the id (old Java omits it); keep that id even
     * when a fault rewrote the content. */
    const char *id = m->filter_id && m->filter_id[0] ? m->filter_id : m->filter_content;
    int rc = hiro_stream_register(s->st->stream, s->sconn, id, m->filter_type,
                                  content ? content : m->filter_content, out, &st);
    free(content);
    if (rc != 0) {
        if (!f[MOCK_HIRO_BAD_FILTER_SILENT])
            hiro_send_error(s, st.code, st.message);
        return;
    }
    if (f[MOCK_HIRO_ACK_ON_REGISTER]) {
        static const char ack[] = "{\"type\":\"register\",\"ok\":true}";
        wsrv_conn_send(s->conn, ack, sizeof ack - 1, false);
    }
}

void hiro_events_message(hiro_session *s, const char *data, size_t len)
{
    if (!s->sconn)
        return;
    hiro_events_msg m;
    hiro_status st = { 0 };
    cJSON *outer = NULL;
    if (s->st->fault[MOCK_HIRO_DOUBLE_ENCODED_ACCEPTED] && (outer = cJSON_ParseWithLength(data, len)) &&
        cJSON_IsString(outer)) {
        data = outer->valuestring;
        len = strlen(data);
    }
    int rc = hiro_events_msg_parse(data, len, &m, &st);
    cJSON_Delete(outer);
    if (rc != 0) {
        hiro_send_error(s, st.code, st.message);
        return;
    }
    hiro_deliveries out = { 0 };
    switch (m.type) {
    case HIRO_MSG_TOKEN:
        hiro_auth_replace(s, m.token);
        break;
    case HIRO_MSG_SUBSCRIBE:
        if (hiro_stream_subscribe(s->st->stream, s->sconn, m.scope_id, &out, &st) != 0)
            hiro_send_error(s, st.code, st.message);
        else
            s->subscribed = true;
        break;
    case HIRO_MSG_REGISTER:
        do_register(s, &m, &out);
        break;
    case HIRO_MSG_UNREGISTER:
        if (!s->st->fault[MOCK_HIRO_UNREGISTER_IGNORED])
            hiro_stream_unregister(s->st->stream, s->sconn, m.filter_id);
        break;
    case HIRO_MSG_CLEAR:
        if (!s->st->fault[MOCK_HIRO_CLEAR_IGNORED])
            hiro_stream_clear(s->st->stream, s->sconn);
        break;
    }
    hiro_events_msg_free(&m);
    send_deliveries(s->st, &out);
}

void hiro_events_close(hiro_session *s)
{
    const bool *f = s->st->fault;
    bool keep = f[MOCK_HIRO_DEAD_MEMBERS_KEPT] || (f[MOCK_HIRO_TCP_DROP_KEEPS_MEMBER] && !s->peer_closed);
    if (s->sconn && keep && hiro_stream_filter_count(s->sconn) > 0)
        hiro_stream_orphan(s->sconn);
    else if (s->sconn)
        hiro_stream_leave(s->st->stream, s->sconn);
    s->sconn = NULL;
}

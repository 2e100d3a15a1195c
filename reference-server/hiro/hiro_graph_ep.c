/* The graph API endpoint (graph-2.0.0): each request is carried out on the server's
 * graph store; single answers and errors go out at once, list and blob answers one
 * envelope at a time, round robin over the requests in flight, so answers of
 * concurrent requests interleave while each keeps its own order. Changes are published
 * on the event stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hiro_internal.h"

static int64_t now_ms(void)
{
    return (int64_t)(wsrv_wall_time_s() * 1000.0);
}

static void send_text(hiro_session *s, char *text)
{
    if (text)
        wsrv_conn_send(s->conn, text, strlen(text), false);
    free(text);
}

static void send_error(hiro_session *s, const cJSON *id, int code, const char *message)
{
    if (s->st->fault[MOCK_HIRO_ERROR_WITHOUT_CODE]) {
        cJSON *root = cJSON_CreateObject();
        if (id)
            cJSON_AddItemToObject(root, "id", cJSON_Duplicate(id, 1));
        cJSON_AddStringToObject(cJSON_AddObjectToObject(root, "error"), "message", message);
        send_text(s, cJSON_PrintUnformatted(root));
        cJSON_Delete(root);
        return;
    }
    send_text(s, hiro_graph_error(id, code, message));
}

static void send_single(hiro_session *s, const cJSON *id, const cJSON *body)
{
    if (!s->st->fault[MOCK_HIRO_SINGLE_MULTI_TRUE]) {
        send_text(s, hiro_graph_single(id, body));
        return;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddItemToObject(root, "id", cJSON_Duplicate(id, 1));
    cJSON_AddBoolToObject(root, "multi", 1);
    cJSON_AddBoolToObject(root, "more", 0);
    cJSON_AddItemToObject(root, "body", cJSON_Duplicate(body, 1));
    send_text(s, cJSON_PrintUnformatted(root));
    cJSON_Delete(root);
}

static void add_pending(hiro_session *s, hiro_graph_answer *a, bool blob)
{
    hiro_pending *p = calloc(1, sizeof *p);
    if (!p) {
        hiro_graph_answer_free(a);
        return;
    }
    p->answer = a;
    p->blob = blob;
    if (s->pending_tail)
        s->pending_tail->next = p;
    else
        s->pending = p;
    s->pending_tail = p;
}

static void pending_free(hiro_pending *p)
{
    hiro_graph_answer_free(p->answer);
    free(p->held);
    free(p);
}

/* The next envelope of p as the active faults want it; NULL: nothing to send this turn. */
static char *next_envelope(hiro_session *s, hiro_pending *p)
{
    const bool *f = s->st->fault;
    size_t total = hiro_graph_answer_total(p->answer);
    char *text = hiro_graph_answer_next(p->answer);
    size_t index = p->sent++;
    if (!text)
        return NULL;
    if (p->blob && f[MOCK_HIRO_CHUNK_DROPPED] && index == 1 && total >= 3) {
        free(text);
        return NULL;
    }
    if (!p->blob && index == 0 && total >= 2) {
        if (f[MOCK_HIRO_MORE_FALSE_EARLY]) {
            char *more = strstr(text, "\"more\":true");
            char *t = more ? malloc(strlen(text) + 2) : NULL;
            if (t) {
                size_t head = (size_t)(more - text);
                memcpy(t, text, head);
                strcpy(t + head, "\"more\":false");
                strcat(t, more + strlen("\"more\":true"));
                free(text);
                text = t;
            }
        }
        if (f[MOCK_HIRO_FRAGMENTS_REORDERED]) {
            p->held = text;
            return NULL;
        }
    }
    return text;
}

void hiro_graph_pump(hiro_session *s)
{
    while (s->pending && wsrv_conn_queued_messages(s->conn) < HIRO_PUMP_QUEUE) {
        hiro_pending *p = s->pending;
        s->pending = p->next;
        if (!s->pending)
            s->pending_tail = NULL;
        p->next = NULL;
        char *text = next_envelope(s, p);
        if (text) {
            send_text(s, text);
            if (p->held) {
                send_text(s, p->held);
                p->held = NULL;
            }
        }
        if (hiro_graph_answer_done(p->answer) && !p->held) {
            pending_free(p);
            continue;
        }
        /* to the back: the other requests' envelopes go next */
        if (s->pending_tail)
            s->pending_tail->next = p;
        else
            s->pending = p;
        s->pending_tail = p;
    }
}

/* The actor for a request: the per-request _TOKEN when given (it overrides the
 * handshake token), else the connection's. false: answered 401. */
static bool request_actor(hiro_session *s, const hiro_graph_req *req, hiro_token_claims *claims)
{
    *claims = s->claims;
    if (!req->token || s->st->fault[MOCK_HIRO_REQUEST_TOKEN_IGNORED])
        return true;
    hiro_token_status ts = hiro_check_token(s->st, req->token, claims);
    if (ts == HIRO_TOKEN_OK)
        return true;
    send_error(s, req->id, 401, hiro_token_status_message(ts));
    return false;
}

static void answer(hiro_session *s, const cJSON *id, hiro_graph_result *r)
{
    const hiro_state *st = s->st;
    switch (r->kind) {
    case HIRO_GR_SINGLE:
        send_single(s, id, r->body);
        break;
    case HIRO_GR_ERROR: {
        int code = r->error.code == 404 && st->fault[MOCK_HIRO_NOT_FOUND_AS_500] ? 500 : r->error.code;
        send_error(s, id, code, r->error.message);
        break;
    }
    case HIRO_GR_LIST:
        if (cJSON_GetArraySize(r->body) == 0 && st->fault[MOCK_HIRO_EMPTY_LIST_NO_ANSWER])
            break;
        add_pending(s, hiro_graph_answer_list(id, r->body), false);
        break;
    case HIRO_GR_BLOB:
        add_pending(s, hiro_graph_answer_blob(id, r->blob, r->blob_len, st->cfg.blob_chunk), true);
        break;
    }
}

/* The history-newest-first and query-ids-reversed faults: the list in reverse order. */
static void reverse(cJSON *array)
{
    cJSON *rev = NULL;
    while (array->child) {
        cJSON *it = cJSON_DetachItemViaPointer(array, array->child);
        it->next = rev;
        it->prev = NULL;
        if (rev)
            rev->prev = it;
        rev = it;
    }
    for (cJSON *it = rev; it;) {
        cJSON *next = it->next;
        it->next = it->prev = NULL;
        cJSON_AddItemToArray(array, it);
        it = next;
    }
}

void hiro_graph_message(hiro_session *s, const char *data, size_t len)
{
    hiro_state *st = s->st;
    if (st->wedged)
        return;
    hiro_graph_req req;
    hiro_status status = { 0 };
    if (hiro_graph_req_parse(data, len, &req, &status) != 0) {
        send_error(s, req.id, status.code, status.message);
        hiro_graph_req_free(&req);
        return;
    }
    cJSON *string_id = NULL;
    const cJSON *id = req.id;
    if (st->fault[MOCK_HIRO_ID_ECHOED_AS_STRING] && cJSON_IsNumber(id)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%.17g", id->valuedouble);
        id = string_id = cJSON_CreateString(buf);
    }
    hiro_token_claims claims;
    if (st->fault[MOCK_HIRO_GETME_UNKNOWN] && strcmp(req.type_name, "getme") == 0) {
        send_error(s, id, 400, "unknown type getme");
    } else if (request_actor(s, &req, &claims)) {
        hiro_actor who = {
            .account = claims.sub,
            .app = "wsconf",
            .scope = claims.default_scope[0] ? claims.default_scope : NULL,
            .organization = NULL,
            .now_ms = now_ms(),
        };
        if (st->fault[MOCK_HIRO_BODY_PARAMS_IGNORED] && req.body)
            cJSON_DeleteItemFromObjectCaseSensitive((cJSON *)req.body, "ogit/_id");
        hiro_graph_fault_request(st, &req);
        hiro_graph_result r;
        hiro_graph_execute(st->store, &req, &who, &r);
        hiro_graph_fault_result(st, &req, &r);
        if (st->fault[MOCK_HIRO_HISTORY_NEWEST_FIRST] && req.type == HIRO_G_HISTORY && r.kind == HIRO_GR_LIST)
            reverse(r.body);
        char qtype[16];
        if (st->fault[MOCK_HIRO_QUERY_IDS_REVERSED] && req.type == HIRO_G_QUERY && r.kind == HIRO_GR_LIST &&
            hiro_graph_param_text(&req, "type", qtype, sizeof qtype) && strcmp(qtype, "ids") == 0)
            reverse(r.body);
        answer(s, id, &r);
        hiro_event *ev = r.event;
        r.event = NULL;
        if (ev && ((st->fault[MOCK_HIRO_GRAPH_WRITE_NO_EVENT] && req.type == HIRO_G_UPDATE) ||
                   (st->fault[MOCK_HIRO_WRITETS_NO_EVENT] && req.type == HIRO_G_WRITETS))) {
            hiro_event_free(ev);
            ev = NULL;
        }
        hiro_graph_result_free(&r);
        hiro_publish(st, ev);
    }
    cJSON_Delete(string_id);
    hiro_graph_req_free(&req);
    hiro_graph_pump(s);
}

void hiro_graph_close(hiro_session *s)
{
    while (s->pending) {
        hiro_pending *p = s->pending;
        s->pending = p->next;
        pending_free(p);
    }
    s->pending_tail = NULL;
}

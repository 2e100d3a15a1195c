#include "tg_dialect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tg_api.h"
#include "tg_fault.h"
#include "tg_rest.h"
#include "trustgraph/tg_text.h"

typedef struct tg_state {
    mock_tg_world world;
    tg_profile profile;
    wsrv_server *server;
    char *secret;           /* NULL: no auth */
    const char *subprotocols[2];   /* spec with a secret: the secret, selectable as a subprotocol */
    uint32_t timeout_ms;    /* longest wait for the next frame of an answer */
    uint32_t reorder_ms;    /* extra pause before an answer, up to this, chosen by its id */
    uint64_t seed;
    tg_faults faults;       /* --fault: deliberate deviations for the self-test */
} tg_state;

typedef struct tg_pending tg_pending;

typedef struct tg_session {
    tg_pending *head;       /* requests with frames still to send */
} tg_session;

struct tg_pending {
    wsrv_timer timer;       /* first member: the timer callback recovers the request */
    tg_state *st;
    tg_session *sess;
    wsrv_conn *conn;
    tg_out out;
    size_t next;            /* index of the next frame to send */
    bool timing_out;        /* the timer sends the Timeout error instead */
    bool paused;            /* the connection's queue is full: waiting for writable() */
    bool waiting;           /* fault serialised: held until the earlier requests finish */
    cJSON *id;              /* for the Timeout error and duplicate detection */
    tg_pending *prev, *after;
};

/* --- configuration --- */

static int read_uint(const cJSON *cfg, const char *key, uint32_t min, uint32_t max, uint32_t *out,
                     char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfg, key);
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble < min || v->valuedouble > max || v->valuedouble != (double)(uint32_t)v->valuedouble) {
        snprintf(err, errlen, "trustgraph: \"%s\" must be an integer from %u to %u", key, min, max);
        return -1;
    }
    *out = (uint32_t)v->valuedouble;
    return 0;
}

static int read_config(const cJSON *cfg, tg_state *st, mock_tg_opts *o, char *err, size_t errlen)
{
    static const char *const known[] = { "secret", "timeout_ms", "reorder_ms", "chunks", "delay_ms", "dim", "kg_batch" };
    if (!cfg)
        return 0;
    if (!cJSON_IsObject(cfg)) {
        snprintf(err, errlen, "trustgraph: the config must be an object");
        return -1;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, cfg) {
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            ok = ok || strcmp(m->string, known[i]) == 0;
        if (!ok) {
            snprintf(err, errlen, "trustgraph: unknown config key \"%s\"", m->string);
            return -1;
        }
    }
    const cJSON *secret = cJSON_GetObjectItemCaseSensitive(cfg, "secret");
    if (secret && !cJSON_IsString(secret)) {
        snprintf(err, errlen, "trustgraph: \"secret\" must be a string");
        return -1;
    }
    if (cJSON_IsString(secret) && secret->valuestring[0] && !(st->secret = strdup(secret->valuestring))) {
        snprintf(err, errlen, "trustgraph: out of memory");
        return -1;
    }
    uint32_t chunks = o->chunks, dim = o->dim, batch = o->kg_batch;
    if (read_uint(cfg, "timeout_ms", 1, 3600000, &st->timeout_ms, err, errlen) ||
        read_uint(cfg, "reorder_ms", 0, 600000, &st->reorder_ms, err, errlen) ||
        read_uint(cfg, "chunks", 1, 10000, &chunks, err, errlen) ||
        read_uint(cfg, "delay_ms", 0, 600000, &o->delay_ms, err, errlen) ||
        read_uint(cfg, "dim", 1, 64, &dim, err, errlen) ||
        read_uint(cfg, "kg_batch", 1, 100000, &batch, err, errlen))
        return -1;
    o->chunks = chunks;
    o->dim = dim;
    o->kg_batch = batch;
    return 0;
}

static int tg_create(const wsrv_dialect_env *env, wsrv_vhost_opts *opts, void **state, char *err, size_t errlen)
{
    tg_state *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "trustgraph: out of memory");
        return -1;
    }
    if (tg_profile_parse(env->profile, &st->profile) != 0) {
        snprintf(err, errlen, "trustgraph: unknown profile \"%s\" (spec, gateway)", env->profile);
        free(st);
        return -1;
    }
    st->server = env->server;
    st->timeout_ms = TG_DEFAULT_TIMEOUT_MS;
    st->seed = env->seed;
    mock_tg_opts o;
    mock_tg_opts_default(&o);
    tg_faults_load(&st->faults, env->faults);
    if (read_config(env->config, st, &o, err, errlen) != 0 || tg_world_init(&st->world, st->profile, env->seed, &o) != 0) {
        if (!err[0])
            snprintf(err, errlen, "trustgraph: out of memory");
        free(st->secret);
        free(st);
        return -1;
    }
    const bool *f = st->faults.on;
    if ((f[MOCK_TG_GW_TIMEOUT_TOP] || f[MOCK_TG_SPEC_TIMEOUT_INSIDE]) && st->timeout_ms == TG_DEFAULT_TIMEOUT_MS)
        st->timeout_ms = MOCK_TG_FAULT_TIMEOUT_MS;
    if (!st->secret && (f[MOCK_TG_TOKEN_IGNORED] || f[MOCK_TG_SPEC_SUBPROTOCOL_REFUSED] || f[MOCK_TG_GW_SUBPROTOCOL_ACCEPTED] ||
                        f[MOCK_TG_SPEC_REST_401_TEXT]) &&
        !(st->secret = strdup(MOCK_TG_FAULT_SECRET))) {
        snprintf(err, errlen, "trustgraph: out of memory");
        mock_tg_world_free(&st->world);
        free(st);
        return -1;
    }
    if ((st->profile == TG_PROFILE_SPEC || f[MOCK_TG_GW_SUBPROTOCOL_ACCEPTED]) && st->secret) {
        /* The document also takes the token as a subprotocol: the vhost must select it for
         * clients that offered it to accept the handshake. */
        st->subprotocols[0] = st->secret;
        opts->subprotocols = st->subprotocols;
    }
    /* aiohttp's limit: 50 MiB, beyond it close 1009. */
    opts->max_message_size = TG_MAX_MESSAGE;
    opts->oversize_close_code = f[MOCK_TG_OVERSIZE_CLOSE_1000] ? 1000 : 1009;
    *state = st;
    return 0;
}

static void tg_destroy(void *state)
{
    tg_state *st = state;
    mock_tg_world_free(&st->world);
    free(st->secret);
    free(st);
}

/* --- handshake --- */

/* The document also takes the token as an offered subprotocol. */
static bool offered(const char *list, const char *secret)
{
    size_t n = strlen(secret);
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t len = strcspn(p, ",");
        size_t trimmed = len;
        while (trimmed && p[trimmed - 1] == ' ')
            trimmed--;
        if (trimmed == n && strncmp(p, secret, n) == 0)
            return true;
        p += len;
    }
    return false;
}

static int tg_upgrade(void *state, const wsrv_request *req, void *session)
{
    (void)session;
    tg_state *st = state;
    if (strcmp(req->path, TG_SOCKET_PATH) != 0)
        return 404;
    char token[512];
    const char *t = wsrv_query_param(req->query, "token", token, sizeof token);
    const bool *f = st->faults.on;
    if (!st->secret)
        return f[MOCK_TG_TOKEN_REQUIRED_WHEN_OPEN] && !t ? 401 : 0;
    if (f[MOCK_TG_TOKEN_IGNORED] || (t && strcmp(t, st->secret) == 0))
        return 0;
    bool by_subprotocol = st->profile == TG_PROFILE_SPEC ? !f[MOCK_TG_SPEC_SUBPROTOCOL_REFUSED] : f[MOCK_TG_GW_SUBPROTOCOL_ACCEPTED];
    if (by_subprotocol && offered(req->header(req, "sec-websocket-protocol"), st->secret))
        return 0;
    return 401;
}

/* --- requests in flight --- */

static void unlink_free(tg_pending *p)
{
    wsrv_timer_stop(&p->timer);
    if (p->prev)
        p->prev->after = p->after;
    else
        p->sess->head = p->after;
    if (p->after)
        p->after->prev = p->prev;
    tg_out_free(&p->out);
    cJSON_Delete(p->id);
    free(p);
}

static void schedule(tg_pending *p);

/* A request has sent its last frame: under the fault serialised, the oldest held
 * request of the connection goes next. */
static void finish(tg_pending *p)
{
    tg_session *s = p->sess;
    unlink_free(p);
    tg_pending *oldest = NULL;
    for (tg_pending *q = s->head; q; q = q->after)
        if (q->waiting)
            oldest = q;
    if (oldest) {
        oldest->waiting = false;
        schedule(oldest);
    }
}

static void on_timer(wsrv_timer *t)
{
    tg_pending *p = (tg_pending *)(void *)t;
    if (p->timing_out) {
        tg_out o = { 0 };
        tg_frame_timeout(&o, p->st->profile, p->id);
        tg_fault_answer(&p->st->faults, p->st->profile, NULL, &o);
        if (o.count)
            wsrv_conn_send(p->conn, o.msgs[0].text, strlen(o.msgs[0].text), false);
        tg_out_free(&o);
        finish(p);
        return;
    }
    if (wsrv_conn_queued_bytes(p->conn) > TG_HIGH_WATER) {
        /* The client is not reading: hold this answer until the queue drains. */
        p->paused = true;
        return;
    }
    const tg_msg *m = &p->out.msgs[p->next];
    wsrv_conn_send(p->conn, m->text, strlen(m->text), false);
    p->next++;
    while (p->next < p->out.count && p->out.msgs[p->next].delay_ms == 0) {
        m = &p->out.msgs[p->next++];
        wsrv_conn_send(p->conn, m->text, strlen(m->text), false);
    }
    if (p->next >= p->out.count)
        finish(p);
    else
        schedule(p);
}

/* Arms the timer for frame p->next, or for the Timeout error when the back end would
 * take longer than the timeout. */
static void schedule(tg_pending *p)
{
    uint32_t delay = p->out.msgs[p->next].delay_ms;
    p->timing_out = delay > p->st->timeout_ms;
    wsrv_timer_start(p->st->server, &p->timer, (uint64_t)(p->timing_out ? p->st->timeout_ms : delay) * 1000u, on_timer);
}

uint32_t tg_reorder_delay(uint64_t seed, const cJSON *id, uint32_t reorder_ms)
{
    char *text = id ? cJSON_PrintUnformatted(id) : NULL;
    uint64_t h = mock_tg_hash(seed, "reorder", text ? text : "");
    cJSON_free(text);
    return (uint32_t)(h % ((uint64_t)reorder_ms + 1));
}

static bool in_flight(const tg_session *s, const cJSON *id)
{
    for (const tg_pending *p = s->head; p; p = p->after)
        if (p->id && cJSON_Compare(p->id, id, true))
            return true;
    return false;
}

static void tg_open(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    memset(session, 0, sizeof(tg_session));
}

static void send_all(wsrv_conn *conn, tg_out *o)
{
    for (size_t i = 0; i < o->count; i++)
        wsrv_conn_send(conn, o->msgs[i].text, strlen(o->msgs[i].text), false);
}

static size_t in_flight_count(const tg_session *s)
{
    size_t n = 0;
    for (const tg_pending *p = s->head; p; p = p->after)
        n++;
    return n;
}

/* Sends an answer: frames due at once now, the rest on the request's own timer. Takes
 * over out and id (NULL: parsed from the frame only if the request stays in flight). */
static void dispatch(tg_state *st, wsrv_conn *conn, tg_session *s, tg_out out, cJSON *id, const char *data, size_t len)
{
    const bool *f = st->faults.on;
    if (f[MOCK_TG_ERROR_CLOSES_SOCKET] && tg_fault_is_envelope_error(&out)) {
        send_all(conn, &out);
        wsrv_conn_close(conn, 1011);
        tg_out_free(&out);
        cJSON_Delete(id);
        return;
    }
    /* Under the fault serialised, nothing overtakes a request still in flight. */
    bool hold = f[MOCK_TG_SERIALISED] && s->head;
    size_t now = 0;
    while (!hold && now < out.count && out.msgs[now].delay_ms == 0)
        now++;
    for (size_t i = 0; i < now; i++)
        wsrv_conn_send(conn, out.msgs[i].text, strlen(out.msgs[i].text), false);
    if (now == out.count) {
        tg_out_free(&out);
        cJSON_Delete(id);
        return;
    }
    tg_pending *p = calloc(1, sizeof *p);
    if (!p) {
        tg_out_free(&out);
        cJSON_Delete(id);
        return;
    }
    p->st = st;
    p->sess = s;
    p->conn = conn;
    p->out = out;
    p->next = now;
    p->id = id ? id : tg_frame_id(data, len);
    p->waiting = hold;
    p->after = s->head;
    if (s->head)
        s->head->prev = p;
    s->head = p;
    if (!hold)
        schedule(p);
}

static void tg_message(void *state, wsrv_conn *conn, void *session, const char *data, size_t len, bool binary)
{
    /* Text and binary frames are both parsed as JSON. */
    tg_state *st = state;
    tg_session *s = session;
    const bool *f = st->faults.on;
    if ((f[MOCK_TG_DROP_BEYOND_16] && in_flight_count(s) >= 16) || (binary && f[MOCK_TG_BINARY_IGNORED]))
        return;
    char *rewritten = tg_fault_request(&st->faults, st->profile, data, len);
    if (rewritten) {
        data = rewritten;
        len = strlen(rewritten);
    }
    char *service = tg_fault_service(&st->faults, data, len);
    /* The id is needed for duplicate checks (spec) and for requests that stay in flight. */
    bool refuse_duplicates = st->profile == TG_PROFILE_SPEC ? !f[MOCK_TG_SPEC_DUPLICATE_ACCEPTED] : f[MOCK_TG_GW_DUPLICATE_REFUSED];
    cJSON *id = refuse_duplicates ? tg_frame_id(data, len) : NULL;
    tg_out out = { 0 };
    if (id && cJSON_IsString(id) && in_flight(s, id)) {
        /* The document makes ids unique within the session. */
        tg_frame_gateway_error(&out, st->profile, id, "Duplicate request id");
    } else {
        tg_handle(&st->world, st->profile, data, len, &out);
        if (out.count == 0) {
            /* Out of memory before any answer: still one final frame. */
            if (!id)
                id = tg_frame_id(data, len);
            tg_frame_gateway_error(&out, st->profile, id, "Out of memory");
        } else if (st->reorder_ms) {
            /* Answers deliberately out of request order: a pause chosen by the id. */
            if (!id)
                id = tg_frame_id(data, len);
            out.msgs[0].delay_ms += tg_reorder_delay(st->seed, id, st->reorder_ms);
        }
    }
    tg_fault_answer(&st->faults, st->profile, service, &out);
    free(service);
    dispatch(st, conn, s, out, id, data, len);
    free(rewritten);
}

/* Fault gw-rest-any-scheme: an Authorization header of another scheme reads as absent. */
static const char *header_any_scheme(const wsrv_request *req, const char *name)
{
    const wsrv_request *orig = req->impl;
    const char *h = orig->header(orig, name);
    if (h && strcasecmp(name, "authorization") == 0 && strncmp(h, "Bearer", 6) != 0)
        return NULL;
    return h;
}

static void tg_http(void *state, const wsrv_request *req, wsrv_response *res)
{
    tg_state *st = state;
    wsrv_request any_scheme = *req;
    if (st->faults.on[MOCK_TG_GW_REST_ANY_SCHEME] && st->profile == TG_PROFILE_GATEWAY) {
        any_scheme.header = header_any_scheme;
        any_scheme.impl = (void *)req;
        req = &any_scheme;
    }
    tg_rest(&st->world, st->profile, st->secret, req, res);
    tg_fault_rest(&st->faults, st->profile, res);
}

static void tg_writable(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    tg_session *s = session;
    for (tg_pending *p = s->head; p; p = p->after) {
        if (p->paused) {
            p->paused = false;
            wsrv_timer_start(p->st->server, &p->timer, 0, on_timer);
        }
    }
}

static void tg_close(void *state, wsrv_conn *conn, void *session)
{
    (void)state;
    (void)conn;
    tg_session *s = session;
    /* In-flight work is abandoned, as the gateway does. */
    while (s->head)
        unlink_free(s->head);
}

const wsrv_dialect tg_dialect = {
    .name = "trustgraph",
    .default_port = TG_DEFAULT_PORT,
    .session_size = sizeof(tg_session),
    .create = tg_create,
    .destroy = tg_destroy,
    .open = tg_open,
    .message = tg_message,
    .writable = tg_writable,
    .close = tg_close,
    .http = tg_http,
    .upgrade = tg_upgrade,
};

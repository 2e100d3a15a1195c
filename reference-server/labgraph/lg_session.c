#include "lg_session.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labgraph/lg_msg.h"
#include "labgraph/lg_pace.h"
#include "labgraph/lg_source.h"

/* --- state --- */

int lg_state_init(lg_state *st, mock_lg_config *cfg, uint64_t seed, const mock_fault_set *faults,
                  wsrv_server *server)
{
    memset(st, 0, sizeof *st);
    st->cfg = *cfg;
    memset(cfg, 0, sizeof *cfg);
    st->seed = seed;
    st->server = server;
    st->next_session_id = 1;
    for (int f = 0; f < MOCK_LG_FAULT_COUNT; f++)
        st->fault[f] = mock_fault_active(faults, mock_lg_faults[f].name);
    size_t n = st->cfg.nstreams ? st->cfg.nstreams : 1;
    st->input_holder = calloc(n, sizeof *st->input_holder);
    st->kept_counter = calloc(n, sizeof *st->kept_counter);
    if (!st->input_holder || !st->kept_counter) {
        lg_state_free(st);
        return -1;
    }
    return 0;
}

void lg_state_free(lg_state *st)
{
    mock_lg_config_free(&st->cfg);
    free(st->input_holder);
    free(st->kept_counter);
    st->input_holder = st->kept_counter = NULL;
}

static size_t lg_cfg_index(const lg_state *st, const mock_lg_stream *cfg)
{
    return (size_t)(cfg - st->cfg.streams);
}

/* --- sending --- */

static bool lg_send(lg_session *s, char *text /* consumed */)
{
    if (!text)
        return false;
    bool ok = wsrv_conn_send(s->conn, text, strlen(text), false);
    cJSON_free(text);
    return ok;
}

static bool lg_backlogged(const lg_session *s)
{
    return wsrv_conn_queued_messages(s->conn) > LG_BACKLOG_MESSAGES ||
           wsrv_conn_queued_bytes(s->conn) > LG_BACKLOG_BYTES;
}

static void lg_stop_all_other_streams(lg_session *except);

static void lg_send_error(lg_session *s, lg_error e, const cJSON *request_id, const char *fmt, ...)
{
    static const enum mock_lg_fault wrong_code[LG_ERR_COUNT] = {
        [LG_ERR_INVALID_MESSAGE_FORMAT] = MOCK_LG_WRONG_CODE_INVALID_MESSAGE_FORMAT,
        [LG_ERR_MESSAGE_NOT_SUPPORTED] = MOCK_LG_WRONG_CODE_MESSAGE_NOT_SUPPORTED,
        [LG_ERR_STREAM_ID_NOT_FOUND] = MOCK_LG_WRONG_CODE_STREAM_ID_NOT_FOUND,
        [LG_ERR_STREAM_ID_ALREADY_EXISTS] = MOCK_LG_WRONG_CODE_STREAM_ID_ALREADY_EXISTS,
        [LG_ERR_NOT_TRAINED] = MOCK_LG_WRONG_CODE_NOT_TRAINED,
        [LG_ERR_STREAM_ALREADY_REQUESTED] = MOCK_LG_WRONG_CODE_STREAM_ALREADY_REQUESTED,
        [LG_ERR_NON_EXISTENT_STREAM] = MOCK_LG_WRONG_CODE_NON_EXISTENT_STREAM,
    };
    const bool *fault = s->st->fault;
    char desc[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof desc, fmt, ap);
    va_end(ap);
    const char *code = fault[wrong_code[e]] ? "InternalError" : lg_error_name(e);
    if (!lg_error_has_request_id(e) || fault[MOCK_LG_ERROR_REQUEST_ID_DROPPED])
        request_id = NULL;
    lg_send(s, lg_msg_error(request_id, code, desc, fault[MOCK_LG_EVENT_API_VERSION_STRING]));
    if (e == LG_ERR_INVALID_MESSAGE_FORMAT && fault[MOCK_LG_BAD_INPUT_STOPS_OTHERS])
        lg_stop_all_other_streams(s);
    if (fault[MOCK_LG_ERROR_CLOSES_SESSION])
        wsrv_conn_close(s->conn, 1011);
}

/* --- batches --- */

/* The next batch_num of a stream, with the numbering faults applied. */
static int64_t lg_next_batch_num(lg_stream *t)
{
    const bool *fault = t->session->st->fault;
    uint64_t *counter = fault[MOCK_LG_SHARED_BATCH_COUNTER] ? &t->session->shared_counter : &t->counter;
    int64_t n = (int64_t)++*counter;
    if (fault[MOCK_LG_BATCH_NUM_FROM_ZERO])
        n -= 1;
    if (fault[MOCK_LG_BATCH_NUM_SKIP] && n >= 3)
        n += 1;
    return n;
}

/* Sends samples (consumed) as the stream's next batch. */
static bool lg_send_batch(lg_stream *t, cJSON *samples, int64_t batch_num)
{
    const bool *fault = t->session->st->fault;
    char upper[256];
    const char *sid = t->stream_id;
    if (fault[MOCK_LG_BATCH_PRODUCER_STREAM_ID]) {
        size_t i = 0;
        for (; t->cfg->name[i] && i + 1 < sizeof upper; i++)
            upper[i] = (char)toupper((unsigned char)t->cfg->name[i]);
        upper[i] = '\0';
        sid = upper;
    }
    return lg_send(t->session, lg_msg_batch(sid, t->cfg->name, samples, batch_num,
                                             !fault[MOCK_LG_BATCH_NO_API_VERSION], fault[MOCK_LG_SAMPLES_NOT_ARRAY]));
}

/* Generates and sends one batch of a stream with a data source. */
static bool lg_emit_generated(lg_stream *t)
{
    const lg_state *st = t->session->st;
    int64_t num = lg_next_batch_num(t);
    cJSON *samples = cJSON_CreateArray();
    for (int i = 0; samples && i < t->cfg->batch_size; i++) {
        double produced = wsrv_wall_time_s();
        cJSON *data = mock_lg_sample_data(t->cfg, st->seed, (uint64_t)num, (uint64_t)i);
        double stamped = wsrv_wall_time_s();
        if (stamped < produced)
            stamped = produced; /* the wall clock may step back; keep timestamp_s >= produced */
        cJSON *sample = lg_msg_sample(data, produced, stamped, st->fault[MOCK_LG_SAMPLE_FIELDS_MISSING]);
        if (!sample || !cJSON_AddItemToArray(samples, sample)) {
            cJSON_Delete(sample);
            cJSON_Delete(samples);
            return false;
        }
    }
    return samples && lg_send_batch(t, samples, num);
}

static bool lg_generates(const lg_stream *t)
{
    return t->cfg->has_rate && t->cfg->kind != MOCK_LG_DATA_NONE;
}

static void lg_on_timer(wsrv_timer *timer)
{
    lg_stream *t = (lg_stream *)(void *)((char *)timer - offsetof(lg_stream, timer));
    lg_stream_tick(t);
}

void lg_stream_tick(lg_stream *t)
{
    lg_session *s = t->session;
    if (!lg_generates(t))
        return;
    if (t->cfg->rate_hz == 0) {
        /* As fast as the socket drains: keep a few messages queued, refilled on writable. */
        while (wsrv_conn_queued_messages(s->conn) < LG_FAST_FILL)
            if (!lg_emit_generated(t))
                return;
        return;
    }
    uint64_t now = wsrv_now_us();
    uint64_t due = lg_pace_due(t->cfg->rate_hz, t->anchor_us, t->emitted, now);
    if (due > LG_PACE_MAX_BURST) {
        t->anchor_us = now;
        t->emitted = 0;
        due = 1;
    }
    for (; due > 0; due--) {
        if (lg_backlogged(s)) {
            t->paused = true; /* lg_session_writable resumes it */
            return;
        }
        if (!lg_emit_generated(t))
            return;
        t->emitted++;
    }
    uint64_t at = lg_pace_due_at(t->cfg->rate_hz, t->anchor_us, t->emitted);
    wsrv_timer_start(s->st->server, &t->timer, at > now ? at - now : 0, lg_on_timer);
}

/* Starts production of a fresh stream: paced streams begin with batch 1 right away. */
static void lg_stream_begin(lg_stream *t)
{
    if (!lg_generates(t))
        return;
    t->anchor_us = wsrv_now_us();
    t->emitted = 0;
    if (t->cfg->rate_hz == 0)
        lg_stream_tick(t);
    else
        wsrv_timer_start(t->session->st->server, &t->timer, 0, lg_on_timer);
}

/* --- stream lifetime --- */

lg_stream *lg_session_find_stream(const lg_session *s, const char *stream_id)
{
    for (lg_stream *t = s->streams; t; t = t->next)
        if (strcmp(t->stream_id, stream_id) == 0)
            return t;
    return NULL;
}

static bool lg_session_uses(const lg_session *s, const mock_lg_stream *cfg)
{
    for (const lg_stream *t = s->streams; t; t = t->next)
        if (t->cfg == cfg)
            return true;
    return false;
}

/* Unlinks, stops and frees a stream; releases its input stream when the session no longer
 * uses it (keep_input: the close-keeps-streams fault). */
static void lg_stream_drop(lg_stream *t, bool keep_input)
{
    lg_session *s = t->session;
    lg_state *st = s->st;
    for (lg_stream **pp = &s->streams; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    wsrv_timer_stop(&t->timer);
    size_t idx = lg_cfg_index(st, t->cfg);
    if (t->cfg->direction == MOCK_LG_INPUT && !keep_input && st->input_holder[idx] == s->id &&
        !lg_session_uses(s, t->cfg))
        st->input_holder[idx] = 0;
    free(t->stream_id);
    cJSON_Delete(t->start_request_id);
    free(t);
}

static void lg_stop_all_other_streams(lg_session *except)
{
    for (lg_session *o = except->st->sessions; o; o = o->next)
        if (o != except)
            while (o->streams)
                lg_stream_drop(o->streams, false);
}

static bool lg_output_held_elsewhere(const lg_session *s, const mock_lg_stream *cfg)
{
    for (const lg_session *o = s->st->sessions; o; o = o->next)
        if (o != s && lg_session_uses(o, cfg))
            return true;
    return false;
}

static void lg_handle_start(lg_session *s, const lg_in *in)
{
    lg_state *st = s->st;
    const bool *fault = st->fault;
    const mock_lg_stream *cfg = mock_lg_config_find(&st->cfg, in->stream_name);
    if (!cfg) {
        lg_send_error(s, LG_ERR_NON_EXISTENT_STREAM, in->request_id, "stream name \"%.200s\" does not exist",
                      in->stream_name);
        return;
    }
    if (lg_session_find_stream(s, in->stream_id)) {
        lg_send_error(s, LG_ERR_STREAM_ID_ALREADY_EXISTS, in->request_id,
                      "stream_id \"%.200s\" is already active in this session", in->stream_id);
        return;
    }
    if (!cfg->trained) {
        lg_send_error(s, LG_ERR_NOT_TRAINED, in->request_id, "stream \"%.200s\" has not been trained", cfg->name);
        return;
    }
    size_t idx = lg_cfg_index(st, cfg);
    bool held = cfg->direction == MOCK_LG_INPUT ? st->input_holder[idx] != 0 && st->input_holder[idx] != s->id
                                                : fault[MOCK_LG_OUTPUT_EXCLUSIVE] && lg_output_held_elsewhere(s, cfg);
    if (held) {
        lg_send_error(s, LG_ERR_STREAM_ALREADY_REQUESTED, in->request_id,
                      "stream \"%.200s\" is already requested by another session", cfg->name);
        return;
    }
    lg_stream *t = calloc(1, sizeof *t);
    if (!t)
        return;
    t->session = s;
    t->cfg = cfg;
    t->stream_id = strdup(in->stream_id);
    t->start_request_id = cJSON_Duplicate(in->request_id, 1);
    if (!t->stream_id || !t->start_request_id) {
        free(t->stream_id);
        cJSON_Delete(t->start_request_id);
        free(t);
        return;
    }
    if (fault[MOCK_LG_CLOSE_KEEPS_STREAMS])
        t->counter = st->kept_counter[idx];
    t->next = s->streams;
    s->streams = t;
    if (cfg->direction == MOCK_LG_INPUT)
        st->input_holder[idx] = s->id;

    if (fault[MOCK_LG_BATCH_BEFORE_START_EVENT] && lg_generates(t)) {
        lg_emit_generated(t);
        t->emitted = 1;
    }
    cJSON *rid = NULL;
    if (fault[MOCK_LG_START_REQUEST_ID_OFF_BY_ONE] && cJSON_IsNumber(in->request_id) &&
        in->request_id->valuedouble == floor(in->request_id->valuedouble))
        rid = cJSON_CreateNumber(in->request_id->valuedouble + 1);
    char *wrong_sid = NULL; /* owned: the stream_id with "-x" appended */
    if (fault[MOCK_LG_START_WRONG_STREAM_ID] && (wrong_sid = malloc(strlen(in->stream_id) + 3)) != NULL)
        sprintf(wrong_sid, "%s-x", in->stream_id);
    lg_send(s, lg_msg_start_event(rid ? rid : in->request_id, wrong_sid ? wrong_sid : in->stream_id,
                                  fault[MOCK_LG_EVENT_API_VERSION_STRING]));
    free(wrong_sid);
    cJSON_Delete(rid);
    if (fault[MOCK_LG_BATCH_BEFORE_START_EVENT] && lg_generates(t)) {
        /* The first batch already went out; continue the schedule from the second. */
        t->anchor_us = wsrv_now_us();
        if (t->cfg->rate_hz > 0)
            wsrv_timer_start(st->server, &t->timer, lg_pace_due_at(t->cfg->rate_hz, 0, 1), lg_on_timer);
        else
            lg_stream_tick(t);
    } else {
        lg_stream_begin(t);
    }
}

static void lg_handle_end(lg_session *s, const lg_in *in)
{
    const bool *fault = s->st->fault;
    lg_stream *t = lg_session_find_stream(s, in->stream_id);
    if (!t) {
        lg_send_error(s, LG_ERR_STREAM_ID_NOT_FOUND, in->request_id,
                      "stream_id \"%.200s\" is not active in this session", in->stream_id);
        return;
    }
    wsrv_timer_stop(&t->timer);
    if (!fault[MOCK_LG_END_NO_EVENT]) {
        const cJSON *rid = fault[MOCK_LG_END_ECHOES_START_REQUEST_ID] ? t->start_request_id : in->request_id;
        lg_send(s, lg_msg_end_event(rid, t->stream_id, fault[MOCK_LG_EVENT_API_VERSION_STRING]));
    }
    if (fault[MOCK_LG_BATCH_AFTER_END]) {
        if (lg_generates(t))
            lg_emit_generated(t);
        else
            lg_send_batch(t, cJSON_CreateArray(), lg_next_batch_num(t));
    }
    lg_stream_drop(t, false);
}

/* Forwards an accepted input batch along every route from its stream. */
static void lg_route(lg_state *st, const mock_lg_stream *from, const cJSON *samples)
{
    for (size_t r = 0; r < st->cfg.nroutes; r++) {
        if (st->cfg.routes[r].from != from)
            continue;
        for (lg_session *o = st->sessions; o; o = o->next)
            for (lg_stream *t = o->streams; t; t = t->next)
                /* A receiver that stops reading must not let a sender grow its queue
                 * without bound: far past the backlog mark, routed batches are dropped. */
                if (t->cfg == st->cfg.routes[r].to &&
                    wsrv_conn_queued_bytes(o->conn) <= LG_ROUTE_DROP_BYTES) {
                    cJSON *copy = lg_msg_copy_exact(samples);
                    if (copy)
                        lg_send_batch(t, copy, lg_next_batch_num(t));
                }
    }
}

static void lg_handle_batch(lg_session *s, const lg_in *in)
{
    lg_state *st = s->st;
    lg_stream *t = lg_session_find_stream(s, in->stream_id);
    if (!t || t->cfg->direction != MOCK_LG_INPUT) {
        lg_send_error(s, LG_ERR_MESSAGE_NOT_SUPPORTED, NULL,
                      "stream_batch for stream_id \"%.200s\", which is not an active input stream of this session",
                      in->stream_id);
        return;
    }
    if (strcmp(t->cfg->name, in->stream_name) != 0) {
        lg_send_error(s, LG_ERR_MESSAGE_NOT_SUPPORTED, NULL,
                      "stream_batch for stream_id \"%.200s\" names \"%.200s\", but the stream is \"%s\"",
                      in->stream_id, in->stream_name, t->cfg->name);
        return;
    }
    if (st->fault[MOCK_LG_INPUT_REJECTED]) {
        lg_send_error(s, LG_ERR_MESSAGE_NOT_SUPPORTED, NULL, "input stream batches are not supported");
        return;
    }
    if (!st->fault[MOCK_LG_INPUT_NOT_ROUTED])
        lg_route(st, t->cfg, in->samples);
}

/* --- session lifetime --- */

void lg_session_open(lg_state *st, lg_session *s, wsrv_conn *conn)
{
    memset(s, 0, sizeof *s);
    s->st = st;
    s->conn = conn;
    s->id = st->next_session_id++;
    s->next = st->sessions;
    if (st->sessions)
        st->sessions->prev = s;
    st->sessions = s;
    if (st->fault[MOCK_LG_GREETING_ON_OPEN]) {
        static const char hello[] = "{\"api_version\":0.1,\"hello\":\"wsconf\"}";
        wsrv_conn_send(conn, hello, sizeof hello - 1, false);
    }
}

void lg_session_message(lg_session *s, const char *data, size_t len, bool binary)
{
    lg_in in;
    lg_msg_parse(data, len, binary, &in);
    if (in.kind != LG_IN_INVALID && in.kind != LG_IN_BATCH && s->st->fault[MOCK_LG_REJECT_NUMERIC_API_VERSION] &&
        cJSON_IsNumber(in.api_version)) {
        in.kind = LG_IN_INVALID;
        in.error = LG_ERR_MESSAGE_NOT_SUPPORTED;
        snprintf(in.desc, sizeof in.desc, "api_version must be the string \"0.1\"");
    }
    switch (in.kind) {
    case LG_IN_INVALID:
        lg_send_error(s, in.error, NULL, "%s", in.desc);
        break;
    case LG_IN_START:
        lg_handle_start(s, &in);
        break;
    case LG_IN_END:
        lg_handle_end(s, &in);
        break;
    case LG_IN_BATCH:
        lg_handle_batch(s, &in);
        break;
    }
    lg_in_free(&in);
}

void lg_session_writable(lg_session *s)
{
    for (lg_stream *t = s->streams; t; t = t->next) {
        if (!lg_generates(t))
            continue;
        if (t->cfg->rate_hz == 0) {
            lg_stream_tick(t);
        } else if (t->paused && !lg_backlogged(s)) {
            t->paused = false;
            t->anchor_us = wsrv_now_us();
            t->emitted = 0;
            wsrv_timer_start(s->st->server, &t->timer, 0, lg_on_timer);
        }
    }
}

void lg_session_close(lg_session *s)
{
    lg_state *st = s->st;
    bool keep = st->fault[MOCK_LG_CLOSE_KEEPS_STREAMS];
    while (s->streams) {
        lg_stream *t = s->streams;
        if (keep)
            st->kept_counter[lg_cfg_index(st, t->cfg)] = t->counter;
        lg_stream_drop(t, keep);
    }
    if (s->prev)
        s->prev->next = s->next;
    else
        st->sessions = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->prev = s->next = NULL;
}

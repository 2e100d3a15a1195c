#include "fake_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

uint64_t fake_now_us = 1000000;
double fake_wall_s = 1700000000.0;

#define FAKE_MAX_TIMERS 256
static wsrv_timer *fake_timers[FAKE_MAX_TIMERS];
static uint64_t fake_due[FAKE_MAX_TIMERS];

void fake_conn_reset(wsrv_conn *c)
{
    for (size_t i = 0; i < c->nsent; i++)
        free(c->sent[i]);
    memset(c, 0, sizeof *c);
}

void fake_conn_drain(wsrv_conn *c)
{
    c->delivered = c->nsent;
}

static bool fake_record(wsrv_conn *conn, const char *prefix, const char *const *parts, const size_t *lens, size_t n,
                        bool binary)
{
    if (conn->close_code || conn->nsent >= FAKE_MAX_SENT)
        return false;
    size_t plen = strlen(prefix), len = plen;
    for (size_t i = 0; i < n; i++)
        len += lens[i];
    char *copy = malloc(len + 1);
    memcpy(copy, prefix, plen);
    for (size_t i = 0, at = plen; i < n; at += lens[i], i++)
        memcpy(copy + at, parts[i], lens[i]);
    copy[len] = '\0';
    conn->sent_len[conn->nsent] = len;
    conn->sent_binary[conn->nsent] = binary;
    conn->sent_fragments[conn->nsent] = n;
    conn->sent[conn->nsent++] = copy;
    return true;
}

bool wsrv_conn_send(wsrv_conn *conn, const char *data, size_t len, bool binary)
{
    return fake_record(conn, "", &data, &len, 1, binary);
}

bool wsrv_conn_send_fragments(wsrv_conn *conn, const char *const *parts, const size_t *lens, size_t n, bool binary)
{
    return n > 0 && fake_record(conn, "", parts, lens, n, binary);
}

bool wsrv_conn_ping(wsrv_conn *conn, const void *payload, size_t len)
{
    const char *p = payload;
    return len <= 125 && fake_record(conn, "PING:", &p, &len, 1, true);
}

bool wsrv_conn_pong(wsrv_conn *conn, const void *payload, size_t len)
{
    const char *p = payload;
    return len <= 125 && fake_record(conn, "PONG:", &p, &len, 1, true);
}

void wsrv_conn_close(wsrv_conn *conn, int code)
{
    if (!conn->close_code)
        conn->close_code = code ? code : -1;
}

void wsrv_conn_set_close_reason(wsrv_conn *conn, const char *reason)
{
    snprintf(conn->close_reason, sizeof conn->close_reason, "%s", reason ? reason : "");
}

size_t wsrv_conn_queued_messages(const wsrv_conn *conn)
{
    return conn->nsent - conn->delivered;
}

size_t wsrv_conn_queued_bytes(const wsrv_conn *conn)
{
    size_t n = 0;
    for (size_t i = conn->delivered; i < conn->nsent; i++)
        n += strlen(conn->sent[i]);
    return n;
}

static int fake_slot(const wsrv_timer *t)
{
    for (int i = 0; i < FAKE_MAX_TIMERS; i++)
        if (fake_timers[i] == t)
            return i;
    return -1;
}

void wsrv_timer_start(wsrv_server *server, wsrv_timer *timer, uint64_t delay_us, wsrv_timer_fn fn)
{
    timer->fn = fn;
    timer->server = server;
    int i = fake_slot(timer);
    if (i < 0)
        i = fake_slot(NULL);
    fake_timers[i] = timer;
    fake_due[i] = fake_now_us + delay_us;
}

void wsrv_timer_stop(wsrv_timer *timer)
{
    int i = fake_slot(timer);
    if (i >= 0)
        fake_timers[i] = NULL;
}

size_t fake_armed_timers(void)
{
    size_t n = 0;
    for (int i = 0; i < FAKE_MAX_TIMERS; i++)
        n += fake_timers[i] != NULL;
    return n;
}

void fake_advance_to(uint64_t t_us)
{
    for (;;) {
        int best = -1;
        for (int i = 0; i < FAKE_MAX_TIMERS; i++)
            if (fake_timers[i] && fake_due[i] <= t_us && (best < 0 || fake_due[i] < fake_due[best]))
                best = i;
        if (best < 0)
            break;
        wsrv_timer *t = fake_timers[best];
        fake_timers[best] = NULL;
        if (fake_due[best] > fake_now_us)
            fake_now_us = fake_due[best];
        t->fn(t);
    }
    fake_now_us = t_us;
}

uint64_t wsrv_now_us(void)
{
    return fake_now_us;
}

double wsrv_wall_time_s(void)
{
    return fake_wall_s;
}

static const char *fake_header(const wsrv_request *req, const char *name)
{
    fake_request *fr = req->impl;
    size_t n = strlen(name);
    for (const char *line = fr->headers; line && *line;) {
        const char *eol = strstr(line, "\r\n");
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len > n && line[n] == ':' && strncasecmp(line, name, n) == 0 && fr->nvalues < 32) {
            const char *v = line + n + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t vlen = (size_t)(line + len - v);
            char *copy = malloc(vlen + 1);
            if (!copy)
                return NULL;
            memcpy(copy, v, vlen);
            copy[vlen] = '\0';
            fr->values[fr->nvalues++] = copy;
            return copy;
        }
        line += len;
        if (eol)
            line += 2;
    }
    return NULL;
}

void fake_request_init(fake_request *fr, const char *method, const char *path, const char *query,
                       const char *headers, const char *body, size_t body_len)
{
    memset(fr, 0, sizeof *fr);
    fr->headers = headers;
    fr->req.method = method;
    fr->req.path = path;
    fr->req.query = query ? query : "";
    fr->req.body = body;
    fr->req.body_len = body_len;
    fr->req.header = fake_header;
    fr->req.impl = fr;
}

char fake_selected_subprotocol[64];

bool wsrv_request_select_subprotocol(const wsrv_request *req, const char *name)
{
    (void)req;
    if (!name || !*name || strlen(name) >= sizeof fake_selected_subprotocol || strpbrk(name, "\r\n"))
        return false;
    strcpy(fake_selected_subprotocol, name);
    return true;
}

void fake_request_free(fake_request *fr)
{
    for (size_t i = 0; i < fr->nvalues; i++)
        free(fr->values[i]);
    fr->nvalues = 0;
}

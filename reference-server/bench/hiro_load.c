/* wsconf-hiro-load: HIRO's event path over sockets. SUBSCRIBERS event-stream sockets each
 * register five filters (two overlapping, one on CREATEs, two that never match) for one of
 * GROUPS groups; one graph-API socket keeps
 * WRITES requests in flight (create, then alternately update an earlier vertex and
 * create), for SECONDS after a warm-up. Every vertex carries its group (/bk) and the
 * number of the write that last changed it (/seq), so each event names its write.
 * Checked: every event belongs to the subscriber's group, has the write's type (CREATE or
 * UPDATE) and comes once; at the end each subscriber has had exactly one event per
 * successful write in its group. Prints writes/s, events/s and event latency (write sent
 * to event received) percentiles; exits 1 on any wrong or missing event or failed write.
 * Plain ws:// (the server's hiro config "tls": false); the token comes from the server's
 * POST /api/auth/<ver>/app.
 * Usage: wsconf-hiro-load HOST PORT SUBSCRIBERS SECONDS [GROUPS (4)] [WRITES (8)] */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "bench_stats.h"
#include "ws_raw.h"

#define HL_WARMUP_S 0.5
#define HL_DRAIN_S 10.0
#define HL_EVENTS_PATH "/api/events-ws/6.2/"
#define HL_GRAPH_PATH "/api/graph-ws/6.1/"

typedef struct {
    double sent_at;
    int bk;              /* the vertex's group */
    char kind;           /* 'C' create, 'U' update */
    bool answered, ok;
} hl_write;

typedef struct {
    char id[96];
    int bk;
} hl_vertex;

typedef struct {
    wsr_conn ws;
    int index;           /* -1: the graph-API writer */
    int group;
    uint8_t *seen;       /* bit per write number: its event arrived */
    size_t seen_bytes;
    unsigned long long events;
    bool synced;
    bool want_out;
} hl_conn;

typedef struct {
    int groups, depth;
    hl_write *w;
    size_t nw, capw;     /* writes sent */
    size_t answered;
    hl_vertex *pool;     /* created vertices, updated round robin */
    size_t npool, cappool, next_update, creates;
    unsigned long long *expected;  /* successful writes per group */
    bool sending, measuring;
    unsigned long long window_writes, window_events;
    unsigned long long wrong;
    char first_wrong[256];
    bench_lat lat;
} hl_run;

static void wrong(hl_run *r, const char *who, const char *why, const char *data, size_t len)
{
    if (!r->wrong)
        snprintf(r->first_wrong, sizeof r->first_wrong, "%s: %s: %.*s", who, why, (int)(len > 150 ? 150 : len), data);
    r->wrong++;
}

/* --- the token --- */

static int issue_token(const char *host, int port, char *token, size_t size)
{
    char err[256];
    int fd = wsr_tcp_connect(host, port, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, "token: %s\n", err);
        return -1;
    }
    static const char body[] = "{\"username\":\"bench\",\"password\":\"bench\"}";
    char req[512];
    int n = snprintf(req, sizeof req,
                     "POST /api/auth/6.1/app HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     host, port, sizeof body - 1, body);
    char resp[4096];
    size_t got = 0;
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    for (;;) {
        ssize_t r = read(fd, resp + got, sizeof resp - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
        resp[got] = '\0';
        const char *head_end = strstr(resp, "\r\n\r\n");
        const char *cl = strcasestr(resp, "content-length:");
        if (head_end && cl && cl < head_end && got >= (size_t)(head_end + 4 - resp) + strtoul(cl + 15, NULL, 10))
            break;
    }
    close(fd);
    resp[got] = '\0';
    const char *json = strstr(resp, "\r\n\r\n");
    cJSON *j = json && strncmp(resp, "HTTP/1.1 200", 12) == 0 ? cJSON_Parse(json + 4) : NULL;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "_TOKEN");
    int rc = cJSON_IsString(t) && strlen(t->valuestring) < size ? 0 : -1;
    if (rc == 0)
        strcpy(token, t->valuestring);
    else
        fprintf(stderr, "token: unexpected answer: %.200s\n", resp);
    cJSON_Delete(j);
    return rc;
}

/* --- writes --- */

static int send_write(hl_run *r, hl_conn *g, double now)
{
    if (r->nw == r->capw) {
        size_t cap = r->capw ? r->capw * 2 : 65536;
        hl_write *w = realloc(r->w, cap * sizeof *w);
        if (!w)
            return -1;
        r->w = w;
        r->capw = cap;
    }
    size_t seq = r->nw;
    hl_write *w = &r->w[seq];
    char buf[256];
    int n;
    if (r->npool && seq % 2 == 1) {
        const hl_vertex *v = &r->pool[r->next_update++ % r->npool];
        *w = (hl_write){ .sent_at = now, .bk = v->bk, .kind = 'U' };
        n = snprintf(buf, sizeof buf, "{\"id\":\"w%zu\",\"type\":\"update\",\"headers\":{\"ogit/_id\":\"%s\"},"
                     "\"body\":{\"/seq\":\"%zu\"}}", seq, v->id, seq);
    } else {
        int bk = (int)(r->creates++ % (size_t)r->groups);
        *w = (hl_write){ .sent_at = now, .bk = bk, .kind = 'C' };
        n = snprintf(buf, sizeof buf, "{\"id\":\"w%zu\",\"type\":\"create\",\"headers\":{\"ogit/_type\":\"ogit/Question\"},"
                     "\"body\":{\"/bk\":\"%d\",\"/seq\":\"%zu\"}}", seq, bk, seq);
    }
    r->nw++;
    return wsr_queue_text(&g->ws, buf, (size_t)n);
}

static int remember_vertex(hl_run *r, const char *id, int bk)
{
    if (r->npool == r->cappool) {
        size_t cap = r->cappool ? r->cappool * 2 : 4096;
        hl_vertex *p = realloc(r->pool, cap * sizeof *p);
        if (!p)
            return -1;
        r->pool = p;
        r->cappool = cap;
    }
    if (strlen(id) >= sizeof r->pool->id)
        return -1;
    strcpy(r->pool[r->npool].id, id);
    r->pool[r->npool++].bk = bk;
    return 0;
}

/* One answer on the graph socket: the write it names succeeded (or is counted wrong). */
static void on_write_answer(hl_run *r, const char *data, size_t len)
{
    cJSON *j = cJSON_ParseWithLength(data, len);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(j, "body");
    size_t seq;
    char tail;
    const char *why = "id names no write in flight";
    if (cJSON_IsString(id) && sscanf(id->valuestring, "w%zu%c", &seq, &tail) == 1 && seq < r->nw &&
        !r->w[seq].answered) {
        hl_write *w = &r->w[seq];
        w->answered = true;
        r->answered++;
        why = "an error or no vertex";
        const cJSON *vid = cJSON_GetObjectItemCaseSensitive(body, "ogit/_id");
        const cJSON *bk = cJSON_GetObjectItemCaseSensitive(body, "/bk");
        if (!cJSON_GetObjectItemCaseSensitive(j, "error") && cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "multi")) &&
            cJSON_IsString(vid) && cJSON_IsString(bk) && atoi(bk->valuestring) == w->bk) {
            why = NULL;
            if (w->kind == 'C' && remember_vertex(r, vid->valuestring, w->bk) != 0)
                why = "vertex id too long";
        }
        if (!why) {
            w->ok = true;
            r->expected[w->bk]++;
            if (r->measuring)
                r->window_writes++;
        }
    }
    if (why)
        wrong(r, "writer", why, data, len);
    cJSON_Delete(j);
}

/* --- events --- */

/* The text value of "key" in a compact JSON text, or NULL. */
static const char *str_value(const char *data, size_t len, const char *quoted_key_colon_quote)
{
    size_t klen = strlen(quoted_key_colon_quote);
    const char *p = memmem(data, len, quoted_key_colon_quote, klen);
    return p ? p + klen : NULL;
}

static void on_event(hl_run *r, hl_conn *c, const char *data, size_t len, double now)
{
    char who[32];
    snprintf(who, sizeof who, "subscriber %d", c->index);
    if (!c->synced) {
        /* The answer to the sync message: every register before it took effect. */
        if (memmem(data, len, "\"error\"", 7) && memmem(data, len, "wsconf-sync", 11))
            c->synced = true;
        else
            wrong(r, who, "a frame before the sync answer", data, len);
        return;
    }
    /* Scanned rather than parsed, so that the client keeps up with the server. */
    const char *seq_text = str_value(data, len, "\"/seq\":\"");
    const char *bk_text = str_value(data, len, "\"/bk\":\"");
    const char *type = str_value(data, len, "\"type\":\"");
    if (!seq_text || !bk_text || !type || memmem(data, len, "\"error\":", 8)) {
        wrong(r, who, "not an event of a write", data, len);
        return;
    }
    size_t seq = strtoul(seq_text, NULL, 10);
    int bk = atoi(bk_text);
    if (seq >= r->nw) {
        wrong(r, who, "names a write never sent", data, len);
        return;
    }
    const hl_write *w = &r->w[seq];
    const char *want = w->kind == 'C' ? "CREATE\"" : "UPDATE\"";
    if (bk != c->group || w->bk != bk) {
        wrong(r, who, "outside the subscriber's filters", data, len);
        return;
    }
    if (strncmp(type, want, strlen(want)) != 0) {
        wrong(r, who, "type is not the write's", data, len);
        return;
    }
    if (c->seen_bytes <= seq / 8) {
        size_t nb = (r->capw + 7) / 8;
        uint8_t *s = realloc(c->seen, nb);
        if (!s) {
            wrong(r, who, "out of memory", data, len);
            return;
        }
        memset(s + c->seen_bytes, 0, nb - c->seen_bytes);
        c->seen = s;
        c->seen_bytes = nb;
    }
    if (c->seen[seq / 8] & (1u << (seq % 8))) {
        wrong(r, who, "second event for one write", data, len);
        return;
    }
    c->seen[seq / 8] |= (uint8_t)(1u << (seq % 8));
    c->events++;
    if (r->measuring) {
        r->window_events++;
        bench_lat_add(&r->lat, now - w->sent_at);
    }
}

static int on_readable(hl_run *r, hl_conn *c)
{
    if (wsr_read(&c->ws) < 0)
        return -1;
    double now = bench_now();
    const char *data;
    size_t len;
    int opcode, rc;
    while ((rc = wsr_next(&c->ws, &data, &len, &opcode)) == 1) {
        if (c->index >= 0) {
            on_event(r, c, data, len, now);
        } else {
            on_write_answer(r, data, len);
            if (r->sending && send_write(r, c, now) != 0)
                return -1;
        }
    }
    if (rc < 0 || c->ws.closed)
        return -1;
    return wsr_flush(&c->ws);
}

static void want_out(int ep, hl_conn *c)
{
    bool want = wsr_pending(&c->ws) > 0;
    if (want == c->want_out)
        return;
    struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_MOD, c->ws.fd, &ev);
    c->want_out = want;
}

static unsigned long long missing_events(const hl_run *r, const hl_conn *subs, int n)
{
    unsigned long long m = 0;
    for (int i = 0; i < n; i++)
        if (subs[i].events < r->expected[subs[i].group])
            m += r->expected[subs[i].group] - subs[i].events;
    return m;
}

static bool all_synced(const hl_conn *subs, int n)
{
    for (int i = 0; i < n; i++)
        if (!subs[i].synced)
            return false;
    return true;
}

/* One epoll round; -1 when a socket failed. */
static int service(hl_run *r, int ep, int timeout_ms)
{
    struct epoll_event evs[256];
    int n = epoll_wait(ep, evs, 256, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    for (int i = 0; i < n; i++) {
        hl_conn *c = evs[i].data.ptr;
        if (((evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && on_readable(r, c) != 0) ||
            ((evs[i].events & EPOLLOUT) && wsr_flush(&c->ws) != 0)) {
            if (c->index >= 0)
                fprintf(stderr, "subscriber %d: closed or failed during the run\n", c->index);
            else
                fprintf(stderr, "writer: closed or failed during the run\n");
            return -1;
        }
        want_out(ep, c);
    }
    return 0;
}

static int add_conn(int ep, hl_conn *c)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
    if (wsr_flush(&c->ws) != 0 || epoll_ctl(ep, EPOLL_CTL_ADD, c->ws.fd, &ev) != 0)
        return -1;
    want_out(ep, c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: %s HOST PORT SUBSCRIBERS SECONDS [GROUPS] [WRITES]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]), nsubs = atoi(argv[3]);
    double seconds = atof(argv[4]);
    hl_run r = { .groups = argc > 5 ? atoi(argv[5]) : 4, .depth = argc > 6 ? atoi(argv[6]) : 8, .sending = true };
    if (port <= 0 || nsubs <= 0 || seconds <= 0 || r.groups <= 0 || r.depth <= 0) {
        fprintf(stderr, "%s: PORT, SUBSCRIBERS, SECONDS, GROUPS and WRITES must be positive\n", argv[0]);
        return 2;
    }
    char token[128], offer[192], err[256];
    if (issue_token(host, port, token, sizeof token) != 0)
        return 1;
    hl_conn *subs = calloc((size_t)nsubs, sizeof *subs);
    hl_conn writer = { .index = -1 };
    r.expected = calloc((size_t)r.groups, sizeof *r.expected);
    int ep = epoll_create1(0);
    if (!subs || !r.expected || ep < 0)
        return 1;
    int status = 1, opened = 0;
    bool writer_open = false;
    snprintf(offer, sizeof offer, "events-1.0.0, token-%s", token);
    for (; opened < nsubs; opened++) {
        hl_conn *c = &subs[opened];
        c->index = opened;
        c->group = opened % r.groups;
        if (wsr_open(&c->ws, host, port, HL_EVENTS_PATH, offer, err, sizeof err) != 0) {
            fprintf(stderr, "subscriber %d: %s\n", opened, err);
            goto done;
        }
        /* Five filters, as the issue's benchmark asks: two overlap on every event of the group,
         * a third on its CREATEs, two never match (no deletes, no other type is written).
         * Each event must still arrive exactly once. */
        static const char *const filters[][2] = {
            { "group", "&(element.ogit/_type=ogit/Question)(element./bk=%d)" },
            { "updates", "&(action=UPDATE)(element./bk=%d)" },
            { "creates", "&(action=C*)(element./bk=%d)(element./seq=*)" },
            { "deletes", "&(action=DELETE)(element./bk=%d)" },
            { "others", "&(element.ogit/_type=ogit/Attachment)(element./bk=%d)" },
        };
        char msg[512], content[160];
        for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++) {
            snprintf(content, sizeof content, filters[f][1], c->group);
            int n = snprintf(msg, sizeof msg, "{\"type\":\"register\",\"args\":{\"filter-id\":\"%s\","
                             "\"filter-type\":\"jfilter\",\"filter-content\":\"%s\"}}", filters[f][0], content);
            wsr_queue_text(&c->ws, msg, (size_t)n);
        }
        static const char sync[] = "{\"type\":\"wsconf-sync\"}";
        wsr_queue_text(&c->ws, sync, sizeof sync - 1);
        if (add_conn(ep, c) != 0)
            goto done;
    }
    snprintf(offer, sizeof offer, "graph-2.0.0, token-%s", token);
    if (wsr_open(&writer.ws, host, port, HL_GRAPH_PATH, offer, err, sizeof err) != 0) {
        fprintf(stderr, "writer: %s\n", err);
        goto done;
    }
    writer_open = true;
    if (add_conn(ep, &writer) != 0)
        goto done;
    double t0 = bench_now();
    while (!all_synced(subs, nsubs) && bench_now() - t0 < 5)
        if (service(&r, ep, 50) != 0)
            goto done;
    if (!all_synced(subs, nsubs)) {
        fprintf(stderr, "the subscribers' registrations were not confirmed within 5 s\n");
        goto done;
    }
    t0 = bench_now();
    for (int k = 0; k < r.depth; k++)
        if (send_write(&r, &writer, t0) != 0)
            goto done;
    if (wsr_flush(&writer.ws) != 0)
        goto done;
    want_out(ep, &writer);
    double t_measure = 0, window = 0, t_drain_end = 0;
    for (;;) {
        double now = bench_now();
        if (!r.measuring && r.sending && now >= t0 + HL_WARMUP_S) {
            r.measuring = true;
            t_measure = now;
        }
        if (r.sending && now >= t0 + HL_WARMUP_S + seconds) {
            r.sending = r.measuring = false;
            window = now - t_measure;
            t_drain_end = now + HL_DRAIN_S;
        }
        if (!r.sending && ((r.answered == r.nw && missing_events(&r, subs, nsubs) == 0) || now >= t_drain_end))
            break;
        if (service(&r, ep, 50) != 0)
            goto done;
    }
    unsigned long long failed_writes = r.nw - r.answered, missing = missing_events(&r, subs, nsubs);
    for (size_t i = 0; i < r.nw; i++)
        failed_writes += r.w[i].answered && !r.w[i].ok;
    double p50 = bench_lat_ms(&r.lat, 50), p99 = bench_lat_ms(&r.lat, 99);
    printf("transport=ws:// subscribers=%d groups=%d writes_in_flight=%d seconds=%.2f writes=%llu writes_per_s=%.0f "
           "events=%llu events_per_s=%.0f p50_ms=%.3f p99_ms=%.3f writes_total=%zu failed_writes=%llu wrong=%llu missing=%llu\n",
           nsubs, r.groups, r.depth, window, r.window_writes, (double)r.window_writes / window, r.window_events,
           (double)r.window_events / window, p50, p99, r.nw, failed_writes, r.wrong, missing);
    if (r.wrong)
        fprintf(stderr, "first wrong frame: %s\n", r.first_wrong);
    status = r.wrong || missing || failed_writes || !r.window_events ? 1 : 0;
done:
    for (int i = 0; i < opened; i++) {
        wsr_free(&subs[i].ws);
        free(subs[i].seen);
    }
    if (writer_open)
        wsr_free(&writer.ws);
    close(ep);
    free(subs);
    free(r.w);
    free(r.pool);
    free(r.expected);
    bench_lat_free(&r.lat);
    return status;
}

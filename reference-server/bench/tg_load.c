/* wsconf-tg-load: a TrustGraph load client. Opens CONNS sockets to /api/v1/socket, keeps
 * DEPTH requests in flight on each (a new one for every answer), for SECONDS after a
 * warm-up, then stops sending and waits for every answer still due. Each answer is
 * checked: its id names a request of that socket not answered before, it is the
 * request's final frame, and its payload equals the first answer's. Prints answers/s
 * and latency percentiles; exits 1 when any answer was wrong or missing.
 * Usage: wsconf-tg-load HOST PORT CONNS DEPTH SECONDS [spec|gateway] */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "bench_stats.h"
#include "ws_raw.h"

#define TGL_WARMUP_S 0.5
#define TGL_DRAIN_S 5.0

typedef struct {
    wsr_conn ws;
    int index;
    double *sent_at;       /* per sequence number; < 0 once answered */
    size_t sent, sent_cap; /* requests sent = next sequence number */
    size_t answered;
    bool want_out;         /* EPOLLOUT registered */
} tgl_conn;

typedef struct {
    bool gateway;          /* final frame: "complete": true (else the spec's single frame) */
    bool sending;
    bool measuring;
    double t_measure;
    unsigned long long window_answers;
    unsigned long long wrong;
    cJSON *reference;      /* the first answer's "response" */
    bench_lat lat;
    char first_wrong[256];
} tgl_run;

static int send_request(tgl_conn *c, double now)
{
    if (c->sent == c->sent_cap) {
        size_t cap = c->sent_cap ? c->sent_cap * 2 : 4096;
        double *s = realloc(c->sent_at, cap * sizeof *s);
        if (!s)
            return -1;
        c->sent_at = s;
        c->sent_cap = cap;
    }
    char buf[160];
    int n = snprintf(buf, sizeof buf,
                     "{\"id\":\"%d-%zu\",\"service\":\"config\",\"request\":{\"operation\":\"list\",\"type\":\"flow\"}}",
                     c->index, c->sent);
    c->sent_at[c->sent++] = now;
    return wsr_queue_text(&c->ws, buf, (size_t)n);
}

static void wrong(tgl_run *r, const tgl_conn *c, const char *why, const char *data, size_t len)
{
    if (!r->wrong)
        snprintf(r->first_wrong, sizeof r->first_wrong, "socket %d: %s: %.*s", c->index, why,
                 (int)(len > 120 ? 120 : len), data);
    r->wrong++;
}

static bool lists_default_flow(const cJSON *resp)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(resp, "directory"))
        if (cJSON_IsString(item) && strcmp(item->valuestring, "default") == 0)
            return true;
    return false;
}

/* Checks one answer; returns the sequence number it answers, or -1 when it is wrong. */
static long answer_seq(tgl_run *r, tgl_conn *c, const char *data, size_t len)
{
    cJSON *j = cJSON_ParseWithLength(data, len);
    long seq = -1;
    const char *why = "not JSON";
    if (j) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
        const cJSON *resp = cJSON_GetObjectItemCaseSensitive(j, "response");
        const cJSON *complete = cJSON_GetObjectItemCaseSensitive(j, "complete");
        int conn_index;
        size_t s;
        char tail;
        why = "id does not name a request of this socket";
        if (cJSON_IsString(id) && sscanf(id->valuestring, "%d-%zu%c", &conn_index, &s, &tail) == 2 &&
            conn_index == c->index && s < c->sent) {
            why = "second answer to one request";
            if (c->sent_at[s] >= 0) {
                why = "not a final answer";
                bool final = r->gateway ? cJSON_IsTrue(complete)
                                        : !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(resp, "end-of-stream"));
                if (final && !cJSON_GetObjectItemCaseSensitive(j, "error") && cJSON_IsObject(resp) &&
                    !cJSON_GetObjectItemCaseSensitive(resp, "error")) {
                    why = "payload differs from the first answer's";
                    if (!r->reference) {
                        /* The first answer must list the flow every world starts with. */
                        why = "no flow \"default\" in the directory";
                        if (lists_default_flow(resp)) {
                            r->reference = cJSON_Duplicate(resp, true);
                            seq = (long)s;
                        }
                    } else if (cJSON_Compare(resp, r->reference, true)) {
                        seq = (long)s;
                    }
                }
            }
        }
        cJSON_Delete(j);
    }
    if (seq < 0)
        wrong(r, c, why, data, len);
    return seq;
}

static int on_readable(tgl_run *r, tgl_conn *c)
{
    if (wsr_read(&c->ws) < 0)
        return -1;
    double now = bench_now();
    const char *data;
    size_t len;
    int opcode, rc;
    while ((rc = wsr_next(&c->ws, &data, &len, &opcode)) == 1) {
        long s = answer_seq(r, c, data, len);
        if (s < 0)
            continue;
        double latency = now - c->sent_at[s];
        c->sent_at[s] = -1;
        c->answered++;
        if (r->measuring) {
            r->window_answers++;
            if (bench_lat_add(&r->lat, latency) != 0)
                return -1;
        }
        if (r->sending && send_request(c, now) != 0)
            return -1;
    }
    if (rc < 0 || c->ws.closed)
        return -1;
    return wsr_flush(&c->ws);
}

static void want_out(int ep, tgl_conn *c)
{
    bool want = wsr_pending(&c->ws) > 0;
    if (want == c->want_out)
        return;
    struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_MOD, c->ws.fd, &ev);
    c->want_out = want;
}

static size_t outstanding(const tgl_conn *conns, int n)
{
    size_t o = 0;
    for (int i = 0; i < n; i++)
        o += conns[i].sent - conns[i].answered;
    return o;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: %s HOST PORT CONNS DEPTH SECONDS [spec|gateway]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]), nconns = atoi(argv[3]), depth = atoi(argv[4]);
    double seconds = atof(argv[5]);
    tgl_run r = { .gateway = argc > 6 && strcmp(argv[6], "gateway") == 0, .sending = true };
    if (port <= 0 || nconns <= 0 || depth <= 0 || seconds <= 0 ||
        (argc > 6 && !r.gateway && strcmp(argv[6], "spec") != 0)) {
        fprintf(stderr, "%s: PORT, CONNS, DEPTH and SECONDS must be positive; profile spec or gateway\n", argv[0]);
        return 2;
    }
    tgl_conn *conns = calloc((size_t)nconns, sizeof *conns);
    int ep = epoll_create1(0);
    if (!conns || ep < 0)
        return 1;
    int status = 1;
    int opened = 0;
    char err[256];
    for (; opened < nconns; opened++) {
        tgl_conn *c = &conns[opened];
        c->index = opened;
        if (wsr_open(&c->ws, host, port, "/api/v1/socket", NULL, err, sizeof err) != 0) {
            fprintf(stderr, "socket %d: %s\n", opened, err);
            goto done;
        }
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        epoll_ctl(ep, EPOLL_CTL_ADD, c->ws.fd, &ev);
    }
    double t0 = bench_now();
    for (int i = 0; i < nconns; i++) {
        for (int k = 0; k < depth; k++)
            if (send_request(&conns[i], t0) != 0)
                goto done;
        if (wsr_flush(&conns[i].ws) != 0)
            goto done;
        want_out(ep, &conns[i]);
    }
    double t_end = t0 + TGL_WARMUP_S + seconds, t_drain_end = 0;
    struct epoll_event evs[256];
    for (;;) {
        double now = bench_now();
        if (!r.measuring && r.sending && now >= t0 + TGL_WARMUP_S) {
            r.measuring = true;
            r.t_measure = now;
        }
        if (r.sending && now >= t_end) {
            /* Stop: the answers still due are checked but not counted. */
            r.sending = r.measuring = false;
            r.t_measure = now - r.t_measure;
            t_drain_end = now + TGL_DRAIN_S;
        }
        if (!r.sending && (outstanding(conns, nconns) == 0 || now >= t_drain_end))
            break;
        int n = epoll_wait(ep, evs, 256, 50);
        if (n < 0 && errno != EINTR)
            goto done;
        for (int i = 0; i < n; i++) {
            tgl_conn *c = evs[i].data.ptr;
            if (((evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && on_readable(&r, c) != 0) ||
                ((evs[i].events & EPOLLOUT) && wsr_flush(&c->ws) != 0)) {
                fprintf(stderr, "socket %d: closed or failed during the run\n", c->index);
                goto done;
            }
            want_out(ep, c);
        }
    }
    size_t missing = outstanding(conns, nconns);
    double p50 = bench_lat_ms(&r.lat, 50), p99 = bench_lat_ms(&r.lat, 99);
    printf("sockets=%d in_flight_per_socket=%d seconds=%.2f answers=%llu answers_per_s=%.0f "
           "p50_ms=%.3f p99_ms=%.3f wrong=%llu missing=%zu\n",
           nconns, depth, r.t_measure, r.window_answers, (double)r.window_answers / r.t_measure, p50, p99,
           r.wrong, missing);
    if (r.wrong)
        fprintf(stderr, "first wrong answer: %s\n", r.first_wrong);
    status = r.wrong || missing || !r.window_answers ? 1 : 0;
done:
    for (int i = 0; i < opened; i++) {
        wsr_free(&conns[i].ws);
        free(conns[i].sent_at);
    }
    free(conns);
    cJSON_Delete(r.reference);
    bench_lat_free(&r.lat);
    return status;
}

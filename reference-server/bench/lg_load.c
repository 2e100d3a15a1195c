/* wsconf-lg-load: a LabGraph load client for benchmarks. Opens N connections to a
 * LabGraph server, starts one output stream on each, counts the StreamBatch
 * messages received for D seconds and prints the aggregate rate.
 * Usage: wsconf-lg-load HOST PORT CLIENTS SECONDS [STREAM_NAME] */
#include <libwebsockets.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    int started;          /* StartStreamRequest written */
    int in_batch;         /* current message is a StreamBatch (decided on its first fragment) */
} lgl_conn;

static const char *lgl_stream = "bench.fast";
static unsigned long long lgl_batches;
static int lgl_open, lgl_failed;

static double lgl_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int lgl_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    lgl_conn *c = user;
    switch (reason) {
    case LWS_CALLBACK_CLIENT_ESTABLISHED:
        lgl_open++;
        lws_callback_on_writable(wsi);
        break;
    case LWS_CALLBACK_CLIENT_WRITEABLE: {
        if (c->started)
            break;
        unsigned char buf[LWS_PRE + 256];
        int n = snprintf((char *)buf + LWS_PRE, 256,
                         "{\"api_version\":\"0.1\",\"api_request\":{\"request_id\":1,"
                         "\"start_stream_request\":{\"stream_id\":\"bench\",\"%s\":{}}}}", lgl_stream);
        if (lws_write(wsi, buf + LWS_PRE, (size_t)n, LWS_WRITE_TEXT) < n)
            return -1;
        c->started = 1;
        break;
    }
    case LWS_CALLBACK_CLIENT_RECEIVE:
        if (lws_is_first_fragment(wsi)) {
            /* The message kind is in its first bytes: {"api_version":0.1,"stream_batch":... */
            char head[64];
            size_t n = len < sizeof head - 1 ? len : sizeof head - 1;
            memcpy(head, in, n);
            head[n] = '\0';
            c->in_batch = strstr(head, "\"stream_batch\"") != NULL;
        }
        if (lws_is_final_fragment(wsi) && c->in_batch)
            lgl_batches++;
        break;
    case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
        lgl_failed++;
        break;
    case LWS_CALLBACK_CLIENT_CLOSED:
        lgl_open--;
        break;
    default:
        break;
    }
    return 0;
}

static const struct lws_protocols lgl_protocols[] = {
    { "lg-load", lgl_callback, sizeof(lgl_conn), 65536, 0, NULL, 0 },
    { NULL, NULL, 0, 0, 0, NULL, 0 }
};

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: %s HOST PORT CLIENTS SECONDS [STREAM_NAME]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]), clients = atoi(argv[3]);
    double seconds = atof(argv[4]);
    if (argc > 5)
        lgl_stream = argv[5];
    if (port <= 0 || clients <= 0 || seconds <= 0) {
        fprintf(stderr, "%s: PORT, CLIENTS and SECONDS must be positive\n", argv[0]);
        return 2;
    }
    lws_set_log_level(LLL_ERR, NULL);
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = lgl_protocols;
    info.fd_limit_per_thread = (unsigned)clients + 16;
    struct lws_context *ctx = lws_create_context(&info);
    if (!ctx)
        return 1;
    for (int i = 0; i < clients; i++) {
        struct lws_client_connect_info ci;
        memset(&ci, 0, sizeof ci);
        ci.context = ctx;
        ci.address = host;
        ci.port = port;
        ci.path = "/";
        ci.host = host;
        ci.origin = host;
        ci.protocol = NULL;
        ci.local_protocol_name = "lg-load";
        lws_client_connect_via_info(&ci);
    }
    /* Warm up until every client is connected (or 5 s), then measure. */
    double t0 = lgl_now();
    while (lgl_open + lgl_failed < clients && lgl_now() - t0 < 5)
        lws_service(ctx, 0);
    while (lgl_batches == 0 && lgl_now() - t0 < 5)
        lws_service(ctx, 0);
    unsigned long long start_count = lgl_batches;
    double start = lgl_now();
    while (lgl_now() - start < seconds)
        lws_service(ctx, 0);
    double elapsed = lgl_now() - start;
    unsigned long long got = lgl_batches - start_count;
    printf("clients=%d connected=%d failed=%d stream=%s seconds=%.2f batches=%llu batches_per_s=%.0f\n",
           clients, lgl_open, lgl_failed, lgl_stream, elapsed, got, (double)got / elapsed);
    lws_context_destroy(ctx);
    return lgl_failed ? 1 : 0;
}

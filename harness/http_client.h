/* HTTP/1.1 requests for REST steps, on the same libwebsockets loop as the WebSocket
 * connections: lws gives a raw (optionally TLS) socket, http_msg.c frames the bytes.
 * One request per connection ("Connection: close"), so nothing is pipelined or reused. */
#ifndef WSC_HTTP_CLIENT_H
#define WSC_HTTP_CLIENT_H

#include <stddef.h>
#include <libwebsockets.h>
#include "http_msg.h"
#include "tls_pipe.h"
#include "transcript.h"
#include "ws_client.h"

typedef enum {
    WSC_HTTP_CONNECTING, WSC_HTTP_SENDING, WSC_HTTP_RECEIVING, WSC_HTTP_DONE, WSC_HTTP_FAILED
} wsc_http_state;

typedef struct wsc_http {
    struct lws *wsi;            /* NULL once libwebsockets dropped it */
    int no;                     /* exchange number within its scenario, for transcripts */
    char *url, *method, *target;/* owned */
    wsc_http_state state;
    double t0;                  /* monotonic time the request started */
    char *out;                  /* owned; the request head */
    const char *body;           /* borrowed: the caller keeps it alive until the request ends
                                   (lua_http.c anchors the Lua string in the handle) */
    size_t head_len, body_len;
    size_t out_len, out_pos;    /* head and body as one stream: total and bytes sent */
    wsc_http_parser resp;
    wsc_tls_pipe *tls;          /* owned; https only: TLS runs here, over the raw socket */
    int tls_ready;              /* handshake finished */
    char *error;                /* owned; why it failed, or NULL */
    wsc_transcript *tr;         /* borrowed: the owning scenario's transcript */
    void (*wake)(void *owner);
    void *owner;
    struct wsc_http *next_all;  /* the client's list (freed with it) */
} wsc_http;

typedef struct {
    const char *method;         /* "GET" when NULL */
    const char *path;           /* replaces the URL's path (may carry a query), or NULL */
    const char *headers;        /* "Name: value\r\n" lines, or NULL */
    const char *body;           /* may be NULL; borrowed, must live until the request is
                                   DONE or FAILED or detached */
    size_t body_len;
} wsc_http_opts;

/* Starts a request to an http:// or https:// URL. Returns it (owned by the client) in
 * CONNECTING, or already FAILED with error set; NULL only when out of memory. */
wsc_http *wsc_http_start(wsc_client *c, const char *url, const wsc_http_opts *o, wsc_transcript *tr, int no,
                         void (*wake)(void *), void *owner);
/* Ends the request now (timeout): FAILED with why. */
void wsc_http_abort(wsc_http *h, const char *why);
/* Forgets the owner (its scenario finished) and drops the request if still running;
 * releases the response. */
void wsc_http_detach(wsc_http *h);

/* For ws_client.c: the lws protocol callback and the release of every request. */
int wsc_http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len);
void wsc_http_free_all(wsc_http *list);
/* Frees the TLS context kept in the client (wsc_client_http_tls). */
void wsc_http_tls_free(void *ctx);

#endif

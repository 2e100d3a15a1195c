/* HIRO event stream state: connections with their query parameters, consumer groups,
 * scope subscriptions and registered filters, and the event log; publishing an event
 * yields the (connection, JSON text) pairs to send. No sockets: the dialect calls it.
 * Rules (mocks/README.md, "HIRO event stream"):
 * - a connection receives an event only when at least one of its filters matches it
 *   (sent once however many match) and its scope is allowed;
 * - allscopes=false allows only subscribed scopes and the account's default scope;
 * - connections sharing a groupId split the stream: each event goes to exactly one
 *   member it is allowed for, round robin; while a group has no member its events are
 *   kept, and the next member joining with offset=smallest receives them (once its
 *   filters and scopes allow them), offset=largest skips them;
 * - delta connections get the delta body, the others the whole element. */
#ifndef HIRO_STREAM_H
#define HIRO_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hiro_event.h"

#define HIRO_STREAM_MAX_FILTERS 64  /* per connection */
#define HIRO_STREAM_MAX_SCOPES 256  /* subscribed scopes per connection */
#define HIRO_STREAM_DEFAULT_LOG 100000
#define HIRO_STREAM_MAX_IDLE_GROUPS 1024 /* groups without members kept for replay; the
                                            longest idle is forgotten beyond that */

typedef enum { HIRO_OFFSET_LARGEST, HIRO_OFFSET_SMALLEST } hiro_offset;

typedef struct {
    const char *group_id;      /* NULL or "": no group (the connection gets its own stream) */
    hiro_offset offset;
    bool delta;
    bool allscopes;
    const char *default_scope; /* the account's default scope (from its token); may be NULL */
} hiro_conn_params;

/* An error for the client: code (400, 404, ...) and message. code 0 = success. */
typedef struct {
    int code;
    char message[200];
} hiro_status;

typedef struct hiro_stream hiro_stream;
typedef struct hiro_conn hiro_conn;

typedef struct {
    hiro_conn *conn;
    void *user;       /* the value given to hiro_stream_join */
    const char *text; /* compact JSON of the event, owned by the hiro_deliveries */
    size_t len;
} hiro_delivery;

/* What to send, in order. Zero-initialise; free the contents with hiro_deliveries_free. */
typedef struct {
    hiro_delivery *items;
    size_t count, cap;
    /* texts shared by the items, with the (event seq, delta) they render */
    char **texts;
    uint64_t *text_seq;
    bool *text_delta;
    size_t ntexts, tcap;
    bool oom; /* some deliveries were dropped for lack of memory */
} hiro_deliveries;
void hiro_deliveries_free(hiro_deliveries *d);

/* seed drives nanotime; max_log bounds the kept events (0: HIRO_STREAM_DEFAULT_LOG). */
hiro_stream *hiro_stream_new(uint64_t seed, size_t max_log);
void hiro_stream_free(hiro_stream *s);

/* A new connection (NULL when out of memory). Joining a group with offset=smallest
 * queues the events the group missed; they are sent by the register/subscribe calls
 * that allow them. */
hiro_conn *hiro_stream_join(hiro_stream *s, const hiro_conn_params *p, void *user);
/* Replaces the account's default scope (a token message may bring another account's
 * token); NULL or "" removes it. -1 when out of memory (the old one stays). */
int hiro_stream_set_default_scope(hiro_conn *c, const char *scope);
/* Removes and frees the connection; its group keeps its position. */
void hiro_stream_leave(hiro_stream *s, hiro_conn *c);
/* Keeps the connection (and its group membership) but drops its user: its deliveries
 * carry user NULL, for the caller to discard. Models a server that forgets to remove a
 * closed socket (the self-test's storm fault); the stream frees it at the end. */
void hiro_stream_orphan(hiro_conn *c);

/* Adds a scope (idempotent). May send queued missed events to out. 0, or -1 with st. */
int hiro_stream_subscribe(hiro_stream *s, hiro_conn *c, const char *scope_id, hiro_deliveries *out,
                          hiro_status *st);
/* Registers (or replaces, same id) a filter. filter_id NULL or "": the content is the id
 * (clients that omit it); filter_type NULL means jfilter. Errors: 400 for another
 * type, a filter that does not parse (message "jfilter: at N: ..."), too many filters.
 * May send queued missed events to out. */
int hiro_stream_register(hiro_stream *s, hiro_conn *c, const char *filter_id, const char *filter_type,
                         const char *content, hiro_deliveries *out, hiro_status *st);
/* Removes a filter; an unknown id is not an error (nothing to stop). */
void hiro_stream_unregister(hiro_stream *s, hiro_conn *c, const char *filter_id);
/* Removes all filters of the connection. */
void hiro_stream_clear(hiro_stream *s, hiro_conn *c);

/* Takes ownership of ev, assigns its seq and nanotime (and timestamp when 0: the
 * stream's clock), logs it and appends the deliveries to out. Returns the seq, or 0
 * when ev is NULL. */
uint64_t hiro_stream_publish(hiro_stream *s, hiro_event *ev, hiro_deliveries *out);

/* Inspection (tests, diagnostics). */
size_t hiro_stream_filter_count(const hiro_conn *c);
size_t hiro_stream_pending_count(const hiro_conn *c); /* queued missed events not yet sent */
size_t hiro_stream_log_size(const hiro_stream *s);

/* Query parameter values: "true"/"false" (NULL or "": dflt); "smallest"/"largest"
 * (NULL or "": largest). false for anything else. */
bool hiro_parse_bool_param(const char *v, bool dflt, bool *out);
bool hiro_parse_offset_param(const char *v, hiro_offset *out);

#endif

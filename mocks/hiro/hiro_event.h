/* HIRO events: one change of a vertex or edge as the event stream carries it
 * ({id, type, timestamp, nanotime, body, metadata}), its delta form, and edge ids. */
#ifndef HIRO_EVENT_H
#define HIRO_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

typedef enum {
    HIRO_EV_CREATE,
    HIRO_EV_REPLACE,
    HIRO_EV_UPDATE,
    HIRO_EV_CONNECT,
    HIRO_EV_DISCONNECT,
    HIRO_EV_DELETE,
    HIRO_EV_WRITE_TIMESERIES,
    HIRO_EV_WRITE_BLOB,
    HIRO_EV_DELETE_BLOB,
    HIRO_EV_WRITE_LOG,
    HIRO_EV_TYPE_COUNT
} hiro_event_type;

/* "CREATE", "WRITE_TIMESERIES", ...; NULL for an out-of-range value. */
const char *hiro_event_type_name(hiro_event_type t);
/* Exact (upper-case) name to type; false when unknown. */
bool hiro_event_type_parse(const char *name, hiro_event_type *out);

/* Who made the change, for "metadata". Strings are copied; NULL means "". */
typedef struct {
    const char *modified_by;
    const char *modified_by_app;
    int64_t modified_on; /* ms since the epoch; also the event's timestamp */
} hiro_event_meta;

typedef struct hiro_event {
    hiro_event_type type;
    char *id;          /* ogit/_id of the element (an edge's is out$$verb$$in) */
    char *scope;       /* ogit/_scope of the element, or NULL when it has none */
    int64_t timestamp; /* ms since the epoch */
    int64_t nanotime;  /* monotonic, assigned by the stream (0 until published) */
    uint64_t seq;      /* position in the stream's log, assigned by the stream */
    cJSON *before;     /* element before the change; NULL for CREATE / CONNECT */
    cJSON *after;      /* element after the change; NULL for DELETE / DISCONNECT */
    cJSON *metadata;   /* {"ogit/_modified-by", "ogit/_modified-by-app", "ogit/_modified-on"} */
} hiro_event;

/* A new event (caller frees with hiro_event_free). before/after are copied; at least one
 * must be an object carrying a string "ogit/_id" (after's wins), else NULL. The scope is
 * after's (else before's) "ogit/_scope" when it is a string. */
hiro_event *hiro_event_new(hiro_event_type type, const cJSON *before, const cJSON *after,
                           const hiro_event_meta *meta);
void hiro_event_free(hiro_event *ev);

/* The element filters are matched against: the state after the change, or for a
 * removal the last state. */
const cJSON *hiro_event_element(const hiro_event *ev);

/* Delta body: keys of after missing from before as "+key" (new value), keys of both with
 * different values as "=key" (new value), keys of before missing from after as "-key"
 * (old value); unchanged keys left out. Either side may be NULL (empty). Caller owns. */
cJSON *hiro_event_delta(const cJSON *before, const cJSON *after);

/* The wire object {id, type, timestamp, nanotime, body, metadata}: body is the element
 * (delta=false) or the delta body (delta=true). Caller owns; NULL when out of memory. */
cJSON *hiro_event_to_json(const hiro_event *ev, bool delta);
/* The same as compact JSON text (caller frees). */
char *hiro_event_to_text(const hiro_event *ev, bool delta);

/* "<out>$$<verb>$$<in>" (caller frees). */
char *hiro_edge_id(const char *out_id, const char *verb, const char *in_id);
/* Edge JSON as protocols section 4 describes it: ogit/_id = ogit/_edge-id, ogit/_type =
 * verb, ogit/_out-id/-type, ogit/_in-id/-type, ogit/_graphtype "edge", ogit/_created-on,
 * ogit/_is-deleted false. Types may be NULL (left out). Caller owns. */
cJSON *hiro_edge_element(const char *out_id, const char *out_type, const char *verb, const char *in_id,
                         const char *in_type, int64_t created_on);

#endif

/* The messages a client sends on the HIRO event stream (token, subscribe, register,
 * unregister, clear), parsed and checked; errors are 400 answers for the client. */
#ifndef HIRO_EVENTS_MSG_H
#define HIRO_EVENTS_MSG_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "hiro_stream.h"

typedef enum {
    HIRO_MSG_TOKEN,      /* {"type":"token","args":{"_TOKEN":"..."}} */
    HIRO_MSG_SUBSCRIBE,  /* {"type":"subscribe","id":"<scope id>"} */
    HIRO_MSG_REGISTER,   /* {"type":"register","args":{"filter-id","filter-type","filter-content"}} */
    HIRO_MSG_UNREGISTER, /* {"type":"unregister","args":{"filter-id"}} */
    HIRO_MSG_CLEAR       /* {"type":"clear","args":{}} (args optional) */
} hiro_msg_type;

/* The strings point into root and live until hiro_events_msg_free. Absent optional
 * fields are NULL (filter_id and filter_type of register). */
typedef struct {
    hiro_msg_type type;
    const char *token;
    const char *scope_id;
    const char *filter_id;
    const char *filter_type;
    const char *filter_content;
    cJSON *root;
} hiro_events_msg;

/* 0, or -1 with st->code 400 and a message naming what is wrong (not JSON, a JSON
 * string holding the object, not an object, no type, unknown type, missing field). */
int hiro_events_msg_parse(const char *text, size_t len, hiro_events_msg *out, hiro_status *st);
void hiro_events_msg_free(hiro_events_msg *m);

/* {"error":{"code":<code>,"message":"<message>"}} as compact text (caller frees). */
char *hiro_error_text(int code, const char *message);

#endif

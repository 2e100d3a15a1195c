/* HIRO jfilter: parser (text -> tree) and evaluator (tree x event -> bool) for the
 * LDAP-style event filters of the HIRO event stream. Grammar and semantics:
 * mocks/README.md, section "HIRO jfilter". */
#ifndef HIRO_JFILTER_H
#define HIRO_JFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Limits that keep hostile filters cheap: longer input or deeper nesting is a parse
 * error, never a stack overflow. */
#define HIRO_JFILTER_MAX_LEN 65536
#define HIRO_JFILTER_MAX_DEPTH 32

typedef struct hiro_jfilter hiro_jfilter;

typedef struct {
    size_t pos;        /* 0-based byte offset in the input where the problem was found */
    char message[160]; /* what is wrong there, for a 400 answer */
} hiro_jfilter_error;

/* Parses len bytes of text. Returns the filter (caller frees with hiro_jfilter_free)
 * or NULL with *err filled in (err may be NULL). Input may contain any bytes. */
hiro_jfilter *hiro_jfilter_parse(const char *text, size_t len, hiro_jfilter_error *err);
void hiro_jfilter_free(hiro_jfilter *f);

/* Formats an error as "jfilter: at <pos>: <message>" into buf (always terminated). */
void hiro_jfilter_error_format(const hiro_jfilter_error *err, char *buf, size_t size);

/* True when the event matches. event is a HIRO event object: "type" is the action,
 * "body" the element, "metadata" consulted for element attributes the body lacks. */
bool hiro_jfilter_match(const hiro_jfilter *f, const cJSON *event);
/* The same with the parts given separately (any may be NULL). */
bool hiro_jfilter_match_parts(const hiro_jfilter *f, const char *action, const cJSON *element,
                              const cJSON *metadata);

/* The canonical, fully parenthesised text of the filter: operators without spaces,
 * "(&(a=b)(|(c>1)(!(d=*))))", value bytes that would be special escaped as \xx
 * (lower-case hex), unescaped glob stars kept. Parsing it gives the same tree.
 * Caller frees the result; NULL when out of memory. */
char *hiro_jfilter_to_string(const hiro_jfilter *f);

#endif

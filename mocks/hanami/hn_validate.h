/* Hanami's REST input validation: the order of checks and the exact 400 texts of the
 * real server (protocols/hanami.md section 1.3). Unknown keys first (in the request's
 * order), then missing required keys, then type, regex and limits key by key; rules are
 * listed in alphabetical key order because that is the order upstream reports in. */
#ifndef MOCK_HN_VALIDATE_H
#define MOCK_HN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

typedef enum { HN_VALUE_STRING, HN_VALUE_INT } hn_value_type;

typedef struct hn_rule {
    const char *key;
    hn_value_type type;
    bool required;
    const char *regex;     /* without ^ and $; NULL: none (strings only) */
    long long min, max;    /* strings: length in characters; ints: value; max 0: no limit */
} hn_rule;

/* Validates the JSON object obj (NULL or not an object: "is required" for the first
 * required key). Returns 0, or -1 with the 400 body text in msg. The key "token" is
 * ignored, as upstream removes it before validation. */
int hn_validate(const cJSON *obj, const hn_rule *rules, size_t nrules, char *msg, size_t msglen);

/* A query string as upstream's GET handling sees it: a JSON object of its parameters,
 * values matching ^-?[0-9]+$ as integers, ^-?[0-9]+\.[0-9]+$ as floats, else strings
 * (URL-decoded). NULL when the query is malformed (bad percent escape). */
cJSON *hn_query_to_json(const char *query);

/* A dataset / cluster UUID in upstream's form (8-4-4-4-12 hex digits). */
bool hn_is_uuid(const char *s);

extern const char hn_uuid_regex[];

#endif

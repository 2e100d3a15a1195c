/* Reading members of a report.json document: absent or mistyped members read as empty,
 * so a hand-edited or older report renders instead of failing. */
#ifndef WSC_REPORT_JSON_H
#define WSC_REPORT_JSON_H

#include <cjson/cJSON.h>

/* The member key of o (NULL when o is not an object or has none). */
const cJSON *wsc_json_member(const cJSON *o, const char *key);
/* The string member key, or NULL when absent or not a string. */
const char *wsc_json_string(const cJSON *o, const char *key);
/* The string member key, or "" when absent or not a string. */
const char *wsc_json_text(const cJSON *o, const char *key);
/* The number member key, or 0 when absent or not a number. */
double wsc_json_number(const cJSON *o, const char *key);

#endif

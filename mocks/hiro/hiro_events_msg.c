/* Parsing of event stream client messages. */
#include "hiro_events_msg.h"

#include <stdio.h>
#include <string.h>

static int bad(hiro_status *st, const char *fmt, const char *arg)
{
    if (st) {
        st->code = 400;
        snprintf(st->message, sizeof st->message, fmt, arg ? arg : "");
    }
    return -1;
}

/* A string member of obj, or NULL. */
static const char *member(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool present_not_string(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
    return v && !cJSON_IsString(v) && !cJSON_IsNull(v);
}

static int parse_fields(hiro_events_msg *m, const char *type, hiro_status *st)
{
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(m->root, "args");
    if (args && !cJSON_IsObject(args) && !cJSON_IsNull(args))
        return bad(st, "\"args\" must be an object", NULL);
    if (strcmp(type, "token") == 0) {
        m->type = HIRO_MSG_TOKEN;
        m->token = member(args, "_TOKEN");
        if (!m->token)
            return bad(st, "token needs \"args\": {\"_TOKEN\": <string>}", NULL);
    } else if (strcmp(type, "subscribe") == 0) {
        m->type = HIRO_MSG_SUBSCRIBE;
        m->scope_id = member(m->root, "id");
        if (!m->scope_id || !m->scope_id[0])
            return bad(st, "subscribe needs \"id\": the ogit/_id of a scope", NULL);
    } else if (strcmp(type, "register") == 0) {
        m->type = HIRO_MSG_REGISTER;
        if (!cJSON_IsObject(args))
            return bad(st, "register needs \"args\" with \"filter-content\"", NULL);
        if (present_not_string(args, "filter-id") || present_not_string(args, "filter-type"))
            return bad(st, "\"filter-id\" and \"filter-type\" must be strings", NULL);
        m->filter_id = member(args, "filter-id");
        m->filter_type = member(args, "filter-type");
        m->filter_content = member(args, "filter-content");
        if (!m->filter_content)
            return bad(st, "register needs \"filter-content\": <string>", NULL);
    } else if (strcmp(type, "unregister") == 0) {
        m->type = HIRO_MSG_UNREGISTER;
        m->filter_id = member(args, "filter-id");
        if (!m->filter_id)
            return bad(st, "unregister needs \"args\": {\"filter-id\": <string>}", NULL);
    } else if (strcmp(type, "clear") == 0) {
        m->type = HIRO_MSG_CLEAR;
    } else {
        char shown[64];
        snprintf(shown, sizeof shown, "%.40s%s", type, strlen(type) > 40 ? "..." : "");
        return bad(st, "unknown message type \"%s\"", shown);
    }
    return 0;
}

int hiro_events_msg_parse(const char *text, size_t len, hiro_events_msg *out, hiro_status *st)
{
    memset(out, 0, sizeof *out);
    out->root = text ? cJSON_ParseWithLength(text, len) : NULL;
    if (!out->root)
        return bad(st, "message is not JSON", NULL);
    int rc;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(out->root, "type");
    if (cJSON_IsString(out->root))
        rc = bad(st, "message is a JSON string, not an object (encoded twice?)", NULL);
    else if (!cJSON_IsObject(out->root))
        rc = bad(st, "message is not a JSON object", NULL);
    else if (!cJSON_IsString(type))
        rc = bad(st, "message needs \"type\": <string>", NULL);
    else
        rc = parse_fields(out, type->valuestring, st);
    if (rc != 0)
        hiro_events_msg_free(out);
    return rc;
}

void hiro_events_msg_free(hiro_events_msg *m)
{
    if (!m)
        return;
    cJSON_Delete(m->root);
    memset(m, 0, sizeof *m);
}

char *hiro_error_text(int code, const char *message)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *e = o ? cJSON_AddObjectToObject(o, "error") : NULL;
    char *s = NULL;
    if (e && cJSON_AddNumberToObject(e, "code", code) && cJSON_AddStringToObject(e, "message", message ? message : ""))
        s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

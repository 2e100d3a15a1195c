/* Graph API response envelopes and multi-part answers. */
#include "hiro_graph_msg.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

/* {"id": <copy of id>} or {} without an id; NULL when out of memory. */
static cJSON *envelope(const cJSON *id)
{
    cJSON *o = cJSON_CreateObject();
    if (o && id) {
        cJSON *copy = cJSON_Duplicate(id, true);
        if (!copy || !cJSON_AddItemToObject(o, "id", copy)) {
            cJSON_Delete(copy);
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

/* Adds a copy of v (NULL: JSON null) under name. */
static bool add_copy(cJSON *o, const char *name, const cJSON *v)
{
    cJSON *copy = v ? cJSON_Duplicate(v, true) : cJSON_CreateNull();
    if (!copy || !cJSON_AddItemToObject(o, name, copy)) {
        cJSON_Delete(copy);
        return false;
    }
    return true;
}

static char *finish(cJSON *o, bool ok)
{
    char *s = ok && o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return s;
}

char *hiro_graph_single(const cJSON *id, const cJSON *body)
{
    cJSON *o = envelope(id);
    bool ok = o && cJSON_AddFalseToObject(o, "multi") && cJSON_AddFalseToObject(o, "more") &&
              add_copy(o, "body", body);
    return finish(o, ok);
}

char *hiro_graph_part(const cJSON *id, const cJSON *item, bool more)
{
    cJSON *o = envelope(id);
    bool ok = o && cJSON_AddTrueToObject(o, "multi") && cJSON_AddBoolToObject(o, "more", more) &&
              add_copy(o, "body", item);
    return finish(o, ok);
}

char *hiro_graph_error(const cJSON *id, int code, const char *message)
{
    cJSON *o = envelope(id);
    cJSON *e = o ? cJSON_AddObjectToObject(o, "error") : NULL;
    bool ok = e && cJSON_AddNumberToObject(e, "code", code) &&
              cJSON_AddStringToObject(e, "message", message ? message : "");
    return finish(o, ok);
}

struct hiro_graph_answer {
    cJSON *id;
    bool blob;
    cJSON *items; /* list */
    const cJSON *cursor;
    unsigned char *data; /* blob */
    size_t len, chunk, offset;
    size_t sent, total;
};

hiro_graph_answer *hiro_graph_answer_list(const cJSON *id, const cJSON *items)
{
    if (!cJSON_IsArray(items))
        return NULL;
    hiro_graph_answer *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->id = id ? cJSON_Duplicate(id, true) : NULL;
    a->items = cJSON_Duplicate(items, true);
    if ((id && !a->id) || !a->items) {
        hiro_graph_answer_free(a);
        return NULL;
    }
    a->cursor = a->items->child;
    int n = cJSON_GetArraySize(a->items);
    a->total = n > 0 ? (size_t)n : 1;
    return a;
}

hiro_graph_answer *hiro_graph_answer_blob(const cJSON *id, const unsigned char *data, size_t len,
                                          size_t chunk_size)
{
    hiro_graph_answer *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->blob = true;
    a->id = id ? cJSON_Duplicate(id, true) : NULL;
    a->data = malloc(len ? len : 1);
    if ((id && !a->id) || !a->data) {
        hiro_graph_answer_free(a);
        return NULL;
    }
    if (len)
        memcpy(a->data, data, len);
    a->len = len;
    a->chunk = chunk_size / 3 * 3;
    if (a->chunk < 3)
        a->chunk = 3;
    a->total = len ? (len + a->chunk - 1) / a->chunk : 1;
    return a;
}

bool hiro_graph_answer_done(const hiro_graph_answer *a)
{
    return a->sent == a->total;
}

size_t hiro_graph_answer_total(const hiro_graph_answer *a)
{
    return a->total;
}

static char *blob_chunk(hiro_graph_answer *a)
{
    size_t n = a->len - a->offset < a->chunk ? a->len - a->offset : a->chunk;
    bool last = a->sent + 1 == a->total;
    char *b64 = malloc(4 * ((n + 2) / 3) + 1);
    if (!b64)
        return NULL;
    EVP_EncodeBlock((unsigned char *)b64, a->data + a->offset, (int)n);
    cJSON *o = envelope(a->id);
    cJSON *body = NULL;
    bool ok = o && cJSON_AddTrueToObject(o, "multi") && cJSON_AddBoolToObject(o, "more", !last) &&
              cJSON_AddBoolToObject(o, "last", last) && (body = cJSON_AddObjectToObject(o, "body")) &&
              cJSON_AddStringToObject(body, "data", b64) && cJSON_AddStringToObject(body, "encoding", "base64");
    free(b64);
    char *s = finish(o, ok);
    if (s)
        a->offset += n;
    return s;
}

char *hiro_graph_answer_next(hiro_graph_answer *a)
{
    if (!a || hiro_graph_answer_done(a))
        return NULL;
    char *s;
    if (a->blob) {
        s = blob_chunk(a);
    } else {
        const cJSON *item = a->cursor; /* NULL for the empty list's single envelope */
        s = hiro_graph_part(a->id, item, a->sent + 1 < a->total);
        if (s && item)
            a->cursor = item->next;
    }
    if (s)
        a->sent++;
    return s;
}

void hiro_graph_answer_free(hiro_graph_answer *a)
{
    if (!a)
        return;
    cJSON_Delete(a->id);
    cJSON_Delete(a->items);
    free(a->data);
    free(a);
}

#include "tg_library.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tg_base64.h"
#include "tg_text.h"

#define DEFAULT_USER "trustgraph"

static int fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return -1;
}

static const char *str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *user_of(const cJSON *req)
{
    const char *u = str(req, "user");
    return u ? u : DEFAULT_USER;
}

static cJSON *find_doc(const mock_tg_library *lib, const char *user, const char *id)
{
    cJSON *d;
    if (!id)
        return NULL;
    cJSON_ArrayForEach(d, lib->docs) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(d, "metadata");
        const char *mu = str(m, "user");
        if (strcmp(str(m, "id"), id) == 0 && (!user || strcmp(mu ? mu : DEFAULT_USER, user) == 0))
            return d;
    }
    return NULL;
}

static void add_doc(mock_tg_library *lib, const cJSON *metadata, const char *content)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, "metadata", cJSON_Duplicate(metadata, 1));
    cJSON_AddStringToObject(d, "content", content);
    cJSON_AddItemToArray(lib->docs, d);
}

int mock_tg_library_init(mock_tg_library *lib, uint64_t seed)
{
    lib->docs = cJSON_CreateArray();
    lib->processing = cJSON_CreateArray();
    lib->uploads = cJSON_CreateArray();
    lib->next_upload = 1;
    if (!lib->docs || !lib->processing || !lib->uploads)
        return -1;
    static const char *const ids[] = { "doc-1", "doc-2" };
    static const char *const titles[] = { "Graph basics", "Retrieval notes" };
    for (int i = 0; i < 2; i++) {
        char *text = mock_tg_words(seed, "document", ids[i], 40);
        char *b64 = text ? mock_tg_b64_encode((const unsigned char *)text, strlen(text)) : NULL;
        cJSON *m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "id", ids[i]);
        cJSON_AddNumberToObject(m, "time", 1764110000 + i);
        cJSON_AddStringToObject(m, "kind", "text/plain");
        cJSON_AddStringToObject(m, "title", titles[i]);
        cJSON_AddStringToObject(m, "comments", "");
        cJSON_AddItemToObject(m, "metadata", cJSON_CreateArray());
        cJSON_AddStringToObject(m, "user", DEFAULT_USER);
        cJSON_AddItemToObject(m, "tags", cJSON_CreateArray());
        if (b64)
            add_doc(lib, m, b64);
        cJSON_Delete(m);
        free(text);
        free(b64);
        if (!b64)
            return -1;
    }
    return 0;
}

void mock_tg_library_free(mock_tg_library *lib)
{
    cJSON_Delete(lib->docs);
    cJSON_Delete(lib->processing);
    cJSON_Delete(lib->uploads);
    lib->docs = lib->processing = lib->uploads = NULL;
}

const char *mock_tg_library_content(const mock_tg_library *lib, const char *user, const char *id)
{
    return str(find_doc(lib, user, id), "content");
}

cJSON *mock_tg_library_chunk_ids(const mock_tg_library *lib)
{
    cJSON *arr = cJSON_CreateArray();
    const cJSON *d;
    cJSON_ArrayForEach(d, lib->docs) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(d, "metadata");
        if (str(m, "parent-id"))
            continue;
        for (int k = 0; k < 3; k++) {
            char id[300];
            snprintf(id, sizeof id, "%s/c%d", str(m, "id"), k);
            cJSON_AddItemToArray(arr, cJSON_CreateString(id));
        }
    }
    return arr;
}

/* --- documents --- */

static int add_document(mock_tg_library *lib, const cJSON *req, bool child, cJSON *res, char *err, size_t errlen)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(req, "document-metadata");
    const char *content = str(req, "content");
    if (!cJSON_IsObject(m) || !str(m, "id"))
        return fail(err, errlen, "Document metadata must be specified");
    if (!content)
        return fail(err, errlen, "Document content must be specified");
    const char *mu = str(m, "user");
    if (find_doc(lib, mu ? mu : DEFAULT_USER, str(m, "id")))
        return fail(err, errlen, "Document already exists");
    if (child && !find_doc(lib, mu ? mu : DEFAULT_USER, str(m, "parent-id")))
        return fail(err, errlen, "Parent document not found");
    add_doc(lib, m, content);
    if (child)
        cJSON_AddStringToObject(res, "document-id", str(m, "id"));
    return 0;
}

static int list_documents(mock_tg_library *lib, const cJSON *req, const char *parent, cJSON *res)
{
    const char *user = user_of(req);
    bool children = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(req, "include-children"));
    cJSON *arr = cJSON_AddArrayToObject(res, "document-metadatas");
    const cJSON *d;
    cJSON_ArrayForEach(d, lib->docs) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(d, "metadata");
        const char *mu = str(m, "user");
        const char *pid = str(m, "parent-id");
        if (strcmp(mu ? mu : DEFAULT_USER, user) != 0)
            continue;
        if (parent ? !pid || strcmp(pid, parent) != 0 : pid && !children)
            continue;
        cJSON_AddItemToArray(arr, cJSON_Duplicate(m, 1));
    }
    return 0;
}

static int document_op(mock_tg_library *lib, const char *op, const cJSON *req, cJSON *res, char *err, size_t errlen)
{
    const char *user = user_of(req);
    const char *id = str(req, "document-id");
    if (strcmp(op, "update-document") == 0) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(req, "document-metadata");
        if (!cJSON_IsObject(m) || !str(m, "id"))
            return fail(err, errlen, "Document metadata must be specified");
        const char *mu = str(m, "user");
        cJSON *d = find_doc(lib, mu ? mu : DEFAULT_USER, str(m, "id"));
        if (!d)
            return fail(err, errlen, "Document not found");
        cJSON_ReplaceItemInObjectCaseSensitive(d, "metadata", cJSON_Duplicate(m, 1));
        return 0;
    }
    if (!id)
        return fail(err, errlen, "Document ID must be specified");
    cJSON *d = find_doc(lib, user, id);
    if (!d)
        return fail(err, errlen, "Document not found");
    if (strcmp(op, "remove-document") == 0) {
        int index = 0;
        const cJSON *x;
        cJSON_ArrayForEach(x, lib->docs) {
            if (x == d)
                break;
            index++;
        }
        cJSON_DeleteItemFromArray(lib->docs, index);
    } else if (strcmp(op, "get-document-metadata") == 0) {
        cJSON_AddItemToObject(res, "document-metadata",
                              cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(d, "metadata"), 1));
    } else if (strcmp(op, "get-document-content") == 0) {
        cJSON_AddStringToObject(res, "content", str(d, "content"));
    } else {
        return list_documents(lib, req, id, res);   /* list-children */
    }
    return 0;
}

/* --- processing --- */

static int processing_op(mock_tg_library *lib, const char *op, const cJSON *req, cJSON *res, char *err, size_t errlen)
{
    const char *user = user_of(req);
    if (strcmp(op, "list-processing") == 0) {
        cJSON *arr = cJSON_AddArrayToObject(res, "processing-metadatas");
        const cJSON *p;
        cJSON_ArrayForEach(p, lib->processing) {
            const char *pu = str(p, "user");
            if (strcmp(pu ? pu : DEFAULT_USER, user) == 0)
                cJSON_AddItemToArray(arr, cJSON_Duplicate(p, 1));
        }
        return 0;
    }
    const char *pid = NULL;
    const cJSON *pm = cJSON_GetObjectItemCaseSensitive(req, "processing-metadata");
    if (strcmp(op, "add-processing") == 0) {
        if (!cJSON_IsObject(pm) || !str(pm, "id") || !str(pm, "document-id"))
            return fail(err, errlen, "Processing metadata must be specified");
        pid = str(pm, "id");
    } else {
        pid = str(req, "processing-id");
        if (!pid)
            return fail(err, errlen, "Processing ID must be specified");
    }
    int index = 0, found = -1;
    const cJSON *p;
    cJSON_ArrayForEach(p, lib->processing) {
        if (strcmp(str(p, "id"), pid) == 0)
            found = index;
        index++;
    }
    if (strcmp(op, "add-processing") == 0) {
        if (found >= 0)
            return fail(err, errlen, "Processing already exists");
        const char *pu = str(pm, "user");
        if (!find_doc(lib, pu ? pu : DEFAULT_USER, str(pm, "document-id")))
            return fail(err, errlen, "Document not found");
        cJSON_AddItemToArray(lib->processing, cJSON_Duplicate(pm, 1));
        return 0;
    }
    if (found < 0)
        return fail(err, errlen, "Processing not found");
    cJSON_DeleteItemFromArray(lib->processing, found);
    return 0;
}

/* --- uploads --- */

static cJSON *find_upload(const mock_tg_library *lib, const char *id)
{
    cJSON *u;
    cJSON_ArrayForEach(u, lib->uploads) {
        if (id && strcmp(str(u, "upload-id"), id) == 0)
            return u;
    }
    return NULL;
}

/* A whole number member; -1 when absent, not a number or negative. Values are capped at
 * 2^53 so that the conversion is defined for any JSON number. */
static int64_t num(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0))
        return -1;
    return v->valuedouble > 9007199254740992.0 ? (int64_t)9007199254740992 : (int64_t)v->valuedouble;
}

static void set_num(cJSON *obj, const char *key, int64_t v)
{
    cJSON_ReplaceItemInObjectCaseSensitive(obj, key, cJSON_CreateNumber((double)v));
}

static void upload_progress(const cJSON *u, cJSON *res)
{
    cJSON_AddStringToObject(res, "upload-id", str(u, "upload-id"));
    cJSON_AddNumberToObject(res, "chunks-received", (double)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(u, "chunks")));
    cJSON_AddNumberToObject(res, "total-chunks", (double)num(u, "total-chunks"));
    cJSON_AddNumberToObject(res, "bytes-received", (double)num(u, "bytes-received"));
    cJSON_AddNumberToObject(res, "total-bytes", (double)num(u, "total-bytes"));
}

static int begin_upload(mock_tg_library *lib, const cJSON *req, cJSON *res, char *err, size_t errlen)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(req, "document-metadata");
    if (!cJSON_IsObject(m) || !str(m, "id"))
        return fail(err, errlen, "Document metadata must be specified");
    int64_t total = num(req, "total-size");
    int64_t chunk = num(req, "chunk-size");
    if (total <= 0)
        return fail(err, errlen, "Total size must be positive");
    if (!cJSON_GetObjectItemCaseSensitive(req, "chunk-size"))
        chunk = MOCK_TG_DEFAULT_CHUNK_SIZE;
    if (chunk <= 0)
        return fail(err, errlen, "Chunk size must be positive");
    if ((total + chunk - 1) / chunk > MOCK_TG_MAX_UPLOAD_CHUNKS) {
        snprintf(err, errlen, "Too many chunks: at most %d", MOCK_TG_MAX_UPLOAD_CHUNKS);
        return -1;
    }
    const char *mu = str(m, "user");
    if (find_doc(lib, mu ? mu : DEFAULT_USER, str(m, "id")))
        return fail(err, errlen, "Document already exists");
    char id[32];
    snprintf(id, sizeof id, "upload-%" PRIu64, lib->next_upload++);
    cJSON *u = cJSON_CreateObject();
    cJSON_AddStringToObject(u, "upload-id", id);
    cJSON_AddItemToObject(u, "document-metadata", cJSON_Duplicate(m, 1));
    cJSON_AddNumberToObject(u, "total-bytes", (double)total);
    cJSON_AddNumberToObject(u, "chunk-size", (double)chunk);
    cJSON_AddNumberToObject(u, "total-chunks", (double)((total + chunk - 1) / chunk));
    cJSON_AddNumberToObject(u, "bytes-received", 0);
    cJSON_AddStringToObject(u, "upload-state", "in-progress");
    cJSON_AddObjectToObject(u, "chunks");
    cJSON_AddItemToArray(lib->uploads, u);
    cJSON_AddStringToObject(res, "upload-id", id);
    cJSON_AddNumberToObject(res, "chunk-size", (double)chunk);
    cJSON_AddNumberToObject(res, "total-chunks", (double)num(u, "total-chunks"));
    return 0;
}

static int upload_chunk(cJSON *u, const cJSON *req, cJSON *res, char *err, size_t errlen)
{
    int64_t index = num(req, "chunk-index");
    const char *content = str(req, "content");
    if (index < 0 || index >= num(u, "total-chunks"))
        return fail(err, errlen, "Chunk index out of range");
    if (!content)
        return fail(err, errlen, "Chunk content must be specified");
    size_t len;
    unsigned char *bytes = mock_tg_b64_decode(content, &len);
    if (!bytes)
        return fail(err, errlen, "Chunk content is not valid base64");
    free(bytes);
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, index);
    cJSON *chunks = cJSON_GetObjectItemCaseSensitive(u, "chunks");
    int64_t received = num(u, "bytes-received");
    const cJSON *old = cJSON_GetObjectItemCaseSensitive(chunks, key);
    if (old) {
        size_t oldlen;
        unsigned char *ob = mock_tg_b64_decode(old->valuestring, &oldlen);
        free(ob);
        received -= (int64_t)oldlen;
        cJSON_DeleteItemFromObjectCaseSensitive(chunks, key);
    }
    cJSON_AddStringToObject(chunks, key, content);
    set_num(u, "bytes-received", received + (int64_t)len);
    upload_progress(u, res);
    cJSON_AddNumberToObject(res, "chunk-index", (double)index);
    return 0;
}

static void chunk_lists(const cJSON *u, cJSON *received, cJSON *missing)
{
    const cJSON *chunks = cJSON_GetObjectItemCaseSensitive(u, "chunks");
    for (int64_t i = 0; i < num(u, "total-chunks"); i++) {
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, i);
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(chunks, key) ? received : missing,
                             cJSON_CreateNumber((double)i));
    }
}

static int complete_upload(mock_tg_library *lib, cJSON *u, cJSON *res, char *err, size_t errlen)
{
    cJSON *received = cJSON_CreateArray(), *missing = cJSON_CreateArray();
    chunk_lists(u, received, missing);
    int nmissing = cJSON_GetArraySize(missing);
    cJSON_Delete(received);
    cJSON_Delete(missing);
    if (nmissing > 0) {
        snprintf(err, errlen, "Upload incomplete: %d chunks missing", nmissing);
        return -1;
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(u, "document-metadata");
    const char *mu = str(m, "user");
    if (find_doc(lib, mu ? mu : DEFAULT_USER, str(m, "id")))
        return fail(err, errlen, "Document already exists");
    size_t total = (size_t)num(u, "bytes-received"), at = 0;
    unsigned char *all = malloc(total + 1);
    const cJSON *chunks = cJSON_GetObjectItemCaseSensitive(u, "chunks");
    for (int64_t i = 0; all && i < num(u, "total-chunks"); i++) {
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, i);
        size_t len;
        unsigned char *b = mock_tg_b64_decode(cJSON_GetObjectItemCaseSensitive(chunks, key)->valuestring, &len);
        if (b && at + len <= total) {
            memcpy(all + at, b, len);
            at += len;
        }
        free(b);
    }
    char *b64 = all ? mock_tg_b64_encode(all, at) : NULL;
    free(all);
    if (!b64)
        return fail(err, errlen, "Out of memory");
    add_doc(lib, m, b64);
    char hex[17];
    char object_id[40];
    snprintf(object_id, sizeof object_id, "obj-%s", mock_tg_hex16(mock_tg_hash(0, "object", b64), hex));
    free(b64);
    cJSON_ReplaceItemInObjectCaseSensitive(u, "upload-state", cJSON_CreateString("completed"));
    cJSON_AddStringToObject(res, "document-id", str(m, "id"));
    cJSON_AddStringToObject(res, "object-id", object_id);
    return 0;
}

static int upload_op(mock_tg_library *lib, const char *op, const cJSON *req, cJSON *res, char *err, size_t errlen)
{
    if (strcmp(op, "begin-upload") == 0)
        return begin_upload(lib, req, res, err, errlen);
    if (strcmp(op, "list-uploads") == 0) {
        cJSON *arr = cJSON_AddArrayToObject(res, "upload-sessions");
        const cJSON *u;
        const char *user = user_of(req);
        cJSON_ArrayForEach(u, lib->uploads) {
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(u, "document-metadata");
            const char *mu = str(m, "user");
            if (strcmp(mu ? mu : DEFAULT_USER, user) != 0 || strcmp(str(u, "upload-state"), "in-progress") != 0)
                continue;
            cJSON *s = cJSON_CreateObject();
            upload_progress(u, s);
            cJSON_AddStringToObject(s, "document-id", str(m, "id"));
            cJSON_AddItemToArray(arr, s);
        }
        return 0;
    }
    cJSON *u = find_upload(lib, str(req, "upload-id"));
    if (!u)
        return fail(err, errlen, "Upload not found");
    bool active = strcmp(str(u, "upload-state"), "in-progress") == 0;
    if (strcmp(op, "get-upload-status") == 0) {
        cJSON_AddStringToObject(res, "upload-state", str(u, "upload-state"));
        upload_progress(u, res);
        cJSON *received = cJSON_AddArrayToObject(res, "received-chunks");
        cJSON *missing = cJSON_AddArrayToObject(res, "missing-chunks");
        chunk_lists(u, received, missing);
        return 0;
    }
    if (!active)
        return fail(err, errlen, "Upload is not in progress");
    if (strcmp(op, "upload-chunk") == 0)
        return upload_chunk(u, req, res, err, errlen);
    if (strcmp(op, "complete-upload") == 0)
        return complete_upload(lib, u, res, err, errlen);
    /* abort-upload */
    int index = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, lib->uploads) {
        if (x == u)
            break;
        index++;
    }
    cJSON_DeleteItemFromArray(lib->uploads, index);
    return 0;
}

int mock_tg_library_op(mock_tg_library *lib, const char *op, const cJSON *req, cJSON **response,
                       char *err, size_t errlen)
{
    *response = NULL;
    if (!op)
        return fail(err, errlen, "Null operation");
    static const char *const doc_ops[] = { "remove-document", "update-document", "get-document-metadata",
                                           "get-document-content", "list-children" };
    static const char *const proc_ops[] = { "add-processing", "remove-processing", "list-processing" };
    static const char *const upload_ops[] = { "begin-upload", "upload-chunk", "complete-upload",
                                              "abort-upload", "get-upload-status", "list-uploads" };
    cJSON *res = cJSON_CreateObject();
    if (!res)
        return fail(err, errlen, "Out of memory");
    int rc = 1;
    if (strcmp(op, "add-document") == 0 || strcmp(op, "add-child-document") == 0)
        rc = add_document(lib, req, op[4] == 'c', res, err, errlen);
    else if (strcmp(op, "list-documents") == 0)
        rc = list_documents(lib, req, NULL, res);
    for (size_t i = 0; rc == 1 && i < sizeof doc_ops / sizeof *doc_ops; i++)
        if (strcmp(op, doc_ops[i]) == 0)
            rc = document_op(lib, op, req, res, err, errlen);
    for (size_t i = 0; rc == 1 && i < sizeof proc_ops / sizeof *proc_ops; i++)
        if (strcmp(op, proc_ops[i]) == 0)
            rc = processing_op(lib, op, req, res, err, errlen);
    for (size_t i = 0; rc == 1 && i < sizeof upload_ops / sizeof *upload_ops; i++)
        if (strcmp(op, upload_ops[i]) == 0)
            rc = upload_op(lib, op, req, res, err, errlen);
    if (rc == 1) {
        snprintf(err, errlen, "Invalid operation: %s", op);
        rc = -1;
    }
    if (rc != 0) {
        cJSON_Delete(res);
        return -1;
    }
    *response = res;
    return 0;
}

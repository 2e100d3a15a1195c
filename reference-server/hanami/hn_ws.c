#include "hn_ws.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hanami_messages.pb-c.h"

void hn_ws_open(hn_state *st, hn_session *s, wsrv_conn *conn)
{
    memset(s, 0, sizeof *s);
    s->st = st;
    s->conn = conn;
    s->phase = HN_PHASE_INIT;
}

/* --- init --- */

static void send_json(hn_session *s, cJSON *o, bool binary)
{
    char *text = cJSON_PrintUnformatted(o);
    if (text)
        wsrv_conn_send(s->conn, text, strlen(text), binary);
    free(text);
    cJSON_Delete(o);
}

static void refuse(hn_session *s, const char *error)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", error);
    cJSON_AddBoolToObject(o, "success", false);
    send_json(s, o, true);
    if (s->st->fault[MOCK_HN_REFUSAL_CLOSES])
        wsrv_conn_close(s->conn, 1008);
}

static void accept_init(hn_session *s, hn_phase phase, const char *uuid)
{
    hn_state *st = s->st;
    s->phase = phase;
    snprintf(s->uuid, sizeof s->uuid, "%s", uuid);
    char session_uuid[HN_UUID_LEN + 1];
    hn_make_uuid(st->seed, "hanami-session", st->sessions++, session_uuid);
    cJSON *o = cJSON_CreateObject();
    if (st->fault[MOCK_HN_INIT_SUCCESS_INTEGER])
        cJSON_AddNumberToObject(o, "success", 1);
    else
        cJSON_AddBoolToObject(o, "success", true);
    cJSON_AddStringToObject(o, "uuid", session_uuid);
    send_json(s, o, true);
}

/* A finalized dataset's old file uuid, still attachable under a fault. */
static bool finalized_file(hn_state *st, const char *uuid, const char *project)
{
    for (hn_dataset *d = st->store.datasets; d; d = d->next)
        if (d->finalized && strcmp(d->project, project) == 0 &&
            (strcmp(d->input_uuid, uuid) == 0 || strcmp(d->label_uuid, uuid) == 0))
            return true;
    return false;
}

static void handle_init(hn_session *s, const char *data, size_t len)
{
    hn_state *st = s->st;
    char msg[256];
    cJSON *j = cJSON_ParseWithLength(data, len);
    if (!cJSON_IsObject(j)) {
        refuse(s, "json-parser error: the init message is not a JSON object");
        cJSON_Delete(j);
        return;
    }
    const cJSON *token = cJSON_GetObjectItemCaseSensitive(j, "token");
    const cJSON *uuid = cJSON_GetObjectItemCaseSensitive(j, "uuid");
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(j, "target");
    const hn_user *u = cJSON_IsString(token) ? hn_auth_check(&st->auth, token->valuestring) : NULL;
    if (!u) {
        refuse(s, "Token invalid");
    } else if (!cJSON_IsString(uuid)) {
        refuse(s, "the init message needs a string 'uuid'");
    } else if (!cJSON_IsString(target)) {
        refuse(s, "the init message needs a string 'target' (\"file_upload\" or \"cluster\")");
    } else if (strcmp(target->valuestring, "file_upload") == 0) {
        s->user = u;
        if (hn_store_tempfile(&st->store, uuid->valuestring, u->id, u->project) ||
            (st->fault[MOCK_HN_INIT_UNKNOWN_ACCEPTED]) ||
            (st->fault[MOCK_HN_FINALIZE_KEEPS_TEMPFILES] && finalized_file(st, uuid->valuestring, u->project))) {
            accept_init(s, HN_PHASE_UPLOAD, uuid->valuestring);
        } else {
            snprintf(msg, sizeof msg, "Tempfile with UUID '%.80s' not found", uuid->valuestring);
            refuse(s, msg);
        }
    } else if (strcmp(target->valuestring, "cluster") == 0) {
        s->user = u;
        /* Like upstream, the cluster need not be in DIRECT mode yet. */
        if (st->fault[MOCK_HN_CLUSTER_INIT_REFUSED]) {
            refuse(s, "Internal error.");
        } else if (hn_state_cluster(st, uuid->valuestring, u->project)) {
            accept_init(s, HN_PHASE_CLUSTER, uuid->valuestring);
        } else {
            snprintf(msg, sizeof msg, "Cluster with UUID '%.80s' not found", uuid->valuestring);
            refuse(s, msg);
        }
    } else {
        snprintf(msg, sizeof msg, "unknown target '%.80s' (expected \"file_upload\" or \"cluster\")",
                 target->valuestring);
        refuse(s, msg);
    }
    cJSON_Delete(j);
}

/* --- upload --- */

static void send_upload_reply(hn_session *s, bool success, const char *error)
{
    if (success && s->st->fault[MOCK_HN_RESPONSE_WRONG_FIELD]) {
        static const char wrong[] = { 0x18, 0x01 };   /* field 3, varint 1 */
        wsrv_conn_send(s->conn, wrong, sizeof wrong, true);
        return;
    }
    FileUploadResponseMessage r = FILE_UPLOAD_RESPONSE__MESSAGE__INIT;
    r.success = success;
    r.errormessage = (char *)(error ? error : "");
    uint8_t buf[512];
    size_t n = file_upload_response__message__get_packed_size(&r);
    if (n > sizeof buf)
        return;
    file_upload_response__message__pack(&r, buf);
    wsrv_conn_send(s->conn, (const char *)buf, n, true);
}

static void handle_upload(hn_session *s, const char *data, size_t len)
{
    hn_state *st = s->st;
    if (len == 0 && st->fault[MOCK_HN_ZERO_FRAME_CLOSES]) {
        wsrv_conn_close(s->conn, 1011);
        return;
    }
    FileUploadMessage *m = file_upload__message__unpack(NULL, len, (const uint8_t *)data);
    if (!m) {
        if (!st->fault[MOCK_HN_INVALID_UPLOAD_SILENT])
            send_upload_reply(s, false, "Got invalid FileUpload-Message");
        return;
    }
    uint64_t n = ++s->upload_messages;
    char msg[256];
    hn_tempfile *f = hn_store_tempfile(&st->store, s->uuid, s->user->id, s->user->project);
    bool below = m->position < s->highest_position;
    if (m->position > s->highest_position)
        s->highest_position = m->position;
    if (st->fault[MOCK_HN_LOST_CHUNK_ACKED] && n == 3) {
        send_upload_reply(s, true, NULL);
    } else if (st->fault[MOCK_HN_OUT_OF_ORDER_REFUSED] && below) {
        send_upload_reply(s, false, "Failed to write data to disc: position below an earlier chunk");
    } else if (!f) {
        snprintf(msg, sizeof msg, "Tempfile with UUID '%s' not found", s->uuid);
        send_upload_reply(s, false, msg);
    } else {
        switch (hn_tempfile_write(f, m->position, m->data.data, m->data.len)) {
        case HN_WRITE_OK:
            send_upload_reply(s, true, NULL);
            break;
        case HN_WRITE_BEYOND_SIZE:
            if (st->fault[MOCK_HN_BEYOND_SIZE_ACCEPTED]) {
                send_upload_reply(s, true, NULL);
                break;
            }
            snprintf(msg, sizeof msg,
                     "Failed to write data to disc: position %llu + %zu bytes is beyond the file size %llu",
                     (unsigned long long)m->position, m->data.len, (unsigned long long)f->ranges.size);
            send_upload_reply(s, false, msg);
            break;
        case HN_WRITE_FAILED:
            send_upload_reply(s, false, "Failed to write data to disc");
            break;
        }
    }
    file_upload__message__free_unpacked(m, NULL);
}

/* --- DirectIO --- */

/* A parsed ClusterIO message in either layout; false when neither parses cleanly. */
typedef struct dio_in {
    ClusterIOMessage *doc;
    ClusterIOMessageV050 *v050;
} dio_in;

static bool parse_cluster_message(const char *data, size_t len, dio_in *in)
{
    in->doc = cluster_io__message__unpack(NULL, len, (const uint8_t *)data);
    if (in->doc && in->doc->base.n_unknown_fields == 0)
        return true;
    if (in->doc)
        cluster_io__message__free_unpacked(in->doc, NULL);
    in->doc = NULL;
    in->v050 = cluster_io__message__v050__unpack(NULL, len, (const uint8_t *)data);
    if (in->v050 && in->v050->base.n_unknown_fields == 0)
        return true;
    if (in->v050)
        cluster_io__message__v050__free_unpacked(in->v050, NULL);
    in->v050 = NULL;
    return false;
}

static void send_cluster_reply(hn_session *s, const char *name, bool is_last, int process, const float *values,
                               size_t n, uint64_t declared)
{
    uint8_t *buf = NULL;
    size_t len = 0;
    if (s->layout == HN_LAYOUT_V050) {
        ClusterIOMessageV050 r = CLUSTER_IO__MESSAGE__V050__INIT;
        r.buffername = (char *)name;
        r.islast = is_last;
        r.processtype = (ClusterProcessType)process;
        r.targetbuffertype = name[0] ? TARGET_BUFFER_TYPE__OUTPUT_BUFFER_TYPE : TARGET_BUFFER_TYPE__INPUT_BUFFER_TYPE;
        r.numberofvalues = declared;
        r.n_values = n;
        r.values = (float *)values;
        len = cluster_io__message__v050__get_packed_size(&r);
        if ((buf = malloc(len ? len : 1)))
            cluster_io__message__v050__pack(&r, buf);
    } else {
        ClusterIOMessage r = CLUSTER_IO__MESSAGE__INIT;
        r.hexagonname = (char *)name;
        r.islast = is_last;
        r.processtype = (ClusterProcessType)process;
        r.numberofvalues = declared;
        r.n_values = n;
        r.values = (float *)values;
        len = cluster_io__message__get_packed_size(&r);
        if ((buf = malloc(len ? len : 1)))
            cluster_io__message__pack(&r, buf);
    }
    if (buf)
        wsrv_conn_send(s->conn, (const char *)buf, len, true);
    free(buf);
}

static void refuse_cluster_message(hn_session *s, const char *why)
{
    if (s->st->fault[MOCK_HN_DIO_INVALID_SILENT])
        return;
    char msg[320];
    snprintf(msg, sizeof msg, "Got invalid ClusterIO-Message: %s", why);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", msg);
    cJSON_AddBoolToObject(o, "success", false);
    send_json(s, o, false);
}

static void handle_cluster(hn_session *s, const char *data, size_t len)
{
    hn_state *st = s->st;
    hn_cluster *c = hn_state_cluster(st, s->uuid, s->user->project);
    dio_in in = { NULL, NULL };
    if (!c) {
        refuse_cluster_message(s, "the cluster is gone");
        return;
    }
    if (!parse_cluster_message(data, len, &in)) {
        refuse_cluster_message(s, "not a ClusterIO_Message in either layout");
        return;
    }
    hn_dio_msg m;
    if (in.doc) {
        m = (hn_dio_msg){ in.doc->hexagonname, in.doc->islast, (int)in.doc->processtype, HN_TARGET_BY_NAME,
                          in.doc->numberofvalues, in.doc->values, in.doc->n_values };
        s->layout = HN_LAYOUT_DOCUMENT;
    } else {
        m = (hn_dio_msg){ in.v050->buffername, in.v050->islast, (int)in.v050->processtype,
                          (int)in.v050->targetbuffertype, in.v050->numberofvalues, in.v050->values, in.v050->n_values };
        s->layout = HN_LAYOUT_V050;
    }
    char err[192];
    hn_dio_kind kind = in.v050 && st->fault[MOCK_HN_DIO_V050_REFUSED]
                           ? (snprintf(err, sizeof err, "layout not supported"), HN_DIO_ERROR)
                           : hn_dio_apply(c, &s->buffers, &m, err, sizeof err);
    static const float zero[1] = { 0.0f };
    switch (kind) {
    case HN_DIO_ACK:
        if (!st->fault[MOCK_HN_DIO_NO_ACK])
            send_cluster_reply(s, "", false, HN_PROCESS_TRAIN, zero, 1, 1);
        break;
    case HN_DIO_TRAIN_END:
        send_cluster_reply(s, "", !st->fault[MOCK_HN_DIO_TRAIN_END_NOT_LAST], HN_PROCESS_TRAIN, zero, 1, 1);
        memset(&s->buffers, 0, sizeof s->buffers);
        break;
    case HN_DIO_OUTPUTS:
        for (size_t o = 0; o < c->def->noutputs; o++) {
            float out[HN_MAX_VALUES];
            size_t n = c->def->outputs[o].size;
            hn_cluster_outputs(c, &s->buffers, o, out);
            send_cluster_reply(s, c->def->outputs[o].name, false, HN_PROCESS_REQUEST, out, n,
                               n + (st->fault[MOCK_HN_DIO_OUTPUT_COUNT_WRONG] ? 1 : 0));
        }
        memset(&s->buffers, 0, sizeof s->buffers);
        break;
    case HN_DIO_ERROR:
        refuse_cluster_message(s, err);
        break;
    }
    if (in.doc)
        cluster_io__message__free_unpacked(in.doc, NULL);
    if (in.v050)
        cluster_io__message__v050__free_unpacked(in.v050, NULL);
}

void hn_ws_message(hn_session *s, const char *data, size_t len)
{
    switch (s->phase) {
    case HN_PHASE_INIT: handle_init(s, data, len); break;
    case HN_PHASE_UPLOAD: handle_upload(s, data, len); break;
    case HN_PHASE_CLUSTER: handle_cluster(s, data, len); break;
    }
}

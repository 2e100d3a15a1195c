/* Hanami WebSocket sessions on the fake core: init accept / refuse (socket stays open),
 * FileUpload replies one per message in order, beyond-size and garbage, DirectIO in both
 * ClusterIO layouts with clear errors for invalid messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <unistd.h>

#include "hanami_messages.pb-c.h"
#include "hn_test_util.h"

typedef struct fixture {
    hn_state *st;
    char token[HN_TOKEN_LEN + 1];
    wsrv_conn conn;
    hn_session *session;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->st = hn_test_create(NULL);
    hn_test_login(f->st, f->token);
    f->session = calloc(1, hn_dialect.session_size);
    hn_dialect.open(f->st, &f->conn, f->session);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hn_dialect.close(f->st, &f->conn, f->session);
    fake_conn_reset(&f->conn);
    free(f->session);
    hn_dialect.destroy(f->st);
    free(f);
    return 0;
}

static void send_msg(fixture *f, const void *data, size_t len, bool binary)
{
    hn_dialect.message(f->st, &f->conn, f->session, data, len, binary);
}

static void send_text(fixture *f, const char *s)
{
    send_msg(f, s, strlen(s), false);
}

static const char *last_sent(fixture *f)
{
    assert_true(f->conn.nsent > 0);
    return f->conn.sent[f->conn.nsent - 1];
}

static void init(fixture *f, const char *uuid, const char *target)
{
    char msg[512];
    snprintf(msg, sizeof msg, "{\"token\": \"%s\", \"uuid\": \"%s\", \"target\": \"%s\"}", f->token, uuid, target);
    send_text(f, msg);
}

static void create_csv(fixture *f, uint64_t size, char dataset[64], char file[64])
{
    char body[128];
    snprintf(body, sizeof body, "{\"name\":\"wscsv\",\"input_data_size\":%llu}", (unsigned long long)size);
    hn_http_result r;
    hn_test_http(f->st, "POST", "/v1/csv/dataset", NULL, body, f->token, &r);
    assert_int_equal(r.status, 200);
    snprintf(dataset, 64, "%s", hn_test_str(&r, "uuid"));
    snprintf(file, 64, "%s", hn_test_str(&r, "uuid_input_file"));
    hn_test_done(&r);
}

static void send_chunk(fixture *f, uint64_t pos, const char *data, size_t len)
{
    FileUploadMessage m = FILE_UPLOAD__MESSAGE__INIT;
    m.position = pos;
    m.data.data = (uint8_t *)data;
    m.data.len = len;
    uint8_t buf[256];
    size_t n = file_upload__message__pack(&m, buf);
    send_msg(f, buf, n, true);
}

/* Decodes reply i as a FileUploadResponse_Message. */
static FileUploadResponseMessage *reply(fixture *f, size_t i)
{
    assert_true(i < f->conn.nsent);
    assert_true(f->conn.sent_binary[i]);
    FileUploadResponseMessage *r =
        file_upload_response__message__unpack(NULL, f->conn.sent_len[i], (const uint8_t *)f->conn.sent[i]);
    assert_non_null(r);
    return r;
}

static bool reply_success(fixture *f, size_t i, char *error, size_t errlen)
{
    FileUploadResponseMessage *r = reply(f, i);
    bool ok = r->success;
    if (error)
        snprintf(error, errlen, "%s", r->errormessage);
    file_upload_response__message__free_unpacked(r, NULL);
    return ok;
}

static void init_refusals_keep_the_socket_open(void **state)
{
    fixture *f = *state;
    send_text(f, "not json");
    assert_string_equal(last_sent(f), "{\"error\":\"json-parser error: the init message is not a JSON object\",\"success\":false}");
    assert_true(f->conn.sent_binary[0]);
    send_text(f, "{\"token\":\"hn.bad\",\"uuid\":\"x\",\"target\":\"file_upload\"}");
    assert_string_equal(last_sent(f), "{\"error\":\"Token invalid\",\"success\":false}");
    init(f, "0c1a5700-0000-4000-8000-0000000000ff", "file_upload");
    assert_string_equal(last_sent(f),
                        "{\"error\":\"Tempfile with UUID '0c1a5700-0000-4000-8000-0000000000ff' not found\",\"success\":false}");
    init(f, "0c1a5700-0000-4000-8000-000000000007", "cluster");   /* another project's */
    assert_string_equal(last_sent(f),
                        "{\"error\":\"Cluster with UUID '0c1a5700-0000-4000-8000-000000000007' not found\",\"success\":false}");
    send_msg(f, "", 0, true);
    assert_int_equal(f->conn.nsent, 5);
    assert_int_equal(f->conn.close_code, 0);
    /* Still open: the next message is another init attempt, and succeeds. */
    init(f, "0c1a5700-0000-4000-8000-000000000002", "cluster");
    cJSON *j = cJSON_Parse(last_sent(f));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "success")));
    const char *session_uuid = cJSON_GetObjectItem(j, "uuid")->valuestring;
    assert_int_equal(strlen(session_uuid), 36);
    assert_string_not_equal(session_uuid, "0c1a5700-0000-4000-8000-000000000002");
    cJSON_Delete(j);
}

static void upload_replies_one_per_message_in_order(void **state)
{
    fixture *f = *state;
    char dataset[64], file[64], err[256];
    create_csv(f, 10, dataset, file);
    init(f, file, "file_upload");
    assert_int_equal(strncmp(last_sent(f), "{\"success\":true,\"uuid\":\"", 24), 0);
    send_chunk(f, 5, "fghij", 5);
    send_chunk(f, 8, "ijXY", 4);                     /* past the end: refused */
    send_chunk(f, 0, "abcde", 5);
    send_chunk(f, 0, "abcde", 5);                    /* resend */
    send_msg(f, "\xff\xff\xff", 3, true);            /* garbage */
    send_msg(f, "", 0, true);                        /* empty: a valid message without data */
    assert_int_equal(f->conn.nsent, 7);
    assert_true(reply_success(f, 1, NULL, 0));
    assert_false(reply_success(f, 2, err, sizeof err));
    assert_string_equal(err, "Failed to write data to disc: position 8 + 4 bytes is beyond the file size 10");
    assert_true(reply_success(f, 3, NULL, 0));
    assert_true(reply_success(f, 4, NULL, 0));
    assert_false(reply_success(f, 5, err, sizeof err));
    assert_string_equal(err, "Got invalid FileUpload-Message");
    assert_true(reply_success(f, 6, NULL, 0));
    /* success=true is the two bytes 08 01. */
    assert_int_equal(f->conn.sent_len[1], 2);
    assert_memory_equal(f->conn.sent[1], "\x08\x01", 2);

    hn_tempfile *t = hn_store_tempfile(&f->st->store, file, "wsconf_admin", "wsconf_project");
    assert_true(hn_ranges_complete(&t->ranges));
    char bytes[10];
    assert_int_equal(pread(t->fd, bytes, 10, 0), 10);
    assert_memory_equal(bytes, "abcdefghij", 10);
}

static void another_users_file_is_not_found(void **state)
{
    fixture *f = *state;
    char dataset[64], file[64];
    create_csv(f, 10, dataset, file);
    hn_http_result r;
    hn_test_http(f->st, "POST", "/v1/token", NULL, "{\"id\":\"wsconf_member\",\"password\":\"member-password\"}", NULL, &r);
    snprintf(f->token, sizeof f->token, "%s", hn_test_str(&r, "token"));
    hn_test_done(&r);
    init(f, file, "file_upload");
    assert_non_null(strstr(last_sent(f), "\"success\":false"));
}

static size_t pack_doc(const char *name, bool last, int process, const float *v, size_t n, uint8_t *buf)
{
    ClusterIOMessage m = CLUSTER_IO__MESSAGE__INIT;
    m.hexagonname = (char *)name;
    m.islast = last;
    m.processtype = (ClusterProcessType)process;
    m.numberofvalues = n;
    m.n_values = n;
    m.values = (float *)v;
    return cluster_io__message__pack(&m, buf);
}

static void directio_document_layout(void **state)
{
    fixture *f = *state;
    init(f, "0c1a5700-0000-4000-8000-000000000002", "cluster");
    uint8_t buf[256];
    const float x[4] = { 1, 0.5f, 0, 0.25f }, y[3] = { 1, 0, 0 };
    send_msg(f, buf, pack_doc("test_input", false, 1, x, 4, buf), true);
    assert_int_equal(f->conn.nsent, 2);
    assert_int_equal(f->conn.sent_len[1], 10);
    assert_memory_equal(f->conn.sent[1], "\x18\x01\x20\x01\x2a\x04\0\0\0\0", 10);   /* the ack of section 1.1 */
    send_msg(f, buf, pack_doc("test_output", true, 1, y, 3, buf), true);
    assert_int_equal(f->conn.nsent, 3);
    assert_memory_equal(f->conn.sent[2], "\x10\x01\x18\x01\x20\x01\x2a\x04\0\0\0\0", 12);   /* train end */
    send_msg(f, buf, pack_doc("test_input", true, 0, x, 4, buf), true);
    assert_int_equal(f->conn.nsent, 4);
    ClusterIOMessage *out = cluster_io__message__unpack(NULL, f->conn.sent_len[3], (const uint8_t *)f->conn.sent[3]);
    assert_non_null(out);
    assert_string_equal(out->hexagonname, "test_output");
    assert_false(out->islast);
    assert_int_equal(out->processtype, CLUSTER_PROCESS_TYPE__REQUEST_TYPE);
    assert_int_equal(out->numberofvalues, 3);
    assert_int_equal(out->n_values, 3);
    for (size_t i = 0; i < 3; i++)
        assert_true(out->values[i] > 0 && out->values[i] < 1);
    cluster_io__message__free_unpacked(out, NULL);
}

static void directio_two_outputs_and_errors(void **state)
{
    fixture *f = *state;
    init(f, "0c1a5700-0000-4000-8000-000000000003", "cluster");
    uint8_t buf[256];
    const float x[2] = { 1, 1 };
    send_msg(f, buf, pack_doc("in", true, 0, x, 2, buf), true);
    assert_int_equal(f->conn.nsent, 3);   /* init reply + out_a + out_b */
    send_msg(f, buf, pack_doc("nope", false, 1, x, 2, buf), true);
    assert_int_equal(f->conn.nsent, 4);
    assert_false(f->conn.sent_binary[3]);
    assert_string_equal(last_sent(f), "{\"error\":\"Got invalid ClusterIO-Message: cluster 'wsconf_two_outputs' has no "
                                      "input or output hexagon 'nope'\",\"success\":false}");
    send_msg(f, "\xff\xff", 2, true);
    assert_int_equal(f->conn.nsent, 5);
    assert_string_equal(last_sent(f), "{\"error\":\"Got invalid ClusterIO-Message: not a ClusterIO_Message in either "
                                      "layout\",\"success\":false}");
    assert_int_equal(f->conn.close_code, 0);
}

static void directio_v050_layout(void **state)
{
    fixture *f = *state;
    init(f, "0c1a5700-0000-4000-8000-000000000006", "cluster");
    uint8_t buf[256];
    const float x[4] = { 1, 0.5f, 0, 0.25f };
    ClusterIOMessageV050 m = CLUSTER_IO__MESSAGE__V050__INIT;
    m.buffername = "test_input";
    m.processtype = CLUSTER_PROCESS_TYPE__TRAIN_TYPE;
    m.targetbuffertype = TARGET_BUFFER_TYPE__INPUT_BUFFER_TYPE;
    m.numberofvalues = 4;
    m.n_values = 4;
    m.values = (float *)x;
    send_msg(f, buf, cluster_io__message__v050__pack(&m, buf), true);
    assert_int_equal(f->conn.nsent, 2);
    assert_int_equal(f->conn.sent_len[1], 10);
    assert_memory_equal(f->conn.sent[1], "\x18\x01\x28\x01\x32\x04\0\0\0\0", 10);
    m.islast = true;
    m.processtype = CLUSTER_PROCESS_TYPE__REQUEST_TYPE;
    send_msg(f, buf, cluster_io__message__v050__pack(&m, buf), true);
    ClusterIOMessageV050 *out =
        cluster_io__message__v050__unpack(NULL, f->conn.sent_len[2], (const uint8_t *)f->conn.sent[2]);
    assert_non_null(out);
    assert_string_equal(out->buffername, "test_output");
    assert_int_equal(out->numberofvalues, 3);
    assert_int_equal(out->targetbuffertype, TARGET_BUFFER_TYPE__OUTPUT_BUFFER_TYPE);
    cluster_io__message__v050__free_unpacked(out, NULL);
}

static void upload_faults(void **state)
{
    (void)state;
    mock_fault_set set = { .count = 0 };
    set.active[set.count++] = &mock_hn_faults[MOCK_HN_LOST_CHUNK_ACKED];
    set.active[set.count++] = &mock_hn_faults[MOCK_HN_INIT_SUCCESS_INTEGER];
    fixture fx = { 0 }, *f = &fx;
    f->st = hn_test_create(&set);
    hn_test_login(f->st, f->token);
    f->session = calloc(1, hn_dialect.session_size);
    hn_dialect.open(f->st, &f->conn, f->session);
    char dataset[64], file[64];
    create_csv(f, 3, dataset, file);
    init(f, file, "file_upload");
    assert_int_equal(strncmp(last_sent(f), "{\"success\":1,", 13), 0);
    send_chunk(f, 0, "a", 1);
    send_chunk(f, 1, "b", 1);
    send_chunk(f, 2, "c", 1);   /* the third: acknowledged, lost */
    assert_true(reply_success(f, 3, NULL, 0));
    hn_tempfile *t = hn_store_tempfile(&f->st->store, file, "wsconf_admin", "wsconf_project");
    assert_false(hn_ranges_complete(&t->ranges));
    fake_conn_reset(&f->conn);
    free(f->session);
    hn_dialect.destroy(f->st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(init_refusals_keep_the_socket_open, setup, teardown),
        cmocka_unit_test_setup_teardown(upload_replies_one_per_message_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(another_users_file_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(directio_document_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(directio_two_outputs_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(directio_v050_layout, setup, teardown),
        cmocka_unit_test(upload_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Hanami REST on the fake core: tokens, dataset create / progress / finalize, set_mode,
 * the wsconf digest extension, aliases of the real releases, status codes and texts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hn_test_util.h"

typedef struct fixture {
    hn_state *st;
    char token[HN_TOKEN_LEN + 1];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->st = hn_test_create(NULL);
    hn_test_login(f->st, f->token);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hn_dialect.destroy(f->st);
    free(f);
    return 0;
}

static void token_creation(void **state)
{
    fixture *f = *state;
    assert_int_equal(strlen(f->token) > 10, 1);
    hn_http_result r;
    hn_test_http(f->st, "POST", "/control/v1/token", NULL, "{\"id\":\"wsconf_admin\",\"password\":\"wrong-password\"}",
                 NULL, &r);
    assert_int_equal(r.status, 401);
    assert_string_equal(r.body, "ACCESS DENIED!\nUser or password is incorrect.");
    assert_string_equal(r.content_type, "text/plain");
    hn_test_done(&r);
    hn_test_http(f->st, "POST", "/v1.0alpha/token", NULL, "{\"id\":\"wsconf_nobody\",\"password\":\"nobody-password\"}",
                 NULL, &r);
    assert_int_equal(r.status, 401);
    assert_string_equal(r.body, "User with id 'wsconf_nobody' has no project assigned.");
    hn_test_done(&r);
    hn_test_http(f->st, "POST", "/v1/token", NULL, "{\"id\":\"wsconf_admin\",\"password\":\"wsconf-password\"}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/json");
    assert_string_equal(hn_test_str(&r, "id"), "wsconf_admin");
    assert_string_equal(hn_test_str(&r, "name"), "wsconf admin");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "is_admin")));
    assert_string_not_equal(hn_test_str(&r, "token"), f->token);   /* a fresh token */
    hn_test_done(&r);
}

static void auth_and_policy(void **state)
{
    fixture *f = *state;
    hn_http_result r;
    hn_test_http(f->st, "POST", "/v1/csv/dataset", NULL, "{\"name\":\"abcd\",\"input_data_size\":5}", NULL, &r);
    assert_int_equal(r.status, 401);
    assert_string_equal(r.body, "Failed to validate JWT-Token");
    hn_test_done(&r);
    hn_test_http(f->st, "POST", "/v1/csv/dataset", NULL, "{\"name\":\"abcd\",\"input_data_size\":5}", "hn.bogus", &r);
    assert_int_equal(r.status, 401);
    hn_test_done(&r);
    hn_test_http(f->st, "GET", "/v1/nothing/here", NULL, NULL, f->token, &r);
    assert_int_equal(r.status, 401);
    assert_string_equal(r.body, "Access denied by policy");
    hn_test_done(&r);
    hn_test_http(f->st, "DELETE", "/v1/csv/dataset", NULL, NULL, f->token, &r);
    assert_int_equal(r.status, 401);
    hn_test_done(&r);
    hn_test_http(f->st, "POST", "/v1/csv/dataset", NULL, "{not json", f->token, &r);
    assert_int_equal(r.status, 400);
    hn_test_done(&r);
}

static void create_validation(void **state)
{
    fixture *f = *state;
    hn_http_result r;
    hn_test_http(f->st, "POST", "/v1/mnist/dataset", NULL,
                 "{\"name\":\"abcd\",\"input_data_size\":\"12\",\"label_data_size\":1}", f->token, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(r.body,
                        "Value-validation failed, because a item 'input_data_size'  has the false type: Exprect int-type.");
    hn_test_done(&r);
    hn_test_http(f->st, "POST", "/v1/csv/dataset", NULL, "{\"name\":\"abcd\",\"input_data_size\":0}", f->token, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(r.body, "Given item 'input_data_size' is smaller than 1");
    hn_test_done(&r);
    hn_test_http(f->st, "POST", "/v1/csv/dataset", NULL, "{\"name\":\"abcd\",\"input_data_size\":5,\"x\":1}", f->token, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(r.body, "Validation failed, because item 'x' is not in the list of allowed keys");
    hn_test_done(&r);
    /* The v0.5.0 alias allows '-' in names, the document's path does not. */
    hn_test_http(f->st, "POST", "/v1/csv/dataset", NULL, "{\"name\":\"ab-cd\",\"input_data_size\":5}", f->token, &r);
    assert_int_equal(r.status, 400);
    hn_test_done(&r);
    /* The query string is merged into the body (the body wins), as upstream does. */
    hn_test_http(f->st, "POST", "/v1/csv/dataset", "name=from%20query&input_data_size=7&token=x",
                 "{\"input_data_size\":5}", f->token, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(hn_test_str(&r, "name"), "from query");
    hn_test_done(&r);
    hn_test_http(f->st, "POST", "/v1.0alpha/dataset/upload/csv", NULL, "{\"name\":\"ab-cd\",\"input_data_size\":5}",
                 f->token, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(hn_test_str(&r, "created_at"));
    assert_null(cJSON_GetObjectItem(r.json, "type"));
    hn_test_done(&r);
}

/* Writes len bytes at pos into the dataset's file through the store (the WebSocket path
 * is covered by test_hanami_ws). */
static void put_bytes(fixture *f, const char *file_uuid, uint64_t pos, const char *data, size_t len)
{
    hn_tempfile *t = hn_store_tempfile(&f->st->store, file_uuid, "wsconf_admin", "wsconf_project");
    assert_non_null(t);
    assert_int_equal(hn_tempfile_write(t, pos, data, len), HN_WRITE_OK);
}

static void csv_lifecycle(void **state)
{
    fixture *f = *state;
    hn_http_result r;
    hn_test_http(f->st, "POST", "/v1/csv/dataset", NULL, "{\"name\":\"my csv\",\"input_data_size\":8}", f->token, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(hn_test_str(&r, "type"), "csv");
    assert_null(cJSON_GetObjectItem(r.json, "uuid_label_file"));
    char uuid[64], input[64], body[256], query[128];
    snprintf(uuid, sizeof uuid, "%s", hn_test_str(&r, "uuid"));
    snprintf(input, sizeof input, "%s", hn_test_str(&r, "uuid_input_file"));
    assert_string_not_equal(uuid, input);
    hn_test_done(&r);

    snprintf(query, sizeof query, "uuid=%s", uuid);
    hn_test_http(f->st, "GET", "/v1/dataset/progress", query, NULL, f->token, &r);
    assert_int_equal(r.status, 200);
    snprintf(body, sizeof body, "{\"complete\":false,\"uuid\":\"%s\"}", uuid);
    assert_string_equal(r.body, body);
    hn_test_done(&r);

    snprintf(body, sizeof body, "{\"uuid\":\"%s\",\"uuid_input_file\":\"%s\"}", uuid, input);
    put_bytes(f, input, 0, "a,b\n", 4);
    hn_test_http(f->st, "PUT", "/v1/csv/dataset", NULL, body, f->token, &r);
    assert_int_equal(r.status, 409);   /* not complete yet */
    hn_test_done(&r);
    put_bytes(f, input, 4, "1,2\n", 4);
    hn_test_http(f->st, "GET", "/control/v1/dataset/progress", query, NULL, f->token, &r);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "complete")));
    hn_test_done(&r);

    hn_test_http(f->st, "GET", "/wsconf/v1/dataset/digest", query, NULL, f->token, &r);
    assert_int_equal(r.status, 409);   /* not finalized */
    hn_test_done(&r);
    hn_test_http(f->st, "PUT", "/v1/csv/dataset", NULL, body, f->token, &r);
    assert_int_equal(r.status, 200);
    snprintf(query, sizeof query, "{\"uuid\":\"%s\"}", uuid);
    assert_string_equal(r.body, query);
    hn_test_done(&r);
    hn_test_http(f->st, "PUT", "/v1/csv/dataset", NULL, body, f->token, &r);
    assert_int_equal(r.status, 404);
    snprintf(query, sizeof query, "Input-data with uuid '%s' not found.", input);
    assert_string_equal(r.body, query);
    hn_test_done(&r);

    snprintf(query, sizeof query, "uuid=%s", uuid);
    hn_test_http(f->st, "GET", "/wsconf/v1/dataset/digest", query, NULL, f->token, &r);
    assert_int_equal(r.status, 200);
    /* sha256("a,b\n1,2\n") */
    assert_string_equal(hn_test_str(&r, "sha256"), "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470");
    assert_int_equal(cJSON_GetObjectItem(r.json, "size")->valueint, 8);
    assert_int_equal(cJSON_GetObjectItem(r.json, "records")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(r.json, "columns")->valueint, 2);
    hn_test_done(&r);
    hn_test_http(f->st, "GET", "/v1/dataset/progress", query, NULL, f->token, &r);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "complete")));
    hn_test_done(&r);
}

static void progress_refusals(void **state)
{
    fixture *f = *state;
    hn_http_result r;
    hn_test_http(f->st, "GET", "/v1/dataset/progress", "uuid=0c1a5700-0000-4000-8000-0000000000ff", NULL, f->token, &r);
    assert_int_equal(r.status, 404);
    assert_string_equal(r.body, "Data-set with uuid '0c1a5700-0000-4000-8000-0000000000ff' not found");
    hn_test_done(&r);
    hn_test_http(f->st, "GET", "/v1/dataset/progress", "uuid=nope", NULL, f->token, &r);
    assert_int_equal(r.status, 400);
    hn_test_done(&r);
    hn_test_http(f->st, "GET", "/v1/dataset/progress", "", NULL, f->token, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(r.body, "Validation failed, because variable 'uuid' is required, but is not set.");
    hn_test_done(&r);
    hn_test_http(f->st, "GET", "/v1/dataset/progress", "uuid=0c1a5700-0000-4000-8000-0000000000ff&x=1", NULL, f->token,
                 &r);
    assert_int_equal(r.status, 400);
    hn_test_done(&r);
}

static void set_mode(void **state)
{
    fixture *f = *state;
    hn_http_result r;
    const char *direct = "{\"uuid\":\"0c1a5700-0000-4000-8000-000000000001\",\"new_state\":\"DIRECT\"}";
    const char *task = "{\"uuid\":\"0c1a5700-0000-4000-8000-000000000001\",\"new_state\":\"TASK\"}";
    hn_test_http(f->st, "PUT", "/v1/cluster/set_mode", NULL, direct, f->token, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"name\":\"wsconf_mode\",\"new_state\":\"DIRECT\",\"uuid\":\"0c1a5700-0000-4000-8000-000000000001\"}");
    hn_test_done(&r);
    hn_test_http(f->st, "PUT", "/v1/cluster/set_mode", NULL, direct, f->token, &r);
    assert_int_equal(r.status, 409);
    assert_string_equal(r.body, "Can not switch cluster to 'DIRECT'");
    hn_test_done(&r);
    hn_test_http(f->st, "PUT", "/v1.0alpha/cluster/set_mode", NULL, task, f->token, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(hn_test_str(&r, "created_at"));
    hn_test_done(&r);
    hn_test_http(f->st, "PUT", "/v1/cluster/set_mode", NULL,
                 "{\"uuid\":\"0c1a5700-0000-4000-8000-000000000001\",\"new_state\":\"direct\"}", f->token, &r);
    assert_int_equal(r.status, 400);
    hn_test_done(&r);
    /* Another project's cluster does not exist for this user. */
    hn_test_http(f->st, "PUT", "/v1/cluster/set_mode", NULL,
                 "{\"uuid\":\"0c1a5700-0000-4000-8000-000000000007\",\"new_state\":\"DIRECT\"}", f->token, &r);
    assert_int_equal(r.status, 404);
    assert_string_equal(r.body, "Cluster with uuid '0c1a5700-0000-4000-8000-000000000007' not found");
    hn_test_done(&r);
}

static void faults_change_answers(void **state)
{
    (void)state;
    mock_fault_set set = { .count = 0 };
    set.active[set.count++] = &mock_hn_faults[MOCK_HN_SET_MODE_200_NOT_409];
    set.active[set.count++] = &mock_hn_faults[MOCK_HN_ERROR_BODY_JSON];
    hn_state *st = hn_test_create(&set);
    char token[HN_TOKEN_LEN + 1];
    hn_test_login(st, token);
    hn_http_result r;
    const char *task = "{\"uuid\":\"0c1a5700-0000-4000-8000-000000000001\",\"new_state\":\"TASK\"}";
    hn_test_http(st, "PUT", "/v1/cluster/set_mode", NULL, task, token, &r);
    assert_int_equal(r.status, 200);
    hn_test_done(&r);
    hn_test_http(st, "GET", "/v1/dataset/progress", "uuid=x", NULL, token, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(r.content_type, "application/json");
    assert_non_null(hn_test_str(&r, "error"));
    hn_test_done(&r);
    hn_dialect.destroy(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(token_creation, setup, teardown),
        cmocka_unit_test_setup_teardown(auth_and_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(create_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(csv_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(progress_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(set_mode, setup, teardown),
        cmocka_unit_test(faults_change_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

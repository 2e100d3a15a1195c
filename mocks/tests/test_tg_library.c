#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "trustgraph/tg_base64.h"
#include "trustgraph/tg_library.h"
#include "trustgraph/tg_text.h"

static mock_tg_library lib;
static char err[160];

static int setup(void **state)
{
    (void)state;
    return mock_tg_library_init(&lib, 1);
}

static int teardown(void **state)
{
    (void)state;
    mock_tg_library_free(&lib);
    return 0;
}

/* Runs op with request text; returns the compact response text (static) or NULL on error. */
static const char *run(const char *op, const char *req_text)
{
    static char *last;
    free(last);
    last = NULL;
    cJSON *req = cJSON_Parse(req_text);
    assert_non_null(req);
    cJSON *res = NULL;
    int rc = mock_tg_library_op(&lib, op, req, &res, err, sizeof err);
    cJSON_Delete(req);
    if (rc != 0) {
        assert_null(res);
        return NULL;
    }
    last = cJSON_PrintUnformatted(res);
    cJSON_Delete(res);
    return last;
}

static void test_seeded_documents_and_content(void **state)
{
    (void)state;
    const char *r = run("list-documents", "{}");
    assert_non_null(r);
    cJSON *j = cJSON_Parse(r);
    cJSON *docs = cJSON_GetObjectItem(j, "document-metadatas");
    assert_int_equal(cJSON_GetArraySize(docs), 2);
    char *m0 = cJSON_PrintUnformatted(cJSON_GetArrayItem(docs, 0));
    assert_string_equal(m0, "{\"id\":\"doc-1\",\"time\":1764110000,\"kind\":\"text/plain\",\"title\":\"Graph basics\","
                            "\"comments\":\"\",\"metadata\":[],\"user\":\"trustgraph\",\"tags\":[]}");
    cJSON_free(m0);
    cJSON_Delete(j);
    /* Content: base64 of the 40 words of purpose "document", input "doc-1". */
    char *words = mock_tg_words(1, "document", "doc-1", 40);
    char *b64 = mock_tg_b64_encode((const unsigned char *)words, strlen(words));
    assert_string_equal(mock_tg_library_content(&lib, NULL, "doc-1"), b64);
    char expect[1024];
    snprintf(expect, sizeof expect, "{\"content\":\"%s\"}", b64);
    assert_string_equal(run("get-document-content", "{\"document-id\":\"doc-1\"}"), expect);
    free(words);
    free(b64);
    assert_null(run("get-document-content", "{\"document-id\":\"doc-1\",\"user\":\"other\"}"));
    assert_string_equal(err, "Document not found");
    assert_null(run("get-document-metadata", "{}"));
    assert_string_equal(err, "Document ID must be specified");
    cJSON *ids = mock_tg_library_chunk_ids(&lib);
    char *t = cJSON_PrintUnformatted(ids);
    assert_string_equal(t, "[\"doc-1/c0\",\"doc-1/c1\",\"doc-1/c2\",\"doc-2/c0\",\"doc-2/c1\",\"doc-2/c2\"]");
    cJSON_free(t);
    cJSON_Delete(ids);
}

static void test_operations_and_errors(void **state)
{
    (void)state;
    assert_null(run(NULL, "{}"));
    assert_string_equal(err, "Null operation");
    assert_null(run("start-processing", "{}"));
    assert_string_equal(err, "Invalid operation: start-processing");
    assert_string_equal(run("add-document", "{\"document-metadata\":{\"id\":\"d9\",\"title\":\"T\"},\"content\":\"aGk=\"}"), "{}");
    assert_null(run("add-document", "{\"document-metadata\":{\"id\":\"d9\"},\"content\":\"aGk=\"}"));
    assert_string_equal(err, "Document already exists");
    assert_null(run("add-document", "{\"content\":\"aGk=\"}"));
    assert_string_equal(err, "Document metadata must be specified");
    assert_null(run("add-document", "{\"document-metadata\":{\"id\":\"d8\"}}"));
    assert_string_equal(err, "Document content must be specified");
    assert_string_equal(run("get-document-metadata", "{\"document-id\":\"d9\"}"),
                        "{\"document-metadata\":{\"id\":\"d9\",\"title\":\"T\"}}");
    assert_string_equal(run("update-document", "{\"document-metadata\":{\"id\":\"d9\",\"title\":\"U\"}}"), "{}");
    assert_string_equal(run("get-document-metadata", "{\"document-id\":\"d9\"}"),
                        "{\"document-metadata\":{\"id\":\"d9\",\"title\":\"U\"}}");
    assert_null(run("update-document", "{\"document-metadata\":{\"id\":\"zz\"}}"));
    assert_string_equal(err, "Document not found");

    /* children */
    assert_string_equal(run("add-child-document", "{\"document-metadata\":{\"id\":\"d9-1\",\"parent-id\":\"d9\"},\"content\":\"eA==\"}"),
                        "{\"document-id\":\"d9-1\"}");
    assert_null(run("add-child-document", "{\"document-metadata\":{\"id\":\"x-1\",\"parent-id\":\"nope\"},\"content\":\"eA==\"}"));
    assert_string_equal(err, "Parent document not found");
    assert_string_equal(run("list-children", "{\"document-id\":\"d9\"}"),
                        "{\"document-metadatas\":[{\"id\":\"d9-1\",\"parent-id\":\"d9\"}]}");
    cJSON *j = cJSON_Parse(run("list-documents", "{}"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "document-metadatas")), 3);
    cJSON_Delete(j);
    j = cJSON_Parse(run("list-documents", "{\"include-children\":true}"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "document-metadatas")), 4);
    cJSON_Delete(j);

    /* processing */
    assert_string_equal(run("add-processing", "{\"processing-metadata\":{\"id\":\"p1\",\"document-id\":\"d9\",\"flow\":\"default\"}}"), "{}");
    assert_null(run("add-processing", "{\"processing-metadata\":{\"id\":\"p1\",\"document-id\":\"d9\"}}"));
    assert_string_equal(err, "Processing already exists");
    assert_null(run("add-processing", "{\"processing-metadata\":{\"id\":\"p2\",\"document-id\":\"nope\"}}"));
    assert_string_equal(err, "Document not found");
    assert_string_equal(run("list-processing", "{}"),
                        "{\"processing-metadatas\":[{\"id\":\"p1\",\"document-id\":\"d9\",\"flow\":\"default\"}]}");
    assert_string_equal(run("remove-processing", "{\"processing-id\":\"p1\"}"), "{}");
    assert_null(run("remove-processing", "{\"processing-id\":\"p1\"}"));
    assert_string_equal(err, "Processing not found");
    assert_string_equal(run("remove-document", "{\"document-id\":\"d9\"}"), "{}");
    assert_null(run("remove-document", "{\"document-id\":\"d9\"}"));
    assert_string_equal(err, "Document not found");
}

static void test_chunked_upload(void **state)
{
    (void)state;
    assert_string_equal(run("begin-upload", "{\"document-metadata\":{\"id\":\"big\"},\"total-size\":5,\"chunk-size\":2}"),
                        "{\"upload-id\":\"upload-1\",\"chunk-size\":2,\"total-chunks\":3}");
    /* chunks "he" "ll" "o" sent out of order */
    assert_string_equal(run("upload-chunk", "{\"upload-id\":\"upload-1\",\"chunk-index\":2,\"content\":\"bw==\"}"),
                        "{\"upload-id\":\"upload-1\",\"chunks-received\":1,\"total-chunks\":3,\"bytes-received\":1,"
                        "\"total-bytes\":5,\"chunk-index\":2}");
    assert_string_equal(run("upload-chunk", "{\"upload-id\":\"upload-1\",\"chunk-index\":0,\"content\":\"aGU=\"}"),
                        "{\"upload-id\":\"upload-1\",\"chunks-received\":2,\"total-chunks\":3,\"bytes-received\":3,"
                        "\"total-bytes\":5,\"chunk-index\":0}");
    assert_string_equal(run("get-upload-status", "{\"upload-id\":\"upload-1\"}"),
                        "{\"upload-state\":\"in-progress\",\"upload-id\":\"upload-1\",\"chunks-received\":2,"
                        "\"total-chunks\":3,\"bytes-received\":3,\"total-bytes\":5,\"received-chunks\":[0,2],"
                        "\"missing-chunks\":[1]}");
    assert_string_equal(run("list-uploads", "{}"),
                        "{\"upload-sessions\":[{\"upload-id\":\"upload-1\",\"chunks-received\":2,\"total-chunks\":3,"
                        "\"bytes-received\":3,\"total-bytes\":5,\"document-id\":\"big\"}]}");
    assert_null(run("complete-upload", "{\"upload-id\":\"upload-1\"}"));
    assert_string_equal(err, "Upload incomplete: 1 chunks missing");
    assert_null(run("upload-chunk", "{\"upload-id\":\"upload-1\",\"chunk-index\":3,\"content\":\"bw==\"}"));
    assert_string_equal(err, "Chunk index out of range");
    assert_null(run("upload-chunk", "{\"upload-id\":\"upload-1\",\"chunk-index\":1,\"content\":\"b\"}"));
    assert_string_equal(err, "Chunk content is not valid base64");
    assert_null(run("upload-chunk", "{\"upload-id\":\"upload-9\",\"chunk-index\":1,\"content\":\"bGw=\"}"));
    assert_string_equal(err, "Upload not found");
    assert_non_null(run("upload-chunk", "{\"upload-id\":\"upload-1\",\"chunk-index\":1,\"content\":\"bGw=\"}"));
    const char *r = run("complete-upload", "{\"upload-id\":\"upload-1\"}");
    assert_non_null(r);
    assert_true(strncmp(r, "{\"document-id\":\"big\",\"object-id\":\"obj-", 38) == 0);
    assert_string_equal(mock_tg_library_content(&lib, NULL, "big"), "aGVsbG8=");
    assert_string_equal(run("get-upload-status", "{\"upload-id\":\"upload-1\"}"),
                        "{\"upload-state\":\"completed\",\"upload-id\":\"upload-1\",\"chunks-received\":3,"
                        "\"total-chunks\":3,\"bytes-received\":5,\"total-bytes\":5,\"received-chunks\":[0,1,2],"
                        "\"missing-chunks\":[]}");
    assert_null(run("upload-chunk", "{\"upload-id\":\"upload-1\",\"chunk-index\":1,\"content\":\"bGw=\"}"));
    assert_string_equal(err, "Upload is not in progress");
    assert_string_equal(run("list-uploads", "{}"), "{\"upload-sessions\":[]}");

    assert_string_equal(run("begin-upload", "{\"document-metadata\":{\"id\":\"other\"},\"total-size\":10}"),
                        "{\"upload-id\":\"upload-2\",\"chunk-size\":2097152,\"total-chunks\":1}");
    assert_string_equal(run("abort-upload", "{\"upload-id\":\"upload-2\"}"), "{}");
    assert_null(run("abort-upload", "{\"upload-id\":\"upload-2\"}"));
    assert_string_equal(err, "Upload not found");
    assert_null(run("begin-upload", "{\"document-metadata\":{\"id\":\"x\"},\"total-size\":0}"));
    assert_string_equal(err, "Total size must be positive");
    assert_null(run("begin-upload", "{\"document-metadata\":{\"id\":\"x\"},\"total-size\":3,\"chunk-size\":0}"));
    assert_string_equal(err, "Chunk size must be positive");
    assert_null(run("begin-upload", "{\"document-metadata\":{\"id\":\"x\"},\"total-size\":1e300,\"chunk-size\":1}"));
    assert_string_equal(err, "Too many chunks: at most 65536");
    assert_null(run("begin-upload", "{\"document-metadata\":{\"id\":\"x\"},\"total-size\":65537,\"chunk-size\":1}"));
    assert_string_equal(err, "Too many chunks: at most 65536");
    assert_null(run("begin-upload", "{\"document-metadata\":{\"id\":\"x\"},\"total-size\":-5}"));
    assert_string_equal(err, "Total size must be positive");
    assert_string_equal(run("begin-upload", "{\"document-metadata\":{\"id\":\"y\"},\"total-size\":4,\"chunk-size\":2}"),
                        "{\"upload-id\":\"upload-3\",\"chunk-size\":2,\"total-chunks\":2}");
    assert_null(run("upload-chunk", "{\"upload-id\":\"upload-3\",\"chunk-index\":-1e300,\"content\":\"bw==\"}"));
    assert_string_equal(err, "Chunk index out of range");
    assert_null(run("upload-chunk", "{\"upload-id\":\"upload-3\",\"chunk-index\":1e300,\"content\":\"bw==\"}"));
    assert_string_equal(err, "Chunk index out of range");
    assert_null(run("begin-upload", "{\"document-metadata\":{\"id\":\"big\"},\"total-size\":3}"));
    assert_string_equal(err, "Document already exists");
    run("list-uploads", "{}");   /* releases the last response buffer */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seeded_documents_and_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_operations_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chunked_upload, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

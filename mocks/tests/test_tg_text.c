#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "trustgraph/tg_base64.h"
#include "trustgraph/tg_text.h"

/* Expected values below were computed independently from the definitions in
 * mocks/README.md (TrustGraph section). */

static void test_words_are_fixed_functions_of_seed_purpose_input(void **state)
{
    (void)state;
    char *a = mock_tg_words(1, "answer", "What is TrustGraph?", 12);
    assert_string_equal(a, "source document link memory score chunk claim context vector result score trust");
    char *t = mock_tg_words(1, "thought", "What is TrustGraph?", 6);
    assert_string_equal(t, "entity result trust fact query topic");
    char *c = mock_tg_words(42, "completion", "hello", 4);
    assert_string_equal(c, "graph topic pattern agent");
    char *other = mock_tg_words(2, "answer", "What is TrustGraph?", 12);
    assert_string_not_equal(other, a);
    char *none = mock_tg_words(1, "answer", "x", 0);
    assert_string_equal(none, "");
    free(a);
    free(t);
    free(c);
    free(other);
    free(none);
    assert_int_equal(mock_tg_word_count("a b  c "), 3);
    assert_int_equal(mock_tg_word_count(""), 0);
}

static void test_split_pieces_concatenate_to_text(void **state)
{
    (void)state;
    const char *text = "source document link memory score chunk claim context vector result score trust";
    unsigned n = 0;
    char **p = mock_tg_split(text, 3, &n);
    assert_int_equal(n, 3);
    assert_string_equal(p[0], "source document link memory ");
    assert_string_equal(p[1], "score chunk claim context ");
    assert_string_equal(p[2], "vector result score trust");
    mock_tg_pieces_free(p, n);

    /* More pieces than words: one word each. Five pieces of 12 words: 2,2,3,2,3. */
    p = mock_tg_split("a b", 5, &n);
    assert_int_equal(n, 2);
    assert_string_equal(p[0], "a ");
    assert_string_equal(p[1], "b");
    mock_tg_pieces_free(p, n);
    p = mock_tg_split(text, 5, &n);
    assert_int_equal(n, 5);
    assert_string_equal(p[0], "source document ");
    assert_string_equal(p[2], "score chunk claim ");
    assert_string_equal(p[4], "result score trust");
    mock_tg_pieces_free(p, n);
    p = mock_tg_split("", 3, &n);
    assert_int_equal(n, 1);
    assert_string_equal(p[0], "");
    mock_tg_pieces_free(p, n);
    p = mock_tg_split(text, 0, &n);
    assert_int_equal(n, 1);
    assert_string_equal(p[0], text);
    mock_tg_pieces_free(p, n);
}

static void test_embedding_and_cosine(void **state)
{
    (void)state;
    int64_t v[4];
    mock_tg_embedding_micro(1, "hello", 4, v);
    assert_int_equal(v[0], 169235);
    assert_int_equal(v[1], -466714);
    assert_int_equal(v[2], 553648);
    assert_int_equal(v[3], 581108);
    cJSON *j = mock_tg_embedding_json(1, "hello", 4);
    char *text = cJSON_PrintUnformatted(j);
    assert_string_equal(text, "[0.169235,-0.466714,0.553648,0.581108]");
    cJSON_free(text);
    cJSON_Delete(j);
    int64_t a[8], b[8], z[8] = { 0 };
    mock_tg_embedding_micro(1, "hello", 8, a);
    mock_tg_embedding_micro(1, "http://trustgraph.ai/e/alice", 8, b);
    assert_true(mock_tg_cosine_micro(a, b, 8) == -0.545687);
    assert_true(mock_tg_cosine_micro(a, a, 8) == 1.0);
    assert_true(mock_tg_cosine_micro(a, z, 8) == 0.0);
    char hex[17];
    assert_string_equal(mock_tg_hex16(mock_tg_hash(1, "agent", "What is TrustGraph?"), hex), "ef3c3882e968d6e3");
}

static void test_base64_round_trip_and_rejects(void **state)
{
    (void)state;
    char *e = mock_tg_b64_encode((const unsigned char *)"hello", 5);
    assert_string_equal(e, "aGVsbG8=");
    size_t len;
    unsigned char *d = mock_tg_b64_decode(e, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(d, "hello", 5);
    free(d);
    free(e);
    d = mock_tg_b64_decode("", &len);
    assert_int_equal(len, 0);
    free(d);
    assert_null(mock_tg_b64_decode("aGVsbG8", &len));   /* not a multiple of 4 */
    assert_null(mock_tg_b64_decode("aGV*bG8=", &len));  /* bad character */
    assert_null(mock_tg_b64_decode("a=VsbG8=", &len));  /* padding inside */
    e = mock_tg_b64_encode((const unsigned char *)"ab", 2);
    assert_string_equal(e, "YWI=");
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_are_fixed_functions_of_seed_purpose_input),
        cmocka_unit_test(test_split_pieces_concatenate_to_text),
        cmocka_unit_test(test_embedding_and_cosine),
        cmocka_unit_test(test_base64_round_trip_and_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

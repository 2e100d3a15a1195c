/* inbox: FIFO with take-from-the-middle; transcript: tail rendering. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "inbox.h"
#include "transcript.h"

static int is_even_payload(const wsc_frame *f, void *ud)
{
    (void)ud;
    return f->json && cJSON_IsNumber(f->json) && ((int)f->json->valuedouble % 2) == 0;
}

static void take_first_matching_leaves_others_in_order(void **state)
{
    (void)state;
    wsc_inbox in;
    wsc_inbox_init(&in);
    const char *msgs[] = { "1", "3", "4", "5", "6" };
    for (int i = 0; i < 5; i++) assert_non_null(wsc_inbox_push(&in, 0, msgs[i], strlen(msgs[i]), i * 0.1));
    wsc_frame f;
    assert_int_equal(wsc_inbox_take_first(&in, is_even_payload, NULL, &f), 0);
    assert_string_equal(f.data, "4");
    assert_int_equal(f.seq, 3);
    wsc_frame_free(&f);
    assert_int_equal(wsc_inbox_count(&in), 4);
    assert_string_equal(wsc_inbox_at(&in, 0)->data, "1");
    assert_string_equal(wsc_inbox_at(&in, 1)->data, "3");
    assert_string_equal(wsc_inbox_at(&in, 2)->data, "5");
    assert_string_equal(wsc_inbox_at(&in, 3)->data, "6");
    assert_int_equal(wsc_inbox_at(&in, 3)->seq, 5);
    assert_int_equal(wsc_inbox_take_first(&in, is_even_payload, NULL, &f), 0);
    assert_string_equal(f.data, "6");
    wsc_frame_free(&f);
    assert_int_equal(wsc_inbox_take_first(&in, is_even_payload, NULL, &f), -1);
    assert_int_equal(wsc_inbox_count(&in), 3);
    assert_int_equal(in.bytes, 3);
    wsc_inbox_free(&in);
}

static void binary_frames_are_not_parsed(void **state)
{
    (void)state;
    wsc_inbox in;
    wsc_inbox_init(&in);
    wsc_frame *f = wsc_inbox_push(&in, 1, "{}", 2, 0);
    assert_null(f->json);
    f = wsc_inbox_push(&in, 0, "not json", 8, 0);
    assert_null(f->json);
    f = wsc_inbox_push(&in, 0, "{\"a\":1}", 7, 0);
    assert_non_null(f->json);
    assert_null(wsc_inbox_at(&in, 3));
    wsc_inbox_free(&in);
}

static void binary_shows_as_hex_and_text_is_cut(void **state)
{
    (void)state;
    char *s = wsc_transcript_show(WSC_OP_BINARY, "\x00\x01\xff", 3);
    assert_string_equal(s, "00 01 ff");
    free(s);
    char big[100];
    memset(big, 0xab, sizeof big);
    s = wsc_transcript_show(WSC_OP_BINARY, big, sizeof big);
    assert_int_equal(strlen(s), WSC_TRANSCRIPT_HEX_MAX * 3 - 1 + 4);
    assert_string_equal(s + strlen(s) - 4, " ...");
    free(s);
    s = wsc_transcript_show(WSC_OP_TEXT, "a\nb\x01", 4);
    assert_string_equal(s, "a\\nb\\x01");
    free(s);
    char text[400];
    memset(text, 'x', sizeof text);
    s = wsc_transcript_show(WSC_OP_TEXT, text, sizeof text);
    assert_int_equal(strlen(s), WSC_TRANSCRIPT_TEXT_MAX + 3);
    free(s);
}

static void tail_renders_the_last_entries(void **state)
{
    (void)state;
    wsc_transcript tr;
    wsc_transcript_init(&tr);
    wsc_transcript_add(&tr, 1, WSC_TR_OUT, 0.5, WSC_OP_TEXT, "hello", 5);
    wsc_transcript_add(&tr, 1, WSC_TR_IN, 1.25, WSC_OP_BINARY, "\x01\x02", 2);
    wsc_transcript_add(&tr, 2, WSC_TR_EVENT, 2, WSC_OP_NOTE, "closed", 6);
    char *s = wsc_transcript_tail(&tr, 2, "> ");
    assert_string_equal(s,
        "> ... 1 earlier entries\n"
        "> #1    1.250s <- binary(2) 01 02\n"
        "> #2    2.000s -- closed\n");
    free(s);
    for (int i = 0; i < WSC_TRANSCRIPT_KEEP + 10; i++) wsc_transcript_add(&tr, 1, WSC_TR_IN, i, WSC_OP_TEXT, "x", 1);
    assert_int_equal(tr.n, WSC_TRANSCRIPT_KEEP);
    assert_int_equal(tr.total, WSC_TRANSCRIPT_KEEP + 13);
    s = wsc_transcript_tail(&tr, 1, "");
    assert_string_equal(s, "... 76 earlier entries\n#1   73.000s <- text(1) x\n");
    free(s);
    wsc_transcript_free(&tr);
    s = wsc_transcript_tail(&tr, 5, "");
    assert_string_equal(s, "");
    free(s);
}

static void control_frames_render_by_name(void **state)
{
    (void)state;
    wsc_transcript tr;
    wsc_transcript_init(&tr);
    wsc_transcript_add(&tr, 1, WSC_TR_OUT, 0.5, WSC_OP_PING, "hi", 2);
    wsc_transcript_add(&tr, 1, WSC_TR_IN, 0.75, WSC_OP_PONG, "hi", 2);
    wsc_transcript_add(&tr, 1, WSC_TR_IN, 1, WSC_OP_CONT, "\xc3", 1);
    wsc_transcript_add(&tr, 1, WSC_TR_IN, 1.5, WSC_OP_CLOSE, "\x03\xe8", 2);
    char *s = wsc_transcript_tail(&tr, 4, "");
    assert_string_equal(s,
        "#1    0.500s -> ping(2) 68 69\n"
        "#1    0.750s <- pong(2) 68 69\n"
        "#1    1.000s <- continuation(1) c3\n"
        "#1    1.500s <- close(2) \\x03\xe8\n");
    free(s);
    wsc_frame_rec *recs = NULL;
    size_t n = 0, earlier = 9;
    assert_int_equal(wsc_transcript_export(&tr, &recs, &n, &earlier), 0);
    assert_int_equal(n, 4);
    assert_int_equal(earlier, 0);
    assert_int_equal(recs[0].op, WSC_FRAME_PING);
    assert_int_equal(recs[1].op, WSC_FRAME_PONG);
    assert_int_equal(recs[2].op, WSC_FRAME_CONT);
    assert_int_equal(recs[3].op, WSC_FRAME_CLOSE);
    assert_string_equal(recs[1].data, "68 69");
    for (size_t i = 0; i < n; i++) wsc_frame_rec_clear(&recs[i]);
    free(recs);
    wsc_transcript_free(&tr);
}

/* Frames are matched to protobuf encodes and decodes by identical bytes only. */
static void protobuf_tags_follow_identical_bytes(void **state)
{
    (void)state;
    wsc_transcript tr;
    wsc_transcript_init(&tr);
    /* An encode tags every later sent binary message with its bytes, nothing else. */
    assert_int_equal(wsc_transcript_expect_sent(&tr, "\x08\x01", 2, "Req", "{\"n\":1}"), 0);
    wsc_transcript_add(&tr, 1, WSC_TR_OUT, 0.1, WSC_OP_BINARY, "\x08\x02", 2);   /* other bytes */
    wsc_transcript_add(&tr, 1, WSC_TR_IN, 0.2, WSC_OP_BINARY, "\x08\x01", 2);    /* received, not sent */
    wsc_transcript_add(&tr, 1, WSC_TR_OUT, 0.3, WSC_OP_TEXT, "\x08\x01", 2);     /* not binary */
    wsc_transcript_add(&tr, 1, WSC_TR_OUT, 0.4, WSC_OP_BINARY, "\x08\x01", 2);
    wsc_transcript_add(&tr, 1, WSC_TR_OUT, 0.5, WSC_OP_BINARY, "\x08\x01", 2);   /* sent again */
    assert_null(tr.ring[0].proto_type);
    assert_null(tr.ring[1].proto_type);
    assert_null(tr.ring[2].proto_type);
    assert_string_equal(tr.ring[3].proto_type, "Req");
    assert_string_equal(tr.ring[4].proto_text, "{\"n\":1}");
    /* The newest encode of the same bytes names the type. */
    assert_int_equal(wsc_transcript_expect_sent(&tr, "\x08\x01", 2, "Other", "{}"), 0);
    wsc_transcript_add(&tr, 1, WSC_TR_OUT, 0.6, WSC_OP_BINARY, "\x08\x01", 2);
    assert_string_equal(tr.ring[5].proto_type, "Other");

    /* A decode tags the newest untagged received message with its bytes. */
    wsc_transcript_add(&tr, 1, WSC_TR_IN, 0.7, WSC_OP_BINARY, "\x08\x01", 2);
    wsc_transcript_add(&tr, 1, WSC_TR_IN, 0.8, WSC_OP_BINARY, "\x08\x03", 2);
    assert_int_equal(wsc_transcript_tag_received(&tr, "\x08\x01", 2, "Rep", "{\"ok\":true}"), 1);
    assert_string_equal(tr.ring[6].proto_type, "Rep");
    assert_null(tr.ring[1].proto_type);
    assert_null(tr.ring[7].proto_type);
    assert_int_equal(wsc_transcript_tag_received(&tr, "\x08\x01", 2, "Rep", "{\"ok\":true}"), 1);
    assert_string_equal(tr.ring[1].proto_type, "Rep");
    /* Every matching message tagged: the first reading stays. */
    assert_int_equal(wsc_transcript_tag_received(&tr, "\x08\x01", 2, "Again", "{}"), 0);
    assert_string_equal(tr.ring[6].proto_type, "Rep");
    /* Same length, other bytes; a prefix of a frame; nothing. */
    assert_int_equal(wsc_transcript_tag_received(&tr, "\x08\x04", 2, "X", "{}"), 0);
    assert_int_equal(wsc_transcript_tag_received(&tr, "\x08", 1, "X", "{}"), 0);
    assert_null(tr.ring[7].proto_type);

    /* The tail and the export carry the reading. */
    char *s = wsc_transcript_tail(&tr, 2, "");
    assert_string_equal(s, "... 6 earlier entries\n#1    0.700s <- binary(2) 08 01 | Rep {\"ok\":true}\n#1    0.800s <- binary(2) 08 03\n");
    free(s);
    wsc_frame_rec *recs = NULL;
    size_t n = 0, earlier = 0;
    assert_int_equal(wsc_transcript_export(&tr, &recs, &n, &earlier), 0);
    assert_int_equal(n, 8);
    assert_string_equal(recs[6].proto_type, "Rep");
    assert_string_equal(recs[6].decoded, "{\"ok\":true}");
    assert_string_equal(recs[6].data, "08 01");
    assert_null(recs[7].proto_type);
    assert_null(recs[7].decoded);
    for (size_t i = 0; i < n; i++) wsc_frame_rec_clear(&recs[i]);
    free(recs);
    wsc_transcript_free(&tr);
}

/* Large payloads: the report keeps WSC_TRANSCRIPT_BYTES_MAX bytes as hex, the tail 48;
 * payloads that differ only past the kept bytes are still told apart. */
static void large_binary_payloads(void **state)
{
    (void)state;
    enum { BIG = WSC_TRANSCRIPT_BYTES_MAX + 100 };
    char *a = malloc(BIG), *b = malloc(BIG);
    assert_non_null(a);
    assert_non_null(b);
    memset(a, 0x5a, BIG);
    memcpy(b, a, BIG);
    b[BIG - 1] = 0x5b;   /* differs after the kept bytes */
    wsc_transcript tr;
    wsc_transcript_init(&tr);
    wsc_transcript_add(&tr, 1, WSC_TR_IN, 0, WSC_OP_BINARY, a, BIG);
    assert_int_equal(wsc_transcript_tag_received(&tr, b, BIG, "B", "{}"), 0);
    assert_int_equal(wsc_transcript_tag_received(&tr, a, BIG - 1, "A", "{}"), 0);
    assert_int_equal(wsc_transcript_tag_received(&tr, a, BIG, "A", "{}"), 1);
    assert_string_equal(tr.ring[0].proto_type, "A");
    assert_int_equal(strlen(tr.ring[0].shown), WSC_TRANSCRIPT_HEX_MAX * 3 - 1 + 4);
    wsc_frame_rec *recs = NULL;
    size_t n = 0, earlier = 0;
    assert_int_equal(wsc_transcript_export(&tr, &recs, &n, &earlier), 0);
    assert_int_equal(strlen(recs[0].data), WSC_TRANSCRIPT_BYTES_MAX * 3 - 1 + 4);
    assert_string_equal(recs[0].data + strlen(recs[0].data) - 7, " 5a ...");
    wsc_frame_rec_clear(&recs[0]);
    free(recs);
    wsc_transcript_free(&tr);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(take_first_matching_leaves_others_in_order),
        cmocka_unit_test(binary_frames_are_not_parsed),
        cmocka_unit_test(binary_shows_as_hex_and_text_is_cut),
        cmocka_unit_test(tail_renders_the_last_entries),
        cmocka_unit_test(control_frames_render_by_name),
        cmocka_unit_test(protobuf_tags_follow_identical_bytes),
        cmocka_unit_test(large_binary_payloads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The raw client's frame codec: the examples of RFC 6455 §5.7 byte for byte (masked and
 * unmasked "Hello", fragments, Ping/Pong, 256 bytes and 64 KiB with extended lengths),
 * header parsing from partial input, the size cap, and Sec-WebSocket-Accept (§1.3). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "raw_ws.h"
#include "raw_ws_frame.h"

static const unsigned char rfc_mask[4] = { 0x37, 0xfa, 0x21, 0x3d };

static void hello_unmasked(void **state)
{
    (void)state;
    static const unsigned char want[] = { 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f };
    unsigned char out[32];
    assert_int_equal(wsc_raw_frame_size(5, 0), sizeof want);
    assert_int_equal(wsc_raw_frame_encode(out, 1, 0, WSC_RAW_OP_TEXT, NULL, "Hello", 5), sizeof want);
    assert_memory_equal(out, want, sizeof want);

    wsc_raw_head h;
    char err[200];
    assert_int_equal(wsc_raw_frame_parse_head(want, sizeof want, &h, err, sizeof err), 1);
    assert_int_equal(h.fin, 1);
    assert_int_equal(h.rsv, 0);
    assert_int_equal(h.opcode, WSC_RAW_OP_TEXT);
    assert_int_equal(h.masked, 0);
    assert_int_equal(h.len, 5);
    assert_int_equal(h.head_len, 2);
}

static void hello_masked(void **state)
{
    (void)state;
    static const unsigned char want[] = { 0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 };
    unsigned char out[32];
    assert_int_equal(wsc_raw_frame_size(5, 1), sizeof want);
    assert_int_equal(wsc_raw_frame_encode(out, 1, 0, WSC_RAW_OP_TEXT, rfc_mask, "Hello", 5), sizeof want);
    assert_memory_equal(out, want, sizeof want);

    wsc_raw_head h;
    char err[200];
    assert_int_equal(wsc_raw_frame_parse_head(want, sizeof want, &h, err, sizeof err), 1);
    assert_int_equal(h.masked, 1);
    assert_memory_equal(h.mask, rfc_mask, 4);
    assert_int_equal(h.head_len, 6);
    unsigned char payload[5];
    memcpy(payload, want + h.head_len, 5);
    wsc_raw_mask(payload, 5, h.mask, 0);
    assert_memory_equal(payload, "Hello", 5);
}

static void fragments_and_control(void **state)
{
    (void)state;
    unsigned char out[32];
    static const unsigned char first[] = { 0x01, 0x03, 0x48, 0x65, 0x6c };
    static const unsigned char last[] = { 0x80, 0x02, 0x6c, 0x6f };
    static const unsigned char ping[] = { 0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f };
    static const unsigned char pong[] = { 0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58 };
    assert_int_equal(wsc_raw_frame_encode(out, 0, 0, WSC_RAW_OP_TEXT, NULL, "Hel", 3), sizeof first);
    assert_memory_equal(out, first, sizeof first);
    assert_int_equal(wsc_raw_frame_encode(out, 1, 0, WSC_RAW_OP_CONTINUATION, NULL, "lo", 2), sizeof last);
    assert_memory_equal(out, last, sizeof last);
    assert_int_equal(wsc_raw_frame_encode(out, 1, 0, WSC_RAW_OP_PING, NULL, "Hello", 5), sizeof ping);
    assert_memory_equal(out, ping, sizeof ping);
    assert_int_equal(wsc_raw_frame_encode(out, 1, 0, WSC_RAW_OP_PONG, rfc_mask, "Hello", 5), sizeof pong);
    assert_memory_equal(out, pong, sizeof pong);

    wsc_raw_head h;
    char err[200];
    assert_int_equal(wsc_raw_frame_parse_head(first, sizeof first, &h, err, sizeof err), 1);
    assert_int_equal(h.fin, 0);
    assert_int_equal(h.opcode, WSC_RAW_OP_TEXT);
    assert_int_equal(wsc_raw_frame_parse_head(last, sizeof last, &h, err, sizeof err), 1);
    assert_int_equal(h.fin, 1);
    assert_int_equal(h.opcode, WSC_RAW_OP_CONTINUATION);
}

static void length_256_uses_16_bits(void **state)
{
    (void)state;
    unsigned char payload[256];
    for (int i = 0; i < 256; i++) payload[i] = (unsigned char)i;
    unsigned char out[300];
    assert_int_equal(wsc_raw_frame_size(256, 0), 4 + 256);
    assert_int_equal(wsc_raw_frame_encode(out, 1, 0, WSC_RAW_OP_BINARY, NULL, payload, 256), 260);
    static const unsigned char head[] = { 0x82, 0x7E, 0x01, 0x00 };
    assert_memory_equal(out, head, 4);
    assert_memory_equal(out + 4, payload, 256);

    wsc_raw_head h;
    char err[200];
    assert_int_equal(wsc_raw_frame_parse_head(out, 260, &h, err, sizeof err), 1);
    assert_int_equal(h.len, 256);
    assert_int_equal(h.head_len, 4);
    /* 125 is the largest 7-bit length, 126 already needs the 16-bit form. */
    assert_int_equal(wsc_raw_frame_size(125, 0), 127);
    assert_int_equal(wsc_raw_frame_size(126, 0), 130);
}

static void length_64k_uses_64_bits(void **state)
{
    (void)state;
    size_t n = 65536;
    unsigned char *payload = calloc(1, n);
    unsigned char *out = malloc(n + 14);
    assert_non_null(payload);
    assert_non_null(out);
    assert_int_equal(wsc_raw_frame_size(n, 0), 10 + n);
    assert_int_equal(wsc_raw_frame_encode(out, 1, 0, WSC_RAW_OP_BINARY, NULL, payload, n), 10 + n);
    static const unsigned char head[] = { 0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00 };
    assert_memory_equal(out, head, sizeof head);

    wsc_raw_head h;
    char err[200];
    assert_int_equal(wsc_raw_frame_parse_head(out, 10 + n, &h, err, sizeof err), 1);
    assert_int_equal(h.len, 65536);
    assert_int_equal(h.head_len, 10);
    /* 65535 still fits the 16-bit form. */
    assert_int_equal(wsc_raw_frame_size(65535, 1), 4 + 4 + 65535);
    /* Masked: the key follows the 8-byte length. */
    assert_int_equal(wsc_raw_frame_encode(out, 1, 0, WSC_RAW_OP_BINARY, rfc_mask, payload, n), 14 + n);
    assert_int_equal(out[1], 0xFF);
    assert_memory_equal(out + 10, rfc_mask, 4);
    assert_int_equal(out[14], 0x37);   /* zero bytes masked give the key */
    free(payload);
    free(out);
}

static void partial_headers_need_more(void **state)
{
    (void)state;
    static const unsigned char masked64[] = { 0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4 };
    wsc_raw_head h;
    char err[200];
    for (size_t avail = 0; avail < sizeof masked64; avail++)
        assert_int_equal(wsc_raw_frame_parse_head(masked64, avail, &h, err, sizeof err), 0);
    assert_int_equal(wsc_raw_frame_parse_head(masked64, sizeof masked64, &h, err, sizeof err), 1);
    assert_int_equal(h.head_len, 14);
    assert_int_equal(h.len, 65536);
}

static void illegal_bits_are_encoded_as_asked(void **state)
{
    (void)state;
    unsigned char out[16];
    /* RSV1+RSV3, reserved opcode 0x3, no FIN: all exactly as asked. */
    assert_int_equal(wsc_raw_frame_encode(out, 0, 5, 0x3, NULL, "", 0), 2);
    assert_int_equal(out[0], 0x53);
    assert_int_equal(out[1], 0x00);
    wsc_raw_head h;
    char err[200];
    assert_int_equal(wsc_raw_frame_parse_head(out, 2, &h, err, sizeof err), 1);
    assert_int_equal(h.rsv, 5);
    assert_int_equal(h.opcode, 3);
    assert_int_equal(h.fin, 0);
    assert_null(wsc_raw_opcode_name(3));
    assert_string_equal(wsc_raw_opcode_name(WSC_RAW_OP_PONG), "pong");
    assert_int_equal(wsc_raw_opcode_from_name("close"), WSC_RAW_OP_CLOSE);
    assert_int_equal(wsc_raw_opcode_from_name("nope"), -1);
}

static void hostile_lengths_are_refused(void **state)
{
    (void)state;
    wsc_raw_head h;
    char err[200];
    static const unsigned char top_bit[] = { 0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0 };
    assert_int_equal(wsc_raw_frame_parse_head(top_bit, sizeof top_bit, &h, err, sizeof err), -1);
    assert_non_null(strstr(err, "most significant bit"));
    /* 16 MiB is accepted, one byte more is not. */
    static const unsigned char cap[] = { 0x82, 0x7F, 0, 0, 0, 0, 0x01, 0x00, 0x00, 0x00 };
    assert_int_equal(wsc_raw_frame_parse_head(cap, sizeof cap, &h, err, sizeof err), 1);
    static const unsigned char over[] = { 0x82, 0x7F, 0, 0, 0, 0, 0x01, 0x00, 0x00, 0x01 };
    assert_int_equal(wsc_raw_frame_parse_head(over, sizeof over, &h, err, sizeof err), -1);
    assert_non_null(strstr(err, "limit"));
}

static void accept_of_the_rfc_example(void **state)
{
    (void)state;
    char acc[29];
    wsc_raw_accept_for("dGhlIHNhbXBsZSBub25jZQ==", acc);
    assert_string_equal(acc, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hello_unmasked),
        cmocka_unit_test(hello_masked),
        cmocka_unit_test(fragments_and_control),
        cmocka_unit_test(length_256_uses_16_bits),
        cmocka_unit_test(length_64k_uses_64_bits),
        cmocka_unit_test(partial_headers_need_more),
        cmocka_unit_test(illegal_bits_are_encoded_as_asked),
        cmocka_unit_test(hostile_lengths_are_refused),
        cmocka_unit_test(accept_of_the_rfc_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* proto_text: exact renderings of Hanami's messages (bytes, enums, packed floats, unknown
 * fields, proto3 defaults) unpacked from wire bytes, and of a test message with nested and
 * repeated messages, a oneof, 64-bit extremes, doubles and escaped strings; the caps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proto_text.h"
#include "proto_text_sample.pb-c.h"
#include "wsconf_proto.h"

/* Unpacks hex wire bytes as message `type` of proto/ and renders it. */
static char *render_wire(const char *type, const char *hex, size_t max)
{
    const ProtobufCMessageDescriptor *d = wsconf_proto_find(type);
    assert_non_null(d);
    uint8_t buf[256];
    size_t n = 0, digits = 0;
    char two[3] = { 0 };
    for (const char *p = hex; *p; p++) {
        if (*p == ' ') continue;
        two[digits++] = *p;
        if (digits == 2) {
            buf[n++] = (uint8_t)strtoul(two, NULL, 16);
            digits = 0;
        }
    }
    ProtobufCMessage *m = protobuf_c_message_unpack(d, NULL, n, buf);
    assert_non_null(m);
    char *s = wsc_proto_text(m, max);
    protobuf_c_message_free_unpacked(m, NULL);
    assert_non_null(s);
    return s;
}

static void hanami_messages(void **state)
{
    (void)state;
    /* FileUpload_Message { position 3, data "hello" } */
    char *s = render_wire("FileUpload_Message", "0803 12056865 6c6c6f", WSC_PROTO_TEXT_MAX);
    assert_string_equal(s, "{\"position\":3,\"data\":<5 bytes 68656c6c6f>}");
    free(s);
    /* FileUploadResponse_Message { success false, errorMessage "no \"such\" file" } */
    s = render_wire("FileUploadResponse_Message", "120e 6e6f2022 73756368 22206669 6c65", WSC_PROTO_TEXT_MAX);
    assert_string_equal(s, "{\"success\":false,\"errorMessage\":\"no \\\"such\\\" file\"}");
    free(s);
    /* ClusterIO_Message: string, bool, enum by name, uint64, packed floats in shortest form. */
    s = render_wire("ClusterIO_Message",
                    "0a0a 74657374 5f696e70 7574 1001 1801 2004 2a10 0000003f 0000803f 000010c0 cdcccc3d",
                    WSC_PROTO_TEXT_MAX);
    assert_string_equal(s, "{\"hexagonName\":\"test_input\",\"isLast\":true,\"processType\":\"TRAIN_TYPE\","
                           "\"numberOfValues\":4,\"values\":[0.5,1,-2.25,0.1]}");
    free(s);
    /* Empty input: every proto3 field at its default, the repeated one empty. */
    s = render_wire("ClusterIO_Message", "", WSC_PROTO_TEXT_MAX);
    assert_string_equal(s, "{\"hexagonName\":\"\",\"isLast\":false,\"processType\":\"REQUEST_TYPE\","
                           "\"numberOfValues\":0,\"values\":[]}");
    free(s);
    /* An enum value without a name shows its number; field 6 (V050's values) is unknown here. */
    s = render_wire("ClusterIO_Message", "1807 3204 0000803f", WSC_PROTO_TEXT_MAX);
    assert_string_equal(s, "{\"hexagonName\":\"\",\"isLast\":false,\"processType\":7,\"numberOfValues\":0,"
                           "\"values\":[],\"(unknown)\":[6]}");
    free(s);
}

static void nested_repeated_oneof(void **state)
{
    (void)state;
    ProtoTextOuter o = PROTO_TEXT_OUTER__INIT;
    ProtoTextInner in = PROTO_TEXT_INNER__INIT, a = PROTO_TEXT_INNER__INIT, b = PROTO_TEXT_INNER__INIT;
    int64_t ids[] = { INT64_MIN, -1, INT64_MAX };
    in.name = "tab\there \\ nl\n ctl\x01 \xc3\xa9";
    in.n_ids = 3;
    in.ids = ids;
    a.name = "a";
    b.name = "b";
    ProtoTextInner *items[] = { &a, &b };
    uint8_t blob[40];
    for (size_t i = 0; i < sizeof blob; i++) blob[i] = (uint8_t)i;
    double samples[] = { 1e300, -0.0, NAN, -INFINITY };
    o.count = -7;
    o.inner = &in;
    o.n_items = 2;
    o.items = items;
    o.blob.data = blob;
    o.blob.len = sizeof blob;
    o.ratio = 0.1;
    o.pick_case = PROTO_TEXT_OUTER__PICK_LABEL;
    o.label = "x";
    o.n_samples = 4;
    o.samples = samples;
    char *s = wsc_proto_text(&o.base, WSC_PROTO_TEXT_MAX);
    assert_string_equal(s,
        "{\"count\":-7,"
        "\"inner\":{\"name\":\"tab\\there \\\\ nl\\n ctl\\u0001 \xc3\xa9\","
        "\"ids\":[-9223372036854775808,-1,9223372036854775807]},"
        "\"items\":[{\"name\":\"a\",\"ids\":[]},{\"name\":\"b\",\"ids\":[]}],"
        "\"blob\":<40 bytes 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f...>,"
        "\"ratio\":0.1,\"label\":\"x\",\"samples\":[1e+300,-0,nan,-inf]}");
    free(s);

    /* The other oneof member, and a message field left unset (not listed). */
    o.pick_case = PROTO_TEXT_OUTER__PICK_FLAG;
    o.flag = 1;
    o.inner = NULL;
    o.n_items = 0;
    o.n_samples = 0;
    o.blob.len = 0;
    o.blob.data = NULL;
    s = wsc_proto_text(&o.base, WSC_PROTO_TEXT_MAX);
    assert_string_equal(s, "{\"count\":-7,\"items\":[],\"blob\":<0 bytes>,\"ratio\":0.1,\"flag\":true,\"samples\":[]}");
    free(s);
}

static void cut_at_the_cap(void **state)
{
    (void)state;
    ProtoTextInner in = PROTO_TEXT_INNER__INIT;
    in.name = "\xc3\xa9\xc3\xa9\xc3\xa9";   /* three two-byte characters */
    char *s = wsc_proto_text(&in.base, 12);
    /* {"name":" is 9 bytes; byte 12 is the middle of the second é: cut before it. */
    assert_string_equal(s, "{\"name\":\"\xc3\xa9...");
    free(s);
    s = wsc_proto_text(&in.base, 100);
    assert_string_equal(s, "{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\",\"ids\":[]}");
    free(s);

    /* A huge repeated field stops rendering soon after the cap. */
    size_t n = 1000000;
    int64_t *ids = calloc(n, sizeof *ids);
    assert_non_null(ids);
    in.name = "";
    in.ids = ids;
    in.n_ids = n;
    s = wsc_proto_text(&in.base, 64);
    assert_int_equal(strlen(s), 64 + 3);
    assert_string_equal(s, "{\"name\":\"\",\"ids\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,...");
    free(s);
    free(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hanami_messages),
        cmocka_unit_test(nested_repeated_oneof),
        cmocka_unit_test(cut_at_the_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "labgraph/lg_config.h"

static void test_default_config(void **state)
{
    (void)state;
    mock_lg_config cfg;
    char err[256] = "";
    assert_int_equal(mock_lg_config_default(&cfg, err, sizeof err), 0);
    const mock_lg_stream *s = mock_lg_config_find(&cfg, "device.stream1");
    assert_non_null(s);
    assert_int_equal(s->direction, MOCK_LG_OUTPUT);
    assert_true(s->has_rate);
    assert_true(s->rate_hz == 100.0);
    assert_int_equal(s->batch_size, 1);
    assert_int_equal(s->kind, MOCK_LG_DATA_FLOAT_ARRAY);
    assert_int_equal(s->length, 16);
    assert_true(s->trained);
    s = mock_lg_config_find(&cfg, "device.stream2");
    assert_true(s->rate_hz == 50.0);
    assert_int_equal(s->batch_size, 4);
    assert_int_equal(s->kind, MOCK_LG_DATA_FLOAT);
    assert_false(mock_lg_config_find(&cfg, "model.untrained")->trained);
    assert_int_equal(mock_lg_config_find(&cfg, "app.input1")->direction, MOCK_LG_INPUT);
    assert_false(mock_lg_config_find(&cfg, "app.echo")->has_rate);
    s = mock_lg_config_find(&cfg, "bench.fast");
    assert_true(s->has_rate);
    assert_true(s->rate_hz == 0.0);
    assert_null(mock_lg_config_find(&cfg, "no.such.stream"));
    assert_int_equal(cfg.nroutes, 1);
    assert_string_equal(cfg.routes[0].from->name, "app.input1");
    assert_string_equal(cfg.routes[0].to->name, "app.echo");
    mock_lg_config_free(&cfg);
}

/* Each bad config must fail with a message containing the expected fragment. */
static void expect_error(const char *text, const char *fragment)
{
    mock_lg_config cfg;
    char err[256] = "";
    assert_int_equal(mock_lg_config_from_text(text, &cfg, err, sizeof err), -1);
    if (!strstr(err, fragment))
        fail_msg("error \"%s\" lacks \"%s\"", err, fragment);
    assert_null(cfg.streams);
}

static void test_validation_errors(void **state)
{
    (void)state;
    expect_error("{", "not valid JSON");
    expect_error("[]", "must be a JSON object");
    expect_error("{\"streams\":{}}", "\"streams\" must be an array");
    expect_error("{\"streams\":[],\"extra\":1}", "unknown key \"extra\"");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"sideways\"}]}", "unknown direction \"sideways\"");
    expect_error("{\"streams\":[{\"name\":\"a\"}]}", "direction must be");
    expect_error("{\"streams\":[{\"direction\":\"input\"}]}", "streams[0]: name must be");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"input\"},{\"name\":\"a\",\"direction\":\"input\"}]}",
                 "duplicate stream name \"a\"");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"output\",\"rate_hz\":-1,\"data\":{\"kind\":\"float\"}}]}",
                 "rate_hz must be >= 0");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"output\",\"rate_hz\":1,\"batch_size\":0,"
                 "\"data\":{\"kind\":\"float\"}}]}", "batch_size must be >= 1");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"output\",\"rate_hz\":1}]}", "needs data");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"output\",\"rate_hz\":1,\"data\":{\"kind\":\"int\"}}]}",
                 "unknown data.kind \"int\"");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"output\",\"rate_hz\":1,"
                 "\"data\":{\"kind\":\"float_array\"}}]}", "data.length must be");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"output\",\"trained\":1}]}", "trained must be");
    expect_error("{\"streams\":[{\"name\":\"a\",\"direction\":\"output\",\"speed\":1}]}", "unknown key \"speed\"");
    expect_error("{\"streams\":[{\"name\":\"i\",\"direction\":\"input\"},{\"name\":\"o\",\"direction\":\"output\"}],"
                 "\"routes\":[{\"from\":\"i\",\"to\":\"nowhere\"}]}", "to names unknown stream \"nowhere\"");
    expect_error("{\"streams\":[{\"name\":\"i\",\"direction\":\"input\"},{\"name\":\"j\",\"direction\":\"input\"}],"
                 "\"routes\":[{\"from\":\"i\",\"to\":\"j\"}]}", "to \"j\" is not an output stream");
    expect_error("{\"streams\":[{\"name\":\"o\",\"direction\":\"output\"}],"
                 "\"routes\":[{\"from\":\"x\",\"to\":\"o\"}]}", "from names unknown stream \"x\"");
}

static void test_minimal_valid(void **state)
{
    (void)state;
    mock_lg_config cfg;
    char err[256] = "";
    assert_int_equal(mock_lg_config_from_text("{\"streams\":[{\"name\":\"o\",\"direction\":\"output\"}]}",
                                              &cfg, err, sizeof err), 0);
    assert_int_equal(cfg.nstreams, 1);
    assert_int_equal(cfg.nroutes, 0);
    assert_false(cfg.streams[0].has_rate);
    assert_int_equal(cfg.streams[0].batch_size, 1);
    assert_true(cfg.streams[0].trained);
    mock_lg_config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_config),
        cmocka_unit_test(test_validation_errors),
        cmocka_unit_test(test_minimal_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Shared by the TrustGraph module tests: a fresh seeded world per test and one call
 * through tg_handle whose frames the test reads back. */
#ifndef TG_HARNESS_H
#define TG_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "trustgraph/tg_api.h"

static mock_tg_world tgw;
static tg_out tgo;
static tg_profile tgp;

static inline int tg_setup_profile(tg_profile p)
{
    tgp = p;
    memset(&tgo, 0, sizeof tgo);
    return tg_world_init(&tgw, p, 1, NULL);
}

static inline int gw_setup(void **state)
{
    (void)state;
    return tg_setup_profile(TG_PROFILE_GATEWAY);
}

static inline int spec_setup(void **state)
{
    (void)state;
    return tg_setup_profile(TG_PROFILE_SPEC);
}

static inline int tg_teardown(void **state)
{
    (void)state;
    tg_out_free(&tgo);
    mock_tg_world_free(&tgw);
    return 0;
}

/* Sends one frame; returns the number of answer frames. */
static inline size_t tg_call(const char *frame)
{
    tg_out_free(&tgo);
    assert_int_equal(tg_handle(&tgw, tgp, frame, strlen(frame), &tgo), 0);
    assert_true(tgo.count >= 1);
    return tgo.count;
}

static inline const char *tg_frame_at(size_t i)
{
    assert_true(i < tgo.count);
    return tgo.msgs[i].text;
}

/* Exactly one answer frame, equal to expected. */
static inline void tg_expect1(const char *frame, const char *expected)
{
    assert_int_equal(tg_call(frame), 1);
    assert_string_equal(tg_frame_at(0), expected);
}

/* The "complete" flag of answer frame i (gateway): 1, 0, or -1 when absent. */
static inline int tg_complete(size_t i)
{
    cJSON *j = cJSON_Parse(tg_frame_at(i));
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "complete");
    int v = cJSON_IsBool(c) ? cJSON_IsTrue(c) : -1;
    cJSON_Delete(j);
    return v;
}

/* In the gateway profile every frame has "complete", false on all but the last. */
static inline void tg_assert_one_final(void)
{
    for (size_t i = 0; i < tgo.count; i++)
        assert_int_equal(tg_complete(i), i + 1 == tgo.count ? 1 : 0);
}

#endif

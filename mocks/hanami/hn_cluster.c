#include "hn_cluster.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../rng.h"

#define CLUSTER(n) "0c1a5700-0000-4000-8000-00000000000" #n

const hn_cluster_def hn_cluster_defs[] = {
    { CLUSTER(1), "wsconf_mode", "wsconf_project", { { "test_input", 4 } }, 1, { { "test_output", 3 } }, 1 },
    { CLUSTER(2), "wsconf_direct", "wsconf_project", { { "test_input", 4 } }, 1, { { "test_output", 3 } }, 1 },
    { CLUSTER(3), "wsconf_two_outputs", "wsconf_project", { { "in", 2 } }, 1, { { "out_a", 2 }, { "out_b", 3 } }, 2 },
    { CLUSTER(4), "wsconf_errors", "wsconf_project", { { "test_input", 4 } }, 1, { { "test_output", 3 } }, 1 },
    { CLUSTER(5), "wsconf_train", "wsconf_project", { { "test_input", 4 } }, 1, { { "test_output", 3 } }, 1 },
    { CLUSTER(6), "wsconf_v050", "wsconf_project", { { "test_input", 4 } }, 1, { { "test_output", 3 } }, 1 },
    { CLUSTER(7), "wsconf_other_project", "other_project", { { "test_input", 4 } }, 1, { { "test_output", 3 } }, 1 },
    { CLUSTER(8), "wsconf_spare", "wsconf_project", { { "test_input", 4 } }, 1, { { "test_output", 3 } }, 1 },
};
const size_t hn_cluster_count = sizeof hn_cluster_defs / sizeof hn_cluster_defs[0];

void hn_cluster_init(hn_cluster *c, const hn_cluster_def *def, uint64_t seed, double now)
{
    memset(c, 0, sizeof *c);
    c->def = def;
    c->mode = HN_MODE_TASK;
    c->created_at = now;
    uint64_t z = mock_splitmix64(seed ^ mock_fnv1a64(def->uuid));
    for (size_t o = 0; o < HN_MAX_HEXAGONS; o++)
        for (size_t k = 0; k < HN_MAX_VALUES; k++)
            for (size_t i = 0; i < HN_MAX_HEXAGONS * HN_MAX_VALUES; i++) {
                z = mock_splitmix64(z);
                c->weight[o][k][i] = (float)((double)((z >> 11) % 2001) / 1000.0 - 1.0);
            }
}

const char *hn_mode_name(hn_mode mode)
{
    return mode == HN_MODE_DIRECT ? "DIRECT" : "TASK";
}

int hn_mode_parse(const char *s, hn_mode *mode)
{
    if (strcmp(s, "TASK") == 0)
        *mode = HN_MODE_TASK;
    else if (strcmp(s, "DIRECT") == 0)
        *mode = HN_MODE_DIRECT;
    else
        return -1;
    return 0;
}

int hn_cluster_set_mode(hn_cluster *c, hn_mode mode)
{
    if (c->mode == mode)
        return -1;
    c->mode = mode;
    return 0;
}

/* All input values in hexagon order, as the network's input vector. */
static size_t input_vector(const hn_cluster *c, const hn_dio_buffers *b, float *x)
{
    size_t n = 0;
    for (size_t h = 0; h < c->def->ninputs; h++)
        for (size_t k = 0; k < c->def->inputs[h].size; k++)
            x[n++] = b->input[h][k];
    return n;
}

void hn_cluster_outputs(const hn_cluster *c, const hn_dio_buffers *b, size_t o, float *out)
{
    float x[HN_MAX_HEXAGONS * HN_MAX_VALUES];
    size_t n = input_vector(c, b, x);
    for (size_t k = 0; k < c->def->outputs[o].size; k++) {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += (double)c->weight[o][k][i] * x[i];
        out[k] = (float)(1.0 / (1.0 + exp(-sum)));
    }
}

static void train(hn_cluster *c, const hn_dio_buffers *b)
{
    float x[HN_MAX_HEXAGONS * HN_MAX_VALUES], y[HN_MAX_VALUES];
    size_t n = input_vector(c, b, x);
    for (size_t o = 0; o < c->def->noutputs; o++) {
        hn_cluster_outputs(c, b, o, y);
        for (size_t k = 0; k < c->def->outputs[o].size; k++)
            for (size_t i = 0; i < n; i++)
                c->weight[o][k][i] += (float)(0.5 * (b->expected[o][k] - y[k]) * x[i]);
    }
    c->trained++;
}

static int find_hexagon(const hn_hexagon *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].name, name) == 0)
            return (int)i;
    return -1;
}

hn_dio_kind hn_dio_apply(hn_cluster *c, hn_dio_buffers *b, const hn_dio_msg *m, char *err, size_t errlen)
{
    if (m->process != HN_PROCESS_REQUEST && m->process != HN_PROCESS_TRAIN) {
        snprintf(err, errlen, "unknown processType %d", m->process);
        return HN_DIO_ERROR;
    }
    if (m->number_of_values != m->nvalues) {
        snprintf(err, errlen, "numberOfValues is %llu but the message carries %zu values",
                 (unsigned long long)m->number_of_values, m->nvalues);
        return HN_DIO_ERROR;
    }
    int in = find_hexagon(c->def->inputs, c->def->ninputs, m->name);
    int out = find_hexagon(c->def->outputs, c->def->noutputs, m->name);
    bool to_input;
    if (m->target == HN_TARGET_BY_NAME)
        to_input = in >= 0;
    else if (m->target == HN_TARGET_INPUT || m->target == HN_TARGET_EXPECTED)
        to_input = m->target == HN_TARGET_INPUT;
    else {
        snprintf(err, errlen, "targetBufferType %d cannot be written by a client", m->target);
        return HN_DIO_ERROR;
    }
    int h = to_input ? in : out;
    if (m->nvalues > 0 || !m->is_last) {
        if (h < 0) {
            snprintf(err, errlen, "cluster '%s' has no %s hexagon '%s'", c->def->name,
                     m->target == HN_TARGET_BY_NAME ? "input or output" : to_input ? "input" : "output", m->name);
            return HN_DIO_ERROR;
        }
        size_t cap = to_input ? c->def->inputs[h].size : c->def->outputs[h].size;
        if (m->nvalues > cap) {
            snprintf(err, errlen, "hexagon '%s' takes at most %zu values, got %zu", m->name, cap, m->nvalues);
            return HN_DIO_ERROR;
        }
        float *dst = to_input ? b->input[h] : b->expected[h];
        memcpy(dst, m->values, m->nvalues * sizeof *dst);
    }
    if (!m->is_last)
        return HN_DIO_ACK;
    if (m->process == HN_PROCESS_TRAIN) {
        train(c, b);
        return HN_DIO_TRAIN_END;
    }
    return HN_DIO_OUTPUTS;
}

/* Simulated Hanami clusters: named input and output hexagons over a tiny deterministic
 * network (one sigmoid layer, weights from the seed, trained by the delta rule), the
 * TASK/DIRECT mode switch, and the DirectIO exchange of protocols/hanami.md section 2.3
 * as a pure state machine (the server encodes the replies). */
#ifndef MOCK_HN_CLUSTER_H
#define MOCK_HN_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HN_MAX_HEXAGONS 2
#define HN_MAX_VALUES 16   /* per hexagon */

typedef struct hn_hexagon {
    const char *name;
    size_t size;
} hn_hexagon;

typedef struct hn_cluster_def {
    const char *uuid;
    const char *name;
    const char *project;
    hn_hexagon inputs[HN_MAX_HEXAGONS];
    size_t ninputs;
    hn_hexagon outputs[HN_MAX_HEXAGONS];
    size_t noutputs;
} hn_cluster_def;

/* The built-in clusters (documented in mocks/README.md). */
extern const hn_cluster_def hn_cluster_defs[];
extern const size_t hn_cluster_count;

typedef enum { HN_MODE_TASK, HN_MODE_DIRECT } hn_mode;

typedef struct hn_cluster {
    const hn_cluster_def *def;
    hn_mode mode;
    double created_at;
    uint64_t trained;    /* train passes so far */
    /* weight[o][k][i]: output hexagon o, its value k, input value i over all inputs */
    float weight[HN_MAX_HEXAGONS][HN_MAX_VALUES][HN_MAX_HEXAGONS * HN_MAX_VALUES];
} hn_cluster;

void hn_cluster_init(hn_cluster *c, const hn_cluster_def *def, uint64_t seed, double now);
/* set_mode: 0 done; -1 when the switch is not allowed (DIRECT while DIRECT, TASK while
 * TASK; upstream 409). */
int hn_cluster_set_mode(hn_cluster *c, hn_mode mode);
const char *hn_mode_name(hn_mode mode);
int hn_mode_parse(const char *s, hn_mode *mode);   /* exact "TASK" / "DIRECT" */

/* Per connection: the values sent since the last isLast message. */
typedef struct hn_dio_buffers {
    float input[HN_MAX_HEXAGONS][HN_MAX_VALUES];
    float expected[HN_MAX_HEXAGONS][HN_MAX_VALUES];
} hn_dio_buffers;

typedef enum { HN_PROCESS_REQUEST = 0, HN_PROCESS_TRAIN = 1 } hn_process;
/* Which buffer a message addresses: by the hexagon's kind (document layout), or as
 * v0.5.0's targetBufferType says. */
typedef enum { HN_TARGET_BY_NAME = -1, HN_TARGET_INPUT = 0, HN_TARGET_OUTPUT = 1, HN_TARGET_EXPECTED = 2 } hn_target;

typedef enum {
    HN_DIO_ACK,        /* non-last message: one ack */
    HN_DIO_TRAIN_END,  /* last TRAIN message: trained, one train-end */
    HN_DIO_OUTPUTS,    /* last REQUEST message: one output message per output hexagon */
    HN_DIO_ERROR       /* invalid message: error text, nothing applied */
} hn_dio_kind;

typedef struct hn_dio_msg {
    const char *name;
    bool is_last;
    int process;               /* hn_process, or anything else (refused) */
    int target;                /* hn_target */
    uint64_t number_of_values;
    const float *values;
    size_t nvalues;
} hn_dio_msg;

/* Applies one message; on HN_DIO_ERROR err holds the reason. */
hn_dio_kind hn_dio_apply(hn_cluster *c, hn_dio_buffers *b, const hn_dio_msg *m, char *err, size_t errlen);
/* The current outputs of output hexagon o for the buffered inputs (def->outputs[o].size values). */
void hn_cluster_outputs(const hn_cluster *c, const hn_dio_buffers *b, size_t o, float *out);

#endif

/* The Hanami module's state (one per vhost) and per-connection session. */
#ifndef WSRV_HN_STATE_H
#define WSRV_HN_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "dialect.h"
#include "hanami/hn_auth.h"
#include "hanami/hn_cluster.h"
#include "hanami/hn_faults.h"
#include "hanami/hn_ids.h"
#include "hanami/hn_store.h"

/* Upstream's chunk size, used only by faults that mimic its bitmap. */
#define HN_CHUNK 131072u
/* Room for 16 MiB chunks plus the protobuf framing. */
#define HN_MAX_MESSAGE ((size_t)16 * 1024 * 1024 + 1024)

typedef struct hn_state {
    uint64_t seed;
    uint64_t sessions;             /* session uuids handed out */
    hn_auth auth;
    hn_store store;
    hn_cluster clusters[16];       /* the first hn_cluster_count are in use */
    size_t nclusters;
    bool fault[MOCK_HN_FAULT_COUNT];
} hn_state;

typedef enum { HN_PHASE_INIT, HN_PHASE_UPLOAD, HN_PHASE_CLUSTER } hn_phase;
typedef enum { HN_LAYOUT_UNKNOWN, HN_LAYOUT_DOCUMENT, HN_LAYOUT_V050 } hn_layout;

typedef struct hn_session {
    hn_state *st;
    wsrv_conn *conn;
    hn_phase phase;
    const hn_user *user;
    char uuid[HN_UUID_LEN + 1];    /* the attached temp file or cluster */
    uint64_t upload_messages;      /* FileUpload_Messages seen */
    uint64_t highest_position;     /* for the out-of-order fault */
    hn_layout layout;
    hn_dio_buffers buffers;
} hn_session;

/* The cluster with that uuid visible to project, or NULL. */
hn_cluster *hn_state_cluster(hn_state *st, const char *uuid, const char *project);

#endif

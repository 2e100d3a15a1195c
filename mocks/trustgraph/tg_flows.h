/* TrustGraph flows and blueprints, kept where the gateway looks for them: the config
 * store (type "flow-blueprint" for definitions, type "flow" for running flows). A
 * service kind is reachable in a flow iff the flow is running and the kind is a key of
 * its "interfaces". Error texts are the flow service's (protocols §1.7). */
#ifndef MOCK_TG_FLOWS_H
#define MOCK_TG_FLOWS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "tg_config.h"

#define MOCK_TG_BLUEPRINT_TYPE "flow-blueprint"
#define MOCK_TG_FLOW_TYPE "flow"

/* Installs blueprints "default" (interfaces = kinds; parameter "model" defaulting to
 * "mock-llm") and "minimal" (text-completion and embeddings; parameter "model" without
 * default), and starts flow "default" from "default". One version step. 0, -1 memory. */
int mock_tg_flows_seed(mock_tg_config *c, const char *const *kinds, size_t nkinds);

/* Each operation returns 0, or -1 with the error text in err. */
int mock_tg_flows_put_blueprint(mock_tg_config *c, const char *name, const char *definition,
                                char *err, size_t errlen);
int mock_tg_flows_delete_blueprint(mock_tg_config *c, const char *name, char *err, size_t errlen);
/* parameters: a JSON object of strings, or NULL. */
int mock_tg_flows_start(mock_tg_config *c, const char *blueprint, const char *flow_id,
                        const char *description, const cJSON *parameters, char *err, size_t errlen);
int mock_tg_flows_stop(mock_tg_config *c, const char *flow_id, char *err, size_t errlen);

/* The stored JSON texts (borrowed), or NULL. */
const char *mock_tg_flows_blueprint(const mock_tg_config *c, const char *name);
const char *mock_tg_flows_flow(const mock_tg_config *c, const char *flow_id);
bool mock_tg_flows_running(const mock_tg_config *c, const char *flow_id);
bool mock_tg_flows_has_kind(mock_tg_config *c, const char *flow_id, const char *kind);
/* The running flow's record as JSON (borrowed until the config changes), or NULL. */
const cJSON *mock_tg_flows_record(mock_tg_config *c, const char *flow_id);

#endif

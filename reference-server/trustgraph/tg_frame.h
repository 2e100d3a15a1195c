/* TrustGraph response frames in the shape of each profile (protocols §1.3, §1.12):
 *   gateway  {"id":…,"response":{…},"complete":bool}; gateway-level errors
 *            {"id":…,"error":{"message":…,"type":"error"},"complete":true} (no id when the
 *            request had none or a falsy one); service errors inside "response".
 *   spec     {"id":…,"response":{…}}; every error {"id":…,"error":{"type":…,"message":…}}
 *            with type "gateway-error" for gateway-level failures. */
#ifndef TG_FRAME_H
#define TG_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "tg_out.h"

typedef enum { TG_PROFILE_SPEC, TG_PROFILE_GATEWAY } tg_profile;

/* "spec" / "gateway"; returns 0, or -1 for another name. NULL or "" selects spec. */
int tg_profile_parse(const char *name, tg_profile *out);
const char *tg_profile_name(tg_profile p);

/* Python's truth value of a JSON value (false for null, false, 0, "", [], {}). */
bool tg_truthy(const cJSON *v);

/* A response frame; payload is consumed. */
int tg_frame_response(tg_out *out, tg_profile p, const cJSON *id, cJSON *payload, bool final, uint32_t delay_ms);
/* A gateway-level error (final). id may be NULL. */
int tg_frame_gateway_error(tg_out *out, tg_profile p, const cJSON *id, const char *message);
/* A back-end error of the service's type (final). */
int tg_frame_service_error(tg_out *out, tg_profile p, const cJSON *id, const char *type, const char *message,
                           uint32_t delay_ms);
/* A request the gateway's translator rejected, e.g. a missing required field: gateway
 * {"response":{"error":{"type":"gateway-error","message":…}}}; spec a gateway-error. */
int tg_frame_request_error(tg_out *out, tg_profile p, const cJSON *id, const char *message);
/* text-load / document-load failure: gateway {"response":{"error":"<text>"}}; spec a
 * service error of type "load-error". */
int tg_frame_load_error(tg_out *out, tg_profile p, const cJSON *id, const char *message);
/* No back-end answer in time: gateway-error "Timeout" in each profile's place. */
int tg_frame_timeout(tg_out *out, tg_profile p, const cJSON *id);

#endif

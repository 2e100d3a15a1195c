/* The document's WsRegister message: the first frame of the register flow,
 * {"auth_token":"<JWT>","target_process":"<process>:<package>:<publisher>","encrypted":false},
 * text or binary. Parsed the way the real server's serde struct did: all three fields
 * required with their JSON types, unknown keys ignored, no wrapper object. */
#ifndef KN_REGISTER_H
#define KN_REGISTER_H

#include <stdbool.h>
#include <stddef.h>

typedef enum kn_reg_status {
    KN_REG_OK,
    KN_REG_NOT_UTF8,       /* payload is not UTF-8 */
    KN_REG_BAD_JSON,       /* not JSON, or trailing bytes after the value */
    KN_REG_NOT_OBJECT,
    KN_REG_MISSING_FIELD,
    KN_REG_WRONG_TYPE,
    KN_REG_DUPLICATE_FIELD,
    KN_REG_BAD_TARGET,     /* target_process does not split into exactly three ':' segments */
} kn_reg_status;

typedef struct kn_ws_register {
    char *auth_token;      /* malloc'd */
    char *target_process;  /* malloc'd */
    bool encrypted;        /* accepted and ignored */
} kn_ws_register;

/* Deliberate deviations for the fault self-test (all false: the real parser). */
typedef struct kn_register_faults {
    bool extra_keys_refused;  /* keys beyond the three fields -> KN_REG_WRONG_TYPE */
    bool encrypted_optional;  /* a missing encrypted counts as false */
    bool target_unchecked;    /* any target_process string is accepted */
} kn_register_faults;

const char *kn_reg_status_name(kn_reg_status s);
/* Parses len bytes; on KN_REG_OK *out holds owned copies (free with kn_register_free),
 * otherwise *out is zeroed. faults may be NULL. */
kn_reg_status kn_register_parse(const char *data, size_t len, const kn_register_faults *faults,
                                kn_ws_register *out);
void kn_register_free(kn_ws_register *r);
/* True when id splits on ':' into exactly three segments (empty segments allowed). */
bool kn_process_id_valid(const char *id);

#endif

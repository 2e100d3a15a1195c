/* TrustGraph's faults. The enum indexes mock_tg_faults, so the TrustGraph module can
 * turn an active fault set into a flag array once and test flags by constant. Faults
 * named gw-* break requirements of profile gateway, spec-* those of profile spec. */
#ifndef MOCK_TG_FAULTS_H
#define MOCK_TG_FAULTS_H

#include "../faults.h"

/* The secret that the auth faults configure when the server has none, so a scenario
 * can tell (over REST) that a secret is in force and knows it. */
#define MOCK_TG_FAULT_SECRET "wsconf-secret"
/* The back-end timeout that the timeout faults configure when the server has the default
 * one, so the timeout scenarios (which skip when the timeout is long) can see them. */
#define MOCK_TG_FAULT_TIMEOUT_MS 200

enum mock_tg_fault {
    MOCK_TG_WRONG_ID,
    MOCK_TG_DROP_BEYOND_16,
    MOCK_TG_SERIALISED,
    MOCK_TG_FRAME_AFTER_FINAL,
    MOCK_TG_NO_FINAL,
    MOCK_TG_STOP_FLOW_IGNORED,
    MOCK_TG_CONFIG_VERSION_FROZEN,
    MOCK_TG_ERROR_CLOSES_SOCKET,
    MOCK_TG_OVERSIZE_CLOSE_1000,
    MOCK_TG_REST_ENVELOPE,
    MOCK_TG_TOKEN_REQUIRED_WHEN_OPEN,
    MOCK_TG_TOKEN_IGNORED,
    MOCK_TG_SPEC_SUBPROTOCOL_REFUSED,
    MOCK_TG_SPEC_FLOW_TEXT,
    MOCK_TG_SPEC_ENVELOPE_TYPE,
    MOCK_TG_SPEC_SERVICE_ERROR_INSIDE,
    MOCK_TG_SPEC_CHUNK_TYPE_RENAMED,
    MOCK_TG_SPEC_RAG_LAST_CHUNK_LOST,
    MOCK_TG_SPEC_REST_200,
    MOCK_TG_GW_SUBPROTOCOL_ACCEPTED,
    MOCK_TG_GW_COMPLETE_MISSING,
    MOCK_TG_GW_FLOW_TEXT,
    MOCK_TG_GW_MISSING_FIELD_TOP,
    MOCK_TG_GW_SERVICE_ERROR_TOP,
    MOCK_TG_GW_NO_END_OF_DIALOG,
    MOCK_TG_GW_NO_END_OF_SESSION,
    MOCK_TG_GW_BATCH_SIZE_IGNORED,
    MOCK_TG_GW_REST_500,
    MOCK_TG_BINARY_IGNORED,
    MOCK_TG_GW_NUMERIC_ID_STRING,
    MOCK_TG_GW_DUPLICATE_REFUSED,
    MOCK_TG_SPEC_DUPLICATE_ACCEPTED,
    MOCK_TG_REST_GET_404,
    MOCK_TG_KG_EMBEDDINGS_MISSING,
    MOCK_TG_EMBEDDINGS_REVERSED,
    MOCK_TG_GW_REST_ANY_SCHEME,
    MOCK_TG_LIBRARIAN_TITLE_DROPPED,
    MOCK_TG_UPLOAD_MISSING_UNLISTED,
    MOCK_TG_STREAM_DOCUMENT_PIECE_LOST,
    MOCK_TG_PROCESSING_LIST_EMPTY,
    MOCK_TG_COLLECTIONS_TAG_FILTER_IGNORED,
    MOCK_TG_PROMPT_VARIABLES_IGNORED,
    MOCK_TG_EMBEDDINGS_QUERY_LIMIT_IGNORED,
    MOCK_TG_ROWS_VARIABLES_IGNORED,
    MOCK_TG_NLP_QUERY_KEYS_RESPELLED,
    MOCK_TG_DIAG_OPERATION_MISSING,
    MOCK_TG_MCP_PARAMETERS_IGNORED,
    MOCK_TG_SPARQL_ASK_INVERTED,
    MOCK_TG_LOAD_ERRORS_SWALLOWED,
    MOCK_TG_GW_TIMEOUT_TOP,
    MOCK_TG_SPEC_TIMEOUT_INSIDE,
    MOCK_TG_SPEC_REST_401_TEXT,
    MOCK_TG_KNOWLEDGE_UNLOAD_IGNORED,
    MOCK_TG_TERMS_DATATYPE_RESPELLED,
    MOCK_TG_FAULT_COUNT
};

extern const mock_fault_info mock_tg_faults[MOCK_TG_FAULT_COUNT];
extern const mock_fault_table mock_tg_fault_table;

#endif

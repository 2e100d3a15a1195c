/* TrustGraph document library: documents (metadata + base64 content), child documents,
 * processing records and chunked uploads. Operations take the librarian request object
 * (protocols §1.7 key names) and build the response object, so both profiles share one
 * implementation; error texts are the librarian's "request-error" messages. */
#ifndef MOCK_TG_LIBRARY_H
#define MOCK_TG_LIBRARY_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define MOCK_TG_DEFAULT_CHUNK_SIZE 2097152
/* An upload is refused beyond this many chunks (status lists stay small). */
#define MOCK_TG_MAX_UPLOAD_CHUNKS 65536

typedef struct mock_tg_library {
    cJSON *docs;        /* [{"metadata": {...}, "content": "base64"}] in insertion order */
    cJSON *processing;  /* [processing-metadata] */
    cJSON *uploads;     /* [{upload session}] */
    uint64_t next_upload;
} mock_tg_library;

/* Empty library plus the seeded documents doc-1 and doc-2 (mocks/README.md). 0 or -1. */
int mock_tg_library_init(mock_tg_library *lib, uint64_t seed);
void mock_tg_library_free(mock_tg_library *lib);
/* Runs one operation (op may be NULL: "Null operation"). Returns 0 with *response a new
 * object, or -1 with the message in err. stream-document is not handled here (see
 * mock_tg_library_content). */
int mock_tg_library_op(mock_tg_library *lib, const char *op, const cJSON *req, cJSON **response,
                       char *err, size_t errlen);
/* The base64 content of a document (borrowed), or NULL when there is none. user NULL
 * matches any user. */
const char *mock_tg_library_content(const mock_tg_library *lib, const char *user, const char *id);
/* Document ids by which document-embeddings chunks are named: "<doc-id>/c<k>", k = 0..2
 * for every top-level document, as a new array. */
cJSON *mock_tg_library_chunk_ids(const mock_tg_library *lib);

#endif

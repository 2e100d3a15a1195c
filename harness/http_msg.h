/* HTTP/1.1 messages for REST steps: building a request head and parsing a response
 * incrementally (status line, headers, body framed by Content-Length, chunked encoding
 * or the end of the connection). Pure, so it is unit-tested byte by byte. */
#ifndef WSC_HTTP_MSG_H
#define WSC_HTTP_MSG_H

#include <stddef.h>

/* Largest response body kept; a bigger one fails the request. */
#define WSC_HTTP_MAX_BODY ((size_t)512 * 1024 * 1024)
/* Largest status line + header block. */
#define WSC_HTTP_MAX_HEAD (256u * 1024u)

typedef struct {
    char *name;    /* owned; lowercased */
    char *value;   /* owned; surrounding spaces and tabs removed */
} wsc_http_header;

typedef enum {
    WSC_HP_STATUS, WSC_HP_HEADERS, WSC_HP_BODY_LENGTH, WSC_HP_CHUNK_SIZE, WSC_HP_CHUNK_DATA,
    WSC_HP_CHUNK_END, WSC_HP_TRAILERS, WSC_HP_BODY_EOF, WSC_HP_DONE, WSC_HP_ERROR
} wsc_http_parse_state;

typedef struct {
    wsc_http_parse_state state;
    int head_request;          /* the request was HEAD: no body whatever the headers say */
    int status;
    char *reason;              /* owned */
    wsc_http_header *headers;  /* owned, in arrival order */
    size_t n_headers;
    char *body;                /* owned; NUL-terminated (body_len excludes it) */
    size_t body_len, body_cap;
    size_t remaining;          /* of the Content-Length body or the current chunk */
    char *line;                /* owned; the partial line being read */
    size_t line_len, line_cap;
    size_t head_bytes;         /* bytes of status line and headers so far */
    char error[200];
} wsc_http_parser;

void wsc_http_parser_init(wsc_http_parser *p, int head_request);
void wsc_http_parser_free(wsc_http_parser *p);
/* Feeds received bytes. Returns 0 (more wanted or done: see p->state), or -1 with
 * p->error set; bytes after the end of the response are ignored. */
int wsc_http_parser_feed(wsc_http_parser *p, const char *data, size_t len);
/* The connection ended: completes a body read to the end, else -1 (incomplete). */
int wsc_http_parser_eof(wsc_http_parser *p);
/* The value of the first header called name (lowercase), or NULL. */
const char *wsc_http_header_get(const wsc_http_parser *p, const char *name);

/* Builds the request head ("METHOD target HTTP/1.1\r\n...\r\n\r\n"). host is the Host
 * header value; extra is a block of "Name: value\r\n" lines (or NULL), which may
 * replace the defaults (Host, Content-Length, Connection, User-Agent) by giving them.
 * Content-Length is sent when body_len > 0 or the method usually carries a body.
 * Returns a malloc'd string, or NULL with a message in err (bad method or target). */
char *wsc_http_build_head(const char *method, const char *target, const char *host, const char *extra,
                          size_t body_len, char *err, size_t errlen);
/* 1 when the header block (lines "Name: value\r\n") has a header called name (any case). */
int wsc_http_block_has(const char *block, const char *name);

#endif

/* HTTP/1.1 request heads and incremental response parsing (see http_msg.h). */
#include "http_msg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void wsc_http_parser_init(wsc_http_parser *p, int head_request)
{
    memset(p, 0, sizeof *p);
    p->head_request = head_request;
    p->state = WSC_HP_STATUS;
}

static void clear_headers(wsc_http_parser *p)
{
    for (size_t i = 0; i < p->n_headers; i++) {
        free(p->headers[i].name);
        free(p->headers[i].value);
    }
    free(p->headers);
    p->headers = NULL;
    p->n_headers = 0;
}

void wsc_http_parser_free(wsc_http_parser *p)
{
    clear_headers(p);
    free(p->reason);
    free(p->body);
    free(p->line);
    memset(p, 0, sizeof *p);
}

static int fail(wsc_http_parser *p, const char *msg)
{
    snprintf(p->error, sizeof p->error, "%s", msg);
    p->state = WSC_HP_ERROR;
    return -1;
}

const char *wsc_http_header_get(const wsc_http_parser *p, const char *name)
{
    for (size_t i = 0; i < p->n_headers; i++)
        if (strcmp(p->headers[i].name, name) == 0) return p->headers[i].value;
    return NULL;
}

static int body_append(wsc_http_parser *p, const char *data, size_t len)
{
    if (p->body_len + len > WSC_HTTP_MAX_BODY) return fail(p, "response body exceeds the runner's limit (512 MiB)");
    if (p->body_len + len + 1 > p->body_cap) {
        size_t cap = p->body_cap ? p->body_cap : 4096;
        while (cap < p->body_len + len + 1) cap *= 2;
        char *b = realloc(p->body, cap);
        if (!b) return fail(p, "out of memory");
        p->body = b;
        p->body_cap = cap;
    }
    memcpy(p->body + p->body_len, data, len);
    p->body_len += len;
    p->body[p->body_len] = '\0';
    return 0;
}

static char *trimmed_dup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static int status_line(wsc_http_parser *p, const char *line)
{
    /* "HTTP/1.1 200 OK"; the reason may be empty. */
    if (strncmp(line, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)line[7]) || line[8] != ' ' ||
        !isdigit((unsigned char)line[9]) || !isdigit((unsigned char)line[10]) || !isdigit((unsigned char)line[11]) ||
        (line[12] != ' ' && line[12] != '\0'))
        return fail(p, "the response does not start with an HTTP/1.x status line");
    p->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    free(p->reason);
    p->reason = strdup(line[12] ? line + 13 : "");
    if (!p->reason) return fail(p, "out of memory");
    p->state = WSC_HP_HEADERS;
    return 0;
}

static int header_line(wsc_http_parser *p, const char *line, size_t len)
{
    const char *colon = memchr(line, ':', len);
    if (!colon || colon == line) return fail(p, "malformed header line in the response");
    for (const char *c = line; c < colon; c++)
        if (*c == ' ' || *c == '\t') return fail(p, "whitespace in a response header name");
    wsc_http_header *h = realloc(p->headers, (p->n_headers + 1) * sizeof *h);
    if (!h) return fail(p, "out of memory");
    p->headers = h;
    char *name = trimmed_dup(line, (size_t)(colon - line));
    char *value = trimmed_dup(colon + 1, len - (size_t)(colon - line) - 1);
    if (!name || !value) {
        free(name);
        free(value);
        return fail(p, "out of memory");
    }
    for (char *c = name; *c; c++) *c = (char)tolower((unsigned char)*c);
    h[p->n_headers].name = name;
    h[p->n_headers].value = value;
    p->n_headers++;
    return 0;
}

/* The empty line after the headers: decide how the body is framed. */
static int end_of_head(wsc_http_parser *p)
{
    if (p->status >= 100 && p->status < 200 && p->status != 101) {
        /* An interim response (100 Continue): the real one follows. */
        clear_headers(p);
        p->state = WSC_HP_STATUS;
        return 0;
    }
    if (p->head_request || p->status == 204 || p->status == 304 || p->status == 101) {
        p->state = WSC_HP_DONE;
        return 0;
    }
    const char *te = wsc_http_header_get(p, "transfer-encoding");
    if (te && strcasecmp(te, "identity") != 0) {
        const char *last = strrchr(te, ',');
        last = last ? last + 1 : te;
        while (*last == ' ') last++;
        if (strncasecmp(last, "chunked", 7) != 0) return fail(p, "unsupported Transfer-Encoding in the response");
        p->state = WSC_HP_CHUNK_SIZE;
        return 0;
    }
    const char *cl = wsc_http_header_get(p, "content-length");
    if (cl) {
        char *end;
        if (!isdigit((unsigned char)*cl)) return fail(p, "invalid Content-Length in the response");
        unsigned long long n = strtoull(cl, &end, 10);
        if (*end) return fail(p, "invalid Content-Length in the response");
        if (n > WSC_HTTP_MAX_BODY) return fail(p, "response body exceeds the runner's limit (512 MiB)");
        p->remaining = (size_t)n;
        p->state = n ? WSC_HP_BODY_LENGTH : WSC_HP_DONE;
        if (n && !p->body) {
            p->body = malloc((size_t)n + 1);   /* known size: one allocation */
            if (!p->body) return fail(p, "out of memory");
            p->body_cap = (size_t)n + 1;
        }
        return 0;
    }
    p->state = WSC_HP_BODY_EOF;
    return 0;
}

static int chunk_size_line(wsc_http_parser *p, const char *line)
{
    if (!isxdigit((unsigned char)*line)) return fail(p, "invalid chunk size in the response");
    unsigned long long n = 0;
    const char *c = line;
    for (; isxdigit((unsigned char)*c); c++) {
        if (n > (WSC_HTTP_MAX_BODY >> 4)) return fail(p, "response body exceeds the runner's limit (512 MiB)");
        n = n * 16 + (unsigned)(isdigit((unsigned char)*c) ? *c - '0' : tolower((unsigned char)*c) - 'a' + 10);
    }
    if (*c && *c != ';' && *c != ' ' && *c != '\t') return fail(p, "invalid chunk size in the response");
    p->remaining = (size_t)n;
    p->state = n ? WSC_HP_CHUNK_DATA : WSC_HP_TRAILERS;
    return 0;
}

/* Handles one complete line (CRLF or LF removed) in the line-oriented states. */
static int on_line(wsc_http_parser *p, const char *line, size_t len)
{
    switch (p->state) {
    case WSC_HP_STATUS:
        if (len == 0) return 0;   /* tolerate blank lines before the status line */
        return status_line(p, line);
    case WSC_HP_HEADERS:
        return len == 0 ? end_of_head(p) : header_line(p, line, len);
    case WSC_HP_CHUNK_SIZE:
        return chunk_size_line(p, line);
    case WSC_HP_CHUNK_END:
        if (len) return fail(p, "chunk data is not followed by CRLF");
        p->state = WSC_HP_CHUNK_SIZE;
        return 0;
    case WSC_HP_TRAILERS:
        if (len == 0) p->state = WSC_HP_DONE;
        return 0;
    default:
        return 0;
    }
}

static int line_state(wsc_http_parse_state s)
{
    return s == WSC_HP_STATUS || s == WSC_HP_HEADERS || s == WSC_HP_CHUNK_SIZE || s == WSC_HP_CHUNK_END ||
           s == WSC_HP_TRAILERS;
}

int wsc_http_parser_feed(wsc_http_parser *p, const char *data, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (p->state == WSC_HP_ERROR) return -1;
        if (p->state == WSC_HP_DONE) return 0;
        if (line_state(p->state)) {
            const char *nl = memchr(data + i, '\n', len - i);
            size_t take = nl ? (size_t)(nl - (data + i)) : len - i;
            int heading = p->state == WSC_HP_STATUS || p->state == WSC_HP_HEADERS;
            if (heading && (p->head_bytes += take + (nl ? 1 : 0)) > WSC_HTTP_MAX_HEAD)
                return fail(p, "response head exceeds 256 KiB");
            if (p->line_len + take + 1 > p->line_cap) {
                size_t cap = p->line_cap ? p->line_cap : 256;
                while (cap < p->line_len + take + 1) cap *= 2;
                if (cap > WSC_HTTP_MAX_HEAD + 1) return fail(p, "a response line is too long");
                char *l = realloc(p->line, cap);
                if (!l) return fail(p, "out of memory");
                p->line = l;
                p->line_cap = cap;
            }
            memcpy(p->line + p->line_len, data + i, take);
            p->line_len += take;
            i += take;
            if (!nl) break;
            i++;   /* the LF */
            if (p->line_len && p->line[p->line_len - 1] == '\r') p->line_len--;
            p->line[p->line_len] = '\0';
            size_t n = p->line_len;
            p->line_len = 0;
            if (on_line(p, p->line, n)) return -1;
            continue;
        }
        size_t avail = len - i;
        if (p->state == WSC_HP_BODY_EOF) {
            if (body_append(p, data + i, avail)) return -1;
            i += avail;
            continue;
        }
        size_t take = avail < p->remaining ? avail : p->remaining;
        if (body_append(p, data + i, take)) return -1;
        i += take;
        p->remaining -= take;
        if (p->remaining == 0)
            p->state = p->state == WSC_HP_CHUNK_DATA ? WSC_HP_CHUNK_END : WSC_HP_DONE;
    }
    return p->state == WSC_HP_ERROR ? -1 : 0;
}

int wsc_http_parser_eof(wsc_http_parser *p)
{
    if (p->state == WSC_HP_BODY_EOF) p->state = WSC_HP_DONE;
    if (p->state == WSC_HP_DONE) return 0;
    if (p->state == WSC_HP_ERROR) return -1;
    if (p->state == WSC_HP_STATUS && p->line_len == 0 && p->head_bytes == 0)
        return fail(p, "the connection closed without a response");
    return fail(p, "the connection closed before the response was complete");
}

int wsc_http_block_has(const char *block, const char *name)
{
    size_t n = strlen(name);
    for (const char *l = block; l && *l;) {
        if (strncasecmp(l, name, n) == 0 && l[n] == ':') return 1;
        const char *nl = strchr(l, '\n');
        l = nl ? nl + 1 : NULL;
    }
    return 0;
}

static int token_ok(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (*s <= ' ' || *s >= 127 || strchr("()<>@,;:\\\"/[]?={}", *s)) return 0;
    return 1;
}

char *wsc_http_build_head(const char *method, const char *target, const char *host, const char *extra,
                          size_t body_len, char *err, size_t errlen)
{
    if (!token_ok(method)) {
        snprintf(err, errlen, "invalid HTTP method \"%s\"", method);
        return NULL;
    }
    if (target[0] != '/' && strcmp(target, "*") != 0) {
        snprintf(err, errlen, "the request path must start with '/'");
        return NULL;
    }
    for (const char *c = target; *c; c++) {
        if ((unsigned char)*c <= ' ' || *c == 127) {
            snprintf(err, errlen, "the request path contains a space or control character");
            return NULL;
        }
    }
    if (!extra) extra = "";
    int bodied = body_len > 0 || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
                 strcmp(method, "PATCH") == 0;
    char defaults[512];
    size_t d = 0;
    defaults[0] = '\0';
    if (!wsc_http_block_has(extra, "Host"))
        d += (size_t)snprintf(defaults + d, sizeof defaults - d, "Host: %s\r\n", host);
    if (bodied && !wsc_http_block_has(extra, "Content-Length") && !wsc_http_block_has(extra, "Transfer-Encoding"))
        d += (size_t)snprintf(defaults + d, sizeof defaults - d, "Content-Length: %zu\r\n", body_len);
    if (!wsc_http_block_has(extra, "Connection"))
        d += (size_t)snprintf(defaults + d, sizeof defaults - d, "Connection: close\r\n");
    if (!wsc_http_block_has(extra, "User-Agent"))
        d += (size_t)snprintf(defaults + d, sizeof defaults - d, "User-Agent: wsconf/%s\r\n", WSCONF_VERSION);
    if (d >= sizeof defaults) {
        snprintf(err, errlen, "host name too long");
        return NULL;
    }
    size_t len = strlen(method) + strlen(target) + strlen(defaults) + strlen(extra) + 32;
    char *head = malloc(len);
    if (!head) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(head, len, "%s %s HTTP/1.1\r\n%s%s\r\n", method, target, defaults, extra);
    return head;
}

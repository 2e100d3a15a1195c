#include "http_request.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "http_util.h"

struct wsrv_header_copy {
    struct wsrv_header_copy *next;
    char value[];
};

static const char *const method_names[] = {
    [LWSHUMETH_GET] = "GET",         [LWSHUMETH_POST] = "POST",     [LWSHUMETH_OPTIONS] = "OPTIONS",
    [LWSHUMETH_PUT] = "PUT",         [LWSHUMETH_PATCH] = "PATCH",   [LWSHUMETH_DELETE] = "DELETE",
    [LWSHUMETH_CONNECT] = "CONNECT", [LWSHUMETH_HEAD] = "HEAD",     [LWSHUMETH_COLON_PATH] = "GET",
};

/* Characters a path keeps unencoded besides the unreserved ones (RFC 3986 pchar and '/'). */
#define PATH_KEEP "/!$&'()*+,;=:@"

static char *encode_path(const char *uri, size_t len)
{
    size_t cap = len * 3 + 2, at = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    wsrv_pct_encode(out, cap, &at, uri, len, PATH_KEEP);
    return out;
}

/* lws splits the query at '&' (and ';') into fragments "name=value", each decoded. */
static char *encode_query(struct lws *wsi)
{
    int total = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_URI_ARGS);
    if (total < 0)
        total = 0;
    /* Every fragment is at most total bytes; each byte may take three, plus separators. */
    size_t frag_cap = (size_t)total + 1;
    char *frag = malloc(frag_cap);
    size_t cap = (size_t)total * 3 + 64 * 2 + 1, at = 0;
    char *out = malloc(cap);
    if (!frag || !out) {
        free(frag);
        free(out);
        return NULL;
    }
    out[0] = '\0';
    for (int i = 0; total > 0; i++) {
        int n = lws_hdr_copy_fragment(wsi, frag, (int)frag_cap, WSI_TOKEN_HTTP_URI_ARGS, i);
        if (n < 0)
            break;
        if (at + 1 + (size_t)n * 3 + 1 > cap) {
            size_t ncap = cap * 2 + (size_t)n * 3 + 2;
            char *p = realloc(out, ncap);
            if (!p) {
                free(frag);
                free(out);
                return NULL;
            }
            out = p;
            cap = ncap;
        }
        if (i > 0)
            out[at++] = '&';
        const char *eq = memchr(frag, '=', (size_t)n);
        size_t name_len = eq ? (size_t)(eq - frag) : (size_t)n;
        wsrv_pct_encode(out, cap, &at, frag, name_len, NULL);
        if (eq) {
            out[at++] = '=';
            wsrv_pct_encode(out, cap, &at, eq + 1, (size_t)n - name_len - 1, NULL);
        }
        out[at] = '\0';
    }
    free(frag);
    return out;
}

static const char *keep_copy(wsrv_request_store *st, int len)
{
    struct wsrv_header_copy *h = malloc(sizeof *h + (size_t)len + 1);
    if (!h)
        return NULL;
    h->next = st->copies;
    st->copies = h;
    return h->value;
}

static const char *request_header(const wsrv_request *req, const char *name)
{
    wsrv_request_store *st = req->impl;
    char key[128];
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n + 2 > sizeof key)
        return NULL;
    for (size_t i = 0; i < n; i++)
        key[i] = (char)tolower((unsigned char)name[i]);
    key[n] = ':';
    key[n + 1] = '\0';
    /* lws names the headers it knows in lower case with the colon ("cookie:"). */
    for (int t = 0; t < WSI_TOKEN_COUNT; t++) {
        const unsigned char *s = lws_token_to_string((enum lws_token_indexes)t);
        if (!s || strcmp((const char *)s, key) != 0)
            continue;
        int len = lws_hdr_total_length(st->wsi, (enum lws_token_indexes)t);
        if (len <= 0)
            return NULL;
        char *v = (char *)keep_copy(st, len);
        if (!v || lws_hdr_copy(st->wsi, v, len + 1, (enum lws_token_indexes)t) < 0)
            return NULL;
        return v;
    }
#if defined(LWS_WITH_CUSTOM_HEADERS)
    /* Unknown headers are stored under their lower-cased name. */
    int len = lws_hdr_custom_length(st->wsi, key, (int)n + 1);
    if (len < 0)
        return NULL;
    char *v = (char *)keep_copy(st, len);
    if (!v || lws_hdr_custom_copy(st->wsi, v, len + 1, key, (int)n + 1) < 0)
        return NULL;
    return v;
#else
    return NULL;
#endif
}

int wsrv_request_init(wsrv_request *req, wsrv_request_store *st, struct lws *wsi)
{
    memset(st, 0, sizeof *st);
    memset(req, 0, sizeof *req);
    st->wsi = wsi;
    char *uri = NULL;
    int uri_len = 0;
    int m = lws_http_get_uri_and_method(wsi, &uri, &uri_len);
    strcpy(st->method, m >= 0 && m <= LWSHUMETH_COLON_PATH ? method_names[m] : "GET");
    st->path = encode_path(uri ? uri : "/", uri ? (size_t)uri_len : 1);
    st->query = encode_query(wsi);
    if (!st->path || !st->query) {
        wsrv_request_release(st);
        return -1;
    }
    req->method = st->method;
    req->path = st->path;
    req->query = st->query;
    req->body = NULL;
    req->body_len = 0;
    req->header = request_header;
    req->impl = st;
    return 0;
}

void wsrv_request_release(wsrv_request_store *st)
{
    free(st->path);
    free(st->query);
    st->path = st->query = NULL;
    while (st->copies) {
        struct wsrv_header_copy *next = st->copies->next;
        free(st->copies);
        st->copies = next;
    }
}

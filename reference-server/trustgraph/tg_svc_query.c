/* Embeddings, graph queries, structured data, tools and loading (flow services). */
#include "tg_svc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labgraph/lg_source.h"
#include "trustgraph/tg_base64.h"
#include "trustgraph/tg_text.h"

/* --- embeddings --- */

void tg_svc_embeddings(tg_call *c)
{
    unsigned dim = c->world->opts.dim;
    cJSON *r = cJSON_CreateObject();
    cJSON *vectors = cJSON_AddArrayToObject(r, "vectors");
    if (tg_gw(c)) {
        const cJSON *texts = cJSON_GetObjectItemCaseSensitive(c->req, "texts");
        const cJSON *t;
        bool ok = cJSON_IsArray(texts);
        if (ok) {
            cJSON_ArrayForEach(t, texts) {
                ok = ok && cJSON_IsString(t);
            }
        }
        if (!ok) {
            cJSON_Delete(r);
            tg_missing(c, "texts");
            return;
        }
        const cJSON *first = cJSON_GetArrayItem(texts, 0);   /* every item is a string here */
        if (tg_failure_requested(c, first ? first->valuestring : NULL, "embeddings-error")) {
            cJSON_Delete(r);
            return;
        }
        cJSON_ArrayForEach(t, texts) {
            cJSON_AddItemToArray(vectors, mock_tg_embedding_json(c->world->seed, t->valuestring, dim));
        }
    } else {
        const char *text = tg_str(c->req, "text");
        if (!text) {
            cJSON_Delete(r);
            tg_missing(c, "text");
            return;
        }
        if (tg_failure_requested(c, text, "embeddings-error")) {
            cJSON_Delete(r);
            return;
        }
        /* The document's embeddings response is one flat vector. */
        cJSON *v = mock_tg_embedding_json(c->world->seed, text, dim);
        cJSON_ReplaceItemInObjectCaseSensitive(r, "vectors", v);
    }
    tg_send(c, r, true, 0);
}

/* The query vector: gateway "vector" (flat); spec "vectors" (flat, or a list whose first
 * vector is used). */
static bool query_vector(tg_call *c, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->req, tg_key(c, "vector", "vectors"));
    if (!tg_gw(c) && cJSON_IsArray(cJSON_GetArrayItem(v, 0)))
        v = cJSON_GetArrayItem(v, 0);
    if (!tg_vector_micro(v, c->world->opts.dim, out)) {
        tg_missing(c, tg_key(c, "vector", "vectors"));
        return false;
    }
    return true;
}

void tg_svc_graph_embeddings(tg_call *c)
{
    int64_t q[64];
    if (!query_vector(c, q))
        return;
    cJSON *names = mock_tg_triples_entities(&c->world->triples);
    cJSON *ranked = mock_tg_rank(c->world->seed, q, c->world->opts.dim, names, tg_long(c->req, "limit", 10));
    cJSON_Delete(names);
    cJSON *r = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(r, "entities");
    const cJSON *x;
    cJSON_ArrayForEach(x, ranked) {
        cJSON *e = cJSON_CreateObject();
        cJSON *term = cJSON_AddObjectToObject(e, "entity");
        cJSON_AddStringToObject(term, "t", "i");
        cJSON_AddStringToObject(term, "i", tg_str(x, "name"));
        cJSON_AddItemToObject(e, "score", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(x, "score"), 1));
        cJSON_AddItemToArray(list, e);
    }
    cJSON_Delete(ranked);
    tg_send(c, r, true, 0);
}

void tg_svc_document_embeddings(tg_call *c)
{
    int64_t q[64];
    if (!query_vector(c, q))
        return;
    cJSON *names = mock_tg_library_chunk_ids(&c->world->library);
    cJSON *ranked = mock_tg_rank(c->world->seed, q, c->world->opts.dim, names, tg_long(c->req, "limit", 10));
    cJSON_Delete(names);
    cJSON *r = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(r, "chunks");
    const cJSON *x;
    cJSON_ArrayForEach(x, ranked) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "chunk_id", tg_str(x, "name"));
        cJSON_AddItemToObject(e, "score", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(x, "score"), 1));
        cJSON_AddItemToArray(list, e);
    }
    cJSON_Delete(ranked);
    tg_send(c, r, true, 0);
}

/* The structured data behind rows, row-embeddings and structured-query. */
static const char *const customer_names[] = { "alice", "bob", "carol" };
static const char *const customer_cities[] = { "London", "Paris", "Berlin" };

static cJSON *customers(const char *city)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < 3; i++) {
        if (city && strcmp(city, customer_cities[i]) != 0)
            continue;
        cJSON *row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "name", customer_names[i]);
        cJSON_AddStringToObject(row, "city", customer_cities[i]);
        cJSON_AddItemToArray(arr, row);
    }
    return arr;
}

void tg_svc_row_embeddings(tg_call *c)
{
    int64_t q[64];
    if (!query_vector(c, q))
        return;
    cJSON *names = cJSON_CreateStringArray(customer_names, 3);
    cJSON *ranked = mock_tg_rank(c->world->seed, q, c->world->opts.dim, names, tg_long(c->req, "limit", 10));
    cJSON_Delete(names);
    const char *index = tg_str(c->req, "index_name");
    cJSON *r = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(r, "matches");
    const cJSON *x;
    cJSON_ArrayForEach(x, ranked) {
        cJSON *m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "index_name", index ? index : "name");
        cJSON *values = cJSON_AddArrayToObject(m, "index_value");
        cJSON_AddItemToArray(values, cJSON_CreateString(tg_str(x, "name")));
        cJSON_AddStringToObject(m, "text", tg_str(x, "name"));
        cJSON_AddItemToObject(m, "score", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(x, "score"), 1));
        cJSON_AddItemToArray(list, m);
    }
    cJSON_Delete(ranked);
    tg_send(c, r, true, 0);
}

/* --- triples and SPARQL --- */

/* Sends items (consumed) under key, in batches of batch-size when streaming. */
static void send_batches(tg_call *c, cJSON *items, const char *key, cJSON *extra)
{
    bool streaming = tg_bool(c->req, "streaming");
    long batch = streaming ? tg_long(c->req, "batch-size", 20) : -1;
    if (streaming && batch < 1)
        batch = 1;
    int n = cJSON_GetArraySize(items);
    int frames = !streaming || n == 0 ? 1 : (int)((n + batch - 1) / batch);
    for (int f = 0; f < frames; f++) {
        bool final = f + 1 == frames;
        cJSON *r = cJSON_CreateObject();
        if (extra)
            cJSON_AddItemToObject(r, extra->string ? extra->string : "variables", cJSON_Duplicate(extra, 1));
        cJSON *part = cJSON_AddArrayToObject(r, key);
        for (long i = 0; streaming ? i < batch : true; i++) {
            cJSON *x = cJSON_DetachItemFromArray(items, 0);
            if (!x)
                break;
            cJSON_AddItemToArray(part, x);
        }
        if (streaming && !tg_gw(c))
            cJSON_AddBoolToObject(r, "end-of-stream", final);
        tg_send(c, r, final, f ? c->world->opts.delay_ms : 0);
    }
    cJSON_Delete(items);
}

void tg_svc_triples(tg_call *c)
{
    cJSON *s = tg_term_in(c, cJSON_GetObjectItemCaseSensitive(c->req, "s"));
    cJSON *p = tg_term_in(c, cJSON_GetObjectItemCaseSensitive(c->req, "p"));
    cJSON *o = tg_term_in(c, cJSON_GetObjectItemCaseSensitive(c->req, "o"));
    cJSON *found = mock_tg_triples_query(&c->world->triples, s, p, o, tg_long(c->req, "limit", 10000));
    cJSON_Delete(s);
    cJSON_Delete(p);
    cJSON_Delete(o);
    cJSON *items = cJSON_CreateArray();
    const cJSON *x;
    cJSON_ArrayForEach(x, found) {
        cJSON_AddItemToArray(items, tg_triple_out(c, x));
    }
    cJSON_Delete(found);
    send_batches(c, items, "response", NULL);
}

/* One token of the single triple pattern: ?var, <iri> or "literal". */
typedef struct pattern_term {
    char var[64];          /* without '?'; "" when a constant */
    cJSON *constant;       /* gateway-form term, or NULL */
} pattern_term;

static bool parse_term(const char *tok, pattern_term *t)
{
    memset(t, 0, sizeof *t);
    size_t n = strlen(tok);
    if (tok[0] == '?' && n > 1 && n < sizeof t->var) {
        memcpy(t->var, tok + 1, n);
        return true;
    }
    if (n >= 2 && ((tok[0] == '<' && tok[n - 1] == '>') || (tok[0] == '"' && tok[n - 1] == '"'))) {
        char buf[512];
        if (n - 2 >= sizeof buf)
            return false;
        memcpy(buf, tok + 1, n - 2);
        buf[n - 2] = '\0';
        t->constant = cJSON_CreateObject();
        cJSON_AddStringToObject(t->constant, "t", tok[0] == '<' ? "i" : "l");
        cJSON_AddStringToObject(t->constant, tok[0] == '<' ? "i" : "v", buf);
        return true;
    }
    return false;
}

/* Splits s on whitespace into at most max tokens of < 512 bytes; returns the count, or
 * -1 when there are more or one is too long. */
static int tokens(const char *s, char tok[][512], int max)
{
    int n = 0;
    while (*s) {
        while (isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        if (n == max)
            return -1;
        size_t len = 0;
        while (s[len] && !isspace((unsigned char)s[len]))
            len++;
        if (len >= 512)
            return -1;
        memcpy(tok[n], s, len);
        tok[n][len] = '\0';
        n++;
        s += len;
    }
    return n;
}

static bool keyword(const char *s, const char *kw)
{
    size_t n = strlen(kw);
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)s[i]) != kw[i])
            return false;
    return !isalpha((unsigned char)s[n]);
}

void tg_svc_sparql(tg_call *c)
{
    const char *query = tg_str(c->req, "query");
    if (!query) {
        tg_missing(c, "query");
        return;
    }
    if (tg_failure_requested(c, query, "sparql-query-error"))
        return;
    const char *q = query;
    while (isspace((unsigned char)*q))
        q++;
    bool ask = keyword(q, "ASK"), select = keyword(q, "SELECT");
    const char *open = strchr(q, '{'), *close = open ? strchr(open, '}') : NULL;
    char body[2048], head[1024], toks[8][512], vars[16][512];
    pattern_term pt[3] = { 0 };
    int nt = -1, nv = 0;
    if ((ask || select) && close && (size_t)(close - open) < sizeof body && (size_t)(open - q) < sizeof head) {
        memcpy(body, open + 1, (size_t)(close - open - 1));
        body[close - open - 1] = '\0';
        size_t bl = strlen(body);
        while (bl && (isspace((unsigned char)body[bl - 1]) || body[bl - 1] == '.'))
            body[--bl] = '\0';
        nt = tokens(body, toks, 8);
        memcpy(head, q, (size_t)(open - q));
        head[open - q] = '\0';
        char *where = strstr(head, "WHERE");
        if (!where)
            where = strstr(head, "where");
        if (where)
            *where = '\0';
        nv = select ? tokens(head + 6, vars, 16) : 0;
    }
    bool ok = nt == 3 && nv >= 0;
    for (int i = 0; ok && i < 3; i++)
        ok = parse_term(toks[i], &pt[i]);
    if (!ok) {
        for (int i = 0; i < 3; i++)
            cJSON_Delete(pt[i].constant);
        tg_fail(c, "sparql-parse-error", "Unsupported query: SELECT or ASK over one triple pattern");
        return;
    }
    long limit = tg_long(c->req, "limit", 10000);
    const char *rest = close + 1;
    while (isspace((unsigned char)*rest))
        rest++;
    if (keyword(rest, "LIMIT")) {
        long l = strtol(rest + 5, NULL, 10);
        if (l >= 0 && l < limit)
            limit = l;
    }
    cJSON *found = mock_tg_triples_query(&c->world->triples, pt[0].constant, pt[1].constant, pt[2].constant,
                                         ask ? 1 : limit);
    for (int i = 0; i < 3; i++)
        cJSON_Delete(pt[i].constant);
    if (ask) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddBoolToObject(r, "ask-result", cJSON_GetArraySize(found) > 0);
        cJSON_Delete(found);
        tg_send(c, r, true, 0);
        return;
    }
    /* Projection: the listed variables (DISTINCT ignored), or every pattern variable for '*'. */
    cJSON *variables = cJSON_CreateArray();
    for (int i = 0; i < nv; i++) {
        if (strcmp(vars[i], "*") == 0) {
            for (int k = 0; k < 3; k++)
                if (pt[k].var[0])
                    cJSON_AddItemToArray(variables, cJSON_CreateString(pt[k].var));
        } else if (vars[i][0] == '?') {
            cJSON_AddItemToArray(variables, cJSON_CreateString(vars[i] + 1));
        }
    }
    static const char *const parts[] = { "s", "p", "o" };
    cJSON *bindings = cJSON_CreateArray();
    const cJSON *tr;
    cJSON_ArrayForEach(tr, found) {
        cJSON *b = cJSON_CreateObject();
        const cJSON *v;
        cJSON_ArrayForEach(v, variables) {
            for (int k = 0; k < 3; k++)
                if (strcmp(pt[k].var, v->valuestring) == 0 && !cJSON_GetObjectItemCaseSensitive(b, v->valuestring))
                    cJSON_AddItemToObject(b, v->valuestring,
                                          tg_term_out(c, cJSON_GetObjectItemCaseSensitive(tr, parts[k])));
        }
        cJSON_AddItemToArray(bindings, b);
    }
    cJSON_Delete(found);
    variables->string = strdup("variables");
    send_batches(c, bindings, "bindings", variables);
    cJSON_Delete(variables);
}

/* --- structured data --- */

void tg_svc_rows(tg_call *c)
{
    const char *query = tg_str(c->req, "query");
    if (!query) {
        tg_missing(c, "query");
        return;
    }
    if (tg_failure_requested(c, query, "rows-query-error"))
        return;
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(c->req, "variables");
    cJSON *r = cJSON_CreateObject();
    if (strstr(query, "customers")) {
        cJSON *data = cJSON_AddObjectToObject(r, "data");
        cJSON_AddItemToObject(data, "customers", customers(tg_str(vars, "city")));
        cJSON_AddArrayToObject(r, "errors");
    } else {
        cJSON_AddNullToObject(r, "data");
        cJSON *errors = cJSON_AddArrayToObject(r, "errors");
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "message", "Cannot query field: the schema has only customers");
        cJSON_AddArrayToObject(e, "path");
        cJSON_AddObjectToObject(e, "extensions");
        cJSON_AddItemToArray(errors, e);
    }
    if (tg_gw(c))
        cJSON_AddObjectToObject(r, "extensions");
    tg_send(c, r, true, 0);
}

void tg_svc_nlp_query(tg_call *c)
{
    if (!tg_str(c->req, "question")) {
        tg_missing(c, "question");
        return;
    }
    if (tg_failure_requested(c, tg_str(c->req, "question"), "nlp-query-error"))
        return;
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, tg_key(c, "graphql_query", "graphql-query"), "query { customers { name city } }");
    cJSON_AddObjectToObject(r, "variables");
    cJSON *schemas = cJSON_AddArrayToObject(r, tg_key(c, "detected_schemas", "detected-schemas"));
    cJSON_AddItemToArray(schemas, cJSON_CreateString("customers"));
    cJSON_AddNumberToObject(r, "confidence", 0.9);
    tg_send(c, r, true, 0);
}

void tg_svc_structured_query(tg_call *c)
{
    if (!tg_str(c->req, "question")) {
        tg_missing(c, "question");
        return;
    }
    if (tg_failure_requested(c, tg_str(c->req, "question"), "structured-query-error"))
        return;
    cJSON *r = cJSON_CreateObject();
    cJSON *data = cJSON_AddObjectToObject(r, "data");
    cJSON_AddItemToObject(data, "customers", customers(NULL));
    cJSON_AddArrayToObject(r, "errors");
    tg_send(c, r, true, 0);
}

static const char *detect_type(const char *sample)
{
    while (isspace((unsigned char)*sample))
        sample++;
    if (*sample == '{' || *sample == '[')
        return "json";
    if (*sample == '<')
        return "xml";
    return "csv";
}

void tg_svc_structured_diag(tg_call *c)
{
    const char *op = tg_str(c->req, "operation");
    const char *sample = tg_str(c->req, "sample");
    if (!op || !sample) {
        tg_missing(c, !op ? "operation" : "sample");
        return;
    }
    const char *type = tg_str(c->req, "type");
    const char *schema = tg_str(c->req, "schema-name");
    bool detect = strcmp(op, "detect-type") == 0, generate = strcmp(op, "generate-descriptor") == 0;
    bool diagnose = strcmp(op, "diagnose") == 0, select = strcmp(op, "schema-selection") == 0;
    if (!detect && !generate && !diagnose && !select) {
        char msg[200];
        snprintf(msg, sizeof msg, "Invalid operation: %.150s", op);
        tg_fail(c, "request-error", msg);
        return;
    }
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "operation", op);
    if (detect || diagnose) {
        cJSON_AddStringToObject(r, "detected-type", detect_type(sample));
        cJSON_AddNumberToObject(r, "confidence", 0.9);
    }
    if (generate || diagnose) {
        cJSON *d = cJSON_AddObjectToObject(r, "descriptor");
        cJSON_AddStringToObject(d, "format", type ? type : detect_type(sample));
        cJSON_AddStringToObject(d, "schema", schema ? schema : "customers");
    }
    if (diagnose) {
        cJSON *m = cJSON_AddObjectToObject(r, "metadata");
        cJSON_AddNumberToObject(m, "sample-size", (double)strlen(sample));
    }
    if (select) {
        cJSON *s = cJSON_AddArrayToObject(r, "schema-matches");
        cJSON_AddItemToArray(s, cJSON_CreateString("customers"));
    }
    tg_send(c, r, true, 0);
}

/* --- tools and loading --- */

void tg_svc_mcp_tool(tg_call *c)
{
    const char *name = tg_str(c->req, "name");
    if (!name) {
        tg_missing(c, "name");
        return;
    }
    if (tg_failure_requested(c, name, "tool-error"))
        return;
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(c->req, "parameters");
    char *ptext = params ? cJSON_PrintUnformatted(params) : NULL;
    size_t n = strlen(name) + (ptext ? strlen(ptext) : 2) + 2;
    char *input = malloc(n);
    if (input)
        snprintf(input, n, "%s\n%s", name, ptext ? ptext : "{}");
    cJSON_free(ptext);
    char *text = input ? mock_tg_words(c->world->seed, "mcp-tool", input, 8) : NULL;
    free(input);
    if (!text) {
        c->out->oom = 1;
        return;
    }
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "text", text);
    free(text);
    tg_send(c, r, true, 0);
}

void tg_svc_text_load(tg_call *c)
{
    if (!tg_str(c->req, "text")) {
        if (tg_gw(c))
            tg_frame_load_error(c->out, c->profile, c->id, "'text'");
        else
            tg_missing(c, "text");
        return;
    }
    tg_send(c, cJSON_CreateObject(), true, 0);
}

void tg_svc_document_load(tg_call *c)
{
    const char *data = tg_str(c->req, "data");
    if (!data) {
        if (tg_gw(c))
            tg_frame_load_error(c->out, c->profile, c->id, "'data'");
        else
            tg_missing(c, "data");
        return;
    }
    size_t len;
    unsigned char *bytes = mock_tg_b64_decode(data, &len);
    if (!bytes) {
        tg_frame_load_error(c->out, c->profile, c->id, "Incorrect padding");
        return;
    }
    free(bytes);
    tg_send(c, cJSON_CreateObject(), true, 0);
}

#include "tg_triples.h"

#include <string.h>

static cJSON *iri(const char *local)
{
    char buf[128];
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "t", "i");
    if (strncmp(local, "http", 4) == 0) {
        cJSON_AddStringToObject(t, "i", local);
    } else {
        strcpy(buf, MOCK_TG_NS);
        strncat(buf, local, sizeof buf - strlen(buf) - 1);
        cJSON_AddStringToObject(t, "i", buf);
    }
    return t;
}

static cJSON *literal(const char *v, const char *dt)
{
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "t", "l");
    cJSON_AddStringToObject(t, "v", v);
    if (dt)
        cJSON_AddStringToObject(t, "dt", dt);
    return t;
}

cJSON *mock_tg_triples_seeded(void)
{
    /* subject, predicate, object; an object starting with '"' is a literal. */
    static const char *const rows[][3] = {
        { "trustgraph", MOCK_TG_RDF_TYPE, "Platform" },
        { "trustgraph", MOCK_TG_RDFS_LABEL, "\"TrustGraph" },
        { "trustgraph", "uses", "graph-db" },
        { "graph-db", MOCK_TG_RDFS_LABEL, "\"Graph database" },
        { "alice", MOCK_TG_RDFS_LABEL, "\"Alice" },
        { "alice", "knows", "bob" },
        { "bob", MOCK_TG_RDFS_LABEL, "\"Bob" },
        { "bob", "knows", "carol" },
        { "carol", MOCK_TG_RDFS_LABEL, "\"Carol" },
        { "alice", "worksOn", "trustgraph" },
        { "carol", "worksOn", "graph-db" },
        { "bob", "age", "#42" },
    };
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        cJSON *tr = cJSON_CreateObject();
        cJSON_AddItemToObject(tr, "s", iri(rows[i][0]));
        cJSON_AddItemToObject(tr, "p", iri(rows[i][1]));
        const char *o = rows[i][2];
        if (o[0] == '"')
            cJSON_AddItemToObject(tr, "o", literal(o + 1, NULL));
        else if (o[0] == '#')
            cJSON_AddItemToObject(tr, "o", literal(o + 1, "http://www.w3.org/2001/XMLSchema#integer"));
        else
            cJSON_AddItemToObject(tr, "o", iri(o));
        cJSON_AddItemToArray(arr, tr);
    }
    return arr;
}

int mock_tg_triples_init(mock_tg_triples *t)
{
    t->triples = mock_tg_triples_seeded();
    return t->triples ? 0 : -1;
}

void mock_tg_triples_free(mock_tg_triples *t)
{
    cJSON_Delete(t->triples);
    t->triples = NULL;
}

static bool same_string(const cJSON *a, const cJSON *b, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(a, key);
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, key);
    if (!x || !y)
        return !x && !y;
    return cJSON_Compare(x, y, true);
}

bool mock_tg_term_equal(const cJSON *a, const cJSON *b)
{
    if (!cJSON_IsObject(a) || !cJSON_IsObject(b) || !same_string(a, b, "t"))
        return false;
    return same_string(a, b, "i") && same_string(a, b, "v") && same_string(a, b, "dt") &&
           same_string(a, b, "ln") && same_string(a, b, "d") && same_string(a, b, "tr");
}

static bool triple_equal(const cJSON *a, const cJSON *b)
{
    return mock_tg_term_equal(cJSON_GetObjectItemCaseSensitive(a, "s"), cJSON_GetObjectItemCaseSensitive(b, "s")) &&
           mock_tg_term_equal(cJSON_GetObjectItemCaseSensitive(a, "p"), cJSON_GetObjectItemCaseSensitive(b, "p")) &&
           mock_tg_term_equal(cJSON_GetObjectItemCaseSensitive(a, "o"), cJSON_GetObjectItemCaseSensitive(b, "o"));
}

bool mock_tg_triples_add(mock_tg_triples *t, const cJSON *triple)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, t->triples) {
        if (triple_equal(x, triple))
            return false;
    }
    return cJSON_AddItemToArray(t->triples, cJSON_Duplicate(triple, 1));
}

bool mock_tg_triples_remove(mock_tg_triples *t, const cJSON *triple)
{
    int index = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, t->triples) {
        if (triple_equal(x, triple)) {
            cJSON_DeleteItemFromArray(t->triples, index);
            return true;
        }
        index++;
    }
    return false;
}

static bool matches(const cJSON *triple, const char *key, const cJSON *pattern)
{
    return !pattern || mock_tg_term_equal(cJSON_GetObjectItemCaseSensitive(triple, key), pattern);
}

cJSON *mock_tg_triples_query(const mock_tg_triples *t, const cJSON *s, const cJSON *p, const cJSON *o, long limit)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *x;
    long n = 0;
    cJSON_ArrayForEach(x, t->triples) {
        if (limit >= 0 && n >= limit)
            break;
        if (matches(x, "s", s) && matches(x, "p", p) && matches(x, "o", o)) {
            cJSON_AddItemToArray(out, cJSON_Duplicate(x, 1));
            n++;
        }
    }
    return out;
}

static void add_entity(cJSON *out, const cJSON *term)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(term, "t");
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(term, "i");
    if (!cJSON_IsString(t) || strcmp(t->valuestring, "i") != 0 || !cJSON_IsString(i))
        return;
    const cJSON *x;
    cJSON_ArrayForEach(x, out) {
        if (strcmp(x->valuestring, i->valuestring) == 0)
            return;
    }
    cJSON_AddItemToArray(out, cJSON_CreateString(i->valuestring));
}

cJSON *mock_tg_triples_entities(const mock_tg_triples *t)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *x;
    cJSON_ArrayForEach(x, t->triples) {
        add_entity(out, cJSON_GetObjectItemCaseSensitive(x, "s"));
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(x, "p");
        const cJSON *pi = cJSON_GetObjectItemCaseSensitive(p, "i");
        /* Predicates are schema terms, not entities; objects of rdf:type are classes. */
        if (!cJSON_IsString(pi) || strcmp(pi->valuestring, MOCK_TG_RDF_TYPE) != 0)
            add_entity(out, cJSON_GetObjectItemCaseSensitive(x, "o"));
    }
    return out;
}

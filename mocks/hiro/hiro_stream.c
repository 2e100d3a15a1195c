/* HIRO event stream state; the rules are in hiro_stream.h. */
#include "hiro_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hiro_jfilter.h"
#include "rng.h"

/* The stream's own clock for events published without a timestamp. */
#define HIRO_STREAM_CLOCK_ORIGIN_MS 1764115200000LL

typedef struct {
    char *id;
    hiro_jfilter *f;
} conn_filter;

typedef struct group group;

struct hiro_conn {
    hiro_conn *prev, *next; /* every connection of the stream */
    group *group;           /* NULL: no groupId */
    void *user;
    bool delta, allscopes;
    char *default_scope;
    char **scopes;
    size_t nscopes;
    conn_filter *filters;
    size_t nfilters;
    /* missed events queued at join: seqs [pending_from, pending_to), sent flags */
    uint64_t pending_from, pending_to;
    bool *pending_sent;
    size_t pending_left;
};

struct group {
    group *next;
    char *id;
    uint64_t cursor; /* seq of the first event the group has not handled */
    hiro_conn **members;
    size_t n, cap;
    size_t rr; /* index of the member to try first */
};

struct hiro_stream {
    uint64_t seed;
    int64_t nano_origin;
    hiro_event **log; /* ring: the event with seq q sits at q % log_cap */
    size_t log_cap;
    uint64_t first_seq, next_seq; /* the log holds [first_seq, next_seq) */
    hiro_conn *conns, *conns_tail; /* in join order */
    group *groups;
};

static void set_status(hiro_status *st, int code, const char *fmt, const char *arg)
{
    if (!st)
        return;
    st->code = code;
    snprintf(st->message, sizeof st->message, fmt, arg ? arg : "");
}

/* ---- deliveries ---- */

void hiro_deliveries_free(hiro_deliveries *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->ntexts; i++)
        free(d->texts[i]);
    free(d->texts);
    free(d->text_seq);
    free(d->text_delta);
    free(d->items);
    memset(d, 0, sizeof *d);
}

static const char *text_for(hiro_deliveries *d, const hiro_event *ev, bool delta, size_t *len)
{
    /* Deliveries of one event are adjacent: the last two texts are the only candidates. */
    for (size_t i = d->ntexts; i > 0 && i + 2 > d->ntexts; i--)
        if (d->text_seq[i - 1] == ev->seq && d->text_delta[i - 1] == delta) {
            *len = strlen(d->texts[i - 1]);
            return d->texts[i - 1];
        }
    if (d->ntexts == d->tcap) {
        size_t cap = d->tcap ? d->tcap * 2 : 8;
        char **t = realloc(d->texts, cap * sizeof *t);
        if (t)
            d->texts = t;
        uint64_t *q = realloc(d->text_seq, cap * sizeof *q);
        if (q)
            d->text_seq = q;
        bool *b = realloc(d->text_delta, cap * sizeof *b);
        if (b)
            d->text_delta = b;
        if (!t || !q || !b)
            return NULL;
        d->tcap = cap;
    }
    char *s = hiro_event_to_text(ev, delta);
    if (!s)
        return NULL;
    d->texts[d->ntexts] = s;
    d->text_seq[d->ntexts] = ev->seq;
    d->text_delta[d->ntexts] = delta;
    d->ntexts++;
    *len = strlen(s);
    return s;
}

static void deliver(hiro_deliveries *d, hiro_conn *c, const hiro_event *ev)
{
    if (!d)
        return;
    size_t len = 0;
    const char *text = text_for(d, ev, c->delta, &len);
    if (!text) {
        d->oom = true;
        return;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        hiro_delivery *it = realloc(d->items, cap * sizeof *it);
        if (!it) {
            d->oom = true;
            return;
        }
        d->items = it;
        d->cap = cap;
    }
    d->items[d->count++] = (hiro_delivery){ .conn = c, .user = c->user, .text = text, .len = len };
}

/* ---- rules ---- */

static bool scope_allowed(const hiro_conn *c, const hiro_event *ev)
{
    if (c->allscopes)
        return true;
    if (!ev->scope)
        return false;
    if (c->default_scope && strcmp(c->default_scope, ev->scope) == 0)
        return true;
    for (size_t i = 0; i < c->nscopes; i++)
        if (strcmp(c->scopes[i], ev->scope) == 0)
            return true;
    return false;
}

static bool wants(const hiro_conn *c, const hiro_event *ev)
{
    if (c->nfilters == 0 || !scope_allowed(c, ev))
        return false;
    const char *action = hiro_event_type_name(ev->type);
    const cJSON *element = hiro_event_element(ev);
    for (size_t i = 0; i < c->nfilters; i++)
        if (hiro_jfilter_match_parts(c->filters[i].f, action, element, ev->metadata))
            return true;
    return false;
}

static hiro_event *log_get(const hiro_stream *s, uint64_t seq)
{
    if (seq < s->first_seq || seq >= s->next_seq)
        return NULL;
    return s->log[seq % s->log_cap];
}

/* Sends the queued missed events the connection now wants, oldest first. */
static void flush_pending(hiro_stream *s, hiro_conn *c, hiro_deliveries *out)
{
    for (uint64_t q = c->pending_from; c->pending_left > 0 && q < c->pending_to; q++) {
        size_t i = (size_t)(q - c->pending_from);
        if (c->pending_sent[i])
            continue;
        hiro_event *ev = log_get(s, q);
        if (!ev) { /* fell out of the log: nothing left to send */
            c->pending_sent[i] = true;
            c->pending_left--;
            continue;
        }
        if (wants(c, ev)) {
            deliver(out, c, ev);
            c->pending_sent[i] = true;
            c->pending_left--;
        }
    }
}

/* ---- lifecycle ---- */

hiro_stream *hiro_stream_new(uint64_t seed, size_t max_log)
{
    hiro_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->seed = seed;
    /* nanotime: an arbitrary origin (it is not epoch time) below 2*10^12, then about 1000
     * per event, so it stays an exact integer in JSON for 10^12 events. */
    s->nano_origin = (int64_t)(1000000000000ULL + mock_splitmix64(seed) % 1000000000000ULL);
    s->log_cap = max_log ? max_log : HIRO_STREAM_DEFAULT_LOG;
    s->log = calloc(s->log_cap, sizeof *s->log);
    if (!s->log) {
        free(s);
        return NULL;
    }
    s->first_seq = s->next_seq = 1;
    return s;
}

static void conn_free(hiro_conn *c)
{
    hiro_stream_clear(NULL, c);
    free(c->filters);
    for (size_t i = 0; i < c->nscopes; i++)
        free(c->scopes[i]);
    free(c->scopes);
    free(c->default_scope);
    free(c->pending_sent);
    free(c);
}

void hiro_stream_free(hiro_stream *s)
{
    if (!s)
        return;
    while (s->conns)
        hiro_stream_leave(s, s->conns);
    for (group *g = s->groups, *next; g; g = next) {
        next = g->next;
        free(g->id);
        free(g->members);
        free(g);
    }
    for (uint64_t q = s->first_seq; q < s->next_seq; q++)
        hiro_event_free(s->log[q % s->log_cap]);
    free(s->log);
    free(s);
}

/* Forgets the group that has been without members the longest when there are too many
 * such groups, so clients inventing groupIds cannot grow the stream without bound. */
static void forget_idle_group(hiro_stream *s)
{
    size_t idle = 0;
    group **oldest = NULL;
    for (group **pg = &s->groups; *pg; pg = &(*pg)->next)
        if ((*pg)->n == 0) {
            idle++;
            if (!oldest || (*pg)->cursor < (*oldest)->cursor)
                oldest = pg;
        }
    if (idle < HIRO_STREAM_MAX_IDLE_GROUPS)
        return;
    group *g = *oldest;
    *oldest = g->next;
    free(g->id);
    free(g->members);
    free(g);
}

static group *group_get(hiro_stream *s, const char *id)
{
    for (group *g = s->groups; g; g = g->next)
        if (strcmp(g->id, id) == 0)
            return g;
    forget_idle_group(s);
    group *g = calloc(1, sizeof *g);
    if (!g || !(g->id = strdup(id))) {
        free(g);
        return NULL;
    }
    g->cursor = s->next_seq;
    g->next = s->groups;
    s->groups = g;
    return g;
}

hiro_conn *hiro_stream_join(hiro_stream *s, const hiro_conn_params *p, void *user)
{
    hiro_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->user = user;
    c->delta = p->delta;
    c->allscopes = p->allscopes;
    if (p->default_scope && p->default_scope[0] && !(c->default_scope = strdup(p->default_scope)))
        goto oom;
    if (p->group_id && p->group_id[0]) {
        group *g = group_get(s, p->group_id);
        if (!g)
            goto oom;
        if (g->n == g->cap) {
            size_t cap = g->cap ? g->cap * 2 : 4;
            hiro_conn **m = realloc(g->members, cap * sizeof *m);
            if (!m)
                goto oom;
            g->members = m;
            g->cap = cap;
        }
        uint64_t from = g->cursor > s->first_seq ? g->cursor : s->first_seq;
        if (p->offset == HIRO_OFFSET_SMALLEST && from < s->next_seq) {
            c->pending_sent = calloc((size_t)(s->next_seq - from), sizeof *c->pending_sent);
            if (!c->pending_sent)
                goto oom;
            c->pending_from = from;
            c->pending_to = s->next_seq;
            c->pending_left = (size_t)(s->next_seq - from);
        }
        /* This member now owns the group's position: what came before is either queued
         * for it (smallest) or skipped (largest). */
        g->cursor = s->next_seq;
        g->members[g->n++] = c;
        c->group = g;
    }
    c->prev = s->conns_tail;
    if (s->conns_tail)
        s->conns_tail->next = c;
    else
        s->conns = c;
    s->conns_tail = c;
    return c;
oom:
    free(c->default_scope);
    free(c->pending_sent);
    free(c);
    return NULL;
}

int hiro_stream_set_default_scope(hiro_conn *c, const char *scope)
{
    char *copy = NULL;
    if (scope && scope[0] && !(copy = strdup(scope)))
        return -1;
    free(c->default_scope);
    c->default_scope = copy;
    return 0;
}

void hiro_stream_leave(hiro_stream *s, hiro_conn *c)
{
    if (!c)
        return;
    group *g = c->group;
    if (g) {
        for (size_t i = 0; i < g->n; i++)
            if (g->members[i] == c) {
                memmove(&g->members[i], &g->members[i + 1], (g->n - i - 1) * sizeof *g->members);
                g->n--;
                if (g->rr > i)
                    g->rr--;
                break;
            }
        if (g->rr >= g->n)
            g->rr = 0;
        g->cursor = s->next_seq;
    }
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        s->conns_tail = c->prev;
    conn_free(c);
}

void hiro_stream_orphan(hiro_conn *c)
{
    if (c)
        c->user = NULL;
}

/* ---- requests ---- */

int hiro_stream_subscribe(hiro_stream *s, hiro_conn *c, const char *scope_id, hiro_deliveries *out,
                          hiro_status *st)
{
    if (!scope_id || !scope_id[0]) {
        set_status(st, 400, "subscribe needs \"id\": the ogit/_id of a scope", NULL);
        return -1;
    }
    for (size_t i = 0; i < c->nscopes; i++)
        if (strcmp(c->scopes[i], scope_id) == 0)
            goto done;
    if (c->nscopes == HIRO_STREAM_MAX_SCOPES) {
        set_status(st, 400, "too many subscribed scopes (at most 256)", NULL);
        return -1;
    }
    char **sc = realloc(c->scopes, (c->nscopes + 1) * sizeof *sc);
    char *copy = strdup(scope_id);
    if (sc)
        c->scopes = sc;
    if (!sc || !copy) {
        free(copy);
        set_status(st, 500, "out of memory", NULL);
        return -1;
    }
    c->scopes[c->nscopes++] = copy;
done:
    flush_pending(s, c, out);
    return 0;
}

int hiro_stream_register(hiro_stream *s, hiro_conn *c, const char *filter_id, const char *filter_type,
                         const char *content, hiro_deliveries *out, hiro_status *st)
{
    if (filter_type && strcmp(filter_type, "jfilter") != 0) {
        set_status(st, 400, "unsupported filter-type (only \"jfilter\")", NULL);
        return -1;
    }
    if (!content) {
        set_status(st, 400, "register needs \"filter-content\"", NULL);
        return -1;
    }
    if (!filter_id || !filter_id[0])
        filter_id = content;
    hiro_jfilter_error err;
    hiro_jfilter *f = hiro_jfilter_parse(content, strlen(content), &err);
    if (!f) {
        char msg[200];
        hiro_jfilter_error_format(&err, msg, sizeof msg);
        set_status(st, 400, "%s", msg);
        return -1;
    }
    for (size_t i = 0; i < c->nfilters; i++)
        if (strcmp(c->filters[i].id, filter_id) == 0) {
            hiro_jfilter_free(c->filters[i].f);
            c->filters[i].f = f;
            flush_pending(s, c, out);
            return 0;
        }
    if (c->nfilters == HIRO_STREAM_MAX_FILTERS) {
        hiro_jfilter_free(f);
        set_status(st, 400, "too many filters (at most 64)", NULL);
        return -1;
    }
    conn_filter *nf = realloc(c->filters, (c->nfilters + 1) * sizeof *nf);
    char *id = strdup(filter_id);
    if (nf)
        c->filters = nf;
    if (!nf || !id) {
        free(id);
        hiro_jfilter_free(f);
        set_status(st, 500, "out of memory", NULL);
        return -1;
    }
    c->filters[c->nfilters++] = (conn_filter){ .id = id, .f = f };
    flush_pending(s, c, out);
    return 0;
}

void hiro_stream_unregister(hiro_stream *s, hiro_conn *c, const char *filter_id)
{
    (void)s;
    for (size_t i = 0; filter_id && i < c->nfilters; i++)
        if (strcmp(c->filters[i].id, filter_id) == 0) {
            free(c->filters[i].id);
            hiro_jfilter_free(c->filters[i].f);
            memmove(&c->filters[i], &c->filters[i + 1], (c->nfilters - i - 1) * sizeof *c->filters);
            c->nfilters--;
            return;
        }
}

void hiro_stream_clear(hiro_stream *s, hiro_conn *c)
{
    (void)s;
    for (size_t i = 0; i < c->nfilters; i++) {
        free(c->filters[i].id);
        hiro_jfilter_free(c->filters[i].f);
    }
    c->nfilters = 0;
}

/* ---- publishing ---- */

uint64_t hiro_stream_publish(hiro_stream *s, hiro_event *ev, hiro_deliveries *out)
{
    if (!ev)
        return 0;
    uint64_t seq = s->next_seq;
    ev->seq = seq;
    /* strictly increasing: each step adds 1000 plus a jitter in (-1000, 1000) */
    ev->nanotime = s->nano_origin + (int64_t)(seq * 1000 + mock_splitmix64(s->seed ^ seq) % 1000);
    if (ev->timestamp == 0) {
        ev->timestamp = HIRO_STREAM_CLOCK_ORIGIN_MS + (int64_t)seq;
        cJSON_ReplaceItemInObjectCaseSensitive(ev->metadata, "ogit/_modified-on",
                                               cJSON_CreateNumber((double)ev->timestamp));
    }
    if (s->next_seq - s->first_seq == s->log_cap) {
        hiro_event_free(s->log[s->first_seq % s->log_cap]);
        s->first_seq++;
    }
    s->log[seq % s->log_cap] = ev;
    s->next_seq++;

    for (hiro_conn *c = s->conns; c; c = c->next)
        if (!c->group && wants(c, ev))
            deliver(out, c, ev);
    for (group *g = s->groups; g; g = g->next) {
        if (g->n == 0)
            continue; /* missed: kept for the next member with offset=smallest */
        g->cursor = seq + 1;
        for (size_t k = 0; k < g->n; k++) {
            size_t i = (g->rr + k) % g->n;
            if (wants(g->members[i], ev)) {
                deliver(out, g->members[i], ev);
                g->rr = (i + 1) % g->n;
                break;
            }
        }
    }
    return seq;
}

/* ---- inspection and parameters ---- */

size_t hiro_stream_filter_count(const hiro_conn *c)
{
    return c->nfilters;
}

size_t hiro_stream_pending_count(const hiro_conn *c)
{
    return c->pending_left;
}

size_t hiro_stream_log_size(const hiro_stream *s)
{
    return (size_t)(s->next_seq - s->first_seq);
}

bool hiro_parse_bool_param(const char *v, bool dflt, bool *out)
{
    if (!v || !v[0])
        *out = dflt;
    else if (strcmp(v, "true") == 0)
        *out = true;
    else if (strcmp(v, "false") == 0)
        *out = false;
    else
        return false;
    return true;
}

bool hiro_parse_offset_param(const char *v, hiro_offset *out)
{
    if (!v || !v[0] || strcmp(v, "largest") == 0)
        *out = HIRO_OFFSET_LARGEST;
    else if (strcmp(v, "smallest") == 0)
        *out = HIRO_OFFSET_SMALLEST;
    else
        return false;
    return true;
}

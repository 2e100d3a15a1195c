/* The Sec-WebSocket-Protocol offer of a HIRO client ("<protocol>, token-<TOKEN>"): the
 * token it carries and the protocol name the server selects. */
#ifndef HIRO_SUBPROTOCOL_H
#define HIRO_SUBPROTOCOL_H

#include <stdbool.h>
#include <stddef.h>

#define HIRO_PROTO_EVENTS "events-1.0.0"
#define HIRO_PROTO_GRAPH "graph-2.0.0"
#define HIRO_OFFER_MAX_ENTRIES 32

typedef enum { HIRO_EP_EVENTS, HIRO_EP_GRAPH } hiro_endpoint;

/* The offer split into entries (commas, surrounding blanks trimmed, empty entries
 * dropped, at most HIRO_OFFER_MAX_ENTRIES kept). */
typedef struct {
    char *protocols[HIRO_OFFER_MAX_ENTRIES]; /* the non-token entries, in offer order */
    size_t nprotocols;
    char *token; /* the value of the first "token-<T>" entry ("" for "token-"); NULL: none */
} hiro_offer;

/* Parses a header value (NULL: no header). Returns 0, or -1 when out of memory. */
int hiro_offer_parse(const char *header, hiro_offer *out);
void hiro_offer_free(hiro_offer *o);

typedef enum {
    HIRO_SELECT_PROTOCOL, /* answer with *name */
    HIRO_SELECT_NONE,     /* accept without a Sec-WebSocket-Protocol header */
    HIRO_SELECT_REFUSE    /* refuse the handshake */
} hiro_select;

/* Strict (the document): the endpoint's own name (events-1.0.0 / graph-2.0.0) when it
 * is offered, else refuse. Lenient (what real clients need): the first non-token entry
 * whatever it is; none offered: no header. Never the token entry. *name points into o
 * or is a static string; NULL unless HIRO_SELECT_PROTOCOL. */
hiro_select hiro_select_protocol(const hiro_offer *o, hiro_endpoint ep, bool lenient, const char **name);

#endif

/* The opening handshake: the dialect's upgrade() filter, the session it fills, and the
 * subprotocol offer.
 *
 * lws asks LWS_CALLBACK_HTTP_CONFIRM_UPGRADE while the request is still plain HTTP, so a
 * refusal is an ordinary HTTP response. The session is allocated there and parked on the
 * wsi (lws' opaque user data, which survives the protocol change of the upgrade; the
 * per-session storage does not) until ESTABLISHED takes it, or WSI_DESTROY frees it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http_request.h"
#include "log.h"
#include "server_internal.h"

/* The flags lws uses to read the offer (so both see the same tokens). */
#define OFFER_TOKENIZE_FLAGS                                                                                     \
    (LWS_TOKENIZE_F_COMMA_SEP_LIST | LWS_TOKENIZE_F_MINUS_NONTERM | LWS_TOKENIZE_F_DOT_NONTERM |                 \
     LWS_TOKENIZE_F_RFC7230_DELIMS)

static bool is_subprotocol(const wsrv_vhost *vh, const char *name)
{
    for (size_t i = 1; vh->protocols[i].callback; i++)
        if (strcmp(vh->protocols[i].name, name) == 0)
            return true;
    return false;
}

/* Prepares lws' protocol choice for the client's Sec-WebSocket-Protocol offer. lws binds
 * the first offered name that is one of the vhost's protocols and refuses the connection
 * when none is; an offer that names no subprotocol of ours is accepted here with none
 * selected (RFC 6455 4.2.2: the server may select none). Returns 0, or an HTTP status for
 * an offer lws cannot read at all. */
static int route_offer(struct lws *wsi, wsrv_vhost *vh)
{
    int total = lws_hdr_total_length(wsi, WSI_TOKEN_PROTOCOL);
    if (total <= 0)
        return 0; /* no offer: lws binds protocols[0] and answers none */
    char offer[128];
    /* lws reads the offer into 128 bytes and refuses longer ones. */
    if (total >= (int)sizeof offer - 1 || lws_hdr_copy(wsi, offer, sizeof offer - 1, WSI_TOKEN_PROTOCOL) < 0)
        return 400;
    struct lws_tokenize ts;
    lws_tokenize_init(&ts, offer, OFFER_TOKENIZE_FLAGS);
    ts.len = strlen(offer);
    char first[sizeof vh->default_name] = "", name[sizeof vh->default_name];
    lws_tokenize_elem e;
    do {
        e = lws_tokenize(&ts);
        switch (e) {
        case LWS_TOKZE_TOKEN:
            if (lws_tokenize_cstr(&ts, name, sizeof name))
                return 400;
            if (is_subprotocol(vh, name))
                return 0;
            if (!first[0])
                strcpy(first, name);
            break;
        case LWS_TOKZE_DELIMITER:
        case LWS_TOKZE_ENDED:
            break;
        default:
            return 400;
        }
    } while (e > 0);
    if (!first[0])
        return 400;
    strcpy(vh->default_name, first);
    return 0;
}

static int refuse(struct lws *wsi, int status)
{
    char text[64];
    snprintf(text, sizeof text, "%s\n", wsrv_http_reason(status));
    wsrv_http_write_plain(wsi, status, text);
    /* Hang up: the refusal is the last thing on this connection. */
    return -1;
}

int wsrv_upgrade_confirm(struct lws *wsi, wsrv_vhost *vh, const char *upgrade_to)
{
    const wsrv_dialect *d = vh->dialect;
    vh->default_name[0] = '\0';
    vh->answer_name[0] = '\0';
    wsrv_upgrade_discard(wsi); /* an earlier request on this connection */
    if (!upgrade_to || strcasecmp(upgrade_to, "websocket") != 0)
        return refuse(wsi, 400);
    /* First the offer: one lws would drop is refused before the dialect sees it. */
    int offer_status = route_offer(wsi, vh);
    if (offer_status != 0)
        return refuse(wsi, offer_status);
    void *session = calloc(1, d->session_size ? d->session_size : 1);
    if (!session)
        return refuse(wsi, 503);
    if (d->upgrade) {
        wsrv_request req;
        wsrv_request_store st;
        if (wsrv_request_init(&req, &st, wsi) != 0) {
            free(session);
            return refuse(wsi, 503);
        }
        st.upgrading = true;
        int status = d->upgrade(vh->state, &req, session);
        wsrv_log(WSRV_LOG_DEBUG, "%s: upgrade %s?%s -> %d", d->name, req.path, req.query, status);
        if (status == 0)
            strcpy(vh->answer_name, st.selected);
        wsrv_request_release(&st);
        if (status != 0) {
            free(session);
            return refuse(wsi, status);
        }
    }
    lws_set_opaque_user_data(wsi, session);
    return 0;
}

void wsrv_upgrade_filter(wsrv_vhost *vh)
{
    /* lws has bound the protocol and is about to write the 101, which names protocols[0]
     * only if it has a name: the one upgrade() selected, or none. Cleared at ESTABLISHED. */
    strcpy(vh->default_name, vh->answer_name);
    vh->answer_name[0] = '\0';
}

void wsrv_upgrade_established(wsrv_vhost *vh)
{
    vh->default_name[0] = '\0';
}

bool wsrv_request_select_subprotocol(const wsrv_request *req, const char *name)
{
    wsrv_request_store *st = req ? req->impl : NULL;
    if (!st || !st->upgrading || !name || !*name || strlen(name) >= sizeof st->selected || strpbrk(name, "\r\n"))
        return false;
    strcpy(st->selected, name);
    return true;
}

void *wsrv_upgrade_take_session(struct lws *wsi)
{
    void *session = lws_get_opaque_user_data(wsi);
    lws_set_opaque_user_data(wsi, NULL);
    return session;
}

void wsrv_upgrade_discard(struct lws *wsi)
{
    free(wsrv_upgrade_take_session(wsi));
}

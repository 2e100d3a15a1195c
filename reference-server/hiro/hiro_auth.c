/* Tokens on a HIRO connection: the handshake token is checked when the socket opens
 * (a bad one gets the 401 error frame and a close, protocols §1), and an expiry timer
 * ends the socket with a 401 when the token runs out unless a token message replaced it. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hiro_compact_token.h"
#include "hiro_internal.h"

/* RFC 6455 "policy violation": the close protocols §1 recommends after the 401. */
#define HIRO_CLOSE_AUTH 1008

static int64_t now_ms(void)
{
    return (int64_t)(wsrv_wall_time_s() * 1000.0);
}

hiro_token_status hiro_check_token(const hiro_state *st, const char *text, hiro_token_claims *claims)
{
    const unsigned char *key = (const unsigned char *)st->cfg.token_key;
    if (claims)
        memset(claims, 0, sizeof *claims);
    hiro_token_status ts = hiro_token_verify(key, strlen(st->cfg.token_key), text, now_ms(), claims);
    if (ts == HIRO_TOKEN_MALFORMED)
        hiro_compact_token_verify(key, strlen(st->cfg.token_key), text, now_ms(), claims, &ts);
    if (ts == HIRO_TOKEN_BAD_SIGNATURE && st->fault[MOCK_HIRO_BAD_TOKEN_ACCEPTED] && claims &&
        claims->exp_ms > now_ms())
        ts = HIRO_TOKEN_OK;
    /* No IAM stands behind this server: an account whose token names no default scope
     * (compact tokens never do) has the scope named after the account. */
    if (ts == HIRO_TOKEN_OK && claims && !claims->default_scope[0])
        memcpy(claims->default_scope, claims->sub, sizeof claims->default_scope);
    return ts;
}

void hiro_send_error(hiro_session *s, int code, const char *message)
{
    char *text;
    if (s->st->fault[MOCK_HIRO_ERROR_WITHOUT_CODE]) {
        cJSON *root = cJSON_CreateObject();
        cJSON *err = cJSON_AddObjectToObject(root, "error");
        cJSON_AddStringToObject(err, "message", message);
        text = cJSON_PrintUnformatted(root);
        cJSON_Delete(root);
    } else {
        text = hiro_error_text(code, message);
    }
    if (text)
        wsrv_conn_send(s->conn, text, strlen(text), false);
    free(text);
}

static void refuse(hiro_session *s, const char *message)
{
    s->authed = false;
    hiro_send_error(s, 401, message);
    if (!s->st->fault[MOCK_HIRO_BAD_TOKEN_NO_CLOSE])
        wsrv_conn_close(s->conn, HIRO_CLOSE_AUTH);
    else
        s->authed = true; /* the fault: the socket goes on as if nothing happened */
}

static void on_expiry(wsrv_timer *timer)
{
    hiro_session *s = (hiro_session *)((char *)timer - offsetof(hiro_session, expiry));
    refuse(s, hiro_token_status_message(HIRO_TOKEN_EXPIRED));
    if (s->st->fault[MOCK_HIRO_BAD_TOKEN_NO_CLOSE])
        s->authed = true;
}

static void arm_expiry(hiro_session *s)
{
    if (s->st->fault[MOCK_HIRO_EXPIRY_NOT_ENFORCED])
        return;
    int64_t left = s->claims.exp_ms - now_ms();
    if (left < 0)
        left = 0;
    wsrv_timer_start(s->st->server, &s->expiry, (uint64_t)left * 1000u, on_expiry);
}

bool hiro_auth_open(hiro_session *s)
{
    hiro_token_status ts = hiro_check_token(s->st, s->has_token ? s->token : NULL, &s->claims);
    if (ts != HIRO_TOKEN_OK) {
        refuse(s, hiro_token_status_message(ts));
        return s->authed;
    }
    s->authed = true;
    arm_expiry(s);
    return true;
}

void hiro_auth_replace(hiro_session *s, const char *token)
{
    hiro_token_claims claims;
    hiro_token_status ts = hiro_check_token(s->st, token, &claims);
    if (ts != HIRO_TOKEN_OK) {
        /* The old token stays in force; the client learns why the new one was refused. */
        hiro_send_error(s, 401, hiro_token_status_message(ts));
        return;
    }
    if (s->st->fault[MOCK_HIRO_TOKEN_MESSAGE_IGNORED])
        return;
    s->claims = claims;
    arm_expiry(s);
}

void hiro_auth_close(hiro_session *s)
{
    wsrv_timer_stop(&s->expiry);
}

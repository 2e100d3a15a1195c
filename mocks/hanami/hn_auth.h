/* Users, projects and tokens of the simulated Hanami backend. Tokens are opaque random
 * strings (upstream issues HS256 JWTs; clients treat them as opaque). */
#ifndef MOCK_HN_AUTH_H
#define MOCK_HN_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hn_user {
    const char *id;
    const char *password;
    const char *name;
    const char *project;   /* NULL: no project assigned (login refused) */
    bool is_admin;
} hn_user;

/* The built-in users (documented in mocks/README.md). */
extern const hn_user hn_users[];
extern const size_t hn_user_count;

#define HN_MAX_TOKENS 1024
#define HN_TOKEN_LEN 40

typedef struct hn_auth {
    uint64_t seed, issued;
    char token[HN_MAX_TOKENS][HN_TOKEN_LEN + 1];
    const hn_user *user[HN_MAX_TOKENS];
} hn_auth;

void hn_auth_init(hn_auth *a, uint64_t seed);
/* Checks id and password. 200: *token filled (the oldest token is forgotten when
 * HN_MAX_TOKENS are live); 401 with the upstream text in msg otherwise. */
int hn_auth_login(hn_auth *a, const char *id, const char *password, const hn_user **user,
                  char token[HN_TOKEN_LEN + 1], char *msg, size_t msglen);
/* The user a token was issued to, or NULL. */
const hn_user *hn_auth_check(const hn_auth *a, const char *token);

#endif

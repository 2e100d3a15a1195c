#include "hn_auth.h"

#include <stdio.h>
#include <string.h>

#include "../rng.h"

const hn_user hn_users[] = {
    { "wsconf_admin", "wsconf-password", "wsconf admin", "wsconf_project", true },
    { "wsconf_member", "member-password", "wsconf member", "other_project", false },
    { "wsconf_nobody", "nobody-password", "wsconf nobody", NULL, false },
};
const size_t hn_user_count = sizeof hn_users / sizeof hn_users[0];

void hn_auth_init(hn_auth *a, uint64_t seed)
{
    memset(a, 0, sizeof *a);
    a->seed = seed;
}

int hn_auth_login(hn_auth *a, const char *id, const char *password, const hn_user **user,
                  char token[HN_TOKEN_LEN + 1], char *msg, size_t msglen)
{
    const hn_user *u = NULL;
    for (size_t i = 0; i < hn_user_count; i++)
        if (strcmp(hn_users[i].id, id) == 0 && strcmp(hn_users[i].password, password) == 0)
            u = &hn_users[i];
    if (!u) {
        snprintf(msg, msglen, "ACCESS DENIED!\nUser or password is incorrect.");
        return 401;
    }
    if (!u->project) {
        snprintf(msg, msglen, "User with id '%s' has no project assigned.", u->id);
        return 401;
    }
    uint64_t n = a->issued++;
    uint64_t x = mock_splitmix64(a->seed ^ mock_fnv1a64("hanami-token") ^ n);
    uint64_t y = mock_splitmix64(x);
    size_t slot = (size_t)(n % HN_MAX_TOKENS);
    snprintf(a->token[slot], sizeof a->token[slot], "hn.%016llx%016llx.%03u", (unsigned long long)x,
             (unsigned long long)y, (unsigned)(n % 1000));
    a->user[slot] = u;
    memcpy(token, a->token[slot], HN_TOKEN_LEN + 1);
    *user = u;
    return 200;
}

const hn_user *hn_auth_check(const hn_auth *a, const char *token)
{
    if (!token || !token[0])
        return NULL;
    for (size_t i = 0; i < HN_MAX_TOKENS; i++)
        if (a->user[i] && strcmp(a->token[i], token) == 0)
            return a->user[i];
    return NULL;
}

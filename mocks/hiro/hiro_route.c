/* Endpoint routing by path prefix. */
#include "hiro_route.h"

#include <string.h>

/* rest is what follows the endpoint name: "", "/", "/<ver>" or "/<ver>/". */
static bool version_tail(const char *rest, bool allow_version)
{
    if (rest[0] == '\0' || strcmp(rest, "/") == 0)
        return true;
    if (!allow_version || rest[0] != '/')
        return false;
    const char *seg = rest + 1;
    const char *slash = strchr(seg, '/');
    if (slash == seg)
        return false; /* empty segment: "//" */
    if (!slash)
        return seg[0] != '\0';
    return slash[1] == '\0';
}

static bool matches(const char *path, const char *base, bool allow_version)
{
    size_t n = strlen(base);
    return strncmp(path, base, n) == 0 && version_tail(path + n, allow_version);
}

bool hiro_route(const char *path, bool legacy_aliases, hiro_endpoint *ep)
{
    if (!path)
        return false;
    if (matches(path, "/api/events-ws", true) || (legacy_aliases && matches(path, "/_events", false))) {
        *ep = HIRO_EP_EVENTS;
        return true;
    }
    if (matches(path, "/api/graph-ws", true) || (legacy_aliases && matches(path, "/_g", false))) {
        *ep = HIRO_EP_GRAPH;
        return true;
    }
    return false;
}

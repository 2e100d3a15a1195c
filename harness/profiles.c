/* Profile resolution (see profiles.h). */
#include "profiles.h"

#include <stdio.h>
#include <string.h>

int wsc_profiles_check(const wsc_catalogue *cat, const wsc_cli *cli, char *err, size_t errlen)
{
    for (size_t i = 0; i < cli->n_profiles; i++) {
        const char *api = cli->profiles[i].api, *name = cli->profiles[i].name;
        const wsc_api_profiles *p = wsc_catalogue_profiles(cat, api);
        if (!p) {
            snprintf(err, errlen, "--profile %s=%s: API '%s' has no profiles in the catalogue", api, name, api);
            return -1;
        }
        if (wsc_catalogue_has_profile(cat, api, name)) continue;
        char known[512] = "";
        size_t n = 0;
        for (size_t k = 0; k < p->n && n < sizeof known; k++)
            n += (size_t)snprintf(known + n, sizeof known - n, "%s%s", k ? ", " : "", p->names[k]);
        snprintf(err, errlen, "--profile %s=%s: unknown profile '%s' for API '%s' (known: %s)", api, name, name, api, known);
        return -1;
    }
    return 0;
}

const char *wsc_profile_active(const wsc_catalogue *cat, const wsc_cli *cli, const char *api)
{
    const wsc_api_profiles *p = wsc_catalogue_profiles(cat, api);
    if (!p) return NULL;
    const char *chosen = wsc_cli_profile_of(cli, api);
    return chosen ? chosen : p->names[0];
}

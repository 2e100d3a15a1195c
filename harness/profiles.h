/* Profiles (DESIGN.md "profiles"): which profile of each API a run expects. The
 * catalogue lists an API's profiles (first = default); --profile API=NAME picks another. */
#ifndef WSC_PROFILES_H
#define WSC_PROFILES_H

#include <stddef.h>
#include "cli.h"
#include "wsc_catalogue.h"

/* Checks every --profile against the catalogue. 0, or -1 with a usage message. */
int wsc_profiles_check(const wsc_catalogue *cat, const wsc_cli *cli, char *err, size_t errlen);
/* The profile the run expects for api: --profile's, else the catalogue's default, else
 * NULL (the API has no profiles). Borrowed from cli or cat. */
const char *wsc_profile_active(const wsc_catalogue *cat, const wsc_cli *cli, const char *api);

#endif

/* `wsconf selftest`: proves the suite notices every fault the reference server can
 * inject. Returns the exit status. */
#ifndef WSC_SELFTEST_H
#define WSC_SELFTEST_H

#include "cli.h"

int wsc_selftest(const wsc_cli *cli);

#endif

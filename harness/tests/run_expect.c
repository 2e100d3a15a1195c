#include "run_expect.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

int run_wsconf(char **argv, int write_junit, wsc_run **run)
{
    int argc = 0;
    while (argv[argc]) argc++;
    wsc_cli cli;
    char err[1024];
    if (wsc_cli_parse(argc, argv, &cli, err, sizeof err) != 0) {
        wsc_cli_free(&cli);
        fail_msg("command line: %s", err);
    }
    wsc_runner_opts o = { .cli = &cli, .quiet = 1, .write_junit = write_junit };
    *run = NULL;
    int rc = wsc_runner_run(&o, run, err, sizeof err);
    if (rc != 0) print_message("  wsconf run: %s\n", err);
    wsc_cli_free(&cli);
    return rc;
}

const wsc_scenario *run_find(const wsc_run *run, const char *id)
{
    for (size_t i = 0; i < run->n_scenarios; i++)
        if (strcmp(run->scenarios[i].id, id) == 0) return &run->scenarios[i];
    fail_msg("scenario %s not in the run", id);
    return NULL;
}

void run_expect_verdict(const wsc_run *run, const char *id, wsc_verdict v, const char *reason_part)
{
    const wsc_scenario *s = run_find(run, id);
    if (s->verdict != v) {
        for (size_t i = 0; i < s->n_checks; i++)
            if (!s->checks[i].passed)
                print_message("  failed: %s (%s) expected %s received %s\n", s->checks[i].message, s->checks[i].where,
                              s->checks[i].expected ? s->checks[i].expected : "-",
                              s->checks[i].received ? s->checks[i].received : "-");
        fail_msg("%s: verdict %s, expected %s (reason: %s)", id, wsc_verdict_name(s->verdict), wsc_verdict_name(v),
                 s->reason ? s->reason : "-");
    }
    if (reason_part) {
        assert_non_null(s->reason);
        if (!strstr(s->reason, reason_part)) fail_msg("%s: reason '%s' lacks '%s'", id, s->reason, reason_part);
    }
}

/* wsconf: subcommand dispatch. Exit status (harness/README.md "Exit status"): 0 passed,
 * 1 failed, 2 usage error, 3 the run could not be carried out or its outputs not written. */
#include "cli.h"
#include "runtime.h"
#include "report_cmd.h"
#include "runner.h"
#include "selftest.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int run_command(const wsc_cli *cli)
{
    wsc_runner_opts o = { .cli = cli, .write_junit = 1 };
    wsc_run *run = NULL;
    char err[1024] = "";
    int rc = wsc_runner_run(&o, &run, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "wsconf: %s\n", err);
        return rc == -2 ? 2 : 3;
    }
    if (!run) return 0;   /* --list, --dry-run */
    int status = wsc_runner_exit_status(run);
    if (rc > 0) {
        fprintf(stderr, "wsconf: %s\n", err);
        status = 3;
    }
    wsc_run_free(run);
    return status;
}

static void on_signal(int sig)
{
    (void)sig;
    wsc_interrupted = 1;
}

int main(int argc, char **argv)
{
    /* A peer that vanishes mid-write must not kill the runner. */
    signal(SIGPIPE, SIG_IGN);
    /* Stop cleanly: the bundled server is stopped and the report still written. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    wsc_cli cli;
    char err[512];
    int rc = wsc_cli_parse(argc, argv, &cli, err, sizeof err);
    if (rc) {
        fprintf(stderr, "wsconf: %s\n%s", err, "try 'wsconf --help'\n");
        wsc_cli_free(&cli);
        return 2;
    }
    switch (cli.cmd) {
    case WSC_CMD_HELP:
        fputs(wsc_cli_usage(), stdout);
        rc = 0;
        break;
    case WSC_CMD_VERSION:
        printf("wsconf %s\n", WSCONF_VERSION);
        rc = 0;
        break;
    case WSC_CMD_REPORT:
        rc = wsc_report_command(&cli);
        break;
    case WSC_CMD_MERGE:
        rc = wsc_merge_command(&cli);
        break;
    case WSC_CMD_SELFTEST:
        rc = wsc_selftest(&cli);
        break;
    default:
        rc = run_command(&cli);
        break;
    }
    wsc_cli_free(&cli);
    return rc;
}

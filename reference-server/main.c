/* wsconf-server: the command line. Everything else is in server.c and the dialects. */
#include <stdio.h>

#include "dialects.h"
#include "server.h"
#include "server_cli.h"

static void print_faults(void)
{
    for (size_t i = 0; i < mock_fault_count(); i++) {
        const mock_fault_info *f = mock_fault_at(i);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", f->name);
        cJSON_AddStringToObject(o, "api", f->api);
        cJSON_AddStringToObject(o, "breaks", f->breaks);
        cJSON_AddStringToObject(o, "description", f->description);
        char *line = cJSON_PrintUnformatted(o);
        if (line)
            printf("%s\n", line);
        cJSON_free(line);
        cJSON_Delete(o);
    }
}

static void print_dialects(void)
{
    for (size_t i = 0; i < wsrv_dialect_count; i++)
        printf("{\"name\":\"%s\",\"default_port\":%d}\n", wsrv_dialects[i]->name, wsrv_dialects[i]->default_port);
}

int main(int argc, char **argv)
{
    wsrv_cli cli;
    char err[512];
    if (wsrv_cli_parse(argc, argv, &cli, err, sizeof err) != 0) {
        fprintf(stderr, "wsconf-server: %s\n", err);
        fprintf(stderr, "usage: wsconf-server [options]; see wsconf-server --help\n");
        return 2;
    }
    switch (cli.action) {
    case WSRV_CLI_HELP:
        fputs(wsrv_cli_usage, stdout);
        return 0;
    case WSRV_CLI_VERSION:
        printf("wsconf-server %s\n", WSCONF_VERSION);
        return 0;
    case WSRV_CLI_LIST_FAULTS:
        print_faults();
        return 0;
    case WSRV_CLI_LIST_DIALECTS:
        print_dialects();
        return 0;
    case WSRV_CLI_RUN:
        break;
    }
    return wsrv_server_run(&cli);
}

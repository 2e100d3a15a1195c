#include "server.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "dialects.h"
#include "log.h"
#include "server_config.h"

/* Set from the signal handler; the loop does the work. */
static volatile sig_atomic_t wsrv_stop_requested;
static struct lws_context *wsrv_signal_context;

static void wsrv_on_signal(int sig)
{
    (void)sig;
    wsrv_stop_requested = 1;
    if (wsrv_signal_context)
        lws_cancel_service(wsrv_signal_context);
}

static void wsrv_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = wsrv_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

/* Creates every served dialect's state. Returns 0 or 2 (config error, reported). */
static int wsrv_create_dialects(wsrv_server *srv, const wsrv_cli *cli, const cJSON *config)
{
    for (size_t d = 0; d < wsrv_dialect_count; d++) {
        if (!cli->serve[d])
            continue;
        const wsrv_dialect *dialect = wsrv_dialects[d];
        wsrv_vhost *vh = &srv->vhosts[srv->nvhosts];
        memset(vh, 0, sizeof *vh);
        vh->dialect = dialect;
        vh->server = srv;
        vh->opts.oversize_close_code = LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE;
        wsrv_dialect_env env = {
            .server = srv,
            .seed = cli->seed,
            .faults = &cli->faults,
            .config = config ? cJSON_GetObjectItemCaseSensitive(config, dialect->name) : NULL,
            .max_message_size = cli->max_message_size,
        };
        char err[512] = "";
        if (dialect->create(&env, &vh->opts, &vh->state, err, sizeof err) != 0) {
            if (cli->config_path && env.config)
                fprintf(stderr, "wsconf-server: %s: %s: %s\n", cli->config_path, dialect->name, err);
            else
                fprintf(stderr, "wsconf-server: %s: %s\n", dialect->name, err);
            return 2;
        }
        srv->nvhosts++;
        if (vh->opts.tls) {
            fprintf(stderr, "wsconf-server: %s: TLS is not supported yet\n", dialect->name);
            return 1;
        }
    }
    return 0;
}

static int wsrv_create_vhosts(wsrv_server *srv, const wsrv_cli *cli)
{
    for (size_t i = 0; i < srv->nvhosts; i++) {
        wsrv_vhost *vh = &srv->vhosts[i];
        int d = wsrv_dialect_find(vh->dialect->name);
        vh->protocols[0] = (struct lws_protocols){
            .name = vh->dialect->name,
            .callback = wsrv_lws_callback,
            .per_session_data_size = sizeof(wsrv_conn),
            .rx_buffer_size = 65536,
            .user = vh,
        };
        struct lws_context_creation_info info;
        memset(&info, 0, sizeof info);
        info.vhost_name = vh->dialect->name;
        info.port = cli->ports_auto ? 0 : cli->port[d] >= 0 ? cli->port[d] : vh->dialect->default_port;
        info.iface = cli->listen_addr;
        info.protocols = vh->protocols;
        info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
        vh->lws_vhost = lws_create_vhost(srv->context, &info);
        if (!vh->lws_vhost) {
            fprintf(stderr, "wsconf-server: %s: cannot listen on %s:%d\n", vh->dialect->name, cli->listen_addr,
                    info.port);
            return 1;
        }
        vh->port = lws_get_vhost_listen_port(vh->lws_vhost);
    }
    return 0;
}

static void wsrv_print_ready(const wsrv_server *srv)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "ready", 1);
    cJSON *ports = cJSON_AddObjectToObject(root, "ports");
    for (size_t i = 0; i < srv->nvhosts; i++)
        cJSON_AddNumberToObject(ports, srv->vhosts[i].dialect->name, srv->vhosts[i].port);
    char *line = cJSON_PrintUnformatted(root);
    if (line)
        printf("%s\n", line);
    fflush(stdout);
    cJSON_free(line);
    cJSON_Delete(root);
}

/* Keeps the loop turning during shutdown even when no socket has anything to say. */
static lws_sorted_usec_list_t wsrv_shutdown_tick;
static struct lws_context *wsrv_tick_context;

static void wsrv_on_shutdown_tick(lws_sorted_usec_list_t *sul)
{
    lws_sul_schedule(wsrv_tick_context, 0, sul, wsrv_on_shutdown_tick, 50 * LWS_US_PER_MS);
}

/* Closes every connection with 1001 and gives peers up to a second to answer. */
static void wsrv_shutdown(wsrv_server *srv)
{
    wsrv_log(WSRV_LOG_INFO, "shutting down: closing %zu connection(s)", srv->nconns);
    for (wsrv_conn *c = srv->conns; c; c = c->next)
        wsrv_conn_close(c, LWS_CLOSE_STATUS_GOINGAWAY);
    wsrv_tick_context = srv->context;
    lws_sul_schedule(srv->context, 0, &wsrv_shutdown_tick, wsrv_on_shutdown_tick, 50 * LWS_US_PER_MS);
    uint64_t deadline = wsrv_now_us() + 1000000u;
    while (srv->nconns > 0 && wsrv_now_us() < deadline)
        if (lws_service(srv->context, 0) < 0)
            break;
    lws_sul_cancel(&wsrv_shutdown_tick);
}

int wsrv_server_run(const wsrv_cli *cli)
{
    static wsrv_server srv; /* static: the timers' and adapter's back-pointers outlive no frame */
    memset(&srv, 0, sizeof srv);
    srv.max_message_size = cli->max_message_size;
    wsrv_log_set_level(cli->log_level);

    cJSON *config = NULL;
    if (cli->config_path) {
        char err[512];
        config = wsrv_config_load(cli->config_path, err, sizeof err);
        if (!config) {
            fprintf(stderr, "wsconf-server: %s\n", err);
            return 2;
        }
    }
    int status = wsrv_create_dialects(&srv, cli, config);
    cJSON_Delete(config);

    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS | LWS_SERVER_OPTION_DISABLE_IPV6;
    info.port = CONTEXT_PORT_NO_LISTEN;
    if (status == 0) {
        srv.context = lws_create_context(&info);
        if (!srv.context) {
            fprintf(stderr, "wsconf-server: cannot create the libwebsockets context\n");
            status = 1;
        }
    }
    if (status == 0)
        status = wsrv_create_vhosts(&srv, cli);
    if (status == 0) {
        wsrv_signal_context = srv.context;
        wsrv_install_signals();
        wsrv_print_ready(&srv);
        while (!wsrv_stop_requested)
            if (lws_service(srv.context, 0) < 0)
                break;
        wsrv_shutdown(&srv);
    }
    wsrv_signal_context = NULL;
    if (srv.context)
        lws_context_destroy(srv.context); /* closes what is left: dialects see close() */
    for (size_t i = 0; i < srv.nvhosts; i++)
        srv.vhosts[i].dialect->destroy(srv.vhosts[i].state);
    return status;
}

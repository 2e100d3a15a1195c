#include "server.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "dialects.h"
#include "log.h"
#include "server_config.h"
#include "tls_cert.h"

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
static int wsrv_create_dialects(wsrv_server *srv, const wsrv_cli *cli, const cJSON *config,
                                const wsrv_dialect *const *dialects, size_t count)
{
    for (size_t d = 0; d < count && d < WSRV_MAX_VHOSTS; d++) {
        if (!cli->serve[d])
            continue;
        const wsrv_dialect *dialect = dialects[d];
        wsrv_vhost *vh = &srv->vhosts[srv->nvhosts];
        memset(vh, 0, sizeof *vh);
        vh->dialect = dialect;
        vh->index = d;
        vh->server = srv;
        vh->opts.oversize_close_code = LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE;
        wsrv_dialect_env env = {
            .server = srv,
            .seed = cli->seed,
            .faults = &cli->faults,
            .config = config ? cJSON_GetObjectItemCaseSensitive(config, dialect->name) : NULL,
            .max_message_size = cli->max_message_size,
            .profile = cli->profile[d],
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
        vh->max_message_size = vh->opts.max_message_size ? vh->opts.max_message_size : cli->max_message_size;
        size_t nsub = 0;
        while (vh->opts.subprotocols && vh->opts.subprotocols[nsub])
            nsub++;
        if (nsub > WSRV_MAX_SUBPROTOCOLS) {
            fprintf(stderr, "wsconf-server: %s: more than %d subprotocols\n", dialect->name, WSRV_MAX_SUBPROTOCOLS);
            return 2;
        }
    }
    return 0;
}

/* protocols[0] serves HTTP and every upgrade that selects no subprotocol; one more entry
 * per subprotocol name lets lws select and answer it (same callback for all). */
static void wsrv_fill_protocols(wsrv_vhost *vh)
{
    memset(vh->protocols, 0, sizeof vh->protocols);
    vh->default_name[0] = '\0';
    for (size_t i = 0; i == 0 || (vh->opts.subprotocols && vh->opts.subprotocols[i - 1]); i++)
        vh->protocols[i] = (struct lws_protocols){
            .name = i == 0 ? vh->default_name : vh->opts.subprotocols[i - 1],
            .callback = wsrv_lws_callback,
            .per_session_data_size = sizeof(wsrv_conn),
            .rx_buffer_size = 65536,
            .user = vh,
        };
}

static int wsrv_create_vhosts(wsrv_server *srv, const wsrv_cli *cli, const char *cert, const char *key)
{
    for (size_t i = 0; i < srv->nvhosts; i++) {
        wsrv_vhost *vh = &srv->vhosts[i];
        wsrv_fill_protocols(vh);
        struct lws_context_creation_info info;
        memset(&info, 0, sizeof info);
        info.vhost_name = vh->dialect->name;
        info.port = cli->ports_auto ? 0 : cli->port[vh->index] >= 0 ? cli->port[vh->index] : vh->dialect->default_port;
        info.iface = cli->listen_addr;
        info.protocols = vh->protocols;
        info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
        if (vh->opts.tls) {
            info.ssl_cert_filepath = cert;
            info.ssl_private_key_filepath = key;
            /* lws enables TLS on a vhost only when its own options carry this too. */
            info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
            /* HTTP/1.1 only: requests and upgrades take the same path as on plain vhosts. */
            info.alpn = "http/1.1";
        }
        vh->lws_vhost = lws_create_vhost(srv->context, &info);
        if (!vh->lws_vhost) {
            fprintf(stderr, "wsconf-server: %s: cannot listen on %s:%d%s\n", vh->dialect->name, cli->listen_addr,
                    info.port, vh->opts.tls ? " with TLS (check --tls-cert/--tls-key)" : "");
            return 1;
        }
        vh->port = lws_get_vhost_listen_port(vh->lws_vhost);
    }
    return 0;
}

static void wsrv_print_ready(const wsrv_server *srv, const char *ca)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "ready", 1);
    cJSON *ports = cJSON_AddObjectToObject(root, "ports");
    for (size_t i = 0; i < srv->nvhosts; i++)
        cJSON_AddNumberToObject(ports, srv->vhosts[i].dialect->name, srv->vhosts[i].port);
    if (ca)
        cJSON_AddStringToObject(root, "ca", ca);
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
    return wsrv_server_run_dialects(cli, wsrv_dialects, wsrv_dialect_count);
}

int wsrv_server_run_dialects(const wsrv_cli *cli, const wsrv_dialect *const *dialects, size_t count)
{
    static wsrv_server srv; /* static: the timers' and adapter's back-pointers outlive no frame */
    memset(&srv, 0, sizeof srv);
    srv.max_message_size = cli->max_message_size;
    wsrv_log_set_level(cli->log_level);
    wsrv_stop_requested = 0;

    cJSON *config = NULL;
    if (cli->config_path) {
        char err[512];
        config = wsrv_config_load(cli->config_path, err, sizeof err);
        if (!config) {
            fprintf(stderr, "wsconf-server: %s\n", err);
            return 2;
        }
    }
    int status = wsrv_create_dialects(&srv, cli, config, dialects, count);
    cJSON_Delete(config);

    bool any_tls = false;
    for (size_t i = 0; i < srv.nvhosts; i++)
        any_tls |= srv.vhosts[i].opts.tls;
    static wsrv_tls_files generated;
    memset(&generated, 0, sizeof generated);
    const char *cert = cli->tls_cert, *key = cli->tls_key, *ca = NULL;
    if (status == 0 && any_tls && !cert) {
        char err[512];
        if (wsrv_tls_generate(&generated, err, sizeof err) != 0) {
            fprintf(stderr, "wsconf-server: %s\n", err);
            status = 1;
        }
        cert = ca = generated.cert;
        key = generated.key;
    }

    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS | LWS_SERVER_OPTION_DISABLE_IPV6;
    if (any_tls)
        info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
    info.port = CONTEXT_PORT_NO_LISTEN;
    /* Room for long cookies and tokens in request headers. */
    info.max_http_header_data = 8192;
    if (status == 0) {
        srv.context = lws_create_context(&info);
        if (!srv.context) {
            fprintf(stderr, "wsconf-server: cannot create the libwebsockets context\n");
            status = 1;
        }
    }
    if (status == 0)
        status = wsrv_create_vhosts(&srv, cli, cert, key);
    if (status == 0) {
        wsrv_signal_context = srv.context;
        wsrv_install_signals();
        wsrv_print_ready(&srv, ca);
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
    wsrv_tls_remove(&generated);
    return status;
}

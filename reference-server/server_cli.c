#include "server_cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialects.h"

const char wsrv_cli_usage[] =
    "usage: wsconf-server [--dialect NAME]... [--ports auto | --port NAME=PORT ...] [--seed N]\n"
    "                     [--fault NAME]... [--config FILE] [--max-message-size BYTES]\n"
    "                     [--listen ADDR] [--tls-cert FILE --tls-key FILE]\n"
    "                     [--profile API=NAME]...\n"
    "                     [--log-level error|warn|info|debug]\n"
    "                     [--list-faults] [--list-dialects] [--help] [--version]\n"
    "\n"
    "Reference server for the wsconf conformance suite: one WebSocket vhost per API\n"
    "(\"dialect\"), each on its documented default port (labgraph: 9000), on 127.0.0.1\n"
    "unless --listen says otherwise.\n"
    "\n"
    "  --dialect NAME          serve this dialect (repeatable); default: every dialect\n"
    "  --ports auto            bind every vhost to an ephemeral port\n"
    "  --port NAME=PORT        bind dialect NAME to PORT (repeatable; 0 = ephemeral)\n"
    "  --seed N                seed of every generated value (unsigned 64-bit; default 1)\n"
    "  --fault NAME            deliberately break one documented behaviour (repeatable);\n"
    "                          see --list-faults\n"
    "  --config FILE           JSON object; a dialect's key (\"labgraph\": {...}) replaces\n"
    "                          that dialect's embedded default config\n"
    "  --listen ADDR           IPv4 address to listen on (default 127.0.0.1; 0.0.0.0 for\n"
    "                          every interface, e.g. inside a container)\n"
    "  --tls-cert FILE         PEM certificate (chain) of the TLS vhosts; default: a\n"
    "                          self-signed one generated at start (its path is the\n"
    "                          ready line's \"ca\")\n"
    "  --tls-key FILE          PEM private key of --tls-cert (both or neither)\n"
    "  --profile API=NAME      serve the variant NAME of dialect API (repeatable; the\n"
    "                          dialect rejects names it does not know)\n"
    "  --max-message-size N    refuse incoming messages over N bytes (after reassembly)\n"
    "                          with close code 1009 (default 1048576)\n"
    "  --log-level LEVEL       error, warn (default), info or debug; logs go to stderr\n"
    "  --list-faults           print one JSON line per fault and exit\n"
    "  --list-dialects         print one JSON line per dialect and exit\n"
    "  --help                  print this text and exit\n"
    "  --version               print the version and exit\n"
    "\n"
    "When every vhost listens, one line goes to stdout:\n"
    "  {\"ready\":true,\"ports\":{\"labgraph\":9000}}\n"
    "with \"ca\":\"/tmp/.../cert.pem\" added when a TLS vhost uses a generated certificate.\n"
    "SIGINT/SIGTERM close every connection with code 1001 and exit 0.\n"
    "Exit status: 0 normal, 1 runtime failure (e.g. a port in use), 2 usage or config error.\n";

static int cli_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return 2;
}

/* Decimal unsigned integer within [lo, hi]; rejects signs, spaces and trailing junk. */
static bool cli_uint(const char *s, unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Splits "--opt=value" and "--opt value"; returns the value or NULL when missing. */
static const char *cli_value(int argc, char **argv, int *i, const char *arg, const char *opt)
{
    size_t n = strlen(opt);
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static bool cli_is(const char *arg, const char *opt)
{
    size_t n = strlen(opt);
    return strncmp(arg, opt, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

int wsrv_cli_parse(int argc, char **argv, wsrv_cli *cli, char *err, size_t errlen)
{
    memset(cli, 0, sizeof *cli);
    cli->action = WSRV_CLI_RUN;
    cli->seed = 1;
    cli->max_message_size = WSRV_DEFAULT_MAX_MESSAGE_SIZE;
    cli->log_level = WSRV_LOG_WARN;
    cli->listen_addr = "127.0.0.1";
    for (size_t d = 0; d < WSRV_MAX_VHOSTS; d++)
        cli->port[d] = -1;
    bool any_dialect = false, any_port = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        unsigned long long n;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli->action = WSRV_CLI_HELP;
        } else if (strcmp(a, "--version") == 0) {
            cli->action = WSRV_CLI_VERSION;
        } else if (strcmp(a, "--list-faults") == 0) {
            cli->action = WSRV_CLI_LIST_FAULTS;
        } else if (strcmp(a, "--list-dialects") == 0) {
            cli->action = WSRV_CLI_LIST_DIALECTS;
        } else if (cli_is(a, "--dialect")) {
            if (!(v = cli_value(argc, argv, &i, a, "--dialect")))
                return cli_fail(err, errlen, "--dialect needs a NAME (see --list-dialects)");
            int d = wsrv_dialect_find(v);
            if (d < 0)
                return cli_fail(err, errlen, "unknown dialect \"%s\" (see --list-dialects)", v);
            cli->serve[d] = true;
            any_dialect = true;
        } else if (cli_is(a, "--ports")) {
            if (!(v = cli_value(argc, argv, &i, a, "--ports")))
                return cli_fail(err, errlen, "--ports needs the value auto");
            if (strcmp(v, "auto") != 0)
                return cli_fail(err, errlen, "--ports accepts only \"auto\", got \"%s\"", v);
            cli->ports_auto = true;
        } else if (cli_is(a, "--port")) {
            if (!(v = cli_value(argc, argv, &i, a, "--port")))
                return cli_fail(err, errlen, "--port needs NAME=PORT");
            const char *eq = strchr(v, '=');
            char name[64];
            if (!eq || (size_t)(eq - v) >= sizeof name || eq == v)
                return cli_fail(err, errlen, "--port needs NAME=PORT, got \"%s\"", v);
            memcpy(name, v, (size_t)(eq - v));
            name[eq - v] = '\0';
            int d = wsrv_dialect_find(name);
            if (d < 0)
                return cli_fail(err, errlen, "--port: unknown dialect \"%s\" (see --list-dialects)", name);
            if (!cli_uint(eq + 1, 0, 65535, &n))
                return cli_fail(err, errlen, "--port %s: PORT must be 0..65535, got \"%s\"", name, eq + 1);
            cli->port[d] = (int)n;
            any_port = true;
        } else if (cli_is(a, "--seed")) {
            if (!(v = cli_value(argc, argv, &i, a, "--seed")) || !cli_uint(v, 0, UINT64_MAX, &n))
                return cli_fail(err, errlen, "--seed needs an unsigned 64-bit integer");
            cli->seed = (uint64_t)n;
        } else if (cli_is(a, "--fault")) {
            if (!(v = cli_value(argc, argv, &i, a, "--fault")))
                return cli_fail(err, errlen, "--fault needs a NAME (see --list-faults)");
            if (!mock_fault_set_add(&cli->faults, v))
                return cli_fail(err, errlen, "unknown fault \"%s\" (see --list-faults)", v);
        } else if (cli_is(a, "--config")) {
            if (!(v = cli_value(argc, argv, &i, a, "--config")) || !*v)
                return cli_fail(err, errlen, "--config needs a FILE");
            cli->config_path = v;
        } else if (cli_is(a, "--listen")) {
            struct in_addr addr;
            if (!(v = cli_value(argc, argv, &i, a, "--listen")) || inet_pton(AF_INET, v, &addr) != 1)
                return cli_fail(err, errlen, "--listen needs an IPv4 address such as 127.0.0.1 or 0.0.0.0");
            cli->listen_addr = v;
        } else if (cli_is(a, "--tls-cert")) {
            if (!(v = cli_value(argc, argv, &i, a, "--tls-cert")) || !*v)
                return cli_fail(err, errlen, "--tls-cert needs a FILE");
            cli->tls_cert = v;
        } else if (cli_is(a, "--tls-key")) {
            if (!(v = cli_value(argc, argv, &i, a, "--tls-key")) || !*v)
                return cli_fail(err, errlen, "--tls-key needs a FILE");
            cli->tls_key = v;
        } else if (cli_is(a, "--profile")) {
            if (!(v = cli_value(argc, argv, &i, a, "--profile")))
                return cli_fail(err, errlen, "--profile needs API=NAME");
            const char *eq = strchr(v, '=');
            char name[64];
            if (!eq || eq == v || (size_t)(eq - v) >= sizeof name || !eq[1])
                return cli_fail(err, errlen, "--profile needs API=NAME, got \"%s\"", v);
            memcpy(name, v, (size_t)(eq - v));
            name[eq - v] = '\0';
            int d = wsrv_dialect_find(name);
            if (d < 0)
                return cli_fail(err, errlen, "--profile: unknown API \"%s\" (see --list-dialects)", name);
            cli->profile[d] = eq + 1;
        } else if (cli_is(a, "--max-message-size")) {
            if (!(v = cli_value(argc, argv, &i, a, "--max-message-size")) || !cli_uint(v, 1, 1ull << 31, &n))
                return cli_fail(err, errlen, "--max-message-size needs BYTES from 1 to 2147483648");
            cli->max_message_size = (size_t)n;
        } else if (cli_is(a, "--log-level")) {
            static const char *const levels[] = { "error", "warn", "info", "debug" };
            if (!(v = cli_value(argc, argv, &i, a, "--log-level")))
                return cli_fail(err, errlen, "--log-level needs error, warn, info or debug");
            size_t l = 0;
            while (l < 4 && strcmp(v, levels[l]) != 0)
                l++;
            if (l == 4)
                return cli_fail(err, errlen, "--log-level needs error, warn, info or debug, got \"%s\"", v);
            cli->log_level = (wsrv_log_level)l;
        } else {
            return cli_fail(err, errlen, "unknown argument \"%s\" (see --help)", a);
        }
    }
    if (!cli->tls_cert != !cli->tls_key)
        return cli_fail(err, errlen, "--tls-cert and --tls-key go together");
    if (cli->ports_auto && any_port)
        return cli_fail(err, errlen, "--ports auto and --port exclude each other");
    for (size_t d = 0; d < wsrv_dialect_count; d++) {
        if (!any_dialect)
            cli->serve[d] = true;
        if (cli->port[d] >= 0 && !cli->serve[d])
            return cli_fail(err, errlen, "--port names dialect \"%s\", which is not served",
                            wsrv_dialects[d]->name);
    }
    return 0;
}

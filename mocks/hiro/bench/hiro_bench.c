/* wsconf-hiro-bench: figures for HIRO's event path, in process (no sockets): jfilter
 * evaluations per second on one core for filters of growing complexity, parses per
 * second, and events per second published to 100 subscribers with 5 filters each
 * (every graph write becomes one such publish). A benchmark prints figures; it is
 * not a test. Usage: wsconf-hiro-bench [SECONDS_PER_FIGURE] (default 0.5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "hiro/hiro_event.h"
#include "hiro/hiro_jfilter.h"
#include "hiro/hiro_stream.h"

/* An UPDATE event as the stream sends it, with the ogit/ system attributes. */
static const char EVENT[] =
    "{\"id\":\"cjx1_cjy1\",\"type\":\"UPDATE\",\"timestamp\":1,\"nanotime\":1,"
    "\"body\":{\"ogit/_id\":\"cjx1_cjy1\",\"ogit/_type\":\"ogit/Question\",\"ogit/_scope\":\"s1\","
    "\"ogit/_created-on\":1764110000000,\"ogit/_modified-on\":1764110000000,\"ogit/_creator\":\"alice\","
    "\"ogit/_owner\":\"org\",\"ogit/_v\":3,\"ogit/name\":\"Hello World\",\"/n\":5,\"/tags\":[\"a\",\"b\"]},"
    "\"metadata\":{\"ogit/_modified-by\":\"alice\"}}";

static const char *const FILTERS[] = {
    "(element.ogit/_type = ogit/Question)",
    "&(element.ogit/_type=ogit/Question)(action=C*)",
    "(element.ogit/_id = *)",
    "&(|(action = GET)(action = UPDATE)(action = CREATE)(action = DELETE))(element./n>=3)",
    "!(element.ogit/name=*World*x)",
};
#define NFILTERS (sizeof FILTERS / sizeof FILTERS[0])

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static hiro_jfilter *parse_or_die(const char *text)
{
    hiro_jfilter *f = hiro_jfilter_parse(text, strlen(text), NULL);
    if (!f) {
        fprintf(stderr, "wsconf-hiro-bench: filter does not parse: %s\n", text);
        exit(1);
    }
    return f;
}

static void bench_evaluation(const cJSON *ev, double seconds)
{
    for (size_t k = 0; k < NFILTERS; k++) {
        hiro_jfilter *f = parse_or_die(FILTERS[k]);
        long n = 0, matched = 0;
        double t0 = now_s(), el;
        while ((el = now_s() - t0) < seconds) {
            for (int i = 0; i < 10000; i++)
                matched += hiro_jfilter_match(f, ev);
            n += 10000;
        }
        printf("jfilter eval   %-84s %6.2f M/s (%s)\n", FILTERS[k], (double)n / el / 1e6,
               matched ? "matches" : "no match");
        hiro_jfilter_free(f);
    }
}

static void bench_parse(double seconds)
{
    const char *text = FILTERS[3];
    long n = 0;
    double t0 = now_s(), el;
    while ((el = now_s() - t0) < seconds) {
        for (int i = 0; i < 1000; i++)
            hiro_jfilter_free(parse_or_die(text));
        n += 1000;
    }
    printf("jfilter parse  %-84s %6.2f M/s\n", text, (double)n / el / 1e6);
}

static void bench_stream(const cJSON *body, double seconds)
{
    hiro_stream *s = hiro_stream_new(1, 0);
    hiro_conn_params p = { .allscopes = true };
    for (int c = 0; c < 100; c++) {
        hiro_conn *cn = hiro_stream_join(s, &p, NULL);
        for (size_t k = 0; k < 5; k++) {
            char id[8];
            snprintf(id, sizeof id, "f%zu", k);
            hiro_status st = { 0 };
            if (!cn || hiro_stream_register(s, cn, id, "jfilter", FILTERS[(k + 1) % NFILTERS], NULL, &st) != 0) {
                fprintf(stderr, "wsconf-hiro-bench: cannot register a filter: %s\n", st.message);
                exit(1);
            }
        }
    }
    long events = 0, deliveries = 0;
    double t0 = now_s(), el;
    while ((el = now_s() - t0) < seconds) {
        hiro_deliveries d = { 0 };
        hiro_stream_publish(s, hiro_event_new(HIRO_EV_UPDATE, body, body, NULL), &d);
        deliveries += (long)d.count;
        hiro_deliveries_free(&d);
        events++;
    }
    printf("event stream   100 connections x 5 filters: %.0f events/s published, %.0f deliveries/s\n",
           (double)events / el, (double)deliveries / el);
    hiro_stream_free(s);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 0.5;
    if (!(seconds > 0 && seconds <= 60)) {
        fprintf(stderr, "usage: wsconf-hiro-bench [SECONDS_PER_FIGURE (0..60], default 0.5]\n");
        return 2;
    }
    cJSON *ev = cJSON_Parse(EVENT);
    if (!ev)
        return 1;
    bench_evaluation(ev, seconds);
    bench_parse(seconds);
    bench_stream(cJSON_GetObjectItemCaseSensitive(ev, "body"), seconds * 2);
    cJSON_Delete(ev);
    return 0;
}

/* Clock and latency figures shared by the load clients. */
#ifndef WSCONF_BENCH_STATS_H
#define WSCONF_BENCH_STATS_H

#include <stddef.h>

double bench_now(void);   /* monotonic seconds */

typedef struct {
    double *v;            /* latencies in seconds, in arrival order until sorted */
    size_t n, cap;
} bench_lat;

int bench_lat_add(bench_lat *l, double seconds);
/* The p-th percentile (0..100, nearest rank) in milliseconds; sorts the samples. 0 when empty. */
double bench_lat_ms(bench_lat *l, double p);
void bench_lat_free(bench_lat *l);

#endif

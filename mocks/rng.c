#include "rng.h"

uint64_t mock_splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t mock_fnv1a64(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    return h;
}

double mock_unit_double(uint64_t z)
{
    /* 2^53: the top 53 bits fit a double's mantissa exactly. */
    return (double)(z >> 11) / 9007199254740992.0;
}

double mock_rng_lg_value(uint64_t seed, const char *name, uint64_t batch_num,
                         uint64_t sample_index, uint64_t element_index)
{
    uint64_t z = mock_splitmix64(seed ^ mock_fnv1a64(name));
    z = mock_splitmix64(z ^ batch_num);
    z = mock_splitmix64(z ^ sample_index);
    z = mock_splitmix64(z ^ element_index);
    /* A multiple of 10^-6: its text is short and exact, and printing it needs no
     * floating-point formatting (the server's hot path). */
    return (double)((z >> 11) % 1000000u) / 1e6;
}

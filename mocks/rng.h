/* Seeded, stateless value generator shared by every mock. Each value is a pure
 * function of its inputs so that a scenario (or another process) can recompute it. */
#ifndef MOCK_RNG_H
#define MOCK_RNG_H

#include <stdint.h>

/* One splitmix64 step on x (all arithmetic wraps modulo 2^64). */
uint64_t mock_splitmix64(uint64_t x);
/* 64-bit FNV-1a hash of a NUL-terminated string. */
uint64_t mock_fnv1a64(const char *s);
/* 53 high-quality bits of z as a double in [0, 1). */
double mock_unit_double(uint64_t z);
/* The LabGraph sample element for (seed, stream name, batch_num, sample index,
 * element index): a multiple of 10^-6 in [0, 1); see mocks/README.md for the exact
 * definition. */
double mock_rng_lg_value(uint64_t seed, const char *name, uint64_t batch_num,
                         uint64_t sample_index, uint64_t element_index);

#endif

/* The fault catalogue: every deliberate deviation the reference server can be told to
 * make (--fault NAME), with the requirement id it breaks. Each API contributes one
 * table; faults.c lists the tables. */
#ifndef MOCK_FAULTS_H
#define MOCK_FAULTS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mock_fault_info {
    const char *name;        /* "labgraph.batch-num-skip" */
    const char *api;         /* "labgraph" */
    const char *breaks;      /* requirement id, as in reports/catalogue/<api>.json */
    const char *description; /* one line */
} mock_fault_info;

typedef struct mock_fault_table {
    const mock_fault_info *faults;
    size_t count;
} mock_fault_table;

/* Number of faults over all APIs; mock_fault_at(i) for i < count, in catalogue order. */
size_t mock_fault_count(void);
const mock_fault_info *mock_fault_at(size_t i);
/* The fault named exactly name, or NULL. */
const mock_fault_info *mock_fault_find(const char *name);

/* A set of active faults, by catalogue entry (pointers into the static tables). */
#define MOCK_FAULT_SET_MAX 128
typedef struct mock_fault_set {
    const mock_fault_info *active[MOCK_FAULT_SET_MAX];
    size_t count;
} mock_fault_set;

/* Adds the fault called name; false when the name is unknown (set unchanged).
 * Adding an active fault again is a no-op. */
bool mock_fault_set_add(mock_fault_set *set, const char *name);
/* True when the fault called name is active in set (set may be NULL: none active). */
bool mock_fault_active(const mock_fault_set *set, const char *name);

#endif

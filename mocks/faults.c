#include "faults.h"

#include <string.h>

#include "kinode/kn_faults.h"
#include "hanami/hn_faults.h"
#include "labgraph/lg_faults.h"
#include "trustgraph/tg_faults.h"
#include "hiro/hiro_faults.h"

/* One line per API: its fault table. */
static const mock_fault_table *const mock_fault_tables[] = {
    &mock_lg_fault_table,
    &mock_hn_fault_table,
    &mock_kn_fault_table,
    &mock_tg_fault_table,
    &mock_hiro_fault_table,
};

#define MOCK_TABLE_COUNT (sizeof mock_fault_tables / sizeof mock_fault_tables[0])

size_t mock_fault_count(void)
{
    size_t n = 0;
    for (size_t t = 0; t < MOCK_TABLE_COUNT; t++)
        n += mock_fault_tables[t]->count;
    return n;
}

const mock_fault_info *mock_fault_at(size_t i)
{
    for (size_t t = 0; t < MOCK_TABLE_COUNT; t++) {
        if (i < mock_fault_tables[t]->count)
            return &mock_fault_tables[t]->faults[i];
        i -= mock_fault_tables[t]->count;
    }
    return NULL;
}

const mock_fault_info *mock_fault_find(const char *name)
{
    size_t n = mock_fault_count();
    for (size_t i = 0; i < n; i++) {
        const mock_fault_info *f = mock_fault_at(i);
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

bool mock_fault_set_add(mock_fault_set *set, const char *name)
{
    const mock_fault_info *f = mock_fault_find(name);
    if (!f)
        return false;
    for (size_t i = 0; i < set->count; i++)
        if (set->active[i] == f)
            return true;
    if (set->count < MOCK_FAULT_SET_MAX)
        set->active[set->count++] = f;
    return true;
}

bool mock_fault_active(const mock_fault_set *set, const char *name)
{
    if (!set)
        return false;
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->active[i]->name, name) == 0)
            return true;
    return false;
}

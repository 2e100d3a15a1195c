#include "wsconf_proto.h"

#include <string.h>

const ProtobufCMessageDescriptor *wsconf_proto_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < wsconf_proto_count; i++) {
        const ProtobufCMessageDescriptor *d = wsconf_proto_all[i];
        if (strcmp(d->name, name) == 0 || strcmp(d->short_name, name) == 0)
            return d;
    }
    return NULL;
}

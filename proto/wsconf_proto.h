/* Every protobuf message compiled from the .proto files in proto/, found by name. The list is
 * generated at build time from protoc-c's output (registry.cmake). */
#ifndef WSCONF_PROTO_H
#define WSCONF_PROTO_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

/* wsconf_proto_count descriptors, NULL-terminated. */
extern const ProtobufCMessageDescriptor *const *wsconf_proto_all;
extern const size_t wsconf_proto_count;

/* The message whose name or full name (with package, if any) is name; NULL when none. */
const ProtobufCMessageDescriptor *wsconf_proto_find(const char *name);

#endif

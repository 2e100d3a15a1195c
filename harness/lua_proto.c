/* The `proto` Lua table: protobuf-c messages built from Lua tables and back, driven only
 * by the descriptors of wsconf_proto, so every message added to proto/ works without code
 * here. Messages are built with malloc'd parts and released with
 * protobuf_c_message_free_unpacked; Lua errors are raised only after everything is
 * freed, so a bad table cannot leak. */
#include "lua_proto.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "proto_text.h"
#include "runtime.h"
#include "wsconf_proto.h"

#define PROTO_MAX_DEPTH 32

typedef struct build_ctx {
    char err[256];
    int depth;
} build_ctx;

static int fail(build_ctx *c, const char *fmt, const char *a, const char *b)
{
    if (!c->err[0])
        snprintf(c->err, sizeof c->err, fmt, a, b);
    return -1;
}

static int build_message(lua_State *L, int idx, const ProtobufCMessageDescriptor *d, ProtobufCMessage **out,
                         build_ctx *c);

/* Integer value of the Lua value at idx (an integer, or a float with an integral value). */
static int to_integer(lua_State *L, int idx, const ProtobufCFieldDescriptor *f, lua_Integer *v, build_ctx *c)
{
    int ok = 0;
    if (lua_type(L, idx) == LUA_TNUMBER)
        *v = lua_tointegerx(L, idx, &ok);
    return ok ? 0 : fail(c, "field '%s': expected an integer, got %s", f->name, luaL_typename(L, idx));
}

static int enum_value(lua_State *L, int idx, const ProtobufCFieldDescriptor *f, int32_t *v, build_ctx *c)
{
    const ProtobufCEnumDescriptor *ed = f->descriptor;
    if (lua_type(L, idx) == LUA_TSTRING) {
        const char *name = lua_tostring(L, idx);
        for (unsigned i = 0; i < ed->n_values; i++)
            if (strcmp(ed->values[i].name, name) == 0) {
                *v = ed->values[i].value;
                return 0;
            }
        return fail(c, "field '%s': unknown enum value '%s'", f->name, name);
    }
    lua_Integer n;
    if (to_integer(L, idx, f, &n, c) != 0)
        return -1;
    if (n < INT32_MIN || n > INT32_MAX)
        return fail(c, "field '%s': enum value out of range%s", f->name, "");
    *v = (int32_t)n;
    return 0;
}

/* Stores the Lua value at idx into the element at p, of field f's type. */
static int store_value(lua_State *L, int idx, const ProtobufCFieldDescriptor *f, void *p, build_ctx *c)
{
    lua_Integer n;
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
        if (to_integer(L, idx, f, &n, c) != 0)
            return -1;
        if (n < INT32_MIN || n > INT32_MAX)
            return fail(c, "field '%s': value out of the int32 range%s", f->name, "");
        *(int32_t *)p = (int32_t)n;
        return 0;
    case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32:
        if (to_integer(L, idx, f, &n, c) != 0)
            return -1;
        if (n < 0 || n > (lua_Integer)UINT32_MAX)
            return fail(c, "field '%s': value out of the uint32 range%s", f->name, "");
        *(uint32_t *)p = (uint32_t)n;
        return 0;
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
        if (to_integer(L, idx, f, &n, c) != 0)
            return -1;
        *(int64_t *)p = (int64_t)n;
        return 0;
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64:
        if (to_integer(L, idx, f, &n, c) != 0)
            return -1;
        *(uint64_t *)p = (uint64_t)n;
        return 0;
    case PROTOBUF_C_TYPE_ENUM:
        return enum_value(L, idx, f, (int32_t *)p, c);
    case PROTOBUF_C_TYPE_FLOAT:
    case PROTOBUF_C_TYPE_DOUBLE:
        if (lua_type(L, idx) != LUA_TNUMBER)
            return fail(c, "field '%s': expected a number, got %s", f->name, luaL_typename(L, idx));
        if (f->type == PROTOBUF_C_TYPE_FLOAT)
            *(float *)p = (float)lua_tonumber(L, idx);
        else
            *(double *)p = (double)lua_tonumber(L, idx);
        return 0;
    case PROTOBUF_C_TYPE_BOOL:
        if (lua_type(L, idx) != LUA_TBOOLEAN)
            return fail(c, "field '%s': expected a boolean, got %s", f->name, luaL_typename(L, idx));
        *(protobuf_c_boolean *)p = lua_toboolean(L, idx);
        return 0;
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_BYTES: {
        if (lua_type(L, idx) != LUA_TSTRING)
            return fail(c, "field '%s': expected a string, got %s", f->name, luaL_typename(L, idx));
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        char *copy = malloc(len + 1);
        if (!copy)
            return fail(c, "out of memory%s%s", "", "");
        memcpy(copy, s, len);
        copy[len] = '\0';
        if (f->type == PROTOBUF_C_TYPE_STRING) {
            *(char **)p = copy;
        } else {
            ProtobufCBinaryData *bd = p;
            bd->data = (uint8_t *)copy;
            bd->len = len;
        }
        return 0;
    }
    case PROTOBUF_C_TYPE_MESSAGE:
        if (lua_type(L, idx) != LUA_TTABLE)
            return fail(c, "field '%s': expected a table, got %s", f->name, luaL_typename(L, idx));
        return build_message(L, idx, f->descriptor, (ProtobufCMessage **)p, c);
    }
    return fail(c, "field '%s': unsupported type%s", f->name, "");
}

static int store_repeated(lua_State *L, int idx, const ProtobufCFieldDescriptor *f, ProtobufCMessage *m,
                          build_ctx *c)
{
    if (lua_type(L, idx) != LUA_TTABLE)
        return fail(c, "field '%s': expected an array, got %s", f->name, luaL_typename(L, idx));
    size_t n = (size_t)lua_rawlen(L, idx);
    if (n == 0)
        return 0;
    size_t es = wsc_proto_element_size(f->type);
    char *arr = calloc(n, es);
    if (!arr)
        return fail(c, "out of memory%s%s", "", "");
    /* Attached at once, so free_unpacked releases whatever was filled so far. */
    *(void **)((char *)m + f->offset) = arr;
    size_t *count = (size_t *)((char *)m + f->quantifier_offset);
    for (size_t i = 0; i < n; i++) {
        *count = i + 1;   /* before storing: a half-built element is freed too */
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        int rc = store_value(L, lua_gettop(L), f, arr + i * es, c);
        lua_pop(L, 1);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static const ProtobufCFieldDescriptor *field_named(const ProtobufCMessageDescriptor *d, const char *name)
{
    for (unsigned i = 0; i < d->n_fields; i++)
        if (strcmp(d->fields[i].name, name) == 0)
            return &d->fields[i];
    return NULL;
}

static int store_field(lua_State *L, int vidx, const ProtobufCFieldDescriptor *f, ProtobufCMessage *m, build_ctx *c)
{
    char *member = (char *)m + f->offset;
    if (f->label == PROTOBUF_C_LABEL_REPEATED)
        return store_repeated(L, vidx, f, m, c);
    if (store_value(L, vidx, f, member, c) != 0)
        return -1;
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
        *(uint32_t *)((char *)m + f->quantifier_offset) = f->id;
    else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING &&
             f->type != PROTOBUF_C_TYPE_MESSAGE)
        *(protobuf_c_boolean *)((char *)m + f->quantifier_offset) = 1;
    return 0;
}

/* Builds a message of type d from the table at idx into *out (malloc'd, to be freed with
 * protobuf_c_message_free_unpacked even on failure when *out is set). */
static int build_message(lua_State *L, int idx, const ProtobufCMessageDescriptor *d, ProtobufCMessage **out,
                         build_ctx *c)
{
    if (++c->depth > PROTO_MAX_DEPTH)
        return fail(c, "message '%s' nested too deeply%s", d->name, "");
    ProtobufCMessage *m = malloc(d->sizeof_message);
    if (!m)
        return fail(c, "out of memory%s%s", "", "");
    d->message_init(m);
    *out = m;
    idx = lua_absindex(L, idx);
    lua_checkstack(L, 8);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            lua_pop(L, 2);
            return fail(c, "message '%s': field keys must be strings%s", d->name, "");
        }
        const char *key = lua_tostring(L, -2);
        const ProtobufCFieldDescriptor *f = field_named(d, key);
        if (!f) {
            fail(c, "message '%s' has no field '%s'", d->name, key);
            lua_pop(L, 2);
            return -1;
        }
        int rc = store_field(L, lua_gettop(L), f, m, c);
        lua_pop(L, 1);
        if (rc != 0) {
            lua_pop(L, 1);
            return -1;
        }
    }
    c->depth--;
    return 0;
}

static const ProtobufCMessageDescriptor *check_descriptor(lua_State *L, int idx)
{
    const char *name = luaL_checkstring(L, idx);
    const ProtobufCMessageDescriptor *d = wsconf_proto_find(name);
    if (!d)
        luaL_error(L, "proto: unknown message '%s'", name);
    return d;
}

/* The transcript of the scenario running on thread L, or NULL outside a scenario. The
 * scheduler keeps each scenario coroutine's wsc_sc in the thread's extra space; the main
 * thread's is cleared in wsc_lua_register_proto, and threads a script creates copy it, so
 * they read NULL (their encodes and decodes are not recorded). */
static wsc_transcript *transcript_of(lua_State *L)
{
    int main_thread = lua_pushthread(L);
    lua_pop(L, 1);
    wsc_sc *sc = main_thread ? NULL : *(wsc_sc **)lua_getextraspace(L);
    return sc && sc->state != WSC_SC_DONE ? &sc->tr : NULL;
}

/* Records in the scenario's transcript that these bytes are message m (transcript.h:
 * how frames are matched). Memory trouble only costs the tag. */
static void note_in_transcript(lua_State *L, const ProtobufCMessage *m, const char *bytes, size_t len, int sent)
{
    wsc_transcript *tr = transcript_of(L);
    if (!tr) return;
    char *text = wsc_proto_text(m, WSC_PROTO_TEXT_MAX);
    if (!text) return;
    if (sent) wsc_transcript_expect_sent(tr, bytes, len, m->descriptor->name, text);
    else wsc_transcript_tag_received(tr, bytes, len, m->descriptor->name, text);
    free(text);
}

/* proto.encode(name, table) -> bytes */
static int l_encode(lua_State *L)
{
    const ProtobufCMessageDescriptor *d = check_descriptor(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    build_ctx c = { .err = "", .depth = 0 };
    ProtobufCMessage *m = NULL;
    int rc = build_message(L, 2, d, &m, &c);
    uint8_t *buf = NULL;
    size_t len = 0;
    if (rc == 0) {
        len = protobuf_c_message_get_packed_size(m);
        buf = malloc(len ? len : 1);
        if (buf) {
            protobuf_c_message_pack(m, buf);
            note_in_transcript(L, m, (const char *)buf, len, 1);
        } else {
            snprintf(c.err, sizeof c.err, "out of memory");
        }
    }
    if (m)
        protobuf_c_message_free_unpacked(m, NULL);
    if (!buf)
        return luaL_error(L, "proto.encode(%s): %s", d->name, c.err);
    lua_pushlstring(L, (const char *)buf, len);
    free(buf);
    return 1;
}

static void push_message(lua_State *L, const ProtobufCMessage *m, int depth);

static void push_value(lua_State *L, const ProtobufCFieldDescriptor *f, const void *p, int depth)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32: case PROTOBUF_C_TYPE_SINT32: case PROTOBUF_C_TYPE_SFIXED32:
        lua_pushinteger(L, *(const int32_t *)p);
        return;
    case PROTOBUF_C_TYPE_UINT32: case PROTOBUF_C_TYPE_FIXED32:
        lua_pushinteger(L, *(const uint32_t *)p);
        return;
    case PROTOBUF_C_TYPE_INT64: case PROTOBUF_C_TYPE_SINT64: case PROTOBUF_C_TYPE_SFIXED64:
        lua_pushinteger(L, (lua_Integer) * (const int64_t *)p);
        return;
    case PROTOBUF_C_TYPE_UINT64: case PROTOBUF_C_TYPE_FIXED64:
        lua_pushinteger(L, (lua_Integer) * (const uint64_t *)p);
        return;
    case PROTOBUF_C_TYPE_ENUM: {
        int32_t v = *(const int32_t *)p;
        const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(f->descriptor, v);
        if (ev)
            lua_pushstring(L, ev->name);
        else
            lua_pushinteger(L, v);
        return;
    }
    case PROTOBUF_C_TYPE_FLOAT: lua_pushnumber(L, *(const float *)p); return;
    case PROTOBUF_C_TYPE_DOUBLE: lua_pushnumber(L, *(const double *)p); return;
    case PROTOBUF_C_TYPE_BOOL: lua_pushboolean(L, *(const protobuf_c_boolean *)p); return;
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)p;
        lua_pushstring(L, s ? s : "");
        return;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *bd = p;
        lua_pushlstring(L, bd->data ? (const char *)bd->data : "", bd->data ? bd->len : 0);
        return;
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
        if (sub)
            push_message(L, sub, depth + 1);
        else
            lua_pushnil(L);
        return;
    }
    }
    lua_pushnil(L);
}

static void push_message(lua_State *L, const ProtobufCMessage *m, int depth)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    luaL_checkstack(L, 6, "proto.decode");
    lua_createtable(L, 0, (int)d->n_fields);
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        const char *member = (const char *)m + f->offset;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
            const char *arr = *(char *const *)member;
            size_t es = wsc_proto_element_size(f->type);
            lua_createtable(L, (int)n, 0);
            for (size_t k = 0; k < n; k++) {
                push_value(L, f, arr + k * es, depth);
                lua_rawseti(L, -2, (lua_Integer)k + 1);
            }
        } else if (wsc_proto_field_present(m, f)) {
            push_value(L, f, member, depth);
        } else {
            continue;
        }
        lua_setfield(L, -2, f->name);
    }
}

/* proto.decode(name, bytes) -> table | nil, err */
static int l_decode(lua_State *L)
{
    const ProtobufCMessageDescriptor *d = check_descriptor(L, 1);
    size_t len;
    const char *data = luaL_checklstring(L, 2, &len);
    ProtobufCMessage *m = protobuf_c_message_unpack(d, NULL, len, (const uint8_t *)data);
    if (!m) {
        lua_pushnil(L);
        lua_pushfstring(L, "not a valid %s (%d bytes)", d->name, (int)(len > INT_MAX ? INT_MAX : len));
        return 2;
    }
    note_in_transcript(L, m, data, len, 0);
    push_message(L, m, 0);
    protobuf_c_message_free_unpacked(m, NULL);
    return 1;
}

/* proto.messages() -> { name, ... } */
static int l_messages(lua_State *L)
{
    lua_createtable(L, (int)wsconf_proto_count, 0);
    for (size_t i = 0; i < wsconf_proto_count; i++) {
        lua_pushstring(L, wsconf_proto_all[i]->name);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static const luaL_Reg proto_functions[] = {
    { "encode", l_encode }, { "decode", l_decode }, { "messages", l_messages }, { NULL, NULL }
};

void wsc_lua_register_proto(lua_State *L)
{
    /* Called on the main thread: see transcript_of. */
    *(wsc_sc **)lua_getextraspace(L) = NULL;
    luaL_newlib(L, proto_functions);
    lua_setglobal(L, "proto");
}

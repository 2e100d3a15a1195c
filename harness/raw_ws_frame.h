/* RFC 6455 §5.2 frames, byte for byte, for the raw WebSocket client (raw_ws.c). The
 * encoder writes exactly what it is asked, illegal combinations included (a scenario
 * probes how a target reacts to them); the decoder reads any frame header and leaves
 * the judgement of legality to the scenario. Pure, so it is unit-tested against the
 * examples of RFC 6455 §5.7. */
#ifndef WSC_RAW_WS_FRAME_H
#define WSC_RAW_WS_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* Largest frame payload the decoder accepts: a hostile target cannot make the runner
 * hold more than this for one frame. */
#define WSC_RAW_MAX_FRAME ((uint64_t)16 * 1024 * 1024)
/* Longest frame header: 2 bytes, 8 of extended length, 4 of mask key. */
#define WSC_RAW_MAX_HEAD 14

enum {
    WSC_RAW_OP_CONTINUATION = 0x0,
    WSC_RAW_OP_TEXT = 0x1,
    WSC_RAW_OP_BINARY = 0x2,
    WSC_RAW_OP_CLOSE = 0x8,
    WSC_RAW_OP_PING = 0x9,
    WSC_RAW_OP_PONG = 0xA
};

typedef struct {
    int fin;                 /* 0 or 1 */
    int rsv;                 /* RSV1..RSV3 as a 3-bit number (RSV1 = 4) */
    int opcode;              /* 0..15 */
    int masked;              /* 0 or 1 */
    unsigned char mask[4];   /* when masked */
    uint64_t len;            /* payload length */
    size_t head_len;         /* bytes of the header, payload starts there */
} wsc_raw_head;

/* Bytes a frame of len payload bytes takes (header included). */
size_t wsc_raw_frame_size(size_t len, int masked);
/* Writes the frame into out (wsc_raw_frame_size bytes): fin and rsv bits, opcode (low
 * 4 bits used), the shortest length form, the mask key when mask is not NULL and the
 * payload (masked with it). Returns the bytes written. */
size_t wsc_raw_frame_encode(unsigned char *out, int fin, int rsv, int opcode, const unsigned char mask[4],
                            const void *payload, size_t len);
/* Reads a frame header from buf: 1 with *h filled, 0 when more bytes are needed, -1 with
 * a reason in err (a 64-bit length with its top bit set, or a payload over
 * WSC_RAW_MAX_FRAME). */
int wsc_raw_frame_parse_head(const unsigned char *buf, size_t avail, wsc_raw_head *h, char *err, size_t errlen);
/* XORs data with the mask key, starting at key position offset (mod 4). */
void wsc_raw_mask(unsigned char *data, size_t len, const unsigned char mask[4], size_t offset);
/* Name of an opcode ("text", "ping", ...), or NULL for a reserved one. */
const char *wsc_raw_opcode_name(int opcode);
/* The opcode called name, or -1. */
int wsc_raw_opcode_from_name(const char *name);

#endif

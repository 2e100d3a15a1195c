/* RFC 6455 frame encoder and decoder (see raw_ws_frame.h). */
#include "raw_ws_frame.h"

#include <stdio.h>
#include <string.h>

size_t wsc_raw_frame_size(size_t len, int masked)
{
    size_t head = 2 + (len > 65535 ? 8 : len > 125 ? 2 : 0) + (masked ? 4 : 0);
    return head + len;
}

void wsc_raw_mask(unsigned char *data, size_t len, const unsigned char mask[4], size_t offset)
{
    for (size_t i = 0; i < len; i++) data[i] ^= mask[(offset + i) & 3];
}

size_t wsc_raw_frame_encode(unsigned char *out, int fin, int rsv, int opcode, const unsigned char mask[4],
                            const void *payload, size_t len)
{
    size_t n = 0;
    out[n++] = (unsigned char)((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0F));
    unsigned char mbit = mask ? 0x80 : 0;
    if (len <= 125) {
        out[n++] = (unsigned char)(mbit | len);
    } else if (len <= 65535) {
        out[n++] = (unsigned char)(mbit | 126);
        out[n++] = (unsigned char)(len >> 8);
        out[n++] = (unsigned char)len;
    } else {
        out[n++] = (unsigned char)(mbit | 127);
        uint64_t l = len;
        for (int i = 7; i >= 0; i--) out[n++] = (unsigned char)(l >> (8 * i));
    }
    if (mask) {
        memcpy(out + n, mask, 4);
        n += 4;
    }
    if (len) memcpy(out + n, payload, len);
    if (mask) wsc_raw_mask(out + n, len, mask, 0);
    return n + len;
}

int wsc_raw_frame_parse_head(const unsigned char *buf, size_t avail, wsc_raw_head *h, char *err, size_t errlen)
{
    if (avail < 2) return 0;
    memset(h, 0, sizeof *h);
    h->fin = buf[0] >> 7;
    h->rsv = (buf[0] >> 4) & 7;
    h->opcode = buf[0] & 0x0F;
    h->masked = buf[1] >> 7;
    unsigned len7 = buf[1] & 0x7F;
    size_t n = 2;
    if (len7 == 126) {
        if (avail < 4) return 0;
        h->len = ((uint64_t)buf[2] << 8) | buf[3];
        n = 4;
    } else if (len7 == 127) {
        if (avail < 10) return 0;
        if (buf[2] & 0x80) {
            snprintf(err, errlen, "frame length has its most significant bit set (RFC 6455 §5.2)");
            return -1;
        }
        for (int i = 0; i < 8; i++) h->len = (h->len << 8) | buf[2 + i];
        n = 10;
    } else {
        h->len = len7;
    }
    if (h->len > WSC_RAW_MAX_FRAME) {
        snprintf(err, errlen, "frame of %llu bytes is over the runner's %llu-byte limit", (unsigned long long)h->len,
                 (unsigned long long)WSC_RAW_MAX_FRAME);
        return -1;
    }
    if (h->masked) {
        if (avail < n + 4) return 0;
        memcpy(h->mask, buf + n, 4);
        n += 4;
    }
    h->head_len = n;
    return 1;
}

static const char *const names[16] = {
    [WSC_RAW_OP_CONTINUATION] = "continuation", [WSC_RAW_OP_TEXT] = "text", [WSC_RAW_OP_BINARY] = "binary",
    [WSC_RAW_OP_CLOSE] = "close", [WSC_RAW_OP_PING] = "ping", [WSC_RAW_OP_PONG] = "pong",
};

const char *wsc_raw_opcode_name(int opcode)
{
    return opcode >= 0 && opcode < 16 ? names[opcode] : NULL;
}

int wsc_raw_opcode_from_name(const char *name)
{
    for (int i = 0; i < 16; i++)
        if (names[i] && strcmp(names[i], name) == 0) return i;
    return -1;
}

#include "kn_b64url.h"

static const char kn_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t kn_b64url_encoded_len(size_t n)
{
    return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
}

void kn_b64url_encode(const void *data, size_t n, char *out)
{
    const unsigned char *p = data;
    size_t o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];
        out[o++] = kn_alphabet[v >> 18 & 63];
        out[o++] = kn_alphabet[v >> 12 & 63];
        out[o++] = kn_alphabet[v >> 6 & 63];
        out[o++] = kn_alphabet[v & 63];
    }
    if (n - i == 1) {
        unsigned long v = (unsigned long)p[i] << 16;
        out[o++] = kn_alphabet[v >> 18 & 63];
        out[o++] = kn_alphabet[v >> 12 & 63];
    } else if (n - i == 2) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
        out[o++] = kn_alphabet[v >> 18 & 63];
        out[o++] = kn_alphabet[v >> 12 & 63];
        out[o++] = kn_alphabet[v >> 6 & 63];
    }
    out[o] = '\0';
}

static int kn_b64url_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

bool kn_b64url_decode(const char *s, size_t len, unsigned char *out, size_t *outlen)
{
    if (len % 4 == 1)
        return false;
    unsigned long acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int v = kn_b64url_value(s[i]);
        if (v < 0)
            return false;
        acc = (acc << 6 | (unsigned long)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits & 0xff);
        }
    }
    *outlen = o;
    return true;
}

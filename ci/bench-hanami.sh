#!/usr/bin/env bash
# Hanami upload benchmark (a figure, not a test): 256 MiB in 128 KiB FileUpload_Messages
# through the runner (wsconf, one socket, 16 messages in flight, every reply read) against
# the bundled server, and beside it a raw loopback TCP copy of the same bytes measured in
# the same run. Uses the default build (ci/build.sh default) unless WSCONF_BIN names a
# folder holding wsconf and wsconf-server.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${WSCONF_BIN:-}" ]; then
  bash ci/setup-deps.sh >/dev/null
  bash ci/build.sh default >/dev/null
  WSCONF_BIN=build/default/bin
fi
size_mib=${BENCH_MIB:-256}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The upload through the runner. The scenario writes the bytes it sent (for the raw copy)
# and its figure to files in $work.
cat >"$work/bench_upload.lua" <<LUA
scenario {
  id = "hanami.bench.upload",
  title = "upload ${size_mib} MiB in 128 KiB chunks",
  covers = { "hanami.upload.response" },
  timeout = 600,
  run = function(t)
    local req, chunk, size = "hanami.upload.response", 131072, ${size_mib} * 1024 * 1024
    local data = crypto.seeded_bytes(t.seed, "hanami.bench", size)
    local f = assert(io.open("$work/data.bin", "wb")); f:write(data); f:close()
    local tok = t:http("hanami", { method = "POST", path = "/v1/token",
      json = { id = "wsconf_admin", password = "wsconf-password" } }).json.token
    local c = t:http("hanami", { method = "POST", path = "/v1/csv/dataset", headers = { ["X-Auth-Token"] = tok },
      json = { name = "bench", input_data_size = size } }).json
    local ws = t:connect("hanami")
    ws:send_text(json.encode({ token = tok, uuid = c.uuid_input_file, target = "file_upload" }))
    local _, init = ws:expect{ binary = true, within = 5, req = req }
    t:require(req, json.decode(init.data).success == true, "init accepted")
    local n, sent, done, ok, window = size // chunk, 0, 0, 0, ${BENCH_WINDOW:-16}
    local t0 = t:now()
    while done < n do
      while sent < n and sent - done < window do
        local p = sent * chunk
        ws:send_binary(proto.encode("FileUpload_Message", { position = p, data = data:sub(p + 1, p + chunk) }))
        sent = sent + 1
      end
      local _, fr = ws:expect{ binary = true, within = 30, req = req }
      if proto.decode("FileUploadResponse_Message", fr.data).success then ok = ok + 1 end
      done = done + 1
    end
    local secs = t:now() - t0
    t:equal(req, ok, n, "every chunk answered success=true")
    local p = t:http("hanami", { path = "/v1/dataset/progress?uuid=" .. c.uuid, headers = { ["X-Auth-Token"] = tok } })
    t:equal(req, p.json and p.json.complete, true, "progress complete")
    local out = assert(io.open("$work/ws.txt", "w"))
    out:write(string.format("%.3f %.1f\n", secs, size / secs / 1048576)); out:close()
  end,
}
LUA

# The raw copy: one loopback TCP connection, the file written in 128 KiB writes and read
# to the end on the other side.
cat >"$work/tcpcopy.c" <<'C'
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
    FILE *f = fopen(argv[1], "rb");
    if (!f || argc < 2) return 2;
    fseek(f, 0, SEEK_END); long size = ftell(f); fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) return 2;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof a;
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1) || getsockname(ls, (struct sockaddr *)&a, &al)) return 2;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(s, (struct sockaddr *)&a, sizeof a)) _exit(2);
        for (long off = 0; off < size;) {
            long n = size - off < 131072 ? size - off : 131072;
            ssize_t w = write(s, buf + off, (size_t)n);
            if (w <= 0) _exit(2);
            off += w;
        }
        close(s);
        _exit(0);
    }
    int c = accept(ls, NULL, NULL);
    char *in = malloc(1 << 20);
    long got = 0;
    for (ssize_t r; (r = read(c, in, 1 << 20)) > 0;) got += r;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    waitpid(pid, NULL, 0);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (got != size) return 3;
    printf("%.3f %.1f\n", secs, (double)size / secs / 1048576.0);
    return 0;
}
C
cc -O2 -o "$work/tcpcopy" "$work/tcpcopy.c"

"$WSCONF_BIN/wsconf" run --timeout 600 --out "$work/out" "$work/bench_upload.lua" >"$work/run.log" || {
  cat "$work/run.log"; exit 1; }
read -r ws_s ws_mibs <"$work/ws.txt"
read -r raw_s raw_mibs < <("$work/tcpcopy" "$work/data.bin")
echo "== Hanami upload, ${size_mib} MiB in 128 KiB chunks (16 in flight)"
echo "runner -> wsconf-server (WebSocket + protobuf + temp file): ${ws_s} s, ${ws_mibs} MiB/s"
echo "raw loopback TCP copy of the same bytes:                   ${raw_s} s, ${raw_mibs} MiB/s"
awk -v a="$ws_mibs" -v b="$raw_mibs" 'BEGIN { printf "ratio: %.1f %% of raw\n", 100 * a / b }'

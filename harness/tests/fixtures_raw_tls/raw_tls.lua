-- t:raw_ws over wss:// against the TLS peer of peer_server.c (route /ws).
local R = "labgraph.start.event"

scenario {
  id = "labgraph.rawtls.ping-close", title = "raw frames over TLS: Ping answered, Close answered, TCP ends",
  covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/ws" })
    t:equal(R, { r.status, r.accept_ok }, { 101, true }, "upgraded over TLS")
    r:send_frame{ opcode = "ping", payload = "over tls" }
    local p = r:recv_frame(2000)
    t:equal(R, { p.kind, p.payload }, { "pong", "over tls" }, "the Pong came back through TLS")
    r:send_frame{ opcode = "binary", payload = string.rep("z", 70000) }
    r:send_frame{ opcode = "close", close_code = 4001, reason = "bye" }
    local c
    repeat c = r:recv_frame(2000) until not c or c.kind == "close"
    t:equal(R, c and c.close_code, 4001, "the peer answered the Close with its code")
    t:check(R, r:wait_closed(2000), "the TLS connection ended")
  end,
}

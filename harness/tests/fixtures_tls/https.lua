-- https:// and wss:// against the TLS test peer; the target is wss://, so t:http maps it
-- to https://.
local R = "labgraph.start.event"
local MiB = 1024 * 1024

scenario {
  id = "labgraph.tls.http", title = "https GET and 8 MiB both ways", covers = { R }, timeout = 30,
  run = function(t)
    local res = t:http("labgraph", { path = "/echo?tls=1" })
    t:equal(R, res.status, 200, "status")
    t:equal(R, res.json.target, "/echo?tls=1", "target")
    local up = crypto.seeded_bytes(t.seed, "tls-up", 8 * MiB + 5)
    local echo = t:http("labgraph", { method = "POST", path = "/echo", body = up, within = 20 })
    t:equal(R, echo.json.body_sha256, crypto.hex(crypto.sha256(up)), "upload over TLS")
    local down = t:http("labgraph", { path = "/big?n=" .. (8 * MiB + 7), within = 20 })
    t:check(R, down.body == crypto.seeded_bytes(1, "big", 8 * MiB + 7), "download over TLS")
  end,
}

scenario {
  id = "labgraph.tls.wss", title = "wss ping", covers = { R },
  run = function(t)
    local ws = t:connect("labgraph", { path = "/ws" })
    ws:ping("tls")
    local v = ws:expect{ kind = "pong" }
    t:equal(R, v, "tls", "pong over TLS")
  end,
}

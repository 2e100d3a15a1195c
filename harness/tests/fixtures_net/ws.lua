-- Ping/Pong, fragments and matcher kinds against the test peer.
local R = "labgraph.start.event"

scenario {
  id = "labgraph.net.ping-pong", title = "ws:ping gets a pong frame", covers = { R },
  run = function(t)
    local ws = t:connect("labgraph", { path = "/ws" })
    ws:ping("p1")
    -- A pong satisfies neither an unspecific matcher nor a json one.
    t:check(R, ws:expect_none{ within = 0.3 }, "pong is not a data frame")
    local v, f = ws:expect{ kind = "pong", within = 2 }
    t:equal(R, v, "p1", "pong payload")
    t:equal(R, f.kind, "pong", "frame kind")
    ws:ping()
    ws:send_text("after")
    local e = ws:expect{ json = { echo = "after" } }
    t:equal(R, e.frames, 1, "one frame")
    local _, p = ws:expect{ kind = "pong" }
    t:equal(R, p.data, "", "empty pong")
    t:check(R, not pcall(ws.ping, ws, string.rep("x", 126)), "126-byte ping refused")
    t:check(R, not pcall(ws.expect, ws, { kind = "pang" }), "unknown kind refused")
  end,
}

scenario {
  id = "labgraph.net.fragments", title = "send_fragments and received fragment counts", covers = { R },
  run = function(t)
    local ws = t:connect("labgraph", { path = "/ws" })
    ws:send_fragments({ "a", "b", "c" })
    local e = ws:expect{ json = { echo = "abc" } }
    t:equal(R, e.frames, 3, "the peer saw three frames")
    ws:send_fragments({ "xy", "z" }, true)
    e = ws:expect{ json = { binary = true } }
    t:equal(R, { e.frames, e.len }, { 2, 3 }, "binary in two frames")
    ws:send_fragments({ "solo" })
    e = ws:expect{ json = { echo = "solo" } }
    t:equal(R, e.frames, 1, "one part is one frame")
    ws:send_text("fragments")
    local v, f = ws:expect{ text = "abcdef", kind = "text" }
    t:equal(R, v, "abcdef", "reassembled")
    t:equal(R, f.fragments, 3, "arrived in three frames")
    ws:send_text("fragments-empty")
    v, f = ws:expect{ binary = true }
    t:equal(R, { v, f.fragments }, { "xy", 3 }, "empty frames count too")
    t:check(R, not pcall(ws.send_fragments, ws, {}), "empty list refused")
  end,
}

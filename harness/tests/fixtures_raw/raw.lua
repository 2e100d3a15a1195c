-- t:raw_ws against the peer of test_raw_ws_net.c (each route sends exact bytes).
local R = "labgraph.start.event"

scenario {
  id = "labgraph.raw.script", title = "partial reads, fragments, a Ping between them, 126/127 lengths, a masked frame, Close",
  covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/script", version = 8 })
    t:equal(R, r.status, 101, "upgraded")
    t:equal(R, r.upgraded, true, "upgraded flag")
    t:equal(R, r.accept_ok, true, "accept checked")
    t:equal(R, r.headers["x-version-seen"], "8", "the version header was sent as asked")
    local m = r:recv_message(2000)   -- the Ping arrives before the message's last fragment
    t:equal(R, { m.kind, m.payload }, { "ping", "mid" }, "the control frame between fragments comes first")
    local hello = r:recv_message(2000)
    t:equal(R, { hello.kind, hello.payload, hello.fragments, hello.fin }, { "text", "Hello", 3, true },
            "fragments joined, the first header split over writes")
    local b = r:recv_frame(2000)
    local want = {}
    for i = 0, 255 do want[#want + 1] = string.char(i) end
    t:equal(R, { b.kind, b.length }, { "binary", 256 }, "256 bytes (16-bit length)")
    t:check(R, b.payload == table.concat(want), "256-byte payload exact")
    local big = r:recv_message(2000)
    t:equal(R, { big.kind, big.length, big.fragments }, { "binary", 70000, 1 }, "70000 bytes (64-bit length)")
    t:equal(R, { big.payload:byte(1), big.payload:byte(70000) }, { 0, (69999 * 7) % 256 }, "big payload ends")
    local mk = r:recv_frame(2000)
    t:equal(R, { mk.masked, mk.payload }, { true, "masked by the server" }, "a masked server frame is reported and unmasked")
    local c = r:recv_frame(2000)
    t:equal(R, { c.kind, c.close_code, c.reason, c.length }, { "close", 1000, "done", 6 }, "Close with code and reason")
    t:equal(R, r:wait_closed(2000), true, "the peer ended TCP")
    t:equal(R, r.peer_closed, true, "peer_closed")
    local none, why = r:recv_frame(100)
    t:check(R, none == nil and why == "closed", "nothing more: closed", { expected = "closed", received = why })
  end,
}

scenario {
  id = "labgraph.raw.close-at-once", title = "a Close that arrives together with the end of TCP is handed out before 'closed'",
  covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/close-at-once" })
    -- recv_frame waits from before they arrive: the Close and the end of TCP come in one read
    local c, why = r:recv_frame(2000)
    t:equal(R, c and { c.kind, c.close_code }, { "close", 1000 }, "the Close first", { received = why })
    local none, after = r:recv_frame(100)
    t:check(R, none == nil and after == "closed", "then closed", { expected = "closed", received = after })
  end,
}

scenario {
  id = "labgraph.raw.frames", title = "recv_frame hands out fragments one by one", covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/script" })
    local got = {}
    for _ = 1, 4 do
      local f = r:recv_frame(2000)
      got[#got + 1] = { f.kind, f.fin, f.payload }
    end
    t:equal(R, got, { { "text", false, "Hel" }, { "continuation", false, "l" }, { "ping", true, "mid" },
                      { "continuation", true, "o" } }, "frames as sent")
  end,
}

scenario {
  id = "labgraph.raw.wire", title = "what send_frame puts on the wire", covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/report", protocols = { "a", "b" }, headers = { ["X-Test"] = "1" } })
    local function report()
      local f = r:recv_frame(2000)
      return f and f.payload
    end
    r:send_frame{ opcode = "text", payload = "Hello", mask_key = "\55\250\33\61" }
    t:equal(R, report(), "op=1 fin=1 rsv=0 masked=1 len=5 head=6 payload=48656c6c6f", "masked text (key given)")
    r:send_frame{ opcode = "ping", payload = "hi", mask = false }
    t:equal(R, report(), "op=9 fin=1 rsv=0 masked=0 len=2 head=2 payload=6869", "unmasked ping")
    r:send_frame{ opcode = 3, payload = "", fin = false, rsv = 4 }
    t:equal(R, report(), "op=3 fin=0 rsv=4 masked=1 len=0 head=6 payload=", "reserved opcode, no FIN, RSV1")
    r:send_frame{ opcode = "binary", payload = string.rep("\1", 300) }
    t:equal(R, report(), "op=2 fin=1 rsv=0 masked=1 len=300 head=8 payload=0101010101010101", "16-bit length")
    r:send_frame{ opcode = "binary", payload = string.rep("\2", 65536) }
    t:equal(R, report(), "op=2 fin=1 rsv=0 masked=1 len=65536 head=14 payload=0202020202020202", "64-bit length")
    local frame = "\x89\x82\1\2\3\4" .. string.char(("h"):byte() ~ 1, ("i"):byte() ~ 2)
    t:equal(R, r:send_bytes(frame:sub(1, 3)), true, "the first bytes written")
    r:send_bytes(frame:sub(4))
    t:equal(R, report(), "op=9 fin=1 rsv=0 masked=1 len=2 head=6 payload=6869", "a frame written as bytes in two pieces")
    t:equal(R, r:send_frames{ { opcode = "text", payload = "one", mask = false }, { opcode = "binary", payload = "2" } }, true,
            "send_frames reports the write")
    t:equal(R, { report(), report() }, { "op=1 fin=1 rsv=0 masked=0 len=3 head=2 payload=6f6e65",
                                        "op=2 fin=1 rsv=0 masked=1 len=1 head=6 payload=32" }, "send_frames: both frames, in order")
    t:equal(R, r:send_frame{ opcode = "close", close_code = 4001, reason = "bye" }, true, "send_frame reports the write")
    t:equal(R, report(), "op=8 fin=1 rsv=0 masked=1 len=5 head=6 payload=0fa1627965", "Close 4001 bye")
    local c = r:recv_frame(2000)
    t:equal(R, { c.kind, c.length, c.close_code }, { "close", 0, nil }, "the answer: Close without payload")
  end,
}

scenario {
  id = "labgraph.raw.refused", title = "a refused upgrade returns status, headers and body; a wrong Accept is an error or visible",
  covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/refuse" })
    t:equal(R, { r.upgraded, r.status, r.reason, r.body, r.headers["x-why"] }, { false, 404, "Not Found", "nope", "test" },
            "refusal")
    local bad, err = t:try_raw_ws("labgraph", { path = "/bad-accept" })
    t:check(R, bad == nil and err.message:find("Sec-WebSocket-Accept is AAAA", 1, true) ~= nil, "bad accept refused",
            { received = err and err.message })
    local seen = t:raw_ws("labgraph", { path = "/bad-accept", check_accept = false })
    t:equal(R, { seen.upgraded, seen.accept_ok }, { true, false }, "bad accept visible with check_accept = false")
    local none, e2 = t:try_raw_ws("ws://127.0.0.1:1/", {})
    t:check(R, none == nil and e2.message:find("connect", 1, true) ~= nil, "connection refused reported",
            { received = e2 and e2.message })
    local s = t:raw_ws("labgraph", { path = "/silent" })
    local quiet, why = s:recv_frame(100)
    t:check(R, quiet == nil and why == "timeout", "silence is a timeout", { expected = "timeout", received = why })
    s:close_tcp()
  end,
}

scenario {
  id = "labgraph.raw.hostile", title = "a 2^40-byte frame length is refused without allocating it", covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/hostile" })
    local f, why = r:recv_frame(2000)
    t:check(R, f == nil and why:find("limit", 1, true) ~= nil, "over the limit", { received = why })
    local again, why2 = r:recv_frame(100)
    t:check(R, again == nil and why2 ~= "timeout", "stays failed", { received = why2 })
  end,
}

scenario {
  id = "labgraph.raw.misuse", title = "a bad opcode is a script error with file:line", covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/silent" })
    t:check(R, true, "opened")
    r:send_frame{ opcode = 16 }
  end,
}

scenario {
  id = "labgraph.raw.after-drop", title = "sending after close_tcp is a script error", covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/silent" })
    t:check(R, true, "opened")
    r:close_tcp()
    r:send_frame{ opcode = "text", payload = "x" }
  end,
}

scenario {
  id = "labgraph.raw.transcript", title = "raw frames appear in the transcript", covers = { R },
  run = function(t)
    local r = t:raw_ws("labgraph", { path = "/report" })
    r:send_frame{ opcode = "ping", payload = "hi", mask = false }
    r:recv_frame(2000)
    r:send_frame{ opcode = "close", close_code = 4001, reason = "bye" }
    r:recv_frame(2000)
    t:check(R, false, "show the transcript")
  end,
}

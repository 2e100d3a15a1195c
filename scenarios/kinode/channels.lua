-- Path-bound channels: what the process sees, what it pushes, how it closes.
local kn = require("kinode")

scenario {
  id = "kinode.channel.silent-open",
  title = "After the upgrade nothing arrives until the process pushes; WebSocketOpen carries the relative path",
  covers = { "kinode.path.silent-open", "kinode.process.open-path" },
  run = function(t)
    local ws = kn.open(t, "kinode.path.silent-open", kn.PUBLIC_PATH)
    ws:expect_none{ within = 0.5, req = "kinode.path.silent-open", what = "a frame before any request" }
    local info = kn.info(ws, "kinode.process.open-path")
    t:equal("kinode.process.open-path", info.path, "/public", "the public binding is /public for the process")
    local ev = kn.events(ws, "kinode.process.open-path")
    t:equal("kinode.process.open-path", ev[1], { WebSocketOpen = { path = "/public", channel_id = info.channel_id } },
            "the first event is WebSocketOpen{path, channel_id}")
    ws:close(1000)
    local root = kn.open(t, "kinode.process.open-path", kn.ECHO_PATH, { cookies = kn.cookies() })
    t:equal("kinode.process.open-path", kn.info(root, "kinode.process.open-path").path, "/",
            "a root binding is \"/\" for the process")
    root:close(1000)
  end,
}

scenario {
  id = "kinode.channel.message-types",
  title = "Client text reaches the process as Text, binary as Binary, bytes unchanged, and each is echoed with its type",
  covers = { "kinode.push.message-type", "kinode.push.frame-type" },
  run = function(t)
    local ws = kn.open(t, "kinode.push.message-type", kn.PUBLIC_PATH)
    ws:send_text("t\226\130\172")
    ws:send_binary("\0\1\255")
    local _, f1 = ws:expect{ req = "kinode.push.frame-type", match = function(_, f) return f.data == "t\226\130\172" end }
    local _, f2 = ws:expect{ req = "kinode.push.frame-type", match = function(_, f) return f.data == "\0\1\255" end }
    t:equal("kinode.push.frame-type", f1.kind, "text", "a Text push arrives as a text frame")
    t:equal("kinode.push.frame-type", f2.kind, "binary", "a Binary push arrives as a binary frame")
    local p = kn.pushes(kn.events(ws, "kinode.push.message-type"))
    t:equal("kinode.push.message-type", p[1], { type = "Text", hex = crypto.hex("t\226\130\172"), len = 4 },
            "text frame -> message_type Text, same bytes")
    t:equal("kinode.push.message-type", p[2], { type = "Binary", hex = "0001ff", len = 3 },
            "binary frame -> message_type Binary, same bytes")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.channel.push-types",
  title = "Process pushes: Text as text, Binary as binary, invalid UTF-8 in Text replaced by U+FFFD",
  covers = { "kinode.push.frame-type", "kinode.push.lossy-utf8" },
  run = function(t)
    local ws = kn.open(t, "kinode.push.frame-type", kn.PUBLIC_PATH)
    ws:send_json{ cmd = "push", type = "Text", hex = crypto.hex("hi") }
    local _, a = ws:expect{ req = "kinode.push.frame-type", match = function(_, f) return f.data == "hi" end }
    t:equal("kinode.push.frame-type", a.kind, "text", "Text push -> text frame")
    ws:send_json{ cmd = "push", type = "Binary", hex = "00ff41" }
    local _, b = ws:expect{ req = "kinode.push.frame-type", match = function(_, f) return f.data == "\0\255A" end }
    t:equal("kinode.push.frame-type", b.kind, "binary", "Binary push -> binary frame, bytes unchanged")
    ws:send_json{ cmd = "push", type = "Text", hex = "61ff62e2827a" }
    local _, c = ws:expect{ req = "kinode.push.lossy-utf8", what = "the Text push with invalid UTF-8",
                            match = function(_, f) return f.data:sub(1, 1) == "a" end }
    t:equal("kinode.push.lossy-utf8", c.data, "a\239\191\189b\239\191\189z",
            "61 FF 62 E2 82 7A arrives as a U+FFFD b U+FFFD z")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.channel.ping-limit",
  title = "A Ping push over 125 bytes is refused with WsPingPongTooLong; one of 125 bytes is not; a Pong push arrives as a Pong frame",
  covers = { "kinode.push.ping-limit" },
  run = function(t)
    local ws = kn.open(t, "kinode.push.ping-limit", kn.PUBLIC_PATH)
    ws:send_json{ cmd = "ping", data = string.rep("p", 125) }
    t:check("kinode.push.ping-limit", not kn.has_error(kn.events(ws, "kinode.push.ping-limit"), "WsPingPongTooLong"),
            "a 125-byte Ping is accepted")
    ws:send_json{ cmd = "ping", data = string.rep("p", 126) }
    t:check("kinode.push.ping-limit", kn.has_error(kn.events(ws, "kinode.push.ping-limit"), "WsPingPongTooLong"),
            "a 126-byte Ping is refused with WsPingPongTooLong")
    ws:send_text("alive")
    ws:expect{ text = "alive", req = "kinode.push.ping-limit", what = "the echo after the refused Ping" }
    ws:send_json{ cmd = "push", type = "Pong", hex = crypto.hex("hi") }
    ws:expect{ kind = "pong", req = "kinode.push.ping-limit", what = "the pushed Pong frame with payload \"hi\"",
               match = function(_, f) return f.data == "hi" end }
    ws:send_json{ cmd = "push", type = "Pong", hex = string.rep("70", 126) }
    local refusals = 0
    for _, e in ipairs(kn.events(ws, "kinode.push.ping-limit")) do
      if e.Err == "WsPingPongTooLong" then refusals = refusals + 1 end
    end
    t:equal("kinode.push.ping-limit", refusals, 2, "the 126-byte Ping and the 126-byte Pong push are both refused")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.channel.unknown-channel",
  title = "A push to a channel that does not exist reaches nobody; the process gets WsChannelNotFound",
  covers = { "kinode.push.unknown-channel" },
  run = function(t)
    local ws = kn.open(t, "kinode.push.unknown-channel", kn.PUBLIC_PATH)
    local id = kn.info(ws, "kinode.push.unknown-channel").channel_id
    -- ids are random u32s: the neighbour of ours is not open
    ws:send_json{ cmd = "push", type = "Text", hex = crypto.hex("stray"), channel_id = (id + 1) % 4294967296 }
    ws:expect_none{ within = 0.3, req = "kinode.push.unknown-channel", what = "the stray push" }
    t:check("kinode.push.unknown-channel", kn.has_error(kn.events(ws, "kinode.push.unknown-channel"), "WsChannelNotFound"),
            "the process was told WsChannelNotFound")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.channel.process-close",
  title = "A process-initiated close arrives as a Close frame without status",
  covers = { "kinode.close.process" },
  run = function(t)
    local ws = kn.open(t, "kinode.close.process", kn.PUBLIC_PATH)
    ws:send_json{ cmd = "close" }
    local code, reason = ws:expect_close{ code = 1005, req = "kinode.close.process" }
    t:equal("kinode.close.process", reason or "", "", "no reason")
    t:check("kinode.close.process", code == 1005, "code 1005 (no status)")
  end,
}

scenario {
  id = "kinode.channel.distinct",
  title = "Two clients on one path get different channel_ids and see only their own echoes",
  covers = { "kinode.channel.distinct" },
  run = function(t)
    local a = kn.open(t, "kinode.channel.distinct", kn.PUBLIC_PATH)
    local b = kn.open(t, "kinode.channel.distinct", kn.PUBLIC_PATH)
    local ia, ib = kn.info(a, "kinode.channel.distinct"), kn.info(b, "kinode.channel.distinct")
    t:check("kinode.channel.distinct", ia.channel_id ~= ib.channel_id, "different channel_ids",
            { expected = "two ids", received = { ia.channel_id, ib.channel_id } })
    b:send_text("for b")
    b:expect{ text = "for b", req = "kinode.channel.distinct", what = "b's own echo" }
    a:send_text("for a")
    a:expect{ text = "for a", req = "kinode.channel.distinct", what = "a's own echo" }
    a:expect_none{ within = 0.3, req = "kinode.channel.distinct", what = "b's frames on a" }
    b:expect_none{ within = 0.1, req = "kinode.channel.distinct", what = "a's frames on b" }
    a:close(1000)
    b:close(1000)
  end,
}

scenario {
  id = "kinode.channel.order",
  title = "Twenty messages come back from the echo process in the order sent",
  covers = { "kinode.order" },
  run = function(t)
    local ws = kn.open(t, "kinode.order", kn.PUBLIC_PATH)
    local sent = {}
    for i = 1, 20 do
      sent[i] = "m" .. i
      if i % 2 == 0 then ws:send_binary(sent[i]) else ws:send_text(sent[i]) end
    end
    local _, frames = ws:collect{ count = 20, req = "kinode.order", within = 3 }
    local got = {}
    for i, f in ipairs(frames) do got[i] = f.data end
    t:equal("kinode.order", got, sent, "echoes in the order sent")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.channel.invalid-utf8",
  title = "A client text frame that is not UTF-8 ends the connection without status",
  covers = { "kinode.robust.invalid-utf8" },
  run = function(t)
    local ws = kn.open(t, "kinode.robust.invalid-utf8", kn.PUBLIC_PATH)
    ws:send_text("bad \255 text")
    ws:expect_none{ within = 0.5, req = "kinode.robust.invalid-utf8", what = "an echo of the invalid text" }
    ws:expect_close{ code = 1005, req = "kinode.robust.invalid-utf8" }
  end,
}

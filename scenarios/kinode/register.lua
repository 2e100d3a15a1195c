-- The register flow of the document: connect to "/", send WsRegister as text or bytes.
local kn = require("kinode")

local function check_reply(t, v, f)
  t:check("kinode.reg.channel-id-reply", f.kind == "text", "the reply is a text frame",
          { expected = "text", received = f.kind })
  local id = v.channel_id
  t:check("kinode.reg.channel-id-reply", math.type(id) == "integer" and id >= 0 and id <= 4294967295,
          "channel_id is an unsigned 32-bit integer", { expected = "0..4294967295", received = id })
  t:equal("kinode.reg.channel-id-reply", f.data, '{"channel_id":' .. tostring(id) .. '}',
          "the reply is exactly {\"channel_id\":N}")
end

for _, mode in ipairs{ "text", "binary" } do
  scenario {
    id = "kinode.reg.register-" .. mode,
    title = "WsRegister as a " .. mode .. " frame on / is answered by exactly one text frame {\"channel_id\":N}",
    covers = { "kinode.reg.endpoint", "kinode.reg.text-or-binary", "kinode.reg.channel-id-reply" },
    run = function(t)
      local ws = kn.register(t, nil, mode == "binary")
      local v, f = ws:expect(kn.channel_reply("kinode.reg.text-or-binary"))
      t:check("kinode.reg.text-or-binary", not ws.closed, "the channel stays open after registering")
      check_reply(t, v, f)
      ws:expect_none{ within = 0.3, req = "kinode.reg.channel-id-reply", what = "a second frame after the reply" }
      ws:close(1000)
    end,
  }
end

scenario {
  id = "kinode.reg.forward",
  title = "After registering with the echo process every frame reaches it, as Binary; a second WsRegister is data",
  covers = { "kinode.reg.endpoint", "kinode.reg.forward", "kinode.reg.forward-binary" },
  run = function(t)
    local ws = kn.register(t)
    ws:expect(kn.channel_reply("kinode.reg.forward"))
    ws:send_text("hello")
    local _, f = ws:expect{ req = "kinode.reg.forward", what = "the echo of \"hello\"",
                            match = function(_, fr) return fr.data == "hello" end }
    t:equal("kinode.reg.forward-binary", f.kind, "binary",
            "a text frame reached the process as Binary (echoed with that type)")
    local again = kn.register_text()
    ws:send_binary(again)
    local _, g = ws:expect{ req = "kinode.reg.forward", what = "the second WsRegister echoed as data",
                            match = function(_, fr) return fr.data == again end }
    t:equal("kinode.reg.forward", g.kind, "binary", "the second WsRegister is forwarded, not answered")
    local pushes = kn.pushes(kn.events(ws, "kinode.reg.forward"))
    t:equal("kinode.reg.forward-binary", pushes[1], { type = "Binary", hex = crypto.hex("hello"), len = 5 },
            "the process saw \"hello\" as a Binary push")
    t:equal("kinode.reg.forward", #pushes, 3, "three pushes so far: hello, the second WsRegister, the events command")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.reg.lenient-fields",
  title = "Extra keys are ignored; encrypted must be a boolean and present",
  covers = { "kinode.reg.endpoint", "kinode.reg.fields", "kinode.reg.refusal-close" },
  run = function(t)
    local ws = kn.register(t, { channel_id = 7, note = "extra", nested = { a = json.array{ 1, 2 } } })
    ws:expect(kn.channel_reply("kinode.reg.fields"))
    ws:close(1000)
    local missing = kn.register(t, { encrypted = json.absent })
    kn.expect_refused(missing, "kinode.reg.fields")
    local stringly = kn.register(t, { encrypted = "false" })
    kn.expect_refused(stringly, "kinode.reg.fields")
    local null_token = kn.register(t, { auth_token = json.null })
    kn.expect_refused(null_token, "kinode.reg.fields")
  end,
}

scenario {
  id = "kinode.reg.encrypted-true",
  title = "\"encrypted\": true registers and the channel stays plaintext",
  covers = { "kinode.reg.endpoint", "kinode.reg.encrypted-ignored" },
  run = function(t)
    local ws = kn.register(t, { encrypted = true })
    ws:expect(kn.channel_reply("kinode.reg.encrypted-ignored"))
    ws:send_text("plain words")
    local _, f = ws:expect{ req = "kinode.reg.encrypted-ignored", what = "the plaintext echo",
                            match = function(_, fr) return fr.data == "plain words" end }
    t:equal("kinode.reg.encrypted-ignored", f.data, "plain words", "the echo is the plaintext, byte for byte")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.reg.unknown-process",
  title = "A well-formed target_process of no running process still registers",
  covers = { "kinode.reg.endpoint", "kinode.reg.unknown-process" },
  run = function(t)
    local ws = kn.register(t, { target_process = "no-such:process:template.os" })
    ws:expect(kn.channel_reply("kinode.reg.unknown-process"))
    ws:expect_none{ within = 0.3, req = "kinode.reg.unknown-process", what = "anything after the reply" }
    t:check("kinode.reg.unknown-process", not ws.closed, "the channel stays open")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.reg.no-timeout",
  title = "A client may wait before sending its WsRegister",
  covers = { "kinode.reg.no-timeout" },
  timeout = 8,
  run = function(t)
    local ws = kn.open(t, "kinode.reg.no-timeout", "/")
    t:sleep(1.6)
    t:check("kinode.reg.no-timeout", not ws.closed, "still open after 1.6 s without a WsRegister")
    ws:send_text(kn.register_text())
    ws:expect(kn.channel_reply("kinode.reg.no-timeout"))
    ws:close(1000)
  end,
}

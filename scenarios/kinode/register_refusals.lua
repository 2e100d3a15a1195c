-- Refused registrations: every failure closes without status and sends nothing.
local kn = require("kinode")

local function refused(t, text, binary, req)
  local ws = kn.open(t, "kinode.reg.endpoint", "/")
  if binary then ws:send_binary(text) else ws:send_text(text) end
  kn.expect_refused(ws, req)
end

scenario {
  id = "kinode.reg.auth",
  title = "auth_token signed with another key or for another node is refused; the node's own token registers",
  covers = { "kinode.reg.endpoint", "kinode.reg.auth", "kinode.reg.refusal-close" },
  run = function(t)
    refused(t, kn.register_text{ auth_token = kn.wrong_key_token() }, false, "kinode.reg.auth")
    refused(t, kn.register_text{ auth_token = kn.other_node_token() }, false, "kinode.reg.auth")
    refused(t, kn.register_text{ auth_token = kn.malformed_token() }, false, "kinode.reg.auth")
    -- the pre-v0.8.0 claims {"username":..,"expiration":0}: only signature and username count
    local old = kn.sign('{"alg":"HS256"}', '{"username":"' .. kn.NODE .. '","expiration":0}', kn.SECRET)
    local ws = kn.register(t, { auth_token = old })
    ws:expect(kn.channel_reply("kinode.reg.auth"))
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.reg.target-format",
  title = "target_process with 2 or 4 ':' segments is refused; empty segments are accepted",
  covers = { "kinode.reg.endpoint", "kinode.reg.target-format", "kinode.reg.refusal-close" },
  run = function(t)
    refused(t, kn.register_text{ target_process = "echo:conformance" }, false, "kinode.reg.target-format")
    refused(t, kn.register_text{ target_process = "echo:conformance:sys:x" }, true, "kinode.reg.target-format")
    local ws = kn.register(t, { target_process = "::" })
    ws:expect(kn.channel_reply("kinode.reg.target-format"))
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.reg.bad-input",
  title = "Garbage, truncated JSON, non-UTF-8 JSON, a JSON array and the old wrapped form all close without status",
  covers = { "kinode.reg.endpoint", "kinode.reg.refusal-close" },
  run = function(t)
    local good = kn.register_text()
    refused(t, "garbage", false, "kinode.reg.refusal-close")
    refused(t, good:sub(1, #good // 2), false, "kinode.reg.refusal-close")
    refused(t, good:sub(1, #good - 1) .. ',"x":"\255"}', true, "kinode.reg.refusal-close")
    refused(t, "[" .. good .. "]", false, "kinode.reg.refusal-close")
    refused(t, '{"WsRegister":' .. good .. '}', true, "kinode.reg.refusal-close")
    refused(t, "", true, "kinode.reg.refusal-close")
  end,
}

scenario {
  id = "kinode.reg.isolation",
  title = "A refused registration and an oversized first frame end only their own connection",
  covers = { "kinode.robust.isolation" },
  run = function(t)
    local a = kn.open(t, "kinode.robust.isolation", kn.PUBLIC_PATH)
    local bad = kn.open(t, "kinode.robust.isolation", "/")
    bad:send_text("garbage")
    bad:expect_close{ req = "kinode.robust.isolation" }
    local huge = kn.open(t, "kinode.robust.isolation", "/")
    huge:send_binary(string.rep("x", 2 * 1024 * 1024))
    huge:expect_close{ within = 5, req = "kinode.robust.isolation" }
    a:send_text("still here")
    a:expect{ text = "still here", req = "kinode.robust.isolation", what = "the other channel's echo" }
    t:check("kinode.robust.isolation", not a.closed, "the other channel is open")
    a:close(1000)
  end,
}

-- The path-bound flow of every real release since v0.4.0-alpha: /<process-id>[/binding],
-- authenticated by the kinode-auth_<node> cookie on the upgrade request.
local kn = require("kinode")

local function echo_works(t, ws, req, what)
  ws:send_text(what)
  local _, f = ws:expect{ text = what, req = req, what = "the echo of " .. what }
  t:equal(req, f.kind, "text", "the channel works: " .. what .. " echoed as text")
end

scenario {
  id = "kinode.path.bound",
  title = "/<process-id> with a valid cookie opens; a trailing / and a query string change nothing",
  covers = { "kinode.path.bound" },
  run = function(t)
    for _, path in ipairs{ kn.ECHO_PATH, kn.ECHO_PATH .. "/", kn.ECHO_PATH .. "?x=1&y", kn.ECHO_PATH .. "/?x=1" } do
      local ws = kn.open(t, "kinode.path.bound", path, { cookies = kn.cookies() })
      echo_works(t, ws, "kinode.path.bound", "via " .. path)
      ws:close(1000)
    end
    -- the cookie among others, separated by "; "
    local ws = kn.open(t, "kinode.path.bound", kn.ECHO_PATH,
                       { cookies = { a = "1", [kn.COOKIE] = kn.valid_token(), z = "2" } })
    echo_works(t, ws, "kinode.path.bound", "with other cookies")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.path.auth",
  title = "No cookie, another cookie name, another key, another node, an expired or a non-JWT token: HTTP 404",
  covers = { "kinode.path.auth" },
  run = function(t)
    local cases = {
      { "no cookie", nil },
      { "cookie of another name", { ["uqbar-auth_" .. kn.NODE] = kn.valid_token() } },
      { "cookie of another node's name", { ["kinode-auth_other.dev"] = kn.valid_token() } },
      { "token signed with another key", kn.cookies(kn.wrong_key_token()) },
      { "token of another node", kn.cookies(kn.other_node_token()) },
      { "expired token", kn.cookies(kn.expired_token()) },
      { "not a JWT", kn.cookies(kn.malformed_token()) },
      { "token with a subdomain", kn.cookies(kn.sign('{"alg":"HS256"}',
          '{"username":"' .. kn.NODE .. '","subdomain":"echo:conformance:sys","expiration":' .. kn.FUTURE .. '}',
          kn.SECRET)) },
    }
    for _, c in ipairs(cases) do
      local status = kn.refused_status(t, kn.ECHO_PATH, c[2])
      t:equal("kinode.path.auth", status, 404, c[1] .. ": upgrade refused with 404")
    end
    -- the same path opens with the right cookie, so the refusals were about the token
    local ws = kn.open(t, "kinode.path.auth", kn.ECHO_PATH, { cookies = kn.cookies() })
    echo_works(t, ws, "kinode.path.auth", "authenticated")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.path.unauthenticated",
  title = "Bindings made without authentication open without any cookie",
  covers = { "kinode.path.unauthenticated" },
  run = function(t)
    local ws = kn.open(t, "kinode.path.unauthenticated", kn.PUBLIC_PATH)
    echo_works(t, ws, "kinode.path.unauthenticated", "public")
    ws:close(1000)
    local book = kn.open(t, "kinode.path.unauthenticated", "/" .. kn.WS_SERVER .. "/")
    t:check("kinode.path.unauthenticated", not book.closed, "the book's ws-server opens without a cookie")
    book:close(1000)
  end,
}

scenario {
  id = "kinode.path.unbound",
  title = "Unbound paths are refused with 404: matching is exact",
  covers = { "kinode.path.unbound" },
  run = function(t)
    for _, path in ipairs{ kn.ECHO_PATH .. "/nope", kn.PUBLIC_PATH .. "/deeper", "/no-such:process:sys",
                           "/" .. kn.CHAT .. "/messages", "/echo:conformance" } do
      t:equal("kinode.path.unbound", kn.refused_status(t, path, kn.cookies()), 404, path .. " refused with 404")
    end
  end,
}

scenario {
  id = "kinode.path.no-subprotocol",
  title = "A client offering a subprotocol gets none selected",
  covers = { "kinode.path.no-subprotocol" },
  run = function(t)
    local ws = kn.open(t, "kinode.path.no-subprotocol", kn.PUBLIC_PATH, { subprotocols = { "kinode", "chat" } })
    t:equal("kinode.path.no-subprotocol", ws.subprotocol, nil, "no Sec-WebSocket-Protocol in the answer")
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.http.login",
  title = "POST /login mints kinode-auth_<node>, which opens an authenticated binding; a wrong hash gets 401",
  covers = { "kinode.http.login" },
  run = function(t)
    local res = t:http("kinode", { method = "POST", path = "/login",
                                   json = { password_hash = kn.PASSWORD_HASH, subdomain = json.null } })
    t:equal("kinode.http.login", res.status, 200, "login answers 200")
    local tok = res.cookies[kn.COOKIE]
    t:require("kinode.http.login", tok ~= nil, "Set-Cookie names " .. kn.COOKIE,
              { expected = kn.COOKIE, received = res.headers["set-cookie"] })
    t:check("kinode.http.login", tok:match("^[%w_-]+%.[%w_-]+%.[%w_-]+$") ~= nil, "the cookie holds a JWT",
            { received = tok })
    local ws = kn.open(t, "kinode.http.login", kn.ECHO_PATH, { cookies = { [kn.COOKIE] = tok } })
    ws:close(1000)
    local bad = t:http("kinode", { method = "POST", path = "/login",
                                   json = { password_hash = "wrong", subdomain = json.null } })
    t:equal("kinode.http.login", bad.status, 401, "a wrong password hash answers 401")
    t:equal("kinode.http.login", bad.cookies[kn.COOKIE], nil, "and sets no cookie")
  end,
}

scenario {
  id = "kinode.http.our",
  title = "GET /our names the node; GET /our.js sets window.our.node",
  covers = { "kinode.http.our" },
  run = function(t)
    local our = t:http("kinode", { path = "/our" })
    t:equal("kinode.http.our", our.status, 200, "/our answers 200")
    t:equal("kinode.http.our", our.body, kn.NODE, "/our is the node name")
    local js = t:http("kinode", { path = "/our.js" })
    t:equal("kinode.http.our", js.status, 200, "/our.js answers 200")
    t:equal("kinode.http.our", js.body, "window.our = {}; window.our.node = '" .. kn.NODE .. "';",
            "/our.js sets window.our.node")
    t:equal("kinode.http.our", js.headers["content-type"], "application/javascript", "/our.js is JavaScript")
  end,
}

scenario {
  id = "kinode.path.client-api",
  title = "What @kinode/client-api does: /<process-id>/ with the cookie, nothing on open, JSON sent as binary frames",
  covers = { "kinode.path.bound", "kinode.push.message-type" },
  run = function(t)
    local ws = kn.open(t, "kinode.path.bound", kn.ECHO_PATH .. "/", { cookies = kn.cookies() })
    local data = json.encode{ data = "Hello World" }
    ws:send_binary(data)
    local _, f = ws:expect{ req = "kinode.path.bound", what = "the echo of the binary JSON",
                            match = function(_, fr) return fr.data == data end }
    t:equal("kinode.path.bound", f.kind, "binary", "the JSON comes back as a binary frame")
    local p = kn.pushes(kn.events(ws, "kinode.push.message-type"))
    t:equal("kinode.push.message-type", p[1], { type = "Binary", hex = crypto.hex(data), len = #data },
            "the process saw the JSON as a Binary push")
    ws:close(1000)
  end,
}

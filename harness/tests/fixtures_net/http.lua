-- HTTP steps against the test peer (tests/peer_server.c); the target is a ws:// URL,
-- so every request also proves the ws:// -> http:// mapping.
local R = "labgraph.start.event"
local MiB = 1024 * 1024

scenario {
  id = "labgraph.net.get-echo", title = "GET with headers and cookies", covers = { R },
  run = function(t)
    local res = t:http("labgraph", { path = "/echo?x=1", headers = { ["X-A"] = "1" }, cookies = { b = "2", a = "1" } })
    t:equal(R, res.status, 200, "status")
    t:equal(R, res.headers["content-type"], "application/json", "content-type, name lowercased")
    t:equal(R, res.json.method, "GET", "method")
    t:equal(R, res.json.target, "/echo?x=1", "target")
    t:equal(R, res.json.headers["x-a"], "1", "header sent")
    t:equal(R, res.json.headers.cookie, "a=1; b=2", "cookies sent")
    t:equal(R, res.json.headers.host, t.targets.labgraph:match("^ws://([^/]+)"), "host header")
    t:equal(R, res.json.body_len, 0, "no body")
    t:equal(R, res.body:sub(1, 37), '{"method":"GET","target":"/echo?x=1",', "body is the exact bytes")
  end,
}

scenario {
  id = "labgraph.net.post-json", title = "POST with json", covers = { R },
  run = function(t)
    local res = t:http("labgraph", { method = "POST", path = "/echo", json = { k = 1 } })
    t:equal(R, res.json.method, "POST", "method")
    t:equal(R, res.json.headers["content-type"], "application/json", "json content type")
    t:equal(R, res.json.headers["content-length"], "7", "content length")
    t:equal(R, res.json.body_sha256, crypto.hex(crypto.sha256('{"k":1}')), "body")
    local own = t:http("labgraph", { method = "PUT", path = "/echo", json = {}, headers = { ["content-type"] = "text/x" } })
    t:equal(R, own.json.headers["content-type"], "text/x", "a given content type wins")
    t:equal(R, own.json.body_sha256, crypto.hex(crypto.sha256("{}")), "empty object")
  end,
}

scenario {
  id = "labgraph.net.big-bodies", title = "64 MiB up and down", covers = { R }, timeout = 60,
  run = function(t)
    local up = crypto.seeded_bytes(t.seed, "up", 64 * MiB)
    local res = t:http("labgraph", { method = "POST", path = "/echo", body = up, within = 50 })
    t:equal(R, res.json.body_len, 64 * MiB, "upload length")
    t:equal(R, res.json.body_sha256, crypto.hex(crypto.sha256(up)), "upload content")
    local down = t:http("labgraph", { path = "/big?n=" .. (64 * MiB + 3), within = 50 })
    t:equal(R, #down.body, 64 * MiB + 3, "download length")
    t:check(R, down.body == crypto.seeded_bytes(1, "big", 64 * MiB + 3), "download content")
    t:equal(R, down.json, nil, "binary body is not JSON")
  end,
}

scenario {
  id = "labgraph.net.chunked-cookies", title = "chunked body and Set-Cookie", covers = { R },
  run = function(t)
    local res = t:http(t.targets.labgraph:gsub("^ws", "http"), { path = "/chunked" })
    t:equal(R, res.body, "hello, world", "chunked body")
    t:equal(R, res.cookies, { sid = "s3cr3t", theme = "dark" }, "cookies")
    t:equal(R, res.headers["set-cookie"], "sid=s3cr3t; Path=/; HttpOnly\ntheme = dark", "set-cookie lines")
    t:equal(R, res.json, nil, "text is not JSON")
    local text = t:http("labgraph", { path = "/text" })
    t:equal(R, text.json, nil, "bad JSON gives nil")
    t:equal(R, text.body, "{not json", "body kept")
    local missing = t:http("labgraph", { path = "/none", method = "DELETE" })
    t:equal(R, missing.status, 404, "404 is a response, not an error")
  end,
}

scenario {
  id = "labgraph.net.try-failures", title = "try_http returns nil and a message", covers = { R },
  run = function(t)
    local res, err = t:try_http("labgraph", { path = "/slow", within = 0.3 })
    t:equal(R, res, nil, "no response")
    t:check(R, err.message:find("timed out after 0.3s", 1, true) ~= nil, err.message)
    res, err = t:try_http("labgraph", { path = "/close" })
    t:check(R, res == nil and err.message:find("closed without a response", 1, true) ~= nil, err and err.message)
    res, err = t:try_http("nosuchapi", {})
    t:check(R, res == nil and err.message:find("no target for API 'nosuchapi'", 1, true) ~= nil, err and err.message)
    local ok, msg = pcall(t.http, t, "labgraph", { method = "GE T" })
    t:check(R, not ok and tostring(msg):find("invalid HTTP method", 1, true) ~= nil, tostring(msg))
  end,
}

scenario {
  id = "labgraph.net.http-error", title = "t:http failing ends the scenario as error", covers = { R },
  run = function(t)
    t:http("labgraph", { path = "/close" })
    t:check(R, true, "not reached")
  end,
}

scenario {
  id = "labgraph.net.transcript", title = "requests and responses are in the transcript", covers = { R },
  run = function(t)
    t:http("labgraph", { method = "POST", path = "/echo", body = "12345" })
    t:check(R, false, "fails to show the transcript")
  end,
}

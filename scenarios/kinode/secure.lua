-- Secure subdomain bindings (WebSocketSecureBind): the Host names the process's subdomain
-- and the cookie kinode-auth_<node>@<process-id> carries a token for that subdomain.
local kn = require("kinode")

scenario {
  id = "kinode.path.secure-binding",
  title = "A secure binding opens only with its subdomain Host and a subdomain token in kinode-auth_<node>@<process-id>; otherwise 404",
  covers = { "kinode.path.secure" },
  run = function(t)
    local req = "kinode.path.secure"
    local host = kn.SECURE_HOST .. ".localhost"
    local good = kn.secure_cookies(kn.subdomain_token(kn.ECHO))
    local function try(label, headers, cookies)
      local deadline = t:now() + 3
      while true do
        local r = t:raw_ws("kinode", { path = kn.SECURE_PATH, headers = headers, cookies = cookies })
        -- a 404 may also come from the channel cap while another scenario holds it
        if r.status ~= 404 or label ~= "accepted" or t:now() >= deadline then return r end
        t:sleep(0.05)
      end
    end
    local r = try("accepted", { Host = host }, good)
    t:equal(req, r.status, 101, "subdomain Host and subdomain cookie: upgraded")
    if r.upgraded then
      r:send_frame{ opcode = "text", payload = json.encode{ cmd = "info" } }
      local f = r:recv_frame(2000)
      local info = f and json.decode(f.payload)
      t:equal(req, info and info.path, "/secure", "the process sees its /secure binding")
      r:close_tcp()
    end
    local refusals = {
      { "Host without the subdomain", {}, good },
      { "another subdomain in Host", { Host = "homepage-sys.localhost" }, good },
      { "the ordinary node cookie", { Host = host }, kn.cookies() },
      { "a subdomain token under the ordinary cookie name", { Host = host }, kn.cookies(kn.subdomain_token(kn.ECHO)) },
      { "a token for another process's subdomain", { Host = host }, kn.secure_cookies(kn.subdomain_token(kn.CHAT)) },
      { "an expired subdomain token", { Host = host }, kn.secure_cookies(kn.subdomain_token(kn.ECHO, kn.PAST)) },
      { "a subdomain token signed with another key", { Host = host },
        kn.secure_cookies(kn.subdomain_token(kn.ECHO, kn.FUTURE, "not-the-node-secret")) },
    }
    for _, c in ipairs(refusals) do
      local x = try(c[1], c[2], c[3])
      t:equal(req, x.status, 404, c[1] .. ": refused with 404")
      if x.upgraded then x:close_tcp() end
    end
  end,
}

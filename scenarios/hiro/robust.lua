-- Robustness against real clients: the old Java client closes with code 200, which RFC
-- 6455 forbids; the server must keep serving everyone.
local hiro = require("hiro")

scenario {
  id = "hiro.robust.peer-close",
  title = "After client Closes with codes 200, 999, 1004, 2999 (outside the RFC range) the server keeps answering graph requests",
  covers = { "hiro.robust.peer-close" },
  run = function(t)
    local req = "hiro.robust.peer-close"
    local bystander = hiro.graph(t)
    for i, code in ipairs{ 200, 999, 1004, 2999 } do
      local g = hiro.graph(t)
      -- (the runner reports the code it sent itself, so the server's answer is not observable here)
      g:close(code, "OK")
      t:sleep(0.2) -- let the server finish with that connection first
      local again = hiro.graph(t)
      hiro.send(again, "n" .. i, "me")
      local a = hiro.answer(again, "n" .. i, req)
      t:check(req, a.body ~= nil, "a new connection is served after close " .. code, { received = a })
    end
    hiro.send(bystander, "b", "me")
    local a = hiro.answer(bystander, "b", req)
    t:check(req, a.body ~= nil, "a connection open all along is still served", { received = a })
  end,
}

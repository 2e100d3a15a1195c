-- The node's cap on open WebSockets (128 since v0.10.0).
local kn = require("kinode")

scenario {
  id = "kinode.limit.channels",
  title = "At most 128 WebSockets are open: the next upgrade gets 404, and closing one lets a new one in",
  covers = { "kinode.limit.channels" },
  timeout = 20,
  alone = true,   -- exact count: no other scenario holds a channel meanwhile
  run = function(t)
    local req = "kinode.limit.channels"
    local open, refused = {}, nil
    -- Channels of the scenarios that ran just before may still be closing on the node: a
    -- refusal below 128 is tried again for up to 2 s.
    local retry_until = t:now() + 2
    while #open < 160 do
      local ws, err = t:try_connect("kinode", { path = kn.PUBLIC_PATH })
      if ws then
        open[#open + 1] = ws
      elseif #open < 128 and t:now() < retry_until then
        t:sleep(0.05)
      else
        refused = err
        break
      end
    end
    t:check(req, refused ~= nil, "an upgrade was refused before 160 were open",
            { expected = "a refusal at 128 open", received = #open .. " open" })
    if refused then
      t:equal(req, refused.status, 404, "the refusal is HTTP 404")
      t:equal(req, #open, 128, "refused with exactly 128 open")
      open[1]:close(1000)
      table.remove(open, 1)
      local again = kn.open(t, req, kn.PUBLIC_PATH, { retry_for = 2 })
      open[#open + 1] = again
    end
    for _, ws in ipairs(open) do ws:close(1000) end
  end,
}

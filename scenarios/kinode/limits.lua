-- The node's cap on open WebSockets (128 since v0.10.0).
local kn = require("kinode")

scenario {
  id = "kinode.limit.channels",
  title = "At most 128 WebSockets are open: the next upgrade gets 404, and closing one lets a new one in",
  covers = { "kinode.limit.channels" },
  timeout = 20,
  run = function(t)
    local open, refused = {}, nil
    for _ = 1, 160 do
      local ws, err = t:try_connect("kinode", { path = kn.PUBLIC_PATH })
      if not ws then
        refused = err
        break
      end
      open[#open + 1] = ws
    end
    t:check("kinode.limit.channels", refused ~= nil, "an upgrade was refused before 160 were open",
            { expected = "a refusal at 128 open", received = #open .. " open" })
    if refused then
      t:equal("kinode.limit.channels", refused.status, 404, "the refusal is HTTP 404")
      -- other scenarios may hold channels at the same time, so this one may get fewer
      t:check("kinode.limit.channels", #open <= 128 and #open >= 96, "refused at no more than 128 open",
              { expected = "96..128", received = #open })
      open[1]:close(1000)
      table.remove(open, 1)
      local again = kn.open(t, "kinode.limit.channels", kn.PUBLIC_PATH, { retry_for = 2 })
      open[#open + 1] = again
    end
    for _, ws in ipairs(open) do ws:close(1000) end
  end,
}

-- The 50 MiB message limit (protocols/trustgraph.md §1.1).
local tg = require("trustgraph")

scenario {
  id = "trustgraph.limits.message-size",
  title = "A message of 50 MiB + 1 byte closes the socket with 1009",
  covers = { "trustgraph.limits.message-size" },
  timeout = 20,
  run = function(t)
    local ws = tg.connect(t)
    ws:send_text(string.rep("a", 50 * 1024 * 1024 + 1))
    ws:expect_close{ code = 1009, within = 10, req = "trustgraph.limits.message-size" }
  end,
}

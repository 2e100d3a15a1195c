-- Message size limit: real LabGraph's websockets layer refuses messages over 1 MiB with
-- close code 1009 (protocols/labgraph.md §1; RFC 6455 §7.4.1).
local lg = require("labgraph")

scenario {
  id = "labgraph.limits.oversized-message",
  title = "A message over 1 MiB is refused with close code 1009 while other sessions keep streaming",
  covers = { "labgraph.limits.message-size" },
  run = function(t)
    local req = "labgraph.limits.message-size"
    local other = t:connect("labgraph")
    lg.start(other, 1, "o", lg.OUTPUT, req)
    local ws = t:connect("labgraph")
    ws:send_text('"' .. string.rep("x", 1024 * 1024 + 16) .. '"')
    ws:expect_close{ code = 1009, within = 3, req = req }
    local nums = lg.numbers(lg.batches(other, "o", 3, req), lg.OUTPUT)
    local ok, why = lg.consecutive(nums, nums[1])
    t:check(req, ok, "the other session keeps streaming: " .. (why or "yes"), { received = nums })
  end,
}

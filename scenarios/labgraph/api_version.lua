-- api_version: the document shows the string "0.1" in StartStreamRequest and the number
-- 0.1 in every other message (labgraph-websockets-api.txt); the suite reads events as 0.1.
local lg = require("labgraph")

scenario {
  id = "labgraph.api-version.in-events",
  title = "StartStreamEvent, EndStreamEvent and ErrorEvent carry \"api_version\": 0.1 as a number",
  covers = { "labgraph.api-version.event" },
  run = function(t)
    local req = "labgraph.api-version.event"
    local ws = t:connect("labgraph")
    local started = lg.start(ws, 1, "v", lg.OUTPUT, req)
    ws:send_json(lg.end_request(2, "v"))
    local ended = ws:expect(lg.end_event("v", 2, req))
    ws:send_json(lg.start_request(3, "x", lg.UNKNOWN))
    local failed = ws:expect(lg.error_event(req))
    for name, ev in pairs{ StartStreamEvent = started, EndStreamEvent = ended, ErrorEvent = failed } do
      t:check(req, math.type(ev.api_version) == "float" and ev.api_version == 0.1,
              name .. " api_version is the number 0.1", { expected = 0.1, received = ev.api_version })
    end
  end,
}

scenario {
  id = "labgraph.api-version.both-request-forms",
  title = "Requests are accepted with api_version as the string \"0.1\" and as the number 0.1",
  covers = { "labgraph.api-version.request" },
  run = function(t)
    local req = "labgraph.api-version.request"
    local ws = t:connect("labgraph")
    ws:send_json(lg.start_request(1, "str", lg.OUTPUT, "0.1"))
    ws:expect(lg.start_event(1, 2, req))
    ws:send_json(lg.start_request(2, "num", lg.OUTPUT2, 0.1))
    ws:expect(lg.start_event(2, 2, req))
    ws:send_json(lg.end_request(3, "str", "0.1"))
    ws:expect(lg.end_event("str", 2, req))
    ws:send_json(lg.end_request(4, "num", 0.1))
    ws:expect(lg.end_event("num", 2, req))
    ws:expect_none{ json = { api_event = { error_event = {} } }, within = 0.2, req = req,
                    what = "an ErrorEvent for either api_version form" }
  end,
}

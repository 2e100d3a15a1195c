-- Sessions and their streams (labgraph-websockets-api.txt: Connecting, API Requests).
local lg = require("labgraph")

scenario {
  id = "labgraph.session.close-then-restart",
  title = "Closing the socket ends its streams: a new session restarts the same output stream from batch 1 and gets the input stream back",
  covers = { "labgraph.session.close-ends-streams" },
  run = function(t)
    local req = "labgraph.session.close-ends-streams"
    local ws1 = t:connect("labgraph")
    lg.start(ws1, 1, "s1", lg.OUTPUT, req)
    lg.start(ws1, 2, "in", lg.INPUT2, req)
    lg.batches(ws1, "s1", 3, req)
    ws1:close(1000, "done")

    local ws2 = t:connect("labgraph")
    local ev = lg.start(ws2, 1, "s1", lg.OUTPUT, req)
    t:equal(req, ev.api_event.start_stream_event.stream_id, "s1", "the new session gets a fresh StartStreamEvent")
    local nums = lg.numbers(lg.batches(ws2, "s1", 3, req), lg.OUTPUT)
    t:equal(req, nums, json.array{ 1, 2, 3 }, "the restarted stream numbers its batches from 1")
    ws2:send_json(lg.start_request(2, "in", lg.INPUT2))
    local answer = ws2:expect{ json = { api_event = { request_id = 2 } }, within = 2, req = req,
                               what = "the answer to the input StartStreamRequest" }
    t:check(req, answer.api_event.start_stream_event ~= nil,
            "the closed session's input stream can be requested again", { received = answer })
  end,
}

scenario {
  id = "labgraph.session.two-streams",
  title = "One session runs two streams at once, each with its own stream_id and batch numbering",
  covers = { "labgraph.session.multiple-streams" },
  run = function(t)
    local req = "labgraph.session.multiple-streams"
    local ws = t:connect("labgraph")
    lg.start(ws, 1, "a", lg.OUTPUT, req)
    lg.start(ws, 2, "b", lg.OUTPUT2, req)
    local a = lg.numbers(lg.batches(ws, "a", 6, req), lg.OUTPUT)
    local b = lg.numbers(lg.batches(ws, "b", 3, req), lg.OUTPUT2)
    local ok_a, why_a = lg.consecutive(a, 1)
    local ok_b, why_b = lg.consecutive(b, 1)
    t:check(req, ok_a, "stream a numbers 1..6: " .. (why_a or "yes"), { received = a })
    t:check(req, ok_b, "stream b numbers 1..3: " .. (why_b or "yes"), { received = b })
  end,
}

scenario {
  id = "labgraph.session.same-output-twice",
  title = "Two sessions stream the same output stream at once, each with its own stream_id and numbering from 1",
  covers = { "labgraph.session.independent" },
  run = function(t)
    local req = "labgraph.session.independent"
    local ws1 = t:connect("labgraph")
    local ws2 = t:connect("labgraph")
    lg.start(ws1, 1, "one", lg.OUTPUT, req)
    lg.start(ws2, 1, "two", lg.OUTPUT, req)
    local n1 = lg.numbers(lg.batches(ws1, "one", 3, req), lg.OUTPUT)
    local n2 = lg.numbers(lg.batches(ws2, "two", 3, req), lg.OUTPUT)
    t:equal(req, n1, json.array{ 1, 2, 3 }, "session 1 numbers its batches 1, 2, 3")
    t:equal(req, n2, json.array{ 1, 2, 3 }, "session 2 numbers its batches 1, 2, 3")
  end,
}

scenario {
  id = "labgraph.session.bad-input-elsewhere",
  title = "Unparsable input on one session leaves another session's stream running without a gap",
  covers = { "labgraph.session.isolation" },
  run = function(t)
    local req = "labgraph.session.isolation"
    local good = t:connect("labgraph")
    lg.start(good, 1, "g", lg.OUTPUT, req)
    local before = lg.numbers(lg.batches(good, "g", 2, req), lg.OUTPUT)
    local bad = t:connect("labgraph")
    bad:send_text("{ this is not json")
    bad:send_binary("\0\1\2\255")
    bad:expect(lg.error_event(req))
    local after = lg.numbers(lg.batches(good, "g", 5, req), lg.OUTPUT)
    local ok, why = lg.consecutive(after, before[#before] + 1)
    t:check(req, ok, "the other session's batches continue consecutively: " .. (why or "yes"),
            { received = after })
  end,
}

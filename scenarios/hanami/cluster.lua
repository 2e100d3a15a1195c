-- Hanami clusters: set_mode TASK <-> DIRECT, and DirectIO over the WebSocket in the
-- document's ClusterIO_Message layout and the v0.5.0 layout.
local hn = require("hanami")

scenario {
  id = "hanami.cluster.set-mode",
  title = "set_mode: DIRECT from TASK 200, DIRECT again 409, TASK 200, TASK again 409, unknown cluster 404, 'direct' 400",
  covers = { "hanami.cluster.set-mode", "hanami.cluster.set-mode-conflict" },
  run = function(t)
    local req, conflict = "hanami.cluster.set-mode", "hanami.cluster.set-mode-conflict"
    local token = hn.login(t, req)
    local r = hn.set_mode(t, token, hn.CLUSTER_MODE, "DIRECT")
    t:equal(req, r.status, 200, "DIRECT from TASK: 200")
    t:equal(req, r.json and r.json.new_state, "DIRECT", "new_state DIRECT")
    t:equal(req, r.json and r.json.uuid, hn.CLUSTER_MODE, "the cluster uuid")
    r = hn.set_mode(t, token, hn.CLUSTER_MODE, "DIRECT")
    t:equal(conflict, r.status, 409, "DIRECT while DIRECT: 409")
    t:equal(conflict, r.body, "Can not switch cluster to 'DIRECT'", "the 409 text")
    r = hn.set_mode(t, token, hn.CLUSTER_MODE, "TASK")
    t:equal(req, r.status, 200, "back to TASK: 200")
    t:equal(req, r.json and r.json.new_state, "TASK", "new_state TASK")
    r = hn.set_mode(t, token, hn.CLUSTER_MODE, "TASK")
    t:equal(conflict, r.status, 409, "TASK while TASK: 409")
    t:equal(conflict, r.body, "Can not switch cluster to 'TASK'", "the 409 text")
    r = hn.set_mode(t, token, hn.UNKNOWN_UUID, "DIRECT")
    t:equal(conflict, r.status, 404, "unknown cluster: 404")
    r = hn.set_mode(t, token, hn.CLUSTER_MODE, "direct")
    t:equal(conflict, r.status, 400, "new_state 'direct' (case matters): 400")
  end,
}

scenario {
  id = "hanami.directio.train-and-request",
  title = "DirectIO: an ack per non-last message, a train end for a last TRAIN message, one output per output hexagon for a last REQUEST",
  covers = { "hanami.directio.ack", "hanami.directio.train-end", "hanami.directio.request-output", "hanami.ws.init-accept",
             "hanami.cluster.set-mode" },
  run = function(t)
    local token = hn.login(t, "hanami.ws.init-accept")
    local r = hn.set_mode(t, token, hn.CLUSTER_TRAIN, "DIRECT")
    t:equal("hanami.cluster.set-mode", r.status, 200, "switched to DIRECT")
    local ws, reply = hn.open(t, token, hn.CLUSTER_TRAIN, "cluster", "hanami.ws.init-accept")
    t:require("hanami.ws.init-accept", type(reply) == "table" and (reply.success == true or reply.success == 1),
              "cluster init accepted", { received = reply })
    for i = 1, 3 do
      ws:send_binary(hn.cluster_message("test_input", false, "TRAIN_TYPE", { 1.0, 0.5, 0.0, 0.25 * i }))
      local ack = hn.cluster_reply(t, ws, "hanami.directio.ack")
      t:check("hanami.directio.ack", ack.isLast == false and ack.processType == "TRAIN_TYPE"
              and ack.numberOfValues == 1 and #ack.values == 1 and ack.values[1] == 0.0,
              "input " .. i .. ": ack {isLast false, TRAIN_TYPE, 1 value 0}", { received = ack })
      ws:send_binary(hn.cluster_message("test_output", true, "TRAIN_TYPE", { 1.0, 0.0, 0.0 }))
      local done = hn.cluster_reply(t, ws, "hanami.directio.train-end")
      t:check("hanami.directio.train-end", done.isLast == true and done.processType == "TRAIN_TYPE",
              "train " .. i .. ": train end {isLast true, TRAIN_TYPE}", { received = done })
    end
    ws:send_binary(hn.cluster_message("test_input", true, "REQUEST_TYPE", { 1.0, 0.5, 0.0, 0.25 }))
    local out = hn.cluster_reply(t, ws, "hanami.directio.request-output")
    local req = "hanami.directio.request-output"
    t:equal(req, out.processType, "REQUEST_TYPE", "output processType REQUEST_TYPE")
    t:equal(req, out.hexagonName, "test_output", "output names the output hexagon")
    t:equal(req, out.numberOfValues, #out.values, "numberOfValues equals the number of values")
    t:equal(req, #out.values, 3, "three values (the hexagon's size)")
    t:equal(req, #ws:inbox(), 0, "one output hexagon: one reply")
    ws:close()
    r = hn.set_mode(t, token, hn.CLUSTER_TRAIN, "TASK")
    t:equal("hanami.cluster.set-mode", r.status, 200, "back to TASK")
  end,
}

scenario {
  id = "hanami.directio.two-outputs",
  title = "DirectIO: a last REQUEST on a cluster with two output hexagons gets one output message per hexagon",
  covers = { "hanami.directio.request-output" },
  run = function(t)
    local req = "hanami.directio.request-output"
    local token = hn.login(t, req)
    local ws, reply = hn.open(t, token, hn.CLUSTER_TWO_OUTPUTS, "cluster", req)
    t:require(req, type(reply) == "table" and reply.success == true, "cluster init accepted", { received = reply })
    ws:send_binary(hn.cluster_message("in", true, "REQUEST_TYPE", { 0.5, -1.0 }))
    local a = hn.cluster_reply(t, ws, req)
    local b = hn.cluster_reply(t, ws, req)
    t:equal(req, { a.hexagonName, b.hexagonName }, { "out_a", "out_b" }, "one output per output hexagon, in order")
    t:equal(req, { a.numberOfValues, #a.values, b.numberOfValues, #b.values }, { 2, 2, 3, 3 },
            "each with numberOfValues equal to its values")
    ws:close()
  end,
}

scenario {
  id = "hanami.directio.invalid",
  title = "DirectIO: garbage, an unknown hexagon, too many values and a wrong numberOfValues get an error reply; the session goes on",
  covers = { "hanami.directio.invalid-message", "hanami.ws.bad-input" },
  run = function(t)
    local req = "hanami.directio.invalid-message"
    local token = hn.login(t, req)
    local ws, reply = hn.open(t, token, hn.CLUSTER_ERRORS, "cluster", req)
    t:require(req, type(reply) == "table" and reply.success == true, "cluster init accepted", { received = reply })
    local bad = {
      { "garbage", "\xff\xff\xff" },
      { "an empty frame", "" },
      { "an unknown hexagon", hn.cluster_message("nope", false, "TRAIN_TYPE", { 1.0 }) },
      { "five values for a 4-value hexagon", hn.cluster_message("test_input", false, "TRAIN_TYPE", { 1, 2, 3, 4, 5 }) },
      { "numberOfValues 9 with 2 values", proto.encode("ClusterIO_Message", { hexagonName = "test_input",
          processType = "TRAIN_TYPE", numberOfValues = 9, values = { 1, 2 } }) },
    }
    for _, b in ipairs(bad) do
      ws:send_binary(b[2])
      local e = ws:expect{ kind = "text", within = 3, req = req, what = "an error reply to " .. b[1] }
      t:check(req, type(e) == "table" and e.success == false and type(e.error) == "string" and #e.error > 0,
              b[1] .. ": {error, success false}", { received = e })
    end
    ws:send_binary(hn.cluster_message("test_input", false, "TRAIN_TYPE", { 1.0 }))
    local ack = hn.cluster_reply(t, ws, "hanami.ws.bad-input")
    t:check("hanami.ws.bad-input", ack.isLast == false and ack.numberOfValues == 1, "the session goes on: a valid message is acked",
            { received = ack })
    ws:close()
  end,
}

scenario {
  id = "hanami.directio.v050-layout",
  title = "DirectIO in the v0.5.0 layout (bufferName, targetBufferType, numberOfValues=5, values=6) is answered in that layout",
  covers = { "hanami.directio.v050-layout" },
  run = function(t)
    local req = "hanami.directio.v050-layout"
    local token = hn.login(t, req)
    local ws, reply = hn.open(t, token, hn.CLUSTER_V050, "cluster", req)
    t:require(req, type(reply) == "table" and reply.success == true, "cluster init accepted", { received = reply })
    ws:send_binary(proto.encode("ClusterIO_Message_V050", { bufferName = "test_input", processType = "TRAIN_TYPE",
      targetBufferType = "INPUT_BUFFER_TYPE", numberOfValues = 4, values = { 1, 0, 0, 1 } }))
    local _, frame = ws:expect{ binary = true, within = 3, req = req, what = "an ack" }
    t:equal(req, crypto.hex(frame.data), "18012801320400000000", "the ack in the v0.5.0 layout (section 1.1 bytes)")
    ws:send_binary(proto.encode("ClusterIO_Message_V050", { bufferName = "test_input", processType = "REQUEST_TYPE",
      isLast = true, targetBufferType = "INPUT_BUFFER_TYPE", numberOfValues = 4, values = { 1, 0, 0, 1 } }))
    local out = hn.cluster_reply(t, ws, req, "ClusterIO_Message_V050")
    t:equal(req, { out.bufferName, out.processType, out.numberOfValues, #out.values },
            { "test_output", "REQUEST_TYPE", 3, 3 }, "the output in the v0.5.0 layout")
    ws:close()
  end,
}

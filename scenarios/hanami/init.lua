-- Hanami WebSocket init: {"token","uuid","target"} accepted with success true, refused
-- with success false and an error, the socket staying open for another attempt.
local hn = require("hanami")

scenario {
  id = "hanami.ws.init-accept",
  title = "An init naming an uploadable file or a cluster is accepted with success true and a fresh session uuid",
  covers = { "hanami.ws.init-accept", "hanami.ws.init-boolean" },
  run = function(t)
    local req = "hanami.ws.init-accept"
    local token = hn.login(t, req)
    local c = hn.create_csv(t, token, "wsconf init", 10)
    t:require(req, c.status == 200, "CSV dataset created", { received = c.body })
    for _, target in ipairs({ { c.json.uuid_input_file, "file_upload" }, { hn.CLUSTER_DIRECT, "cluster" } }) do
      local ws, reply = hn.open(t, token, target[1], target[2], req)
      t:check(req, type(reply) == "table" and (reply.success == true or reply.success == 1),
              target[2] .. ": the reply's success is set (document: success = 1)", { received = reply })
      t:check("hanami.ws.init-boolean", type(reply) == "table" and reply.success == true and math.type(reply.success) == nil,
              target[2] .. ": success is the JSON boolean true", { expected = true, received = reply and reply.success })
      t:check(req, type(reply) == "table" and hn.is_uuid(reply.uuid) and reply.uuid ~= target[1],
              target[2] .. ": the reply carries a fresh session uuid", { received = reply })
      ws:close()
    end
  end,
}

scenario {
  id = "hanami.ws.init-refusal",
  title = "Inits with a bad token, an unknown or foreign file or cluster uuid are refused with success false and an error",
  covers = { "hanami.ws.init-refusal" },
  run = function(t)
    local req = "hanami.ws.init-refusal"
    local token = hn.login(t, req)
    local other = hn.create_csv(t, hn.login(t, req, hn.OTHER_USER), "other project", 10)
    local cases = {
      { "bad token", "hn.not-a-token", other.json.uuid_input_file, "file_upload", "Token invalid" },
      { "unknown file uuid", token, hn.UNKNOWN_UUID, "file_upload",
        "Tempfile with UUID '" .. hn.UNKNOWN_UUID .. "' not found" },
      { "another user's file", token, other.json.uuid_input_file, "file_upload",
        "Tempfile with UUID '" .. other.json.uuid_input_file .. "' not found" },
      { "unknown cluster", token, hn.UNKNOWN_UUID, "cluster", "Cluster with UUID '" .. hn.UNKNOWN_UUID .. "' not found" },
      { "another project's cluster", token, hn.CLUSTER_OTHER_PROJECT, "cluster",
        "Cluster with UUID '" .. hn.CLUSTER_OTHER_PROJECT .. "' not found" },
    }
    for _, c in ipairs(cases) do
      local ws, reply = hn.open(t, c[2], c[3], c[4], req)
      t:check(req, type(reply) == "table" and reply.success == false, c[1] .. ": success is false", { received = reply })
      t:equal(req, type(reply) == "table" and reply.error, c[5], c[1] .. ": the error text")
      ws:close()
    end
  end,
}

scenario {
  id = "hanami.ws.refusal-keeps-open",
  title = "After refused inits (bad token, non-JSON, unknown target) the same socket accepts a valid init",
  covers = { "hanami.ws.refusal-keeps-open", "hanami.ws.bad-input" },
  run = function(t)
    local req = "hanami.ws.refusal-keeps-open"
    local token = hn.login(t, req)
    local c = hn.create_csv(t, token, "wsconf reopen", 10)
    local ws = t:connect("hanami")
    local attempts = {
      { "a bad token", hn.init_message("hn.nope", c.json.uuid_input_file, "file_upload") },
      { "a non-JSON init", "this is not JSON" },
      { "an unknown target", hn.init_message(token, c.json.uuid_input_file, "teleport") },
      { "an init without uuid", '{"token": "' .. token .. '", "target": "file_upload"}' },
      { "an empty frame", "" },
    }
    for _, a in ipairs(attempts) do
      ws:send_text(a[2])
      local reply = hn.init_reply(ws, req)
      t:check("hanami.ws.bad-input", type(reply) == "table" and reply.success == false and type(reply.error) == "string",
              a[1] .. ": refused with success false and an error", { received = reply })
    end
    ws:send_text(hn.init_message(token, c.json.uuid_input_file, "file_upload"))
    local reply = hn.init_reply(ws, req)
    t:check(req, type(reply) == "table" and reply.success == true, "the socket is still open: a valid init is accepted",
            { received = reply })
    ws:close()
  end,
}

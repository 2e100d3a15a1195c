-- Global-service semantics: flows change what is reachable; config versions rise.
local tg = require("trustgraph")

local function final(t, ws, id, service, request, flow, req)
  local v = tg.call(t, ws, id, service, request, flow, { req = req })
  return v[#v]
end

-- Unknown-flow error: gateway `Invalid flow`, spec `Flow not found`.
local function is_flow_not_found(t, v)
  local e = type(v) == "table" and v.error or nil
  if type(e) ~= "table" then return false end
  if tg.gateway(t) then return e.message == "Invalid flow" and e.type == "error" end
  return e.message == "Flow not found" and e.type == "gateway-error"
end

scenario {
  id = "trustgraph.flow.lifecycle",
  title = "start-flow of blueprint minimal makes text-completion reachable (not agent); stop-flow makes the flow unknown again",
  covers = { "trustgraph.flow.lifecycle", "trustgraph.gateway.error-texts" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.flow.lifecycle"
    local fid = "wsconf-flow-" .. tostring(t.profile)
    local tc = { system = "s", prompt = "p" }
    t:check(req, is_flow_not_found(t, final(t, ws, "f0", "text-completion", tc, fid, req)),
            "before start-flow the flow is unknown")
    local v = final(t, ws, "f1", "flow", { operation = "start-flow", ["flow-id"] = fid, ["blueprint-name"] = "minimal",
                                          description = "wsconf flow", parameters = { model = "wsconf-model" } }, nil, req)
    t:check(req, tg.error_of(v) == nil, "start-flow succeeds", { received = v })
    v = final(t, ws, "f2", "flow", { operation = "list-flows" }, nil, req)
    local listed = false
    for _, f in ipairs(((v or {}).response or {})["flow-ids"] or {}) do listed = listed or f == fid end
    t:check(req, listed, "list-flows names the started flow", { received = v })
    v = final(t, ws, "f3", "text-completion", tc, fid, req)
    t:equal(req, ((v or {}).response or {}).response, tg.words(t.seed, "completion", "s\np", 16),
            "text-completion answers on the started flow")
    if tg.gateway(t) then
      t:equal(req, ((v or {}).response or {}).model, "wsconf-model", "the flow's model parameter")
    end
    v = final(t, ws, "f4", "agent", { question = "x" }, fid, req)
    if tg.gateway(t) then
      t:equal("trustgraph.gateway.error-texts", v,
              { id = "f4", error = { message = "This kind not supported by flow", type = "error" }, complete = true },
              "a service the flow's blueprint does not offer")
    else
      t:check(req, type(v.error) == "table" and v.error.type == "gateway-error", "agent is not offered by minimal",
              { received = v })
    end
    v = final(t, ws, "f5", "flow", { operation = "stop-flow", ["flow-id"] = fid }, nil, req)
    t:check(req, tg.error_of(v) == nil, "stop-flow succeeds", { received = v })
    v = final(t, ws, "f6", "text-completion", tc, fid, req)
    t:check(req, is_flow_not_found(t, v), "after stop-flow the flow is unknown", { received = v })
  end,
}

scenario {
  id = "trustgraph.config.version",
  title = "config put then get returns the stored value; the version rises after put and after delete",
  covers = { "trustgraph.config.version" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.config.version"
    local key = { type = "wsconf", key = "k-" .. tostring(t.profile) }
    local function get(id)
      local v = final(t, ws, id, "config", { operation = "get", keys = { key } }, nil, req)
      return (v or {}).response or {}
    end
    local r0 = get("c0")
    t:check(req, math.type(r0.version) == "integer", "get answers a version", { received = r0 })
    -- Values are JSON text in the gateway, objects in the document (protocols §1.12).
    local value = tg.gateway(t) and "{\"a\":1}" or { a = 1 }
    final(t, ws, "c1", "config", { operation = "put", values = { { type = key.type, key = key.key, value = value } } },
          nil, req)
    local r1 = get("c2")
    t:equal(req, ((r1.values or {})[1] or {}).value, value, "get returns the stored value")
    t:check(req, (r1.version or 0) > (r0.version or 0), "the version rose after put",
            { expected = "> " .. tostring(r0.version), received = r1.version })
    final(t, ws, "c3", "config", { operation = "delete", keys = { key } }, nil, req)
    local r2 = get("c4")
    t:check(req, (r2.version or 0) > (r1.version or 0), "the version rose after delete",
            { expected = "> " .. tostring(r1.version), received = r2.version })
  end,
}

-- Knowledge cores beyond get-kg-core (protocols/trustgraph.md §1.7 knowledge): put, list,
-- load into a flow's triple store, unload, delete, and the request-errors. The scenario's
-- core has a user and IRIs of its own, so other scenarios' queries do not see it loaded.
local tg = require("trustgraph")
local K = "http://wsconf.test/k/"

local function knowledge(t, ws, id, request, req)
  local v = tg.call(t, ws, id, "knowledge", request, nil, { req = req })
  local last = v[#v]
  return type(last) == "table" and last.response or nil, tg.error_of(last), v
end

local function iri(x) return { t = "i", i = K .. x } end

scenario {
  id = "trustgraph.knowledge.cores",
  title = "Knowledge cores: put-kg-core, list-kg-cores, get-kg-core of the put triples, load-kg-core makes them queryable, unload-kg-core and delete-kg-core undo it; request-errors",
  covers = { "trustgraph.knowledge.manage" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.knowledge.manage"
    local user = "wsconf-knowledge"
    local triple = { s = iri("alpha"), p = iri("links"), o = iri("beta") }
    local r, e = knowledge(t, ws, "k1", { operation = "list-kg-cores", user = user }, req)
    t:equal(req, r, { ids = {} }, "no core yet")
    r, e = knowledge(t, ws, "k2", { operation = "put-kg-core", user = user, id = "kc-1",
      triples = { metadata = { id = "kc-1", root = "", user = user, collection = "default" }, triples = { triple } } }, req)
    t:equal(req, r, {}, "put-kg-core answers an empty response")
    t:equal(req, e, nil, "put-kg-core: no error")
    r = knowledge(t, ws, "k3", { operation = "list-kg-cores", user = user }, req)
    t:equal(req, r, { ids = { "kc-1" } }, "the core is listed")
    local _, _, v = knowledge(t, ws, "k4", { operation = "get-kg-core", user = user, id = "kc-1" }, req)
    local first = (v[1] or {}).response or {}
    t:equal(req, #v, 2, "get-kg-core: one triples frame, then the end frame")
    t:equal(req, first.triples and first.triples.triples, { triple }, "get-kg-core: the put triple")
    local function query(id)
      local qv = tg.call(t, ws, id, "triples", { s = iri("alpha"), limit = 10 }, tg.FLOW, { req = req })
      return ((qv[#qv] or {}).response or {}).response
    end
    t:equal(req, query("q1"), {}, "the triple is not in the flow's store before load-kg-core")
    r = knowledge(t, ws, "k5", { operation = "load-kg-core", user = user, id = "kc-1", flow = tg.FLOW }, req)
    t:equal(req, r, {}, "load-kg-core answers an empty response")
    t:equal(req, query("q2"), { triple }, "after load-kg-core the flow's triples query finds it")
    r = knowledge(t, ws, "k6", { operation = "unload-kg-core", user = user, id = "kc-1", flow = tg.FLOW }, req)
    t:equal(req, r, {}, "unload-kg-core answers an empty response")
    t:equal(req, query("q3"), {}, "after unload-kg-core it is gone")
    _, e = knowledge(t, ws, "k7", { operation = "load-kg-core", user = user, id = "kc-1", flow = "no-such-flow" }, req)
    t:equal(req, e, { type = "request-error", message = "Invalid flow" }, "load into a flow that is not running")
    _, e = knowledge(t, ws, "k8", { operation = "load-kg-core", user = user, flow = tg.FLOW }, req)
    t:equal(req, e, { type = "request-error", message = "Core ID must be specified" }, "load without a core id")
    _, e = knowledge(t, ws, "k9", { operation = "load-kg-core", user = user, id = "kc-1" }, req)
    t:equal(req, e, { type = "request-error", message = "Flow ID must be specified" }, "load without a flow")
    r = knowledge(t, ws, "k10", { operation = "delete-kg-core", user = user, id = "kc-1" }, req)
    t:equal(req, r, {}, "delete-kg-core answers an empty response")
    r = knowledge(t, ws, "k11", { operation = "list-kg-cores", user = user }, req)
    t:equal(req, r, { ids = {} }, "the deleted core is no longer listed")
    _, e = knowledge(t, ws, "k12", { operation = "get-kg-core", user = user, id = "kc-1" }, req)
    t:equal(req, e, { type = "request-error", message = "Core not found" }, "get-kg-core of the deleted core")
    _, e = knowledge(t, ws, "k13", { operation = "merge-kg-core" }, req)
    t:equal(req, e, { type = "request-error", message = "Invalid operation: merge-kg-core" }, "an unknown operation")
  end,
}

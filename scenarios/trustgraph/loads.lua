-- text-load and document-load (protocols/trustgraph.md §1.3 for the gateway's bare-string
-- load errors, §1.8, §2 item 22; the spec shapes are this server's).
local tg = require("trustgraph")

scenario {
  id = "trustgraph.load.accept",
  title = "text-load and document-load answer {} once; a missing text or data, and data that is not base64, are refused in the profile's shape",
  covers = { "trustgraph.load.accept", "trustgraph.stream.final-once" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.load.accept"
    local gw = tg.gateway(t)
    local function load(id, service, request)
      local v = tg.call(t, ws, id, service, request, tg.FLOW, { req = req, after = "trustgraph.stream.final-once" })
      t:equal(req, #v, 1, service .. " " .. id .. ": one frame")
      return v[#v]
    end
    local want_ok = function(id) return gw and { id = id, response = {}, complete = true } or { id = id, response = {} } end
    t:equal(req, load("t1", "text-load", { text = "Alice knows Bob.", id = "wsconf-text", collection = "default" }),
            want_ok("t1"), "text-load accepted")
    t:equal(req, load("d1", "document-load", { data = crypto.base64("%PDF-1.4\0binary"), id = "wsconf-doc" }),
            want_ok("d1"), "document-load accepted")
    local missing_text, missing_data = load("t2", "text-load", {}), load("d2", "document-load", {})
    local bad = load("d3", "document-load", { data = "abc" })
    if gw then
      t:equal(req, missing_text, { id = "t2", response = { error = "'text'" }, complete = true }, "text-load without text")
      t:equal(req, missing_data, { id = "d2", response = { error = "'data'" }, complete = true }, "document-load without data")
      t:equal(req, bad, { id = "d3", response = { error = "Incorrect padding" }, complete = true }, "data not base64")
    else
      t:equal(req, missing_text, { id = "t2", error = { type = "gateway-error", message = "Missing required field: text" } },
              "text-load without text")
      t:equal(req, missing_data, { id = "d2", error = { type = "gateway-error", message = "Missing required field: data" } },
              "document-load without data")
      t:equal(req, bad, { id = "d3", error = { type = "load-error", message = "Incorrect padding" } }, "data not base64")
    end
  end,
}

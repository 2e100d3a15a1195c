-- jfilter: every operator alone and combined, both parenthesis forms, spaces around
-- operators, globs, and a 400 for a filter that does not parse. One socket per filter;
-- the same four vertices are created, and each socket must receive exactly the CREATE
-- events of the vertices its filter selects.
local hiro = require("hiro")

-- v1 {/n=1, /s=alpha}, v2 {/n=5, /s=beta}, v3 {/n=10, /s=alphabet}, v4 {/s=gamma} (no /n)
local VERTICES = {
  { ["/n"] = 1, ["/s"] = "alpha" },
  { ["/n"] = 5, ["/s"] = "beta" },
  { ["/n"] = 10, ["/s"] = "alphabet" },
  { ["/s"] = "gamma" },
}

local function run_filters(t, req, cases)
  local sockets = {}
  for i, c in ipairs(cases) do
    local ws = hiro.events(t, { query = { allscopes = "false" } })
    hiro.register(ws, "f" .. i, c[1])
    sockets[i] = ws
  end
  local g = hiro.graph(t)
  hiro.sync(table.unpack(sockets))
  local ids = {}
  for i, attrs in ipairs(VERTICES) do
    ids[i] = hiro.create(t, g, "v" .. i, "ogit/Question", attrs, req)["ogit/_id"]
  end
  for i, c in ipairs(cases) do
    local want = {}
    for _, k in ipairs(c[2]) do want[#want + 1] = ids[k] end
    t:equal(req, hiro.inbox_ids(t, sockets[i], i == 1 and 0.4 or 0), hiro.sorted_ids(want),
            "filter " .. c[1] .. " selects v" .. table.concat(c[2], ",v"))
  end
end

scenario {
  id = "hiro.jfilter.and-wildcard",
  title = "jfilter = on strings and numbers, & and | (prefix and fully parenthesised), * present and glob, action=C*, spaces around =",
  covers = { "hiro.jfilter.and-wildcard" },
  run = function(t)
    run_filters(t, "hiro.jfilter.and-wildcard", {
      { "(element./s=alpha)", { 1 } },
      { "(element./s = gamma)", { 4 } },
      { "( element./n = 5 )", { 2 } },
      { "(element./n=10.0)", { 3 } },
      { "(element./n=*)", { 1, 2, 3 } },
      { "(element./s=alpha*)", { 1, 3 } },
      { "(element./s=*ta)", { 2 } },
      { "&(element./s=alpha*)(element./n=10)", { 3 } },
      { "|(element./s=beta)(element./s=gamma)", { 2, 4 } },
      { "(&(element./s=al*)(action=C*))", { 1, 3 } },
      { "&(element.ogit/_type=ogit/Question)(action=C*)", { 1, 2, 3, 4 } },
      { "&(element./s=beta)", { 2 } },
      { "(element./s=a\\2a)", {} },
    })
  end,
}

scenario {
  id = "hiro.jfilter.operators",
  title = "jfilter != (true when absent), > >= < <= on numbers, ! (not), and combinations",
  covers = { "hiro.jfilter.operators" },
  run = function(t)
    run_filters(t, "hiro.jfilter.operators", {
      { "(element./s!=alpha)", { 2, 3, 4 } },
      { "(element./n != 5)", { 1, 3, 4 } },
      { "(element./n>5)", { 3 } },
      { "(element./n>=5)", { 2, 3 } },
      { "(element./n<5)", { 1 } },
      { "(element./n <= 5)", { 1, 2 } },
      { "!(element./s=alpha)", { 2, 3, 4 } },
      { "(!(element./n=*))", { 4 } },
      { "&(element./n>1)(element./n<10)", { 2 } },
      { "|(!(element./s=alpha*))(element./n<=1)", { 1, 2, 4 } },
      { "&(element./s!=beta)(|(element./n>=10)(element./n<2))", { 1, 3 } },
    })
  end,
}

scenario {
  id = "hiro.jfilter.bad-filter",
  title = "A filter that does not parse (unbalanced, bad operator, nested 40 deep, over 64 KiB) or another filter-type is answered 400; the socket stays usable",
  covers = { "hiro.jfilter.bad-filter" },
  run = function(t)
    local req = "hiro.jfilter.bad-filter"
    local ws = hiro.events(t, { query = { allscopes = "false" } })
    for _, bad in ipairs{ "(element./s=alpha", "element./s=alpha", "&", "(element./n>abc)", "(foo=bar)",
                          "(element./s=a(b)", string.rep("(", 40) .. "element./s=a" .. string.rep(")", 40),
                          "(element./s=" .. string.rep("x", 70000) .. ")" } do
      hiro.register(ws, "bad", bad)
      local e = ws:expect{ json = { error = { code = 400 } }, within = 1, req = req, what = "400 for " .. bad:sub(1, 20) }
      t:check(req, type(e.error.message) == "string", "400 with a message for " .. bad:sub(1, 20), { received = e })
    end
    ws:send_json{ type = "register", args = { ["filter-id"] = "x", ["filter-type"] = "sql", ["filter-content"] = "(element./s=a)" } }
    ws:expect{ json = { error = { code = 400 } }, within = 1, req = req, what = "400 for filter-type sql" }
    hiro.register(ws, "good", "(element./s=ok)")
    local g = hiro.graph(t)
    hiro.sync(ws)
    local v = hiro.create(t, g, "1", "ogit/Question", { ["/s"] = "ok" }, req)
    ws:expect{ json = { id = v["ogit/_id"] }, within = 2, req = req, what = "the event after the errors" }
  end,
}

-- Large answers: a 1000-vertex query interleaved with other requests, and a 1 MiB blob
-- reassembled from its base64 chunks byte for byte.
local hiro = require("hiro")

scenario {
  id = "hiro.graph.interleave",
  title = "A 1000-vertex query streams while two other requests are answered; each request's envelopes stay in order",
  covers = { "hiro.graph.interleave" },
  timeout = 20,
  run = function(t)
    local req = "hiro.graph.interleave"
    local g = hiro.graph(t)
    local run = hiro.account(t)
    for i = 1, 1000 do
      hiro.send(g, "c" .. i, "create", { ["ogit/_type"] = "ogit/Question" }, { ["/i"] = i, ["/run"] = run })
    end
    local created = g:collect{ match = function(v) return type(v) == "table" and type(v.id) == "string" and v.id:sub(1, 1) == "c" end,
                               count = 1000, within = 15, req = req, what = "1000 create answers" }
    local ok = 0
    for _, a in ipairs(created) do if a.body and a.body["ogit/_id"] then ok = ok + 1 end end
    t:require(req, ok == 1000, "1000 vertices created", { expected = 1000, received = ok })
    -- The big query, then a small one and a single request right behind it, written in one
    -- go on a raw connection: the server reads all three before it has answered the first,
    -- whatever the load on the machine, so interleaving is the server's doing alone.
    local r = t:raw_ws("hiro", { path = hiro.GRAPH_PATH, protocols = { hiro.GRAPH, "token-" .. hiro.user_token(t) } })
    t:require(req, r.upgraded, "a second graph connection", { received = r.status })
    local function request(id, typ, headers, body)
      return { opcode = "text", payload = json.encode{ id = id, type = typ, headers = headers, body = body or {} } }
    end
    t:require(req, r:send_frames{
      request("big", "query", { type = "vertices" }, { query = "\\/run:" .. run, order = "/i asc", limit = -1 }),
      request("small", "query", { type = "vertices" }, { query = "\\/run:" .. run .. " AND \\/i:7" }),
      request("one", "me", {}),
    }, "the three requests written together")
    local all, deadline = {}, t:now() + 10
    while t:now() < deadline do
      local f, why = r:recv_message(math.max(1, math.floor((deadline - t:now()) * 1000)))
      t:require(req, f ~= nil, "the answers of the three requests", { received = why, expected = "big's more:false" })
      if f.kind == "text" then
        local v = json.decode(f.payload)
        if type(v) == "table" and (v.id == "big" or v.id == "small" or v.id == "one") then
          all[#all + 1] = v
          if v.id == "big" and v.more == false then break end
        end
      end
    end
    r:close_tcp()
    local big, last_small, last_one, first_big_last = {}, nil, nil, nil
    for pos, v in ipairs(all) do
      if v.id == "big" then
        big[#big + 1] = v
        if v.more == false then first_big_last = pos end
      elseif v.id == "small" then last_small = pos
      else last_one = pos end
    end
    t:equal(req, #big, 1000, "the big query has 1000 envelopes")
    local in_order = true
    for i, v in ipairs(big) do
      if not (v.body and v.body["/i"] == i and v.more == (i < 1000)) then in_order = false break end
    end
    t:check(req, in_order, "the big query's envelopes arrive in order (/i = 1..1000), more:false only on the last",
            { expected = "/i = position", received = big[1] and big[1].body and big[1].body["/i"] })
    t:check(req, last_small ~= nil and last_one ~= nil and last_small < first_big_last and last_one < first_big_last,
            "the other requests are answered while the big one still streams",
            { expected = "before envelope " .. tostring(first_big_last), received = { small = last_small, one = last_one } })
  end,
}

scenario {
  id = "hiro.graph.blob",
  title = "getcontent of a 1 MiB blob: base64 chunks {multi:true, body:{data, encoding:base64}}, last and more:false on the final one, byte for byte",
  covers = { "hiro.graph.blob" },
  timeout = 20,
  run = function(t)
    local req = "hiro.graph.blob"
    local g = hiro.graph(t)
    local id = hiro.create(t, g, "c", "ogit/Attachment", {}, req)["ogit/_id"]
    local data = crypto.seeded_bytes(t.seed, "hiro-blob", 1024 * 1024 + 7)
    local res = t:http("hiro", { method = "POST", path = "/api/graph/7.0/" .. id .. "/content", body = data,
                                headers = { Authorization = "Bearer " .. hiro.jwt{ sub = hiro.account(t) } }, within = 10 })
    t:require(req, res.status == 200, "content upload over REST", { expected = 200, received = res.status })
    hiro.send(g, "b", "getcontent", { ["ogit/_id"] = id })
    local chunks = g:collect{ json = { id = "b" }, within = 10, req = req, what = "the blob chunks",
      terminal = { match = function(v) return type(v) == "table" and v.id == "b" and (v.last == true or v.error ~= nil) end } }
    local parts, shape_ok = {}, true
    for i, c in ipairs(chunks) do
      local final = i == #chunks
      if not (c.multi == true and c.last == final and c.more == not final and type(c.body) == "table"
              and c.body.encoding == "base64" and type(c.body.data) == "string") then
        shape_ok = false
      end
      parts[#parts + 1] = c.body and c.body.data or ""
    end
    t:check(req, #chunks > 2, "a 1 MiB blob comes in several chunks", { received = #chunks })
    t:check(req, shape_ok, "every chunk is {multi:true, last, more:!last, body:{data, encoding:base64}}", { received = chunks[1] and { multi = chunks[1].multi, last = chunks[1].last, more = chunks[1].more } })
    local bytes, err = crypto.base64_decode(table.concat(parts))
    t:check(req, bytes ~= nil, "the chunks concatenate to valid base64", { received = err })
    t:check(req, bytes == data, "the reassembled blob equals the uploaded bytes",
            { expected = crypto.hex(crypto.sha256(data)), received = bytes and crypto.hex(crypto.sha256(bytes)) })
    hiro.send(g, "n", "getcontent", { ["ogit/_id"] = hiro.create(t, g, "d", "ogit/Attachment", {}, req)["ogit/_id"] })
    local e = hiro.answer(g, "n", req)
    t:check(req, e.error ~= nil and e.error.code == 404, "getcontent without content: 404", { received = e })
  end,
}

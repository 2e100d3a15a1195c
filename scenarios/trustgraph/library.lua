-- The librarian (protocols/trustgraph.md §1.7; the server's choices for the spec profile in
-- reference-server/trustgraph/README.md): documents, chunked uploads, stream-document and
-- processing records. Each scenario works under a user of its own, so scenarios running
-- at the same time do not see each other's documents.
local tg = require("trustgraph")

-- One librarian request; returns the final frame's response (or nil) and its error object.
local function lib(t, ws, id, request, req)
  local v = tg.call(t, ws, id, "librarian", request, nil, { req = req })
  local last = v[#v]
  return type(last) == "table" and last.response or nil, tg.error_of(last), v
end

-- A back-end error of the librarian: request-error with this message, in the profile's place.
local function expect_error(t, req, err, message, what)
  t:equal(req, err, { type = "request-error", message = message }, what)
end

-- 25 bytes that are not all text (NUL, high bytes), so byte-exact transport shows.
local function payload()
  local b = {}
  for i = 0, 24 do b[#b + 1] = string.char((i * 37 + 3) % 256) end
  return table.concat(b)
end

local function metadata(id, user, title)
  return { id = id, time = 1764200000, kind = "application/octet-stream", title = title, comments = "wsconf",
           metadata = json.array{}, user = user, tags = { "wsconf", "upload" } }
end

local function ids_of(list)
  local out = {}
  for _, m in ipairs(list or {}) do out[#out + 1] = m.id end
  return out
end

scenario {
  id = "trustgraph.librarian.documents",
  title = "Librarian: add-document, get-document-metadata / -content, list-documents, remove-document; errors as request-error",
  covers = { "trustgraph.librarian.documents" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.librarian.documents"
    local user = "wsconf-docs"
    local meta = metadata("docs-a", user, "Added document")
    local content = crypto.base64("library content\n")
    local r, e = lib(t, ws, "d1", { operation = "add-document", ["document-metadata"] = meta, content = content }, req)
    t:equal(req, r, {}, "add-document answers an empty response")
    t:equal(req, e, nil, "add-document: no error")
    r = lib(t, ws, "d2", { operation = "get-document-metadata", ["document-id"] = "docs-a", user = user }, req)
    t:equal(req, r, { ["document-metadata"] = meta }, "get-document-metadata: the stored metadata")
    r = lib(t, ws, "d3", { operation = "get-document-content", ["document-id"] = "docs-a", user = user }, req)
    t:equal(req, r, { content = content }, "get-document-content: the base64 content as sent")
    r = lib(t, ws, "d4", { operation = "list-documents", user = user }, req)
    t:equal(req, r, { ["document-metadatas"] = { meta } }, "list-documents of the user")
    r = lib(t, ws, "d5", { operation = "list-documents" }, req)
    t:equal(req, ids_of((r or {})["document-metadatas"]), { "doc-1", "doc-2" },
            "list-documents of the default user trustgraph: the seeded documents")
    r = lib(t, ws, "d6", { operation = "get-document-metadata", ["document-id"] = "doc-1" }, req)
    t:equal(req, r and r["document-metadata"] and r["document-metadata"].title, "Graph basics", "seeded doc-1 title")
    local _
    _, e = lib(t, ws, "d7", { operation = "add-document", ["document-metadata"] = meta, content = content }, req)
    expect_error(t, req, e, "Document already exists", "adding the same id again")
    r, e = lib(t, ws, "d8", { operation = "remove-document", ["document-id"] = "docs-a", user = user }, req)
    t:equal(req, r, {}, "remove-document answers an empty response")
    _, e = lib(t, ws, "d9", { operation = "get-document-metadata", ["document-id"] = "docs-a", user = user }, req)
    expect_error(t, req, e, "Document not found", "metadata of the removed document")
    r = lib(t, ws, "d10", { operation = "list-documents", user = user }, req)
    t:equal(req, r, { ["document-metadatas"] = {} }, "list-documents after the removal")
    _, e = lib(t, ws, "d11", { operation = "no-such-op" }, req)
    expect_error(t, req, e, "Invalid operation: no-such-op", "an unknown operation")
    _, e = lib(t, ws, "d12", {}, req)
    expect_error(t, req, e, "Null operation", "no operation")
  end,
}

scenario {
  id = "trustgraph.gateway.librarian-bad-content",
  title = "Librarian content that is not base64 is refused by the gateway's translator: response.error gateway-error Incorrect padding",
  covers = { "trustgraph.librarian.documents" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.librarian.documents"
    local v = tg.call(t, ws, "bc", "librarian", { operation = "add-document",
      ["document-metadata"] = metadata("bad-content", "wsconf-bad", "x"), content = "abc" }, nil, { req = req })
    t:equal(req, v[#v], { id = "bc", response = { error = { type = "gateway-error", message = "Incorrect padding" } },
                          complete = true }, "the translator's error, inside response")
  end,
}

scenario {
  id = "trustgraph.spec.librarian-bad-content",
  title = "Librarian content that is not base64 is refused as a gateway-error naming the field",
  covers = { "trustgraph.librarian.documents" },
  profiles = { "spec" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.librarian.documents"
    local v = tg.call(t, ws, "bc", "librarian", { operation = "add-document",
      ["document-metadata"] = metadata("bad-content", "wsconf-bad", "x"), content = "abc" }, nil, { req = req })
    t:equal(req, v[#v], { id = "bc", error = { type = "gateway-error",
                          message = "Invalid field: content (must be base64)" } }, "a gateway-error")
  end,
}

scenario {
  id = "trustgraph.librarian.update",
  title = "Librarian update-document replaces the metadata (gateway); the spec profile does not know the operation",
  covers = { "trustgraph.librarian.documents" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.librarian.documents"
    local user = "wsconf-update"
    local meta = metadata("upd-a", user, "Before")
    lib(t, ws, "u1", { operation = "add-document", ["document-metadata"] = meta, content = crypto.base64("x") }, req)
    local changed = metadata("upd-a", user, "After")
    local r, e = lib(t, ws, "u2", { operation = "update-document", ["document-metadata"] = changed }, req)
    if tg.gateway(t) then
      t:equal(req, r, {}, "update-document answers an empty response")
      r = lib(t, ws, "u3", { operation = "get-document-metadata", ["document-id"] = "upd-a", user = user }, req)
      t:equal(req, r, { ["document-metadata"] = changed }, "the new metadata")
    else
      expect_error(t, req, e, "Invalid operation: update-document", "update-document is not in the document")
      r = lib(t, ws, "u3", { operation = "get-document-metadata", ["document-id"] = "upd-a", user = user }, req)
      t:equal(req, r, { ["document-metadata"] = meta }, "the metadata is unchanged")
    end
  end,
}

scenario {
  id = "trustgraph.librarian.upload",
  title = "Chunked upload: begin-upload, chunks out of order, out-of-range and missing chunk errors, status, list-uploads, complete-upload, abort-upload",
  covers = { "trustgraph.librarian.upload" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.librarian.upload"
    local user = "wsconf-upload"
    local bytes = payload()
    local pieces = { bytes:sub(1, 10), bytes:sub(11, 20), bytes:sub(21, 25) }
    local meta = metadata("up-a", user, "Uploaded")
    local r = lib(t, ws, "b1", { operation = "begin-upload", ["document-metadata"] = meta, ["total-size"] = 25,
                                 ["chunk-size"] = 10 }, req)
    local up = r and r["upload-id"]
    t:require(req, type(up) == "string" and up:match("^upload%-%d+$") ~= nil, "begin-upload names the upload",
              { received = r })
    t:equal(req, r, { ["upload-id"] = up, ["chunk-size"] = 10, ["total-chunks"] = 3 }, "begin-upload response")
    local function chunk(id, index, data)
      return lib(t, ws, id, { operation = "upload-chunk", ["upload-id"] = up, ["chunk-index"] = index,
                              content = crypto.base64(data), user = user }, req)
    end
    r = chunk("c2", 2, pieces[3])
    t:equal(req, r, { ["upload-id"] = up, ["chunk-index"] = 2, ["chunks-received"] = 1, ["total-chunks"] = 3,
                      ["bytes-received"] = 5, ["total-bytes"] = 25 }, "upload-chunk 2 first")
    r = chunk("c0", 0, pieces[1])
    t:equal(req, r, { ["upload-id"] = up, ["chunk-index"] = 0, ["chunks-received"] = 2, ["total-chunks"] = 3,
                      ["bytes-received"] = 15, ["total-bytes"] = 25 }, "upload-chunk 0")
    local _, e = chunk("c3", 3, "zzz")
    expect_error(t, req, e, "Chunk index out of range", "chunk index 3 of 3")
    _, e = chunk("cn", -1, "zzz")
    expect_error(t, req, e, "Chunk index out of range", "a negative chunk index")
    _, e = lib(t, ws, "cc", { operation = "upload-chunk", ["upload-id"] = up, ["chunk-index"] = 1 }, req)
    expect_error(t, req, e, "Chunk content must be specified", "a chunk without content")
    _, e = lib(t, ws, "cu", { operation = "upload-chunk", ["upload-id"] = "no-such-upload", ["chunk-index"] = 0,
                              content = crypto.base64("x") }, req)
    expect_error(t, req, e, "Upload not found", "a chunk for an unknown upload")
    r = lib(t, ws, "s1", { operation = "get-upload-status", ["upload-id"] = up }, req)
    t:equal(req, r, { ["upload-id"] = up, ["upload-state"] = "in-progress", ["chunks-received"] = 2,
                      ["total-chunks"] = 3, ["bytes-received"] = 15, ["total-bytes"] = 25,
                      ["received-chunks"] = { 0, 2 }, ["missing-chunks"] = { 1 } }, "status with chunk 1 missing")
    r = lib(t, ws, "l1", { operation = "list-uploads", user = user }, req)
    t:equal(req, r, { ["upload-sessions"] = { { ["upload-id"] = up, ["document-id"] = "up-a", ["chunks-received"] = 2,
      ["total-chunks"] = 3, ["bytes-received"] = 15, ["total-bytes"] = 25 } } }, "list-uploads shows the session")
    _, e = lib(t, ws, "k1", { operation = "complete-upload", ["upload-id"] = up }, req)
    expect_error(t, req, e, "Upload incomplete: 1 chunks missing", "complete-upload with chunk 1 missing")
    r = chunk("c1", 1, pieces[2])
    t:equal(req, r and r["chunks-received"], 3, "upload-chunk 1 completes the set")
    r = lib(t, ws, "k2", { operation = "complete-upload", ["upload-id"] = up }, req)
    local object = string.format("obj-%016x", tg.hash(0, "object", crypto.base64(bytes)))
    t:equal(req, r, { ["document-id"] = "up-a", ["object-id"] = object }, "complete-upload names the document")
    r = lib(t, ws, "s2", { operation = "get-upload-status", ["upload-id"] = up }, req)
    t:equal(req, r and r["upload-state"], "completed", "the upload's state after completion")
    _, e = chunk("c4", 1, pieces[2])
    expect_error(t, req, e, "Upload is not in progress", "a chunk after completion")
    r = lib(t, ws, "l2", { operation = "list-documents", user = user }, req)
    t:equal(req, r, { ["document-metadatas"] = { meta } }, "the uploaded document is listed")
    r = lib(t, ws, "g1", { operation = "get-document-content", ["document-id"] = "up-a", user = user }, req)
    t:equal(req, r, { content = crypto.base64(bytes) }, "its content is the chunks in index order")
    r = lib(t, ws, "l3", { operation = "list-uploads", user = user }, req)
    t:equal(req, r, { ["upload-sessions"] = {} }, "no upload in progress any more")

    -- Abort: the session is gone.
    r = lib(t, ws, "b2", { operation = "begin-upload", ["document-metadata"] = metadata("up-b", user, "Aborted"),
                           ["total-size"] = 4, ["chunk-size"] = 2 }, req)
    local up2 = r and r["upload-id"]
    t:check(req, up2 ~= nil and up2 ~= up, "a second upload gets another id", { received = r })
    r = lib(t, ws, "a1", { operation = "abort-upload", ["upload-id"] = up2 }, req)
    t:equal(req, r, {}, "abort-upload answers an empty response")
    _, e = lib(t, ws, "s3", { operation = "get-upload-status", ["upload-id"] = up2 }, req)
    expect_error(t, req, e, "Upload not found", "status of the aborted upload")
    _, e = lib(t, ws, "g2", { operation = "get-document-metadata", ["document-id"] = "up-b", user = user }, req)
    expect_error(t, req, e, "Document not found", "an aborted upload adds no document")
    _, e = lib(t, ws, "b3", { operation = "begin-upload", ["document-metadata"] = metadata("up-c", user, "x"),
                              ["total-size"] = 0 }, req)
    expect_error(t, req, e, "Total size must be positive", "begin-upload of nothing")
  end,
}

scenario {
  id = "trustgraph.librarian.stream-document",
  title = "stream-document sends the content in chunk-size pieces (chunk-index, total-chunks) that reassemble byte for byte; one final frame",
  covers = { "trustgraph.librarian.stream-document", "trustgraph.stream.final-once" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.librarian.stream-document"
    local user = "wsconf-stream"
    local bytes = payload()
    local meta = metadata("st-a", user, "Streamed")
    local r = lib(t, ws, "b", { operation = "begin-upload", ["document-metadata"] = meta, ["total-size"] = 25,
                                ["chunk-size"] = 12 }, req)
    local up = r and r["upload-id"]
    t:require(req, up ~= nil, "begin-upload", { received = r })
    for k, piece in ipairs({ bytes:sub(1, 12), bytes:sub(13, 24), bytes:sub(25, 25) }) do
      lib(t, ws, "c" .. k, { operation = "upload-chunk", ["upload-id"] = up, ["chunk-index"] = k - 1,
                             content = crypto.base64(piece) }, req)
    end
    r = lib(t, ws, "k", { operation = "complete-upload", ["upload-id"] = up }, req)
    t:require(req, r and r["document-id"] == "st-a", "the upload completes", { received = r })

    local v = tg.call(t, ws, "sd", "librarian", { operation = "stream-document", ["document-id"] = "st-a", user = user,
                                                  ["chunk-size"] = 7 }, nil,
                      { req = req, after = "trustgraph.stream.final-once" })
    t:equal(req, #v, 4, "25 bytes in pieces of 7: four frames")
    local parts = {}
    for i, f in ipairs(v) do
      local x = f.response or {}
      t:equal(req, x["document-id"], "st-a", "frame " .. i .. " document-id")
      t:equal(req, x["chunk-index"], i - 1, "frame " .. i .. " chunk-index")
      t:equal(req, x["total-chunks"], 4, "frame " .. i .. " total-chunks")
      if tg.gateway(t) then
        t:equal(req, f.complete, i == #v, "frame " .. i .. " complete")
      else
        t:equal(req, x["end-of-stream"], i == #v, "frame " .. i .. " end-of-stream")
      end
      local piece = type(x.content) == "string" and crypto.base64_decode(x.content) or nil
      t:check(req, piece ~= nil and #piece == (i < 4 and 7 or 4), "frame " .. i .. " carries its piece",
              { received = x.content })
      parts[#parts + 1] = piece or ""
    end
    t:check(req, table.concat(parts) == bytes, "the pieces reassemble to the uploaded bytes",
            { expected = crypto.base64(bytes), received = crypto.base64(table.concat(parts)) })

    -- A seeded document in the default piece size: one frame with the whole text.
    v = tg.call(t, ws, "sd2", "librarian", { operation = "stream-document", ["document-id"] = "doc-2" }, nil, { req = req })
    t:equal(req, #v, 1, "doc-2 (under 1024 bytes) in one frame")
    local x = (v[#v] or {}).response or {}
    t:equal(req, x.content and crypto.base64_decode(x.content), tg.words(t.seed, "document", "doc-2", 40),
            "doc-2's content is its 40 seeded words")
    local _, e = lib(t, ws, "sd3", { operation = "stream-document", ["document-id"] = "no-such-doc" }, req)
    expect_error(t, req, e, "Document not found", "stream-document of an unknown document")
  end,
}

scenario {
  id = "trustgraph.librarian.processing",
  title = "Processing records: gateway add-/list-/remove-processing, spec start-/stop-processing; each profile refuses the other's names",
  covers = { "trustgraph.librarian.processing" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.librarian.processing"
    local user = "wsconf-processing"
    lib(t, ws, "a", { operation = "add-document", ["document-metadata"] = metadata("proc-doc", user, "Processed"),
                      content = crypto.base64("to process") }, req)
    local gw = tg.gateway(t)
    local add, remove = gw and "add-processing" or "start-processing", gw and "remove-processing" or "stop-processing"
    local other = gw and "start-processing" or "add-processing"
    local pm = { id = "proc-1", ["document-id"] = "proc-doc", time = 1764200100, flow = tg.FLOW, user = user,
                 collection = "default", tags = { "wsconf" } }
    local _, e = lib(t, ws, "o", { operation = other, ["processing-metadata"] = pm }, req)
    t:equal(req, e, { type = "request-error", message = "Invalid operation: " .. other }, other .. " is not this profile's")
    local r = lib(t, ws, "p1", { operation = add, ["processing-metadata"] = pm }, req)
    t:equal(req, r, {}, add .. " answers an empty response")
    r = lib(t, ws, "p2", { operation = "list-processing", user = user }, req)
    t:equal(req, r, { ["processing-metadatas"] = { pm } }, "list-processing shows the record")
    _, e = lib(t, ws, "p3", { operation = add, ["processing-metadata"] = pm }, req)
    t:equal(req, e, { type = "request-error", message = "Processing already exists" }, "the same record again")
    local missing = { id = "proc-2", ["document-id"] = "no-such-doc", user = user }
    _, e = lib(t, ws, "p4", { operation = add, ["processing-metadata"] = missing }, req)
    t:equal(req, e, { type = "request-error", message = "Document not found" }, "a record for an unknown document")
    r = lib(t, ws, "p5", { operation = remove, ["processing-id"] = "proc-1" }, req)
    t:equal(req, r, {}, remove .. " answers an empty response")
    r = lib(t, ws, "p6", { operation = "list-processing", user = user }, req)
    t:equal(req, r, { ["processing-metadatas"] = {} }, "no record after removal")
    _, e = lib(t, ws, "p7", { operation = remove, ["processing-id"] = "proc-1" }, req)
    t:equal(req, e, { type = "request-error", message = "Processing not found" }, "removing it again")
  end,
}

scenario {
  id = "trustgraph.librarian.children",
  title = "Child documents: add-child-document names the child, list-children lists it, list-documents shows it only with include-children",
  covers = { "trustgraph.librarian.documents" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.librarian.documents"
    local user = "wsconf-children"
    local parent = metadata("parent-a", user, "Parent")
    local child = metadata("child-a", user, "Child")
    child["parent-id"] = "parent-a"
    child["document-type"] = "page"
    lib(t, ws, "p", { operation = "add-document", ["document-metadata"] = parent, content = crypto.base64("whole") }, req)
    local r, e = lib(t, ws, "c", { operation = "add-child-document", ["document-metadata"] = child,
                                   content = crypto.base64("part") }, req)
    t:equal(req, r, { ["document-id"] = "child-a" }, "add-child-document answers the child's id")
    t:equal(req, e, nil, "add-child-document: no error")
    r = lib(t, ws, "l1", { operation = "list-children", ["document-id"] = "parent-a", user = user }, req)
    t:equal(req, r, { ["document-metadatas"] = { child } }, "list-children of the parent")
    r = lib(t, ws, "l2", { operation = "list-documents", user = user }, req)
    t:equal(req, r, { ["document-metadatas"] = { parent } }, "list-documents leaves the child out")
    r = lib(t, ws, "l3", { operation = "list-documents", user = user, ["include-children"] = true }, req)
    t:equal(req, r, { ["document-metadatas"] = { parent, child } }, "list-documents with include-children")
    local orphan = metadata("child-b", user, "Orphan")
    orphan["parent-id"] = "no-such-parent"
    local _
    _, e = lib(t, ws, "o", { operation = "add-child-document", ["document-metadata"] = orphan,
                             content = crypto.base64("x") }, req)
    expect_error(t, req, e, "Parent document not found", "a child of an unknown parent")
  end,
}

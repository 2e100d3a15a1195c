-- Hanami upload refusals and bad input: beyond the declared size, garbage protobuf,
-- empty frames; the connection stays usable and nothing is corrupted.
local hn = require("hanami")

scenario {
  id = "hanami.upload.refusals",
  title = "A chunk beyond the declared size and garbage protobuf get success false with a message; the upload then completes intact",
  covers = { "hanami.upload.beyond-size", "hanami.upload.invalid-message", "hanami.upload.response", "hanami.ws.bad-input" },
  timeout = 20,
  run = function(t)
    local req = "hanami.upload.response"
    local token = hn.login(t, req)
    local data = hn.csv_text(t.seed, "hanami.upload.refusals", 1000)
    local c = hn.create_csv(t, token, "wsconf refusals", #data)
    t:require(req, c.status == 200, "CSV dataset created", { received = c.body })
    local ws = hn.open(t, token, c.json.uuid_input_file, "file_upload", req)

    hn.send_chunk(ws, 990, string.rep("X", 11))          -- one byte past the end
    local r = hn.upload_reply(t, ws, "hanami.upload.beyond-size")
    t:equal("hanami.upload.beyond-size", r.success, false, "position 990 + 11 bytes of a 1000-byte file: success false")
    t:check("hanami.upload.beyond-size", #r.errorMessage > 0, "with a non-empty errorMessage", { received = r.errorMessage })
    hn.send_chunk(ws, 1001, "")                           -- starts beyond the end
    r = hn.upload_reply(t, ws, "hanami.upload.beyond-size")
    t:equal("hanami.upload.beyond-size", r.success, false, "position 1001 of a 1000-byte file: success false")
    hn.send_chunk(ws, 0x7fffffffffffffff, "x")            -- huge position
    r = hn.upload_reply(t, ws, "hanami.upload.beyond-size")
    t:equal("hanami.upload.beyond-size", r.success, false, "position 2^63-1: success false")

    ws:send_binary("\xff\xff\xff\xff")
    r = hn.upload_reply(t, ws, "hanami.upload.invalid-message")
    t:equal("hanami.upload.invalid-message", r.success, false, "garbage protobuf: success false")
    t:equal("hanami.upload.invalid-message", r.errorMessage, "Got invalid FileUpload-Message", "the error text")
    -- Field 1 (position, a varint) sent length-delimited.
    ws:send_binary(proto.encode("ClusterIO_Message", { hexagonName = "not a position" }))
    r = hn.upload_reply(t, ws, "hanami.upload.invalid-message")
    t:equal("hanami.upload.invalid-message", r.success, false, "field 1 with the wrong wire type: success false")

    ws:send_binary("")
    r = hn.upload_reply(t, ws, "hanami.ws.bad-input")
    t:equal("hanami.ws.bad-input", r.success, true, "an empty frame is an empty FileUpload_Message: success true")

    -- Nothing of the refused chunks was written: the upload completes with the right bytes.
    local p = hn.progress(t, token, c.json.uuid)
    t:equal(req, p.json and p.json.complete, false, "nothing recorded by the refused chunks")
    hn.upload(t, ws, data, req, { chunk = 400 })
    ws:close()
    p = hn.wait_complete(t, token, c.json.uuid, 5)
    t:equal(req, p.json and p.json.complete, true, "complete after the valid chunks")
    local f = hn.rest(t, "PUT", "/v1/csv/dataset", token, { uuid = c.json.uuid, uuid_input_file = c.json.uuid_input_file })
    t:equal(req, f.status, 200, "finalize: 200")
    local d = hn.digest(t, token, c.json.uuid)
    t:equal(req, d.json and d.json.sha256, hn.hex_sha256(data), "the dataset holds exactly the valid chunks")
  end,
}

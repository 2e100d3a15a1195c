-- Hanami upload: FileUpload_Message / FileUploadResponse_Message, chunk order, exact
-- completion, finalize, the finalized bytes (wsconf digest extension), MNIST over two
-- sockets at once, and a large upload.
local hn = require("hanami")

scenario {
  id = "hanami.upload.csv-lifecycle",
  title = "CSV: progress false before and during, chunks out of order and resent, complete only with the unaligned tail, finalize, digest, temp file gone",
  covers = { "hanami.upload.response", "hanami.upload.any-order", "hanami.progress.report", "hanami.progress.exact",
             "hanami.dataset.finalize", "hanami.dataset.content", "hanami.dataset.tempfiles-gone" },
  timeout = 30,
  run = function(t)
    local req = "hanami.upload.response"
    local token = hn.login(t, req)
    local size = 3 * hn.CHUNK + 1000          -- three whole chunks and an unaligned tail
    local data = hn.csv_text(t.seed, "hanami.csv-lifecycle", size)
    local c = hn.create_csv(t, token, "wsconf lifecycle", size)
    t:require(req, c.status == 200, "CSV dataset created", { received = c.body })
    local ds, file = c.json.uuid, c.json.uuid_input_file

    local p = hn.progress(t, token, ds)
    t:equal("hanami.progress.report", p.status, 200, "progress before any upload: 200")
    t:equal("hanami.progress.report", p.json and p.json.complete, false, "progress before any upload: complete false")
    t:equal("hanami.progress.report", p.json and p.json.uuid, ds, "progress echoes the dataset uuid")

    local ws, reply = hn.open(t, token, file, "file_upload", req)
    t:require(req, type(reply) == "table" and reply.success == true, "init accepted",
              { received = reply })
    -- Out of order, one resend, the tail last: every reply success, one reply per message.
    local order = { 2 * hn.CHUNK, 0, hn.CHUNK, 0 }
    hn.upload(t, ws, data, "hanami.upload.any-order", { order = order, window = 1 })
    p = hn.progress(t, token, ds)
    t:equal("hanami.progress.exact", p.json and p.json.complete, false,
            "every whole 128 KiB chunk arrived but not the last 1000 bytes: complete false")
    hn.upload(t, ws, data, req, { order = { 3 * hn.CHUNK }, window = 1 })
    -- Exactly one reply per message: nothing else is waiting.
    t:equal(req, #ws:inbox(), 0, "no reply beyond one per FileUpload_Message")
    p = hn.wait_complete(t, token, ds, 5)
    t:equal("hanami.progress.report", p.json and p.json.complete, true, "after every byte: complete true")
    t:check("hanami.progress.report", p.json and type(p.json.complete) == "boolean", "complete is a JSON boolean",
            { received = p.body })
    ws:close()

    local f = hn.rest(t, "PUT", "/v1/csv/dataset", token, { uuid = ds, uuid_input_file = file })
    t:equal("hanami.dataset.finalize", f.status, 200, "finalize: 200")
    t:equal("hanami.dataset.finalize", f.json and f.json.uuid, ds, "finalize answers the dataset uuid")
    local d = hn.digest(t, token, ds)
    t:equal("hanami.dataset.content", d.json and d.json.size, size, "the dataset has the uploaded size")
    t:equal("hanami.dataset.content", d.json and d.json.sha256, hn.hex_sha256(data), "the dataset's SHA-256 is the upload's")
    p = hn.progress(t, token, ds)
    t:equal("hanami.progress.report", p.json and p.json.complete, true, "after finalize: still complete")
    local ws2, again = hn.open(t, token, file, "file_upload", "hanami.dataset.tempfiles-gone")
    t:check("hanami.dataset.tempfiles-gone", type(again) == "table" and again.success == false,
            "an init to the finalized file uuid is refused", { received = again })
    ws2:close()
    f = hn.rest(t, "PUT", "/v1/csv/dataset", token, { uuid = ds, uuid_input_file = file })
    t:equal("hanami.dataset.tempfiles-gone", f.status, 404, "a second finalize: 404")
  end,
}

scenario {
  id = "hanami.upload.mnist-parallel",
  title = "MNIST: images and labels over two sockets at once; one file alone is not complete; finalize merges image+label records",
  covers = { "hanami.upload.response", "hanami.progress.all-files", "hanami.progress.report", "hanami.dataset.finalize",
             "hanami.dataset.content" },
  timeout = 30,
  run = function(t)
    local req = "hanami.upload.response"
    local token = hn.login(t, req)
    local images, labels = hn.mnist_files(t.seed, "hanami.mnist-parallel", 600)   -- 470,416 + 608 bytes
    local m = hn.create_mnist(t, token, "wsconf mnist", #images, #labels)
    t:require(req, m.status == 200, "MNIST dataset created", { received = m.body })
    local ds = m.json.uuid
    local wi = hn.open(t, token, m.json.uuid_input_file, "file_upload", req)
    local wl = hn.open(t, token, m.json.uuid_label_file, "file_upload", req)
    -- Both sockets busy at once: all image chunks and the label file are in flight together.
    for p = 0, #images - 1, hn.CHUNK do hn.send_chunk(wi, p, images:sub(p + 1, p + hn.CHUNK)) end
    hn.send_chunk(wl, 0, labels:sub(1, 300))
    local n = 0
    for _ = 0, #images - 1, hn.CHUNK do
      local r = hn.upload_reply(t, wi, req)
      if r.success == true then n = n + 1 end
    end
    t:equal(req, n, (#images + hn.CHUNK - 1) // hn.CHUNK, "every image chunk answered success=true")
    local r = hn.upload_reply(t, wl, req)
    t:equal(req, r.success, true, "the first label chunk answered success=true")
    local p = hn.progress(t, token, ds)
    t:equal("hanami.progress.all-files", p.json and p.json.complete, false,
            "images complete, labels partly: complete false")
    hn.upload(t, wl, labels, req, { order = { 300 }, chunk = #labels - 300 })
    p = hn.wait_complete(t, token, ds, 5)
    t:equal("hanami.progress.report", p.json and p.json.complete, true, "both files complete: complete true")
    wi:close()
    wl:close()
    local f = hn.rest(t, "PUT", "/v1/mnist/dataset", token,
                      { uuid = ds, uuid_input_file = m.json.uuid_input_file, uuid_label_file = m.json.uuid_label_file })
    t:equal("hanami.dataset.finalize", f.status, 200, "finalize: 200")
    t:equal("hanami.dataset.finalize", f.json and f.json.uuid, ds, "finalize answers the dataset uuid")
    local d = hn.digest(t, token, ds)
    local records = hn.mnist_records(images, labels)
    t:equal("hanami.dataset.content", d.json and d.json.records, 600, "600 records")
    t:equal("hanami.dataset.content", d.json and d.json.size, #records, "600 records of 784 pixels and a label")
    t:equal("hanami.dataset.content", d.json and d.json.sha256, hn.hex_sha256(records),
            "the records are the uploaded images with their labels, in order")
  end,
}

scenario {
  id = "hanami.upload.large",
  title = "A 64 MiB MNIST image file and its labels in 128 KiB chunks arrive intact (SHA-256 of the records after finalize)",
  covers = { "hanami.upload.response", "hanami.dataset.content", "hanami.progress.report" },
  timeout = 120,
  run = function(t)
    local req = "hanami.upload.response"
    local token = hn.login(t, req)
    local count = 85600                       -- 16 + 85600 * 784 bytes = 64 MiB + 1552
    local t0 = t:now()
    local images, labels = hn.mnist_files(t.seed, "hanami.upload.large", count)
    t:log(string.format("generated %d + %d bytes in %.2fs", #images, #labels, t:now() - t0))
    t:require(req, #images >= 64 * 1024 * 1024, "the image file has at least 64 MiB", { received = #images })
    local m = hn.create_mnist(t, token, "wsconf large", #images, #labels)
    t:require(req, m.status == 200, "MNIST dataset created", { received = m.body })
    local wl = hn.open(t, token, m.json.uuid_label_file, "file_upload", req)
    hn.upload(t, wl, labels, req)
    wl:close()
    local wi = hn.open(t, token, m.json.uuid_input_file, "file_upload", req)
    t0 = t:now()
    local chunks = hn.upload(t, wi, images, req, { window = 16, within = 20 })
    t:log(string.format("uploaded %d chunks in %.2fs", chunks, t:now() - t0))
    wi:close()
    local p = hn.wait_complete(t, token, m.json.uuid, 10)
    t:equal("hanami.progress.report", p.json and p.json.complete, true, "complete")
    local f = hn.rest(t, "PUT", "/v1/mnist/dataset", token, { uuid = m.json.uuid,
      uuid_input_file = m.json.uuid_input_file, uuid_label_file = m.json.uuid_label_file })
    t:equal(req, f.status, 200, "finalize: 200")
    local d = hn.digest(t, token, m.json.uuid)
    local records = hn.mnist_records(images, labels)
    t:equal("hanami.dataset.content", d.json and d.json.size, #records, "the dataset has every record")
    t:equal("hanami.dataset.content", d.json and d.json.sha256, hn.hex_sha256(records),
            "SHA-256 of the 64 MiB of records matches the upload")
  end,
}

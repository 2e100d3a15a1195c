-- Hanami REST: tokens, authentication, validation texts, dataset creation on the
-- document's paths and the real releases' aliases, plain-text errors.
local hn = require("hanami")

scenario {
  id = "hanami.rest.token",
  title = "POST /v1/token answers the token for a known user and 401 for a wrong password",
  covers = { "hanami.rest.token", "hanami.rest.error-plain-text" },
  run = function(t)
    local req = "hanami.rest.token"
    local ok = hn.rest(t, "POST", "/v1/token", nil, { id = hn.USER.id, password = hn.USER.password })
    t:equal(req, ok.status, 200, "valid credentials: 200")
    t:check(req, ok.json and type(ok.json.token) == "string" and #ok.json.token > 0, "the body carries a token",
            { received = ok.body })
    t:equal(req, ok.json and ok.json.id, hn.USER.id, "the body echoes the user id")
    t:check(req, ok.json and type(ok.json.is_admin) == "boolean" and type(ok.json.name) == "string",
            "the body carries is_admin (boolean) and name", { received = ok.body })
    local bad = hn.rest(t, "POST", "/v1/token", nil, { id = hn.USER.id, password = "not-the-password" })
    t:equal(req, bad.status, 401, "a wrong password: 401")
    t:equal(req, bad.body, "ACCESS DENIED!\nUser or password is incorrect.", "the 401 text")
    t:check("hanami.rest.error-plain-text", (bad.headers["content-type"] or ""):find("text/plain", 1, true) ~= nil,
            "the 401 is text/plain", { received = bad.headers["content-type"] })
    local nobody = hn.rest(t, "POST", "/v1/token", nil, { id = "wsconf_nobody", password = "nobody-password" })
    t:equal(req, nobody.status, 401, "a user without a project: 401")
    t:equal(req, nobody.body, "User with id 'wsconf_nobody' has no project assigned.", "the no-project text")
  end,
}

scenario {
  id = "hanami.rest.token-required",
  title = "Dataset, progress and set_mode requests without or with an unknown X-Auth-Token answer 401 in plain text",
  covers = { "hanami.rest.token-required", "hanami.rest.error-plain-text" },
  run = function(t)
    local req = "hanami.rest.token-required"
    local cases = {
      { "POST", "/v1/csv/dataset", { name = "wsconf", input_data_size = 10 } },
      { "GET", "/v1/dataset/progress", { uuid = hn.UNKNOWN_UUID } },
      { "PUT", "/v1/cluster/set_mode", { uuid = hn.CLUSTER_MODE, new_state = "DIRECT" } },
    }
    for _, c in ipairs(cases) do
      for _, token in ipairs({ false, "hn.not-a-token" }) do
        local res = hn.rest(t, c[1], c[2], token or nil, c[3])
        local what = c[1] .. " " .. c[2] .. (token and " with an unknown token" or " without X-Auth-Token")
        t:equal(req, res.status, 401, what .. ": 401")
        t:check("hanami.rest.error-plain-text", (res.headers["content-type"] or ""):find("text/plain", 1, true) ~= nil
                and res.json == nil, what .. ": plain-text body",
                { received = { content_type = res.headers["content-type"], body = res.body } })
      end
    end
  end,
}

scenario {
  id = "hanami.rest.validation",
  title = "Invalid dataset input answers 400 with upstream's texts in upstream's order",
  covers = { "hanami.rest.validation", "hanami.rest.error-plain-text" },
  run = function(t)
    local req = "hanami.rest.validation"
    local token = hn.login(t, req)
    local function expect400(body, text, what)
      local res = hn.rest(t, "POST", "/v1/mnist/dataset", token, body)
      t:equal(req, res.status, 400, what .. ": 400")
      t:equal(req, res.body, text, what .. ": the text")
      t:check("hanami.rest.error-plain-text", (res.headers["content-type"] or ""):find("text/plain", 1, true) ~= nil,
              what .. ": text/plain", { received = res.headers["content-type"] })
    end
    expect400({ name = "wsconf", input_data_size = 1, label_data_size = 1, colour = "red" },
              "Validation failed, because item 'colour' is not in the list of allowed keys", "unknown key")
    expect400({ colour = "red" }, "Validation failed, because item 'colour' is not in the list of allowed keys",
              "unknown key before missing keys")
    expect400({ name = "wsconf" }, "Validation failed, because variable 'input_data_size' is required, but is not set.",
              "missing keys, the first in alphabetical order")
    expect400({ name = "wsconf", input_data_size = "12", label_data_size = 1 },
              "Value-validation failed, because a item 'input_data_size'  has the false type: Exprect int-type.",
              "a size as a string")
    expect400({ name = "wsconf", input_data_size = 1.5, label_data_size = 1 },
              "Value-validation failed, because a item 'input_data_size'  has the false type: Exprect int-type.",
              "a fractional size")
    expect400({ name = "wsconf", input_data_size = 0, label_data_size = 1 },
              "Given item 'input_data_size' is smaller than 1", "size 0")
    expect400({ name = "wsconf", input_data_size = -5, label_data_size = 1 },
              "Given item 'input_data_size' is smaller than 1", "a negative size")
    expect400({ name = "wsconf", input_data_size = 1, label_data_size = 10000000001 },
              "Given item 'label_data_size' is bigger than 10000000000", "a size over 10^10")
    expect400({ name = "wsconf", input_data_size = 1, label_data_size = 1e300 },
              "Given item 'label_data_size' is bigger than 10000000000", "a huge size")
    expect400({ name = "abc", input_data_size = 1, label_data_size = 1 },
              "Given item 'name' is shorter than 4 characters", "a short name")
    expect400({ name = "9lives", input_data_size = 1, label_data_size = 1 },
              "Given item 'name' doesn't match with regex \"^[a-zA-Z][a-zA-Z_0-9 ]*$\"", "a name not matching the regex")
    local res = t:http("hanami", { method = "POST", path = "/v1/csv/dataset", headers = { ["X-Auth-Token"] = token },
                                   body = "{\"name\": \"wsconf\", " })
    t:equal(req, res.status, 400, "a truncated JSON body: 400")
  end,
}

scenario {
  id = "hanami.dataset.create",
  title = "Dataset creation returns distinct UUIDs (no uuid_label_file for CSV) on the document's paths and both releases' aliases",
  covers = { "hanami.dataset.create" },
  run = function(t)
    local req = "hanami.dataset.create"
    local token = hn.login(t, req)
    local paths = {
      { "/v1/mnist/dataset", "/v1/csv/dataset" },
      { "/control/v1/mnist/dataset", "/control/v1/csv/dataset" },
      { "/v1.0alpha/dataset/upload/mnist", "/v1.0alpha/dataset/upload/csv" },
    }
    for _, p in ipairs(paths) do
      local m = hn.rest(t, "POST", p[1], token, { name = "wsconf mnist", input_data_size = 16, label_data_size = 9 })
      t:equal(req, m.status, 200, p[1] .. ": 200")
      local j = m.json or {}
      t:check(req, hn.is_uuid(j.uuid) and hn.is_uuid(j.uuid_input_file) and hn.is_uuid(j.uuid_label_file),
              p[1] .. ": uuid, uuid_input_file and uuid_label_file are UUIDs", { received = m.body })
      t:check(req, j.uuid ~= j.uuid_input_file and j.uuid ~= j.uuid_label_file and j.uuid_input_file ~= j.uuid_label_file,
              p[1] .. ": the three UUIDs are distinct", { received = m.body })
      local c = hn.rest(t, "POST", p[2], token, { name = "wsconf csv", input_data_size = 10 })
      t:equal(req, c.status, 200, p[2] .. ": 200")
      j = c.json or {}
      t:check(req, hn.is_uuid(j.uuid) and hn.is_uuid(j.uuid_input_file) and j.uuid ~= j.uuid_input_file,
              p[2] .. ": distinct uuid and uuid_input_file", { received = c.body })
      t:check(req, j.uuid_label_file == nil, p[2] .. ": no uuid_label_file for CSV", { received = c.body })
    end
  end,
}

scenario {
  id = "hanami.rest.not-found",
  title = "Progress and finalize of an unknown dataset answer 404; a malformed uuid 400",
  covers = { "hanami.rest.not-found", "hanami.rest.error-plain-text" },
  run = function(t)
    local req = "hanami.rest.not-found"
    local token = hn.login(t, req)
    local p = hn.progress(t, token, hn.UNKNOWN_UUID)
    t:equal(req, p.status, 404, "progress of an unknown uuid: 404")
    t:equal(req, p.body, "Data-set with uuid '" .. hn.UNKNOWN_UUID .. "' not found", "the 404 text")
    t:check("hanami.rest.error-plain-text", (p.headers["content-type"] or ""):find("text/plain", 1, true) ~= nil,
            "the 404 is text/plain", { received = p.headers["content-type"] })
    local f = hn.rest(t, "PUT", "/v1/csv/dataset", token, { uuid = hn.UNKNOWN_UUID, uuid_input_file = hn.UNKNOWN_UUID })
    t:equal(req, f.status, 404, "finalize of an unknown uuid: 404")
    t:equal(req, hn.progress(t, token, "not-a-uuid").status, 400, "progress of a malformed uuid: 400")
    t:equal(req, hn.rest(t, "PUT", "/v1/csv/dataset", token, { uuid = "nope", uuid_input_file = hn.UNKNOWN_UUID }).status,
            400, "finalize with a malformed uuid: 400")
    -- File uuids that are not this dataset's files.
    local m = hn.create_mnist(t, token, "wsconf refusals", 16, 9)
    local j = m.json or {}
    local r = hn.rest(t, "PUT", "/v1/mnist/dataset", token,
                      { uuid = j.uuid, uuid_input_file = hn.UNKNOWN_UUID, uuid_label_file = j.uuid_label_file })
    t:equal(req, r.status, 404, "finalize with an unknown input file: 404")
    t:equal(req, r.body, "Input-data with uuid '" .. hn.UNKNOWN_UUID .. "' not found.", "the input-data text")
    r = hn.rest(t, "PUT", "/v1/mnist/dataset", token,
                { uuid = j.uuid, uuid_input_file = j.uuid_input_file, uuid_label_file = hn.UNKNOWN_UUID })
    t:equal(req, r.status, 404, "finalize with an unknown label file: 404")
    t:equal(req, r.body, "Label-data with uuid '" .. hn.UNKNOWN_UUID .. "' not found.", "the label-data text")
    local other = hn.create_csv(t, hn.login(t, req, hn.OTHER_USER), "other project", 10)
    t:equal(req, hn.progress(t, token, other.json and other.json.uuid or hn.UNKNOWN_UUID).status, 404,
            "another project's dataset: 404")
  end,
}

-- collection-management (protocols/trustgraph.md §1.7; §1.12 for the tag filter's name).
-- The scenario works under a user of its own; the seeded user trustgraph keeps only its
-- default collection.
local tg = require("trustgraph")

local function manage(t, ws, id, request, req)
  local v = tg.call(t, ws, id, "collection-management", request, nil, { req = req })
  local last = v[#v]
  return type(last) == "table" and last.response or nil, tg.error_of(last)
end

scenario {
  id = "trustgraph.collections.manage",
  title = "collection-management: update-collection creates and changes, list-collections filters by tag and limit, delete-collection removes; unknown operation",
  covers = { "trustgraph.collections.manage" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.collections.manage"
    local user = "wsconf-collections"
    local filter = tg.gateway(t) and "tag_filter" or "tag-filter"
    local research = { user = user, collection = "research", name = "Research", description = "Papers",
                       tags = { "science", "shared" } }
    local notes = { user = user, collection = "notes", name = "Notes", description = "Drafts", tags = { "private" } }
    local r = manage(t, ws, "c1", { operation = "update-collection", user = user, collection = "research",
                                    name = "Research", description = "Papers", tags = { "science", "shared" } }, req)
    t:equal(req, r, { collections = { research } }, "update-collection answers the new collection")
    manage(t, ws, "c2", { operation = "update-collection", user = user, collection = "notes", name = "Notes",
                          description = "Drafts", tags = { "private" } }, req)
    r = manage(t, ws, "c3", { operation = "list-collections", user = user }, req)
    t:equal(req, r, { collections = { research, notes } }, "both collections, in creation order")
    r = manage(t, ws, "c4", { operation = "list-collections", user = user, [filter] = { "private" } }, req)
    t:equal(req, r, { collections = { notes } }, "filtered by tag (" .. filter .. ")")
    r = manage(t, ws, "c5", { operation = "list-collections", user = user, limit = 1 }, req)
    t:equal(req, r, { collections = { research } }, "limit 1")
    local renamed = { user = user, collection = "research", name = "Research papers", description = "Papers",
                      tags = { "science", "shared" } }
    r = manage(t, ws, "c6", { operation = "update-collection", user = user, collection = "research",
                              name = "Research papers" }, req)
    t:equal(req, r, { collections = { renamed } }, "an update keeps the fields it does not name")
    r = manage(t, ws, "c7", { operation = "delete-collection", user = user, collection = "notes" }, req)
    t:equal(req, r, {}, "delete-collection answers an empty response")
    r = manage(t, ws, "c8", { operation = "list-collections", user = user }, req)
    t:equal(req, r, { collections = { renamed } }, "the deleted collection is gone")
    r = manage(t, ws, "c9", { operation = "list-collections" }, req)
    t:equal(req, r, { collections = { { user = "trustgraph", collection = "default", name = "Default",
                                        description = "Default collection", tags = { "default" } } } },
            "the default user's seeded collection")
    local _, e = manage(t, ws, "c10", { operation = "delete-collection", user = user, collection = "notes" }, req)
    t:equal(req, e, { type = "request-error", message = "Collection not found" }, "deleting it again")
    _, e = manage(t, ws, "c11", { operation = "rename-collection", user = user }, req)
    t:equal(req, e, { type = "request-error", message = "Invalid collection operation: rename-collection" },
            "an unknown operation")
  end,
}

// The catalog routes: releases, customers, the answer library, users, embed tokens and API
// (bearer) tokens. Roles are checked through the core's permission table (App::require*),
// bodies are decoded by the core's commands, the store does the rest in one transaction.
//
// Index: [SECTION] helpers  [SECTION] releases  [SECTION] customers  [SECTION] answer library
//        [SECTION] users  [SECTION] embed tokens  [SECTION] API tokens
#include "app.hpp"
#include "auth.hpp"
#include "http.hpp"
#include "routes_common.hpp"
#include "shipboard/json_reader.hpp"

namespace shipboard::server {
namespace {

using nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;

// [SECTION] helpers -----------------------------------------------------------------------
// Decodes a command from the JSON body: 415/400 for a bad body, 422 for field errors.
template <class T>
std::optional<T> decode_body(const Req& req, Res& res, Decoded<T> (*decode)(const json&)) {
  auto body = json_body(req, res);
  if (!body) return std::nullopt;
  auto d = decode(*body);
  if (!d.ok()) {
    problem(res, 422, "Unprocessable Content", "the request has invalid fields", d.errors);
    return std::nullopt;
  }
  return std::move(*d.value);
}

// ?limit= and ?cursor= of a list; false (with a 400 written) when malformed.
bool page_params(const App& app, const Req& req, Res& res, int& limit, std::string& cursor) {
  auto l = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
  if (!l) return false;
  limit = *l;
  cursor = req.has_param("cursor") ? req.get_param_value("cursor") : "";
  return true;
}

template <class T, class ToJson>
void send_page(Res& res, const store::Result<store::Page<T>>& page, ToJson to) {
  if (!store_ok(page, res)) return;  // a bad cursor is a 400
  json items = json::array();
  for (const auto& v : page.value->items) items.push_back(to(v));
  send_json(res, 200, page_json(std::move(items), page.value->next_cursor));
}

void send_created(Res& res, const std::string& location, std::int64_t version, const json& body) {
  res.set_header("Location", location);
  set_etag(res, version);
  send_json(res, 201, body);
}

void send_updated(Res& res, std::int64_t version, const json& body) {
  set_etag(res, version);
  send_json(res, 200, body);
}

bool truthy(const Req& req, const char* name) {
  auto v = req.get_param_value(name);
  return v == "1" || v == "true";
}

json api_token_json(const store::ApiTokenRecord& t) {
  return {{"id", t.id},
          {"label", t.label},
          {"role", to_string(t.role)},
          {"created_by", t.created_by},
          {"created_at", t.created_at},
          {"revoked", t.revoked_at.has_value()},
          {"revoked_at", t.revoked_at ? json(*t.revoked_at) : json(nullptr)}};
}

json embed_token_json(const store::EmbedTokenRecord& t) {
  EmbedToken e;
  e.id = t.id;
  e.label = t.label;
  e.scope = parse_embed_scope(t.scope).value_or(EmbedScope{});
  e.created_by = t.created_by;
  e.revoked = t.revoked_at.has_value();
  e.created_at = t.created_at;
  json j = to_json(e);
  j["scope"] = t.scope;
  j["revoked_at"] = t.revoked_at ? json(*t.revoked_at) : json(nullptr);
  return j;
}

// POST /api/v1/tokens body: {"label", "role"}.
struct CreateApiToken {
  std::string label;
  Role role = Role::viewer;
};

Decoded<CreateApiToken> decode_create_api_token(const json& j) {
  FieldErrors errors;
  JsonReader r(j, errors);
  CreateApiToken c;
  c.label = r.text("label", true, limits::kShortText).value_or("");
  if (auto role = r.text("role", true, 16)) {
    if (auto parsed = parse_role(*role))
      c.role = *parsed;
    else
      r.error("role", "must be one of: admin, pm, support, sales, viewer");
  }
  r.reject_unknown();
  if (!errors.empty()) return Decoded<CreateApiToken>::failure(std::move(errors));
  return Decoded<CreateApiToken>::success(std::move(c));
}

// An area-scoped embed token sees only library answers about items of its area (and general
// answers that name no item).
bool library_in_scope(App& app, const Principal& p, const LibraryAnswer& a) {
  if (p.kind != Principal::Kind::embed || p.embed_scope.rfind("area:", 0) != 0) return true;
  if (!a.item_id) return true;
  auto item = app.store().item(*a.item_id);
  return item && item->area == p.embed_scope.substr(5);
}

// [SECTION] releases ----------------------------------------------------------------------
void release_routes(App& app) {
  auto& http = app.http();

  http.Get("/api/v1/releases", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_releases, res)) return;
    int limit = 0;
    std::string cursor;
    if (!page_params(app, req, res, limit, cursor)) return;
    send_page(res, app.store().list_releases(limit, cursor),
              [](const Release& r) { return to_json(r); });
  });

  http.Get("/api/v1/releases/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_releases, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    auto r = app.store().release(*id);
    if (!r) return problem(res, 404, "Not Found", "no such release");
    send_updated(res, r->version, to_json(*r));
  });

  http.Post("/api/v1/releases", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::create_release, res)) return;
    auto cmd = decode_body(req, res, decode_create_release);
    if (!cmd) return;
    auto r = app.store().create_release(p.actor(), *cmd, App::now());
    if (!store_ok(r, res)) return;
    send_created(res, "/api/v1/releases/" + std::to_string(r.value->id), r.value->version,
                 to_json(*r.value));
  });

  http.Patch("/api/v1/releases/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::patch_release, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    if (!app.store().release(*id)) return problem(res, 404, "Not Found", "no such release");
    auto version = if_match(req, res);
    if (!version) return;
    auto cmd = decode_body(req, res, decode_patch_release);
    if (!cmd) return;
    auto r = app.store().patch_release(p.actor(), *id, *version, *cmd, App::now());
    if (!store_ok(r, res)) return;
    send_updated(res, r.value->version, to_json(*r.value));
  });
}

// [SECTION] customers ---------------------------------------------------------------------
void customer_routes(App& app) {
  auto& http = app.http();

  http.Get("/api/v1/customers", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_customers, res)) return;
    int limit = 0;
    std::string cursor;
    if (!page_params(app, req, res, limit, cursor)) return;
    std::optional<Id> owner;
    if (truthy(req, "mine")) owner = p.user.id;
    auto audience = p.audience();
    send_page(res, app.store().list_customers(limit, cursor, owner),
              [audience](const Customer& c) { return to_json(c, audience); });
  });

  http.Get("/api/v1/customers/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_customers, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    auto c = app.store().customer(*id);
    if (!c) return problem(res, 404, "Not Found", "no such customer");
    send_updated(res, c->version, to_json(*c, p.audience()));
  });

  http.Post("/api/v1/customers", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::create_customer, res)) return;
    auto cmd = decode_body(req, res, decode_create_customer);
    if (!cmd) return;
    auto r = app.store().create_customer(p.actor(), *cmd, App::now());
    if (!store_ok(r, res)) return;
    send_created(res, "/api/v1/customers/" + std::to_string(r.value->id), r.value->version,
                 to_json(*r.value, p.audience()));
  });

  http.Patch("/api/v1/customers/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::patch_customer, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    auto current = app.store().customer(*id);
    if (!current) return problem(res, 404, "Not Found", "no such customer");
    if (!may_patch_customer(p.role, p.user.id, *current))
      return problem(res, 403, "Forbidden", "sales may change only their own customers");
    auto version = if_match(req, res);
    if (!version) return;
    auto cmd = decode_body(req, res, decode_patch_customer);
    if (!cmd) return;
    auto r = app.store().patch_customer(p.actor(), *id, *version, *cmd, App::now());
    if (!store_ok(r, res)) return;
    send_updated(res, r.value->version, to_json(*r.value, p.audience()));
  });
}

// [SECTION] answer library ----------------------------------------------------------------
void library_routes(App& app) {
  auto& http = app.http();

  http.Get("/api/v1/answers", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_library, res)) return;
    int limit = 0;
    std::string cursor;
    if (!page_params(app, req, res, limit, cursor)) return;
    bool bad = false;
    auto item = query_id(req, res, "item", bad);
    if (bad) return;
    auto page = app.store().list_library(limit, cursor, item);
    if (page.outcome == store::Outcome::ok && p.kind == Principal::Kind::embed) {
      auto& items = page.value->items;
      std::erase_if(items, [&](const LibraryAnswer& a) { return !library_in_scope(app, p, a); });
    }
    send_page(res, page, [](const LibraryAnswer& a) { return to_json(a); });
  });

  http.Get("/api/v1/answers/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_library, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    auto a = app.store().library_answer(*id);
    if (!a || !library_in_scope(app, p, *a))
      return problem(res, 404, "Not Found", "no such answer");
    send_updated(res, a->version, to_json(*a));
  });

  http.Post("/api/v1/answers", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::create_library, res)) return;
    auto cmd = decode_body(req, res, decode_create_library_answer);
    if (!cmd) return;
    auto r = app.store().create_library_answer(p.actor(), *cmd, App::now());
    if (!store_ok(r, res)) return;
    send_created(res, "/api/v1/answers/" + std::to_string(r.value->id), r.value->version,
                 to_json(*r.value));
  });

  http.Patch("/api/v1/answers/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::patch_library, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    if (!app.store().library_answer(*id)) return problem(res, 404, "Not Found", "no such answer");
    auto version = if_match(req, res);
    if (!version) return;
    auto cmd = decode_body(req, res, decode_patch_library_answer);
    if (!cmd) return;
    auto r = app.store().patch_library_answer(p.actor(), *id, *version, *cmd, App::now());
    if (!store_ok(r, res)) return;
    send_updated(res, r.value->version, to_json(*r.value));
  });
}

// [SECTION] users -------------------------------------------------------------------------
void user_routes(App& app) {
  auto& http = app.http();

  // A page of users for callers allowed `action`, in the given form.
  auto list_users = [&app](Action action, Audience audience) {
    return [&app, action, audience](const Req& req, Res& res) {
      auto p = app.principal(req);
      if (!app.require(p, action, res)) return;
      int limit = 0;
      std::string cursor;
      if (!page_params(app, req, res, limit, cursor)) return;
      send_page(res, app.store().list_users(limit, cursor),
                [audience](const User& u) { return to_json(u, audience); });
    };
  };
  http.Get("/api/v1/users", list_users(Action::manage_users, Audience::full));
  // The team directory: who the ids in owner_id / created_by / asked_by are, for everyone who
  // works with customers (names and roles only; logins and the active flag stay admin's).
  http.Get("/api/v1/team", list_users(Action::list_customers, Audience::restricted));

  http.Get("/api/v1/users/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::manage_users, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    auto u = app.store().user(*id);
    if (!u) return problem(res, 404, "Not Found", "no such user");
    send_updated(res, u->version, to_json(*u, Audience::full));
  });

  http.Post("/api/v1/users", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::manage_users, res)) return;
    auto cmd = decode_body(req, res, decode_create_user);
    if (!cmd) return;
    if (app.store().user_by_login(cmd->login))  // cheap check before the Argon2id hash
      return problem(res, 409, "Conflict", "a user with this login exists",
                     {{"login", "is already taken"}});
    auto r = app.store().insert_user(cmd->login, cmd->name, cmd->role,
                                     auth::hash_password(cmd->password), App::now());
    if (!store_ok(r, res)) return;
    send_created(res, "/api/v1/users/" + std::to_string(r.value->id), r.value->version,
                 to_json(*r.value, Audience::full));
  });

  http.Patch("/api/v1/users/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::manage_users, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    if (!app.store().user(*id)) return problem(res, 404, "Not Found", "no such user");
    auto version = if_match(req, res);
    if (!version) return;
    auto cmd = decode_body(req, res, decode_patch_user);
    if (!cmd) return;
    std::optional<std::string> hash;
    if (cmd->password) hash = auth::hash_password(*cmd->password);
    auto r = app.store().patch_user(p.actor(), *id, *version, *cmd, hash, App::now());
    if (!store_ok(r, res)) return;
    send_updated(res, r.value->version, to_json(*r.value, Audience::full));
  });
}

// [SECTION] embed tokens ------------------------------------------------------------------
void embed_token_routes(App& app) {
  auto& http = app.http();

  http.Post("/api/v1/embed-tokens", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::manage_embed_tokens, res)) return;
    auto cmd = decode_body(req, res, decode_create_embed_token);
    if (!cmd) return;
    std::string secret = auth::random_secret();
    auto r = app.store().create_embed_token(p.actor(), cmd->label, to_string(cmd->scope),
                                            auth::secret_hash(secret), App::now());
    if (!store_ok(r, res)) return;
    json body = embed_token_json(*r.value);
    body["token"] = secret;  // shown once; only its hash is stored
    res.set_header("Location", "/api/v1/embed-tokens/" + std::to_string(r.value->id));
    send_json(res, 201, body);
  });

  http.Get("/api/v1/embed-tokens", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::manage_embed_tokens, res)) return;
    json items = json::array();
    for (const auto& t : app.store().list_embed_tokens()) items.push_back(embed_token_json(t));
    send_json(res, 200, page_json(std::move(items), std::nullopt));
  });

  http.Delete("/api/v1/embed-tokens/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::manage_embed_tokens, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    if (!app.store().revoke_embed_token(p.actor(), *id, App::now()))
      return problem(res, 404, "Not Found", "no such embed token");
    res.status = 204;
  });
}

// [SECTION] API tokens --------------------------------------------------------------------
// Bearer tokens for scripts are an admin's business like users: Action::manage_users.
void api_token_routes(App& app) {
  auto& http = app.http();

  http.Post("/api/v1/tokens", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::manage_users, res)) return;
    auto cmd = decode_body(req, res, decode_create_api_token);
    if (!cmd) return;
    std::string secret = auth::random_secret();
    auto r = app.store().create_api_token(p.actor(), cmd->label, cmd->role,
                                          auth::secret_hash(secret), App::now());
    if (!store_ok(r, res)) return;
    json body = api_token_json(*r.value);
    body["token"] = secret;  // shown once; only its hash is stored
    res.set_header("Location", "/api/v1/tokens/" + std::to_string(r.value->id));
    send_json(res, 201, body);
  });

  http.Get("/api/v1/tokens", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::manage_users, res)) return;
    json items = json::array();
    for (const auto& t : app.store().list_api_tokens()) items.push_back(api_token_json(t));
    send_json(res, 200, page_json(std::move(items), std::nullopt));
  });

  http.Delete("/api/v1/tokens/:id", [&app](const Req& req, Res& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::manage_users, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    if (!app.store().revoke_api_token(p.actor(), *id, App::now()))
      return problem(res, 404, "Not Found", "no such token");
    res.status = 204;
  });
}

}  // namespace

void register_catalog_routes(App& app) {
  release_routes(app);
  customer_routes(app);
  library_routes(app);
  user_routes(app);
  embed_token_routes(app);
  api_token_routes(app);
}

}  // namespace shipboard::server

// Administration: users (and the team directory everyone who works with customers reads),
// embed tokens for intranet pages and API (bearer) tokens. Secrets are shown once.
#include "http/auth.hpp"
#include "routes/route.hpp"
#include "shipboard/json_reader.hpp"

namespace shipboard::server {
namespace {

void list_users(App& app, const Principal& p, const Req& req, Res& res);
void list_team(App& app, const Principal& p, const Req& req, Res& res);
void get_user(App& app, const Principal&, const Req& req, Res& res);
void create_user(App& app, const Principal&, const Req& req, Res& res);
void patch_user(App& app, const Principal& p, const Req& req, Res& res);
void create_embed_token(App& app, const Principal& p, const Req& req, Res& res);
void list_embed_tokens(App& app, const Principal&, const Req&, Res& res);
void revoke_embed_token(App& app, const Principal& p, const Req& req, Res& res);
void create_api_token(App& app, const Principal& p, const Req& req, Res& res);
void list_api_tokens(App& app, const Principal&, const Req&, Res& res);
void revoke_api_token(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/users", "list_users", list_users, reads(Action::manage_users)},
    // The team directory: who the ids in owner_id / created_by / asked_by are, for everyone who
    // works with customers (names and roles only; logins and the active flag stay admin's).
    {Method::get, "/api/v1/team", "list_team", list_team, reads(Action::list_customers)},
    {Method::get, "/api/v1/users/:id", "get_user", get_user, reads(Action::manage_users)},
    {Method::post, "/api/v1/users", "create_user", create_user, changes(Action::manage_users)},
    {Method::patch, "/api/v1/users/:id", "patch_user", patch_user, changes(Action::manage_users)},
    {Method::post, "/api/v1/embed-tokens", "create_embed_token", create_embed_token,
     changes(Action::manage_embed_tokens)},
    {Method::get, "/api/v1/embed-tokens", "list_embed_tokens", list_embed_tokens,
     reads(Action::manage_embed_tokens)},
    {Method::del, "/api/v1/embed-tokens/:id", "revoke_embed_token", revoke_embed_token,
     changes(Action::manage_embed_tokens)},
    {Method::post, "/api/v1/tokens", "create_api_token", create_api_token,
     changes(Action::manage_users)},
    {Method::get, "/api/v1/tokens", "list_api_tokens", list_api_tokens,
     reads(Action::manage_users)},
    {Method::del, "/api/v1/tokens/:id", "revoke_api_token", revoke_api_token,
     changes(Action::manage_users)},
};

using nlohmann::json;

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
      r.error("role", "must be one of: " + spellings(Role{}));
  }
  r.reject_unknown();
  if (!errors.empty()) return Decoded<CreateApiToken>::failure(std::move(errors));
  return Decoded<CreateApiToken>::success(std::move(c));
}

void get_user(App& app, const Principal&, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto u = app.store().user(*id);
  if (!u) return problem(res, 404, "Not Found", "no such user");
  send_updated(res, u->version, to_json(*u, Audience::full));
}

void create_user(App& app, const Principal&, const Req& req, Res& res) {
  auto cmd = decode_body(req, res, decode_create_user);
  if (!cmd) return;
  if (app.store().user_by_login(cmd->login))  // cheap check before the Argon2id hash
    return problem(res, 409, "Conflict", "a user with this login exists",
                   {{"login", "is already taken"}});
  auto r = app.store().insert_user(cmd->login, cmd->name, cmd->role,
                                   auth::hash_password(cmd->password), App::now(), cmd->email);
  if (!store_ok(r, res)) return;
  send_created(res, "/api/v1/users/" + std::to_string(r.value->id), r.value->version,
               to_json(*r.value, Audience::full));
}

void patch_user(App& app, const Principal& p, const Req& req, Res& res) {
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
  if (r.outcome == store::Outcome::precondition_failed) {
    auto now_user = app.store().user(*id);
    return precondition_failed(res,
                               now_user ? to_json(*now_user, Audience::full) : nlohmann::json());
  }
  if (!store_ok(r, res)) return;
  send_updated(res, r.value->version, to_json(*r.value, Audience::full));
}

void create_embed_token(App& app, const Principal& p, const Req& req, Res& res) {
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
}

void list_embed_tokens(App& app, const Principal&, const Req&, Res& res) {
  json items = json::array();
  for (const auto& t : app.store().list_embed_tokens()) items.push_back(embed_token_json(t));
  send_json(res, 200, page_json(std::move(items), std::nullopt));
}

void revoke_embed_token(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  if (!app.store().revoke_embed_token(p.actor(), *id, App::now()))
    return problem(res, 404, "Not Found", "no such embed token");
  res.status = 204;
}

void create_api_token(App& app, const Principal& p, const Req& req, Res& res) {
  auto cmd = decode_body(req, res, decode_create_api_token);
  if (!cmd) return;
  std::string secret = auth::random_secret();
  auto r = app.store().create_api_token(p.actor(), cmd->label, cmd->role, auth::secret_hash(secret),
                                        App::now());
  if (!store_ok(r, res)) return;
  json body = api_token_json(*r.value);
  body["token"] = secret;  // shown once; only its hash is stored
  res.set_header("Location", "/api/v1/tokens/" + std::to_string(r.value->id));
  send_json(res, 201, body);
}

void list_api_tokens(App& app, const Principal&, const Req&, Res& res) {
  json items = json::array();
  for (const auto& t : app.store().list_api_tokens()) items.push_back(api_token_json(t));
  send_json(res, 200, page_json(std::move(items), std::nullopt));
}

void revoke_api_token(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  if (!app.store().revoke_api_token(p.actor(), *id, App::now()))
    return problem(res, 404, "Not Found", "no such token");
  res.status = 204;
}

// A page of users in the given form.
void send_users(App& app, const Req& req, Res& res, Audience audience) {
  int limit = 0;
  std::string cursor;
  if (!page_params(app, req, res, limit, cursor)) return;
  send_page(res, app.store().list_users(limit, cursor),
            [audience](const User& u) { return to_json(u, audience); });
}

void list_users(App& app, const Principal&, const Req& req, Res& res) {
  send_users(app, req, res, Audience::full);
}

void list_team(App& app, const Principal&, const Req& req, Res& res) {
  send_users(app, req, res, Audience::restricted);
}

}  // namespace

std::span<const Route> admin_routes() {
  return kRoutes;
}

}  // namespace shipboard::server

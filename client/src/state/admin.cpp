// Admin (#/admin): users (add, change role and email, deactivate with If-Match), embed tokens with the
// snippet to paste, API tokens (each secret shown once).
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

// The problem+json `detail` (or the status) of a failed call, for the admin page's message.
void report(AppState& app, const HttpResponse& r) {
  const bool ok = r.status >= 200 && r.status < 300;
  app.admin.error = !ok;
  if (ok) {
    app.admin.message = tr(Text::admin_saved);
    return;
  }
  app.admin.message = std::string(tr(Text::admin_failed)) + problem_text(r);
}

void load_users(AppState& app) {
  http_request("GET", "/api/v1/users?limit=500", "", "", [&app](HttpResponse r) {
    json j = parse_or_null(r.body);
    if (r.status != 200 || !is_list(j)) {
      app.admin.state = LoadState::failed;
      return;
    }
    app.admin.users.clear();
    for (const json& e : j["items"]) {
      auto d = decode_user(e);
      if (d.ok()) app.admin.users.push_back(*d.value);
    }
    app.admin.state = LoadState::loaded;
  });
}

void load_tokens(AppState& app) {
  http_request("GET", "/api/v1/embed-tokens?limit=500", "", "", [&app](HttpResponse r) {
    json j = parse_or_null(r.body);
    if (r.status != 200 || !is_list(j)) return;
    app.admin.embed_tokens.clear();
    for (const json& e : j["items"]) {
      auto d = decode_embed_token(e);
      if (d.ok()) app.admin.embed_tokens.push_back(*d.value);
    }
  });
  http_request("GET", "/api/v1/tokens?limit=500", "", "", [&app](HttpResponse r) {
    json j = parse_or_null(r.body);
    if (r.status != 200 || !is_list(j)) return;
    app.admin.api_tokens.clear();
    for (const json& e : j["items"]) {
      if (!e.is_object() || !e.contains("id") || !e["id"].is_number_integer()) continue;
      ApiToken t;
      t.id = e["id"].get<Id>();
      t.label = string_field(e, "label");
      t.role = string_field(e, "role");
      t.revoked = e.value("revoked", false);
      t.created_at = string_field(e, "created_at");
      app.admin.api_tokens.push_back(std::move(t));
    }
  });
}

}  // namespace

void admin_load(AppState& app) {
  if (app.admin.state != LoadState::loaded) app.admin.state = LoadState::loading;
  load_users(app);
  load_tokens(app);
}

void admin_create_user(AppState& app) {
  static const char* kRoles[] = {"admin", "pm", "support", "sales", "viewer"};
  AdminState& a = app.admin;
  json body = {{"login", a.new_login}, {"name", a.new_name},
               {"role", kRoles[std::clamp(a.new_role, 0, 4)]}, {"password", a.new_password}};
  if (!a.new_email.empty()) body["email"] = a.new_email;
  http_request("POST", "/api/v1/users", body.dump(), app.csrf_token, [&app](HttpResponse r) {
    report(app, r);
    if (!app.admin.error) {
      app.admin.new_login.clear();
      app.admin.new_name.clear();
      app.admin.new_password.clear();
      app.admin.new_email.clear();
    }
    load_users(app);
  });
}

void admin_patch_user(AppState& app, const User& user, const json& patch) {
  http_request_if_match("PATCH", "/api/v1/users/" + std::to_string(user.id), patch.dump(),
                        app.csrf_token, if_match(user.version),
                        [&app](HttpResponse r) {
                          report(app, r);
                          load_users(app);
                        });
}

void admin_create_embed_token(AppState& app) {
  AdminState& a = app.admin;
  const std::string scope = !a.embed_area.empty() ? std::string("area:") + a.embed_area : "board";
  json body = {{"label", a.embed_label}, {"scope", scope}};
  http_request("POST", "/api/v1/embed-tokens", body.dump(), app.csrf_token, [&app](HttpResponse r) {
    report(app, r);
    json j = parse_or_null(r.body);
    if (!app.admin.error && j.is_object()) {
      app.admin.last_embed_token = string_field(j, "token");
      app.admin.last_embed_id = j.value("id", Id(0));
      app.admin.embed_label.clear();
    }
    load_tokens(app);
  });
}

void admin_create_api_token(AppState& app) {
  static const char* kRoles[] = {"admin", "pm", "support", "sales", "viewer"};
  AdminState& a = app.admin;
  json body = {{"label", a.api_label}, {"role", kRoles[std::clamp(a.api_role, 0, 4)]}};
  http_request("POST", "/api/v1/tokens", body.dump(), app.csrf_token, [&app](HttpResponse r) {
    report(app, r);
    json j = parse_or_null(r.body);
    if (!app.admin.error && j.is_object()) {
      app.admin.last_api_token = string_field(j, "token");
      app.admin.api_label.clear();
    }
    load_tokens(app);
  });
}

void admin_revoke(AppState& app, bool embed, Id id) {
  const std::string path = std::string(embed ? "/api/v1/embed-tokens/" : "/api/v1/tokens/") +
                           std::to_string(id);
  http_request("DELETE", path, "", app.csrf_token, [&app](HttpResponse r) {
    report(app, r);
    load_tokens(app);
  });
}

std::string embed_snippet(const std::string& token, Id item_id) {
  const std::string origin = page_origin();
  return "<script src=\"" + origin + "/embed.js\" async></script><div data-shipboard=\"items/" +
         std::to_string(item_id) + "\" data-token=\"" + token + "\"></div>";
}

}  // namespace shipboard::client

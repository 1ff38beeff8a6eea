// Actions of the client (see app.hpp): API calls through the platform layer, JSON read with
// nlohmann's non-throwing parse, items decoded by the core's decode_item, and the one place
// that decides which screen a frame shows.
#include "app.hpp"

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "platform.hpp"
#include "shipboard/codec.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

json parse_or_null(const std::string& body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? json() : j;
}

std::string string_field(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// {user, csrf_token} from /me and /session. False when the shape is wrong.
bool read_session(AppState& app, const std::string& body) {
  json j = parse_or_null(body);
  if (!j.is_object()) return false;
  auto u = j.find("user");
  if (u == j.end() || !u->is_object()) return false;
  SessionUser user;
  if (auto id = u->find("id"); id != u->end() && id->is_number_integer()) user.id = id->get<Id>();
  user.login = string_field(*u, "login");
  user.name = string_field(*u, "name");
  user.role = string_field(*u, "role");
  if (user.name.empty()) user.name = user.login;
  app.user = std::move(user);
  app.csrf_token = string_field(j, "csrf_token");
  return true;
}

void enter_board(AppState& app) {
  app.screen = Screen::board;
  app.sign_in = SignInForm{};
  app_load_items(app);
}

void show_sign_in(AppState& app) {
  app.screen = Screen::sign_in;
  app.user.reset();
  app.csrf_token.clear();
  app.items = ItemsState{};
}

void load_releases(AppState& app) {
  http_request("GET", "/api/v1/releases?limit=500", "", "", [&app](HttpResponse r) {
    if (r.status != 200) return;  // names are a nicety; ids still show
    json j = parse_or_null(r.body);
    if (!j.is_object() || !j.contains("items") || !j["items"].is_array()) return;
    for (const json& rel : j["items"]) {
      if (!rel.is_object() || !rel.contains("id") || !rel["id"].is_number_integer()) continue;
      app.items.release_names[rel["id"].get<Id>()] = string_field(rel, "name");
    }
  });
}

}  // namespace

// [SECTION] Actions ----------------------------------------------------------------------
void app_start(AppState& app) {
  app.screen = Screen::starting;
  http_request("GET", "/api/v1/me", "", "", [&app](HttpResponse r) {
    if (r.status == 200 && read_session(app, r.body)) {
      enter_board(app);
    } else {
      show_sign_in(app);
      if (r.status == 0) app.sign_in.error = Text::network_error;
    }
  });
}

void app_sign_in(AppState& app) {
  if (app.sign_in.busy) return;
  app.sign_in.busy = true;
  app.sign_in.error.reset();
  const json body = {{"login", app.sign_in.login}, {"password", app.sign_in.password}};
  http_request("POST", "/api/v1/session", body.dump(), "", [&app](HttpResponse r) {
    app.sign_in.busy = false;
    if (r.status == 200 && read_session(app, r.body)) {
      enter_board(app);
    } else {
      app.sign_in.error = (r.status == 401 || r.status == 422 || r.status == 400)
                              ? Text::sign_in_failed
                              : Text::network_error;
      app.sign_in.password[0] = '\0';
    }
  });
}

void app_sign_out(AppState& app) {
  http_request("DELETE", "/api/v1/session", "", app.csrf_token, [](HttpResponse) {});
  show_sign_in(app);
}

void app_load_items(AppState& app) {
  app.items.state = LoadState::loading;
  load_releases(app);
  http_request("GET", "/api/v1/items?limit=500", "", "", [&app](HttpResponse r) {
    if (r.status == 401) {
      show_sign_in(app);
      return;
    }
    json j = parse_or_null(r.body);
    if (r.status != 200 || !j.is_object() || !j.contains("items") || !j["items"].is_array()) {
      app.items.state = LoadState::failed;
      return;
    }
    std::vector<Item> items;
    int failures = 0;
    for (const json& entry : j["items"]) {
      Decoded<Item> d = decode_item(entry);
      if (d.ok()) {
        items.push_back(std::move(*d.value));
      } else {
        ++failures;
      }
    }
    app.items.items = std::move(items);
    app.items.decode_failures = failures;
    app.items.state = LoadState::loaded;
    app.items.order_dirty = true;
  });
}

void app_set_language(AppState& app, Lang lang) {
  if (lang == language()) return;
  set_language(lang);
  set_page_language(language_tag(lang));
  app.language_changed = true;
}

void app_after_frame(AppState& app) {
  if (!app.first_data_frame_reported && app.items_drawn_this_frame) {
    app.first_data_frame_reported = true;
    shell_first_data_frame(static_cast<int>(app.items.items.size()));
  }
  app.items_drawn_this_frame = false;
}

// [SECTION] Frame ------------------------------------------------------------------------
void app_draw(AppState& app) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("##shipboard", nullptr, flags);
  draw_top_bar(app);
  switch (app.screen) {
    case Screen::starting: ImGui::TextDisabled("%s", tr(Text::loading)); break;
    case Screen::sign_in: draw_sign_in(app); break;
    case Screen::board: draw_items(app); break;
  }
  ImGui::End();
}

}  // namespace shipboard::client

// Session and routing: /me at start, sign in and out, the board's items and release names that
// every signed-in view shares, the hash routes (which view, which role may open it, whether its
// data is in), the UI language and the theme.
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
  user.role_value = parse_role(user.role).value_or(Role::viewer);
  app.user = std::move(user);
  app.csrf_token = string_field(j, "csrf_token");
  return true;
}

// The view a role lands on when the URL names none: PMs the board, everyone else search.
Route home_route(const AppState& app) {
  Route r;
  r.view = (app.user && app.user->role_value == Role::pm) ? View::board : View::search;
  return r;
}

void update_title(const AppState& app) {
  std::string title;
  switch (app.route.view) {
    case View::search: title = tr(Text::nav_search); break;
    case View::board: title = tr(Text::nav_board); break;
    case View::queue: title = tr(Text::nav_queue); break;
    case View::releases: title = tr(Text::nav_releases); break;
    case View::release: {
      const Release* r = app_find_release(app, app.route.item_id);
      title = r ? r->name : tr(Text::nav_releases);
      break;
    }
    case View::customers: title = tr(Text::nav_customers); break;
    case View::insights: title = tr(Text::nav_insights); break;
    case View::notifications: title = tr(Text::nav_notifications); break;
    case View::admin: title = tr(Text::nav_admin); break;
    case View::item: {
      const Item* it = app_find_item(app, app.route.item_id);
      title = it ? it->title : "#" + std::to_string(app.route.item_id);
      break;
    }
  }
  set_document_title(title + " · Shipboard");
}

// Loads what a view needs when it is entered.
void enter_route(AppState& app) {
  switch (app.route.view) {
    case View::item: item_open(app, app.route.item_id); break;
    case View::queue: queue_load(app); break;
    case View::search: app.search.focus = true; break;
    case View::board: board_load(app); break;
    case View::releases: releases_load(app); break;
    case View::release:
      releases_load(app);
      release_questions_load(app, app.route.item_id);
      break;
    case View::customers: customers_load(app); break;
    case View::insights: insights_load(app); break;
    case View::notifications:
      notifications_load(app);
      email_prefs_load(app);
      break;
    case View::admin:
      if (app_can(app, int(Action::manage_users))) admin_load(app);
      if (app_can(app, int(Action::manage_webhooks))) outbox_load(app);
      break;
  }
  update_title(app);
}

void enter_board(AppState& app) {
  app.screen = Screen::signed_in;
  app.sign_in = SignInForm{};
  app_load_items(app);
  if (!app.route_from_url) {
    app.route = home_route(app);
    set_location_hash(route_hash(app.route));
  }
  enter_route(app);
  notifications_load(app);  // the unread badge
  if (!app.live.started) {
    app.live.started = true;
    live_connect();
  }
}

void show_sign_in(AppState& app) {
  app.screen = Screen::sign_in;
  app.user.reset();
  app.csrf_token.clear();
  app.items = LoadedItems{};
  app.page = ItemPage{};
  app.queue = QuestionQueue{};
  app.board = BoardState{};
  app.releases = ReleasesState{};
  app.customers = CustomersState{};
  app.insights = InsightsState{};
  app.notifications = NotificationsState{};
  app.admin = AdminState{};
  app.outbox = OutboxState{};
  app.email_prefs = EmailPrefs{};
  app.search.results_dirty = true;
  if (app.live.started) {
    live_disconnect();
    app.live = LiveState{};
  }
}

void load_releases(AppState& app) {
  http_request("GET", "/api/v1/releases?limit=500", "", "", [&app](HttpResponse r) {
    if (r.status != 200) return;  // names are a nicety; ids still show
    json j = parse_or_null(r.body);
    if (!j.is_object() || !j.contains("items") || !j["items"].is_array()) return;
    for (const json& rel : j["items"]) {
      if (!rel.is_object() || !rel.contains("id") || !rel["id"].is_number_integer()) continue;
      const Id id = rel["id"].get<Id>();
      if (!app.items.release_names.count(id)) app.items.release_ids.push_back(id);
      app.items.release_names[id] = string_field(rel, "name");
    }
  });
}

}  // namespace

// [SECTION] Actions ----------------------------------------------------------------------
void app_start(AppState& app) {
  app.screen = Screen::starting;
  app.route = parse_route(location_hash(), &app.route_from_url);
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
      // 403: the operator turned local sign-in off (the options, when known, hide the form).
      app.sign_in.error = (r.status == 401 || r.status == 422 || r.status == 400)
                              ? Text::sign_in_failed
                          : r.status == 403 ? Text::local_sign_in_off
                                            : Text::network_error;
      app.sign_in.password.clear();
    }
  });
}

void sign_in_options_load(AppState& app) {
  if (app.sign_in_options.state != LoadState::idle) return;
  app.sign_in_options.state = LoadState::loading;
  http_request("GET", "/api/v1/session/options", "", "", [&app](HttpResponse r) {
    SignInOptions& o = app.sign_in_options;
    const json j = r.status == 200 ? parse_or_null(r.body) : json();
    if (!j.is_object()) {  // 404 from an older server, a network error, not JSON: as before
      o = SignInOptions{};
      o.state = LoadState::failed;
      return;
    }
    auto flag = [&j](const char* key, bool otherwise) {
      auto it = j.find(key);
      return it != j.end() && it->is_boolean() ? it->get<bool>() : otherwise;
    };
    o.local = flag("local", true);
    o.oidc = flag("oidc", false);
    o.state = LoadState::loaded;
  });
}

void app_sign_in_company(AppState&) { navigate_page("/auth/oidc/start"); }

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
    app.search.results_dirty = true;
    update_title(app);
  });
}

bool app_can(const AppState& app, int action) {
  return app.user && allowed(app.user->role_value, static_cast<Action>(action));
}

const Item* app_find_item(const AppState& app, Id id) {
  for (const Item& it : app.items.items) {
    if (it.id == id) return &it;
  }
  return nullptr;
}

void app_upsert_item(AppState& app, Item item) {
  for (Item& it : app.board.items) {  // the board's filtered list shows the same item
    if (it.id == item.id && item.version >= it.version) it = item;
  }
  for (Item& it : app.items.items) {
    if (it.id == item.id) {
      if (item.version >= it.version) it = std::move(item);
      app.items.order_dirty = true;
      app.search.results_dirty = true;
      return;
    }
  }
  app.items.items.push_back(std::move(item));
  app.items.order_dirty = true;
  app.search.results_dirty = true;
}

std::string release_label(const AppState& app, const std::optional<Id>& release_id) {
  if (!release_id) return tr(Text::none_value);
  auto it = app.items.release_names.find(*release_id);
  if (it != app.items.release_names.end() && !it->second.empty()) return it->second;
  return "#" + std::to_string(*release_id);
}

// [SECTION] Routing ------------------------------------------------------------------------
std::string route_hash(const Route& route) {
  switch (route.view) {
    case View::search: return "#/search";
    case View::board: return "#/board";
    case View::queue: return "#/queue";
    case View::item: return "#/items/" + std::to_string(route.item_id);
    case View::releases: return "#/releases";
    case View::release: return "#/releases/" + std::to_string(route.item_id);
    case View::customers: return "#/customers";
    case View::insights: return "#/insights";
    case View::notifications: return "#/notifications";
    case View::admin: return "#/admin";
  }
  return "#/search";
}

Route parse_route(const std::string& hash, bool* named) {
  Route r;
  bool ok = true;
  std::string h = hash;
  if (!h.empty() && h[0] == '#') h.erase(0, 1);
  if (auto q = h.find('?'); q != std::string::npos) h.erase(q);
  if (h == "/search") r.view = View::search;
  else if (h == "/board") r.view = View::board;
  else if (h == "/queue" || h == "/inbox") r.view = View::queue;  // #/inbox: links from before the rename
  else if (h == "/releases") r.view = View::releases;
  else if (h == "/customers") r.view = View::customers;
  else if (h == "/insights") r.view = View::insights;
  else if (h == "/notifications") r.view = View::notifications;
  else if (h == "/admin") r.view = View::admin;
  else if (h.rfind("/items/", 0) == 0 || h.rfind("/releases/", 0) == 0) {
    const bool item = h[1] == 'i';
    Id id = 0;
    for (char c : h.substr(item ? 7 : 10)) {
      if (c < '0' || c > '9' || id > (Id(1) << 50)) { id = 0; break; }
      id = id * 10 + (c - '0');
    }
    if (id > 0) { r.view = item ? View::item : View::release; r.item_id = id; } else ok = false;
  } else ok = false;
  if (named) *named = ok;
  return r;
}

void app_navigate(AppState& app, const Route& route) {
  if (route == app.route) {
    if (route.view == View::search) app.search.focus = true;
    return;
  }
  set_location_hash(route_hash(route));  // hashchange -> app_apply_hash
}

void app_apply_hash(AppState& app, const std::string& hash) {
  bool named = false;
  Route r = parse_route(hash, &named);
  if (app.screen != Screen::signed_in) {  // signed out: remember it for after signing in
    app.route = r;
    app.route_from_url = named;
    return;
  }
  if (!named) {
    r = home_route(app);
    set_location_hash(route_hash(r));
  }
  if (r == app.route && r.view != View::item) return;
  if (!route_allowed(app, r.view)) {  // e.g. a viewer typing #/customers
    r = home_route(app);
    set_location_hash(route_hash(r));
  }
  app.route = r;
  enter_route(app);
}

void app_set_language(AppState& app, Lang lang) {
  if (lang == language()) return;
  set_language(lang);
  set_page_language(language_tag(lang));
  app.language_changed = true;
  update_title(app);
}

bool route_allowed(const AppState& app, View v) {
  switch (v) {
    case View::customers: return app_can(app, int(Action::list_customers));
    case View::admin:
      return app_can(app, int(Action::manage_users)) || app_can(app, int(Action::manage_webhooks));
    case View::queue: return app_can(app, int(Action::answer_question));
    default: return true;
  }
}

// Whether the view on screen has its data (for the test hook's "rendered").
bool view_ready(const AppState& app) {
  const bool items = app.items.state == LoadState::loaded;
  switch (app.route.view) {
    case View::search: return items;
    case View::board: return app.board.state == LoadState::loaded;
    case View::item: return app.page.state == LoadState::loaded;
    case View::queue: return app.queue.state == LoadState::loaded;
    case View::releases: return app.releases.state == LoadState::loaded;
    case View::release:
      return app.releases.state == LoadState::loaded && app.releases.questions_state == LoadState::loaded;
    case View::customers: return app.customers.state == LoadState::loaded;
    case View::insights: return items && app.insights.state == LoadState::loaded;
    case View::notifications:
      return app.notifications.state == LoadState::loaded && app.email_prefs.state == LoadState::loaded;
    case View::admin:
      return (!app_can(app, int(Action::manage_users)) || app.admin.state == LoadState::loaded) &&
             (!app_can(app, int(Action::manage_webhooks)) || app.outbox.state == LoadState::loaded);
  }
  return false;
}

// [SECTION] Theme --------------------------------------------------------------------------------
void app_set_theme(AppState& app, bool dark) {
  if (app.dark == dark) return;
  app.dark = dark;
  app.theme_changed = true;
  storage_set("shipboard.theme", dark ? "dark" : "light");
}

}  // namespace shipboard::client

// The client's state as one plain struct (who is signed in, which screen, the items and their
// load state, form buffers) and the actions that change it by talking to the API. Views read
// the state and call actions; responses arrive between frames and update the state in place.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "i18n.hpp"
#include "shipboard/model.hpp"

namespace shipboard::client {

enum class Screen { starting, sign_in, board };
enum class LoadState { idle, loading, loaded, failed };

struct SessionUser {
  Id id = 0;
  std::string login;
  std::string name;
  std::string role;
};

struct SignInForm {
  char login[128] = {};
  char password[128] = {};
  bool busy = false;
  std::optional<Text> error;
  bool focus_login = true;
};

struct ItemsState {
  LoadState state = LoadState::idle;
  std::vector<Item> items;
  int decode_failures = 0;                  // items the core's decode_item refused
  std::map<Id, std::string> release_names;  // release_id -> name, from /api/v1/releases
  char filter[128] = {};
  std::vector<int> order;  // indices into items: filtered and sorted for display
  bool order_dirty = true;
  Id copied_item = 0;
  double copied_at_ms = 0;
};

struct AppState {
  Screen screen = Screen::starting;
  std::optional<SessionUser> user;
  std::string csrf_token;
  SignInForm sign_in;
  ItemsState items;
  bool first_data_frame_reported = false;
  bool items_drawn_this_frame = false;  // set by the items view when rows are on screen
  bool language_changed = false;        // the font family must follow
};

// [SECTION] Actions ----------------------------------------------------------------------
// GET /api/v1/me: signed in already (skip the form) or show the sign-in form.
void app_start(AppState& app);
// POST /api/v1/session with the form's login and password.
void app_sign_in(AppState& app);
// DELETE /api/v1/session, back to the form.
void app_sign_out(AppState& app);
// GET /api/v1/items?limit=500 (and the releases, for their names).
void app_load_items(AppState& app);
void app_set_language(AppState& app, Lang lang);

// After each rendered frame: reports the first frame that showed data to the shell.
void app_after_frame(AppState& app);

// The whole UI for one frame.
void app_draw(AppState& app);

}  // namespace shipboard::client

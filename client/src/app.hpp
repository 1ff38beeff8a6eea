// The client's state as one plain struct (who is signed in, which view the hash route shows,
// the loaded board, search, the open item, the PM inbox, the live stream) and the actions that
// change it by talking to the API. Views read the state and call actions; responses and live
// events arrive between frames and update the state in place.
#pragma once

#include <array>
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
// The views a hash route names: #/search, #/board, #/items/42, #/inbox.
enum class View { search, board, item, inbox };

struct Route {
  View view = View::search;
  Id item_id = 0;
  bool operator==(const Route&) const = default;
};

struct SessionUser {
  Id id = 0;
  std::string login;
  std::string name;
  std::string role;
  Role role_value = Role::viewer;
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
  std::vector<Id> release_ids;              // in the server's order, for the release picker
  char filter[128] = {};
  std::vector<int> order;  // indices into items: filtered and sorted for display
  bool order_dirty = true;
  Id copied_item = 0;
  double copied_at_ms = 0;
};

// One non-item search hit (question, release, library answer) from /api/v1/search.
struct SearchHit {
  std::string entity;
  Id id = 0;
  std::string title;
  std::string excerpt;
};

struct SearchState {
  char query[256] = {};
  std::string sent_query;     // the last query sent to /api/v1/search
  double edited_at_ms = 0;    // debounce: the server is asked kSearchDebounceMs after the last edit
  bool server_pending = false;
  LoadState server_state = LoadState::idle;
  std::vector<Id> server_item_ids;  // items the server ranked (beyond the loaded board)
  std::vector<SearchHit> other_hits;
  std::vector<int> results;   // indices into ItemsState::items: what the list shows
  bool results_dirty = true;
  bool focus = false;         // give the search box keyboard focus next frame
};

// "Copy for which customer?": customers?mine=1, then POST /api/v1/told.
struct CopyDialog {
  bool open_requested = false;
  Id item_id = 0;
  LoadState customers_state = LoadState::idle;
  std::vector<Customer> customers;
  std::string last_copied;     // what went to the clipboard last
  Id last_told_customer = 0;   // 0: copied without recording
  bool told_ok = false;
};

struct ItemPage {
  Id id = 0;
  LoadState state = LoadState::idle;
  Item item;
  std::vector<Request> requests;
  LoadState requests_state = LoadState::idle;
  std::vector<Question> questions;
  std::vector<Event> history;
  bool following = false;
  char ask[1024] = {};
  bool asking = false;
  // The PM's edit form, filled from the item when it loads (and after each save).
  ItemStatus edit_status = ItemStatus::under_review;
  Id edit_release = 0;  // 0: none
  char edit_eta[32] = {};
  Commitment edit_commitment = Commitment::none;
  char edit_answer[2048] = {};
  bool edit_confirm = false;
  Item edit_base;  // the item as it was when the form was filled: its version goes in If-Match
  bool saving = false;
  std::string save_error;
  std::optional<Item> conflict;    // 412: the item as it is now
  std::optional<Item> conflict_base;  // what the PM's edit started from
  bool saved_flash = false;
};

struct InboxState {
  LoadState state = LoadState::idle;
  std::vector<Question> questions;
  std::map<Id, std::array<char, 1024>> drafts;  // question id -> answer being written
  std::map<Id, bool> to_library;
  Id sending = 0;
};

struct LiveState {
  bool started = false;
  bool online = false;
  int events_applied = 0;
  Id last_event_id = 0;
};

struct AppState {
  Screen screen = Screen::starting;
  std::optional<SessionUser> user;
  std::string csrf_token;
  SignInForm sign_in;
  Route route;
  bool route_from_url = false;  // the hash named a view (else the role's home)
  ItemsState items;
  SearchState search;
  CopyDialog copy;
  ItemPage page;
  InboxState inbox;
  LiveState live;
  bool first_data_frame_reported = false;
  bool items_drawn_this_frame = false;  // set by a view when item rows are on screen
  bool language_changed = false;        // the font family must follow
  double animate_until_ms = 0;          // keep drawing frames until then (feedback fades)
  long frames_drawn = 0;                // rendered frames (main.cpp)
  long frames_idle = 0;                 // animation frames skipped because nothing changed
};

// [SECTION] Actions: session and board (app.cpp) ---------------------------------------------
// GET /api/v1/me: signed in already (skip the form) or show the sign-in form.
void app_start(AppState& app);
void app_sign_in(AppState& app);   // POST /api/v1/session with the form's login and password
void app_sign_out(AppState& app);  // DELETE /api/v1/session, back to the form
void app_load_items(AppState& app);  // GET /api/v1/items?limit=500 (and the releases)
void app_set_language(AppState& app, Lang lang);
bool app_can(const AppState& app, int action);  // shipboard::Action as int (permissions.hpp)
const Item* app_find_item(const AppState& app, Id id);
void app_upsert_item(AppState& app, Item item);  // replace by id, or append
std::string release_label(const AppState& app, const std::optional<Id>& release_id);

// [SECTION] Routing (app.cpp) ----------------------------------------------------------------
// Sets location.hash; the hashchange that follows applies the route (so back/forward and
// links take the same path).
void app_navigate(AppState& app, const Route& route);
void app_apply_hash(AppState& app, const std::string& hash);  // from the page's hashchange
std::string route_hash(const Route& route);
Route parse_route(const std::string& hash, bool* named = nullptr);

// [SECTION] Search and copy (app_search.cpp) -------------------------------------------------
void search_tick(AppState& app);          // once a frame: debounce, ask the server
void search_rebuild(AppState& app);       // client-side filter of the loaded items
void copy_open(AppState& app, Id item_id);  // opens the customer picker
void copy_answer(AppState& app, Id customer_id);  // clipboard + POST /api/v1/told (0: no record)

// [SECTION] Item page and inbox (app_item.cpp) -----------------------------------------------
void item_open(AppState& app, Id id);  // GET item, requests, questions, history
void item_reset_form(ItemPage& page);  // the edit form from page.item (and edit_base)
bool item_form_untouched(const ItemPage& page);
void item_save(AppState& app);         // PATCH with If-Match; 412 keeps "current"
void item_reapply(AppState& app);      // after a 412: the PM's edit on top of the current item
void item_ask(AppState& app);          // POST /api/v1/questions
void item_toggle_follow(AppState& app);
void inbox_load(AppState& app);        // GET /api/v1/questions?state=open&sort=priority
void inbox_answer(AppState& app, Id question_id);

// [SECTION] Live (app_search.cpp) ------------------------------------------------------------
// One event from /api/v1/events (the SSE `data:` JSON): refetches what it names.
void live_apply(AppState& app, const std::string& data_json);
void live_status(AppState& app, bool online);

// After each rendered frame: reports the first frame that showed data to the shell.
void app_after_frame(AppState& app);
// The whole UI for one frame.
void app_draw(AppState& app);
// JSON of what the client shows (window.shipboard.state(), for tests and tools).
std::string app_state_json(const AppState& app);

}  // namespace shipboard::client

// The client's state as one plain struct (who is signed in, which view the hash route shows,
// the loaded board, search, the open item, the PM's question queue, the live stream) and the actions that
// change it by talking to the API. Views read the state and call actions; responses and live
// events arrive between frames and update the state in place.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ui/i18n.hpp"
#include "platform/platform.hpp"
#include "shipboard/model.hpp"

namespace shipboard::client {

enum class Screen { starting, sign_in, signed_in };
enum class LoadState { idle, loading, loaded, failed };
// The views a hash route names: #/search, #/board, #/items/42, #/queue (the PM's question queue), #/releases,
// #/releases/3, #/customers, #/insights, #/notifications, #/admin.
enum class View { search, board, item, queue, releases, release, customers, insights, notifications, admin };

struct Route {
  View view = View::search;
  Id item_id = 0;  // the item of #/items/N, the release of #/releases/N
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
  std::string login;
  std::string password;
  bool busy = false;
  std::optional<Text> error;
  bool focus_login = true;
};

// GET /api/v1/session/options (no session needed): the ways of signing in the server offers,
// asked once, when the sign-in view is first shown. While unknown, and when the request fails
// (a server from before OpenID Connect answers 404), only the password form shows, as before.
struct SignInOptions {
  LoadState state = LoadState::idle;
  bool local = true;  // the login + password form works (off: POST /api/v1/session answers 403)
  bool oidc = false;  // company sign-in (OpenID Connect) is configured: /auth/oidc/start
};

struct LoadedItems {
  LoadState state = LoadState::idle;
  std::vector<Item> items;
  int decode_failures = 0;                  // items the core's decode_item refused
  std::map<Id, std::string> release_names;  // release_id -> name, from /api/v1/releases
  std::vector<Id> release_ids;              // in the server's order, for the release picker
  std::string filter;
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
  std::string query;
  std::string sent_query;     // the last query sent to /api/v1/search
  double edited_at_ms = 0;    // debounce: the server is asked kSearchDebounceMs after the last edit
  bool server_pending = false;
  LoadState server_state = LoadState::idle;
  std::vector<Id> server_item_ids;  // items the server ranked (beyond the loaded board)
  std::vector<SearchHit> other_hits;
  std::vector<int> results;   // indices into LoadedItems::items: what the list shows
  bool results_dirty = true;
  bool focus = false;         // give the search box keyboard focus next frame
  // Each item's search text, folded once per item version (normalize_for_search), so a
  // keystroke costs a substring scan per item, not a re-fold of the whole board.
  std::map<Id, std::pair<std::int64_t, std::string>> folded;
  // Row heights of the results table by item id (and version), measured when drawn; rows far
  // outside the visible part are skipped with their known height (search_view.cpp).
  std::map<Id, std::pair<std::int64_t, float>> row_height;
  float row_height_width = 0;  // the table width and font size the heights were measured at
  float row_height_font = 0;
  Lang row_height_lang = Lang::en;
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
  std::string ask;
  bool asking = false;
  // The PM's edit form, filled from the item when it loads (and after each save).
  ItemStatus edit_status = ItemStatus::under_review;
  Id edit_release = 0;  // 0: none
  std::string edit_eta;
  Commitment edit_commitment = Commitment::none;
  std::string edit_answer;
  bool edit_confirm = false;
  Item edit_base;  // the item as it was when the form was filled: its version goes in If-Match
  bool saving = false;
  std::string save_error;
  std::optional<Item> conflict;    // 412: the item as it is now
  std::optional<Item> conflict_base;  // what the PM's edit started from
  bool saved_flash = false;
};

struct QuestionQueue {
  LoadState state = LoadState::idle;
  std::vector<Question> questions;
  std::map<Id, std::string> drafts;  // question id -> answer being written
  std::map<Id, bool> to_library;
  Id sending = 0;
  // New requests to triage (PM): items still under_review, highest value at stake first, each
  // with the board's items whose titles are most alike (core similarity: possible duplicates).
  LoadState triage_state = LoadState::idle;
  std::vector<Item> triage;
  std::map<Id, std::vector<Id>> duplicates;  // triage item -> alike items, most alike first
  Id triage_busy = 0;                        // the item a Plan / Decline is on its way for
  std::optional<Text> triage_notice;
};

// "Merge into…" (PM; question queue and item page): the duplicate goes into the chosen item, with its
// requests, followers and questions (POST /api/v1/items/{from}/merge).
struct MergeDialog {
  Id from = 0;  // 0: closed
  bool open_requested = false;
  std::string query;
  Id into = 0;  // the chosen item, 0: none yet
  std::vector<Id> alike;  // similar_items of `from`, listed first
  bool sending = false;
  std::string error;  // the server's reason (problem detail), shown after Text::merge_failed
};

// "New request" (state/new_request.cpp): what a named customer asked for, filed on an item. While
// the title is typed the open items most like it are offered (GET /api/v1/items/similar), each
// with "add my customer to this item instead"; else the item is created, then the request.
struct SimilarItem {
  Id id = 0;
  std::string title;
  ItemStatus status = ItemStatus::under_review;
  std::string customer_answer;
  double score = 0;  // 0..1, the server's
};
struct NewRequestDialog {
  bool open = false;
  bool open_requested = false;
  int seq = 0;          // answers for an earlier opening are dropped
  Id target_item = 0;   // opened from an item page: the request goes there (no title asked)
  LoadState customers_state = LoadState::idle;
  std::vector<Customer> customers;  // the caller's own first
  std::string customer_filter;
  Id customer_id = 0;
  std::string title, description;
  ItemKind kind = ItemKind::feature;
  Importance importance = Importance::important;
  std::string value;     // whole currency units, "1,200,000"
  std::string currency = "CNY";
  std::string quote;     // the customer's own words
  double edited_at_ms = 0;  // the title's last edit (debounce)
  std::string similar_for;  // the title the similar list was asked for
  LoadState similar_state = LoadState::idle;
  std::vector<SimilarItem> similar;
  bool sending = false;
  std::optional<Text> error_text;  // the form is not complete
  std::string error;               // the server's reason
  Id created_item = 0;  // made by this form (a failed request is retried on it, not re-made)
  Id filed_item = 0;    // where the last request went
};

// #/board: server-side filters (GET /api/v1/items?status=&area=&release=&tier=&mine=1&sort=)
// over columns by status (kanban) or a sortable table.
struct BoardFilters {
  std::string area;      // "": any
  int status_mask = 0;   // bit (1 << ItemStatus): 0 = any
  Id release = 0;        // 0: any
  int tier = -1;         // -1 any, 0 A, 1 B, 2 C
  bool mine = false;     // only items my customers asked for
  std::string sort = "demand";  // demand | value | eta | updated
  bool operator==(const BoardFilters&) const = default;
};
struct BoardState {
  bool kanban = true;
  BoardFilters filters;
  std::optional<BoardFilters> sent;  // what the list on screen was asked with
  bool descending = true;            // the table's direction for `sort`
  LoadState state = LoadState::idle;
  std::vector<Item> items;
  int seq = 0;  // answers to older requests are dropped
};

// The PM's edit of one release (#/releases/{id}): PATCH with If-Match; a 412 fetches the
// release as it is now, shows what changed and lets the PM re-apply; a 422 shows the fields.
// The id a release or customer form holds while it creates a new record (POST) rather than
// editing one (PATCH with If-Match).
constexpr Id kNewRecord = -1;

struct ReleaseEdit {
  Id id = 0;     // the release being edited (0: the form is closed; kNewRecord: a new one)
  Release base;  // as it was when the form was filled: its version goes in If-Match
  std::string name;
  std::string planned;
  std::string shipped;
  ReleaseState state = ReleaseState::planned;
  std::string notes;
  std::string faq;
  bool saving = false;
  std::string error;               // the last failure, shown under the form
  std::optional<Release> conflict;  // 412: the release as it is now
  bool saved_flash = false;
};

// Editing a customer (#/customers; a PM any, sales their own): name, annual value, channel,
// partner, contacts. Same If-Match / 412 / 422 handling as releases.
struct ContactDraft {
  std::string name;
  std::string title;
  ContactRole role = ContactRole::champion;
};

struct CustomerEdit {
  Id id = 0;
  Customer base;
  std::string name;
  std::string annual;  // whole currency units, e.g. "1200000"
  Channel channel = Channel::direct;
  Id partner = 0;        // 0: none
  std::vector<ContactDraft> contacts;  // rows with an empty name are dropped on save
  bool saving = false;
  std::string error;
  std::optional<Customer> conflict;
  bool saved_flash = false;
};

struct ReleasesState {
  ReleaseEdit edit;
  LoadState state = LoadState::idle;
  std::vector<Release> list;
  LoadState questions_state = LoadState::idle;
  Id questions_for = 0;
  std::vector<Question> questions;  // GET /api/v1/questions?release=N
};

struct CustomersState {
  CustomerEdit edit;
  LoadState state = LoadState::idle;
  std::vector<Customer> list;  // by annual value, highest first
  Id open = 0;                 // the customer whose requests are shown
  LoadState items_state = LoadState::idle;
  std::vector<Item> items;     // GET /api/v1/items?customer=ID
};

struct InsightsState {
  LoadState state = LoadState::idle;
  std::vector<Question> answered;  // GET /api/v1/questions?state=answered
};

struct NotificationsState {
  LoadState state = LoadState::idle;
  std::vector<Notification> list;
  int unread = 0;
};

// Admin: users, embed tokens (with the snippet to paste) and API tokens.
struct ApiToken {
  Id id = 0;
  std::string label;
  std::string role;
  bool revoked = false;
  std::string created_at;
};
struct AdminState {
  LoadState state = LoadState::idle;
  std::vector<User> users;
  std::vector<EmbedToken> embed_tokens;
  std::vector<ApiToken> api_tokens;
  std::string new_login;
  std::string new_name;
  std::string new_password;
  int new_role = 3;  // index into kRoles (admin_view.cpp): sales
  std::string embed_label;
  std::string embed_area;  // empty: the whole board
  std::string api_label;
  int api_role = 4;  // viewer
  std::string last_embed_token, last_api_token, message;
  Id last_embed_id = 0;
  bool error = false;
  std::string new_email;
  std::map<Id, std::string> email_drafts;  // user id -> the email being typed in their row
};

// The outbox on the admin page (state/outbox.cpp): chat and webhook channels (GET
// /api/v1/webhooks: admins see all, a PM their own), one channel's recent deliveries, the
// add form; a generated secret is kept only until the page is left (shown once).
struct Webhook {
  Id id = 0;
  std::string url;  // masked by the server for chat formats (it is their credential)
  WebhookFormat format = WebhookFormat::generic;
  std::vector<std::string> events;
  std::string area;  // "" = the whole board
  std::string lang;
  bool is_signed = false;
  bool active = true;
  std::string disabled_reason;
  long long pending = 0, delivered = 0, failed = 0;
  long long version = 0;
};
struct Delivery {
  Id id = 0;
  std::string type;  // event type, or "webhook.test"
  std::optional<Id> item_id;
  DeliveryState state = DeliveryState::pending;
  int attempts = 0;
  int last_status = 0;  // 0: no answer yet (or none: a connection error)
  std::string last_error, next_attempt_at, created_at, delivered_at;
};
struct OutboxState {
  LoadState state = LoadState::idle;
  std::vector<Webhook> webhooks;
  Id open_webhook = 0;                 // whose deliveries are shown (0: none)
  std::vector<Delivery> deliveries;
  Id confirm_delete = 0;               // the channel whose Delete asks "really?"
  std::string new_url, new_area, new_secret;
  int new_format = 0;                  // index into kAllWebhookFormats
  std::array<bool, std::size(kDeliveredEventTypes)> new_events{};  // set in outbox_reset_form
  std::string last_secret;             // a generated secret, shown once
  Id last_secret_webhook = 0;
  std::string message;
  bool error = false;
  // After a test, a new channel or "send again": the list is read again while deliveries are
  // pending, 1 s, 2 s, 4 s... apart, a few times, so the outcome shows without a reload.
  int polls_left = 0;
  double poll_gap_ms = 0, poll_at_ms = 0;
};

// #/notifications: the caller's own email choices (GET/PATCH /api/v1/me/notifications).
struct EmailPrefs {
  LoadState state = LoadState::idle;
  std::string email_address;           // "" when the account has none
  std::string lang, digest_time, utc_offset;
  std::map<std::string, EmailMode> modes;  // event type -> at once / digest / off
  std::string message;
  bool error = false;
};

// What live events asked to fetch since the last frame, each at most once (live_flush).
struct LiveWants {
  std::set<Id> items;          // items the events did not carry in full
  bool page = false;           // the open item's requests / questions / history
  bool board = false;          // the filtered board, when it cannot take a change in place
  bool queue = false;
  bool releases = false;
  bool customers = false;
  bool notifications = false;  // the unread count
};

struct LiveState {
  LiveWants want;
  bool started = false;
  bool online = false;
  int events_applied = 0;
  Id last_event_id = 0;
};

// Input that arrives while Tab moves the keyboard focus from one text field to the next
// (type_ahead.cpp): every event from the first character on, in the order it came.
struct TypeAhead {
  std::vector<unsigned char> held;  // ImGuiInputEvent records, copied bytewise
  unsigned from_field = 0; // the field the Tab left (an ImGuiID)
  int frames_left = 0;     // 0: not holding
};

struct AppState {
  Screen screen = Screen::starting;
  std::optional<SessionUser> user;
  std::string csrf_token;
  SignInForm sign_in;
  SignInOptions sign_in_options;  // kept across sign-out (the server's configuration)
  Route route;
  bool route_from_url = false;  // the hash named a view (else the role's home)
  LoadedItems items;
  SearchState search;
  CopyDialog copy;
  ItemPage page;
  QuestionQueue queue;
  MergeDialog merge;
  NewRequestDialog new_request;
  // The team directory (GET /api/v1/team, loaded once by the views that name users): user id ->
  // name, for owners and authors.
  std::map<Id, std::string> team;
  LoadState team_state = LoadState::idle;
  BoardState board;
  ReleasesState releases;
  CustomersState customers;
  InsightsState insights;
  NotificationsState notifications;
  AdminState admin;
  OutboxState outbox;
  EmailPrefs email_prefs;
  LiveState live;
  TypeAhead type_ahead;
  std::string rendered_view;            // the view the last frame drew, and whether its data was in
  bool rendered_ready = false;
  bool dark = true;                     // theme (remembered in localStorage)
  bool theme_changed = false;
  bool first_data_frame_reported = false;
  bool items_drawn_this_frame = false;  // set by a view when item rows are on screen
  bool language_changed = false;        // the font family must follow
  double animate_until_ms = 0;          // keep drawing frames until then (feedback fades)
  double wake_at_ms = 0;                // draw a frame then (a poll is due); 0: none
  long frames_drawn = 0;                // rendered frames (main.cpp)
  long frames_idle = 0;                 // animation frames skipped because nothing changed
  // The UI's CPU time of the last drawn frames (ms: NewFrame .. Render; main.cpp), a ring for
  // bench/frame_time.mjs; frame_ms_count counts every frame recorded.
  std::array<float, 600> frame_ms{};
  long frame_ms_count = 0;
};

// [SECTION] Actions: session and board (state/session.cpp) ---------------------------------------------
// GET /api/v1/me: signed in already (skip the form) or show the sign-in form.
void app_start(AppState& app);
void app_sign_in(AppState& app);   // POST /api/v1/session with the form's login and password
// GET /api/v1/session/options once (later calls do nothing): fills app.sign_in_options.
void sign_in_options_load(AppState& app);
// Company sign-in: the page goes to /auth/oidc/start (the server redirects to the provider and,
// after it, back to "/" with the session cookie, where app_start's GET /me finds the session;
// a refusal is the server's own page, with a link back).
void app_sign_in_company(AppState& app);
void app_sign_out(AppState& app);  // DELETE /api/v1/session, back to the form
void app_load_items(AppState& app);  // GET /api/v1/items?limit=500 (and the releases)
void app_set_language(AppState& app, Lang lang);
bool app_can(const AppState& app, int action);  // shipboard::Action as int (permissions.hpp)
const Item* app_find_item(const AppState& app, Id id);
void app_upsert_item(AppState& app, Item item);  // replace by id, or append
std::string release_label(const AppState& app, const std::optional<Id>& release_id);

// [SECTION] Type-ahead across Tab (ui/type_ahead.cpp) ------------------------------------------
// Tab leaves a text field at once but the next one takes the focus a frame or two later; Dear
// ImGui drops characters that arrive when no field is active. Called around every frame (before
// ImGui::NewFrame and after the views are drawn), these hold what is typed in that gap and hand
// it to the field that takes the focus (or, a few frames without one, let it go as before).
void type_ahead_before_frame(AppState& app);
void type_ahead_after_frame(AppState& app);

// [SECTION] Routing (state/session.cpp) ----------------------------------------------------------------
// Sets location.hash; the hashchange that follows applies the route (so back/forward and
// links take the same path).
void app_navigate(AppState& app, const Route& route);
void app_apply_hash(AppState& app, const std::string& hash);  // from the page's hashchange
std::string route_hash(const Route& route);
bool route_allowed(const AppState& app, View view);  // the role may open this view
bool view_ready(const AppState& app);                // the view on screen has its data
Route parse_route(const std::string& hash, bool* named = nullptr);

// [SECTION] Search and copy (state/search.cpp, state/copy.cpp) -------------------------------------------------
void search_tick(AppState& app);          // once a frame: debounce, ask the server
void search_rebuild(AppState& app);       // client-side filter of the loaded items
void copy_open(AppState& app, Id item_id);  // opens the customer picker
void copy_answer(AppState& app, Id customer_id);  // clipboard + POST /api/v1/told (0: no record)

// [SECTION] Item page (state/item.cpp) and question queue (state/question_queue.cpp) -----------------------------------------------
void item_open(AppState& app, Id id);  // GET item, requests, questions, history
void item_reset_form(ItemPage& page);  // the edit form from page.item (and edit_base)
bool item_form_untouched(const ItemPage& page);
void item_save(AppState& app);         // PATCH with If-Match; 412 keeps "current"
void item_reapply(AppState& app);      // after a 412: the PM's edit on top of the current item
void item_ask(AppState& app);          // POST /api/v1/questions
void item_toggle_follow(AppState& app);
void queue_load(AppState& app);        // GET /api/v1/questions?state=open&sort=priority (+ triage)
void queue_answer(AppState& app, Id question_id);
void triage_load(AppState& app);  // GET /api/v1/items?status=under_review&sort=value, duplicates
// PATCH {status} with If-Match; a 412 reloads the list and says why.
void triage_set_status(AppState& app, Id item_id, ItemStatus status);
// Items on the loaded board whose titles are most alike to `item` (similarity ≥ 0.34), at most 3.
std::vector<Id> similar_items(const AppState& app, const Item& item);
void merge_open(AppState& app, Id from, Id into = 0);
std::vector<const Item*> merge_candidates(const AppState& app);  // matching the dialog's query
void merge_send(AppState& app);  // POST .../merge {into}; on success the item page follows
// New request (state/new_request.cpp): open with a title (e.g. the search typed) or for an item.
void new_request_open(AppState& app, const std::string& title, Id item_id = 0);
void new_request_close(AppState& app);
void new_request_tick(AppState& app);  // each frame while open: the debounced similar items
// The customers matching the picker's filter, the caller's own first.
std::vector<const Customer*> new_request_customers(const AppState& app);
// Files the request: on `into_item` (an item from the similar list), on the dialog's item, or
// on a new item made from the title.
void new_request_submit(AppState& app, Id into_item = 0);

// [SECTION] Board, releases, customers, team, insights (state/board.cpp, releases.cpp, customers.cpp, team.cpp, insights.cpp) --------------------------
void board_load(AppState& app);         // GET /api/v1/items with the board's filters
std::string board_query(const BoardFilters& f);
void releases_load(AppState& app);      // GET /api/v1/releases (full records)
void release_questions_load(AppState& app, Id release_id);
const Release* app_find_release(const AppState& app, Id id);
void customers_load(AppState& app);     // GET /api/v1/customers?limit=500 (and the team)
void team_load(AppState& app);          // GET /api/v1/team once, for callers who may list customers
// A user as the UI names them: "name (me)", the team directory's name, else "#id".
std::string user_label(const AppState& app, const std::optional<Id>& id);
void customer_open(AppState& app, Id id);  // GET /api/v1/items?customer=ID
void insights_load(AppState& app);      // answered questions, for turnaround
// Editing (PM; customers also sales for their own): fill the form, save (PATCH + If-Match),
// after a 412 re-apply the same changes on the current version, or close.
bool release_may_edit(const AppState& app);
void release_edit_begin(AppState& app, const Release& r);
void release_create_begin(AppState& app);  // an empty form; saving POSTs /api/v1/releases
void release_edit_save(AppState& app);
void release_edit_reapply(AppState& app);
bool customer_may_edit(const AppState& app, const Customer& c);
void customer_edit_begin(AppState& app, const Customer& c);
void customer_create_begin(AppState& app);  // an empty form; saving POSTs /api/v1/customers
void customer_edit_save(AppState& app);
void customer_edit_reapply(AppState& app);
// "1,200,000" -> 1200000 (whole currency units); false when it is not a whole number.
bool parse_whole_units(const char* text, std::int64_t* out);

// [SECTION] Notifications and admin (state/notifications.cpp, admin.cpp; the theme in session.cpp) -------------------------------------------
void notifications_load(AppState& app);  // GET /api/v1/inbox (and the unread count)
void notifications_mark_read(AppState& app, Id id);  // 0: all
void admin_load(AppState& app);          // users, embed tokens, API tokens
void admin_create_user(AppState& app);
void admin_patch_user(AppState& app, const User& user, const nlohmann::json& patch);
void admin_create_embed_token(AppState& app);
void admin_create_api_token(AppState& app);
void admin_revoke(AppState& app, bool embed, Id id);
// The outbox (state/outbox.cpp): channels and their deliveries, my email choices.
void outbox_load(AppState& app);  // GET /api/v1/webhooks (and the open channel's deliveries)
void outbox_reset_form(OutboxState& o);
void outbox_create(AppState& app);  // POST /api/v1/webhooks from the add form
void outbox_set_active(AppState& app, const Webhook& w, bool active);  // PATCH with If-Match
void outbox_delete(AppState& app, Id webhook_id);
void outbox_test(AppState& app, Id webhook_id);  // POST .../test
void outbox_open_deliveries(AppState& app, Id webhook_id);  // GET .../deliveries (0: close)
void outbox_redeliver(AppState& app, Id delivery_id);
void outbox_tick(AppState& app);  // each frame of the admin page: a poll that is due
void email_prefs_load(AppState& app);
// PATCH /api/v1/me/notifications with `patch` (one mode, the digest time, the zone or lang).
void email_prefs_save(AppState& app, const nlohmann::json& patch);
std::string embed_snippet(const std::string& token, Id item_id);
void app_set_theme(AppState& app, bool dark);

// [SECTION] Live (state/live.cpp) ------------------------------------------------------------
// One event from /api/v1/events (the SSE `data:` JSON): applies what it carries, notes the rest.
void live_apply(AppState& app, const std::string& data_json);
void live_status(AppState& app, bool online);
// Once a frame: sends what the events since the last frame could not carry, each once.
void live_flush(AppState& app);

// [SECTION] Test hook (ui/test_hook.cpp) ----------------------------------------------------
// JSON of what the client shows (window.shipboard.state(), for tests and tools).
std::string app_state_json(const AppState& app);

}  // namespace shipboard::client

// The client's screens, one file each, plus small shared widgets. A view draws from AppState
// and calls the actions in state/app_state.hpp; it holds no UI text of its own (everything through tr(),
// see i18n.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "state/app_state.hpp"
#include "imgui.h"
#include "shipboard/json_reader.hpp"  // the text limits the fields hold to
#include "shipboard/permissions.hpp"

namespace shipboard::client {

// [SECTION] The frame (view_switch.cpp) -----------------------------------------------------
// The whole UI for one frame: the top bar, the sign-in form or the route's view, the dialogs.
void app_draw(AppState& app);
// After each rendered frame: reports the first frame that showed data to the shell.
void app_after_frame(AppState& app);

// [SECTION] Screens, one file each -----------------------------------------------------------

void draw_top_bar(AppState& app);     // title, views, live state, language, who, sign out
void draw_sign_in(AppState& app);     // login + password form
void draw_board(AppState& app);       // #/board: filters, columns by status or a table
void draw_search(AppState& app);      // #/search: search-first home
void draw_item_page(AppState& app);   // #/items/{id}
void draw_question_queue(AppState& app);       // #/queue: triage, then open questions by priority
void draw_copy_dialog(AppState& app); // "copy for which customer?"
void draw_merge_dialog(AppState& app);  // "merge into which item?" (question_queue_view.cpp)
void draw_new_request_dialog(AppState& app);  // a customer's request, similar items first
void draw_releases(AppState& app);    // #/releases: timeline and table
void draw_release(AppState& app);     // #/releases/{id}: notes, FAQ, questions, items
void draw_customers(AppState& app);   // #/customers: list, Pareto chart, a customer's requests
void draw_insights(AppState& app);    // #/insights: demand, value waiting, turnaround
void draw_notifications(AppState& app);  // #/notifications
void draw_admin(AppState& app);       // #/admin: users, embed tokens, API tokens

// [SECTION] Charts (charts.cpp), drawn with ImDrawList ---------------------------------------
struct Bar {
  std::string label;
  double value = 0;
  std::string value_text;
};
// Horizontal bars, one row each, longest = full width; each row is mirrored as a text block.
void bar_chart(const char* id, const std::vector<Bar>& bars);
// Customers' annual values, highest first, with the cumulative share line and 80%/95% marks.
void pareto_chart(const std::vector<Customer>& customers);
// Releases on a time axis, placed by date (planned; shipped ones at their shipped date, filled).
void release_timeline(AppState& app);
// Where each ISO date (YYYY-MM-DD) falls between the earliest and the latest, 0..1; a date that
// does not parse, or all dates equal, sit at 0.5.
std::vector<float> timeline_positions(const std::vector<std::string>& dates);

// [SECTION] Shared widgets (widgets.cpp) ---------------------------------------------------
// The status badge and the commitment label, each also a text in the mirror (a table cell's).
void status_badge(ItemStatus status);
void commitment_label(Commitment c);
// Fixed column widths that fit every status badge / commitment label and the header.
float status_column_width(Text header);
float commitment_column_width(Text header);
ImVec4 commitment_colour(Commitment c);
// The customer answer with a Copy button (opens the customer picker) and the stale mark.
void answer_with_copy(AppState& app, const Item& item, bool wrap);
// A small button with the item's title ("#id" until the board has it) that opens its page.
void item_link(AppState& app, Id id);
// A compact table of items (status, title -> item page, ETA, value at stake when allowed),
// mirrored as a table named `name`.
void item_list(AppState& app, const char* id, const std::string& name,
               const std::vector<const Item*>& items);
// What the last action came to: "Saved." in green, or the server's reason in red; mirrored.
void status_message(const std::string& text, bool error);
// Multi-line text, one wrapped line per paragraph (a gap between lines), mirrored as text.
void text_block(const std::string& text);
// Text wrapped at the right edge of the region with leading between its lines: Dear ImGui
// advances wrapped lines by exactly the font size, which sets Chinese lines solid. Lines after
// the first start under the first (a group), so text after a SameLine hangs. `colour` null:
// the style's text colour. One item (the group) for the mirror and IsItemHovered.
void wrapped_text(std::string_view text, const ImVec4* colour = nullptr);
// The height wrapped_text would take for `text` in `width` (a clickable block sized to it).
float wrapped_text_height(std::string_view text, float width);
// Where a line of [s, end) ends to fit `width` at font `size`: at the last break that fits — a
// space, or between two characters when either is CJK (not before closing punctuation such
// as ，。？」 nor after opening punctuation such as （「) — else after as many characters as fit
// (at least one); at a line break; or `end`. Dear ImGui's own wrapping breaks only at spaces,
// so a Chinese sentence after a Latin word jumped whole to the next line.
const char* wrap_position(ImFont* font, float size, const char* s, const char* end, float width);
constexpr float kTextLeading = 1.4f;  // line pitch / font size in wrapped text
// At most `max_chars` of UTF-8 `text`, cut on a character boundary (core utf8_prefix), with
// "…" added when it was cut.
std::string text_prefix(const std::string& text, std::size_t max_chars);
// An API timestamp as people read it: "2026-11-28T07:02:11Z" -> "2026-11-28 07:02" (UTC).
std::string short_time(const std::string& iso);
// Money as "CNY 1,234,567" (minor units shown as whole units).
std::string format_money(const Money& m);
// Widgets that flow onto the next line when the window is too narrow (400 px layouts).
void flow_begin();
void flow_next(float width);
bool flow_button(const char* label);
// A text field `width_ems` wide in the flow, its hint doubling as its name in the mirror.
bool flow_input(const char* id, Text hint, std::string* text, std::size_t max_chars, float width_ems,
                ImGuiInputTextFlags flags = 0);

// [SECTION] Text fields (widgets.cpp) ------------------------------------------------------
// Dear ImGui's std::string fields (misc/cpp/imgui_stdlib): the string grows with what is typed
// or loaded, so nothing is cut on the way back to the server; `max_chars` is the core's limit
// for what the field edits (kShortText, kLongText, kMaxLogin, kMaxPassword in json_reader.hpp),
// and an edit beyond it stops at a whole UTF-8 character.
bool input_text(const char* id, std::string* text, std::size_t max_chars, ImGuiInputTextFlags flags = 0);
bool input_text_hint(const char* id, const char* hint, std::string* text, std::size_t max_chars,
                     ImGuiInputTextFlags flags = 0);
bool input_text_multiline(const char* id, std::string* text, std::size_t max_chars, const ImVec2& size,
                          ImGuiInputTextFlags flags = 0);
// Records the last item's rectangle (CSS pixels) under `name` for window.shipboard.state().
void test_mark(const std::string& name);
void test_marks_clear();
std::string test_marks_json();

}  // namespace shipboard::client

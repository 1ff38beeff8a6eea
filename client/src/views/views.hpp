// The client's screens, one file each, plus small shared widgets. A view draws from AppState
// and calls the actions in app.hpp; it holds no UI text of its own (everything through tr(),
// see i18n.hpp).
#pragma once

#include <string>

#include "app.hpp"
#include "imgui.h"

namespace shipboard::client {

void draw_top_bar(AppState& app);     // title, views, live state, language, who, sign out
void draw_sign_in(AppState& app);     // login + password form
void draw_items(AppState& app);       // #/board: the items table
void draw_search(AppState& app);      // #/search: search-first home
void draw_item_page(AppState& app);   // #/items/{id}
void draw_inbox(AppState& app);       // #/inbox: open questions by priority
void draw_copy_dialog(AppState& app); // "copy for which customer?"

// [SECTION] Shared widgets (widgets.cpp) ---------------------------------------------------
void status_badge(ItemStatus status);
void commitment_label(Commitment c);
ImVec4 commitment_colour(Commitment c);
// The customer answer with a Copy button (opens the customer picker) and the stale mark.
void answer_with_copy(AppState& app, const Item& item, bool wrap);
// Records the last item's rectangle (CSS pixels) under `name` for window.shipboard.state().
void test_mark(const std::string& name);
void test_marks_clear();
std::string test_marks_json();

}  // namespace shipboard::client

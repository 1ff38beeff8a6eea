// The client's screens, one file each. A view draws from AppState and calls the actions in
// app.hpp; it holds no UI text of its own (everything through tr(), see i18n.hpp).
#pragma once

#include "app.hpp"

namespace shipboard::client {

void draw_top_bar(AppState& app);   // title, language, who is signed in, sign out
void draw_sign_in(AppState& app);   // login + password form
void draw_items(AppState& app);     // the items table

}  // namespace shipboard::client

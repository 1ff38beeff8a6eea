// The accessibility mirror: every widget drawn this frame (id, role, name, rectangle, state),
// collected through Dear ImGui's item hooks plus hints from our own widget wrappers, and sent
// to the page, which keeps a transparent, positioned DOM element over each (platform.js).
#pragma once

#include <string>

namespace shipboard::client {

void a11y_begin_frame();  // before the UI is drawn: clears the list, turns the hooks on
void a11y_end_frame();    // after: publishes the list to the page when it changed
// Role and accessible name for the next widget (e.g. a combo, an input with only a hint).
// Roles: button, link, tab, checkbox, textbox, combobox.
void a11y_next(const char* role, const std::string& name);
// The last drawn item as a text block (role "text") or a heading (role "heading").
void a11y_text(const std::string& text, const char* role = "text");
// A text block over a rectangle (screen pixels) that is not an item: text and marks a chart
// draws with ImDrawList.
void a11y_text_at(float x0, float y0, float x1, float y1, const std::string& text);
int a11y_count();          // widgets in the last published list
std::string a11y_json();   // that list (also what the page received)

}  // namespace shipboard::client

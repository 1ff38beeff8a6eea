// The accessibility mirror: every widget drawn this frame (id, role, name, rectangle, state),
// collected through Dear ImGui's item hooks plus hints from our own widget wrappers, and sent
// to the page, which keeps a transparent, positioned DOM element over each (platform.js).
// Tables and menus are containers: what is drawn inside them is mirrored inside them
// (table > row > columnheader / cell, menu > menuitem), so the page's DOM is valid ARIA.
#pragma once

#include <string>
#include <vector>

namespace shipboard::client {

void a11y_begin_frame();  // before the UI is drawn: clears the list, turns the hooks on
void a11y_end_frame();    // after: publishes the list to the page when it changed
// Role and accessible name for the next widget (e.g. a combo, an input with only a hint, a
// button whose label alone does not say what it acts on). Roles: button, link, tab, checkbox,
// textbox, combobox. `opens_menu`: the button opens a menu (aria-haspopup).
void a11y_next(const char* role, const std::string& name, bool opens_menu = false);
// The last drawn item as a text block (role "text") or a heading (role "heading"). Inside a
// mirrored table it is text of the current cell: one call per cell after drawing its text.
void a11y_text(const std::string& text, const char* role = "text");
// A text block over a rectangle (screen pixels) that is not an item: text and marks a chart
// draws with ImDrawList.
void a11y_text_at(float x0, float y0, float x1, float y1, const std::string& text);

// [SECTION] Tables ------------------------------------------------------------------------------
// Mirrors the Dear ImGui table being drawn (call right after BeginTable returned true) as
// role=table named `name`: TableHeadersRow becomes a row of columnheaders (a sortable column's
// header is a button inside it, with aria-sort), every row with something visible a row, each
// column a cell holding what is drawn in it (widgets, and text given by a11y_text). `rows`: the
// number of data rows when only the visible ones are drawn (aria-rowcount), -1 when all are.
void a11y_table(const std::string& name, int rows = -1);
// The ImGui row being drawn (after TableNextRow) is data row `index`, 0-based (aria-rowindex);
// or, in a table laid out without ImGui's table (below), starts data row `index`.
void a11y_row(int index);
// A table laid out with child windows or groups (cards) rather than ImGui's table: a header row
// of `columns` (not drawn; a strip at the table's top), then a11y_row / a11y_column before the
// widgets and text of each cell, and a11y_table_end after the last.
void a11y_table_begin(const std::string& name, const std::vector<std::string>& columns,
                      int rows = -1);
void a11y_column(int column);  // what follows is in this column of the current row
void a11y_table_end();

// [SECTION] Menus -------------------------------------------------------------------------------
// The popup being drawn (call right after BeginPopup returned true) is a menu named `name`:
// its selectables and buttons are menuitems; the page moves the keyboard into it when it was
// opened from the mirror, arrows move between items, Escape closes it (a11y_dismiss).
void a11y_menu(const std::string& name);
// Closes the open popups at the start of the next frame (Escape in a mirrored menu).
void a11y_dismiss();
// A click at (x, y) (device pixels), as the page's mirror activates a widget: over the next three
// frames the mouse is there, presses, releases (Dear ImGui takes a press on an overlapping
// item such as a table header only when it was hovered the frame before, and its input queue
// does not split a move from the press after it). a11y_before_frame, called after the platform
// backend's NewFrame and before ImGui::NewFrame, feeds those steps; input that arrives
// meanwhile (text typed right after a text box was focused, the backend's pointer position)
// waits and follows the release in the order it came.
void a11y_click(float x, float y);
void a11y_before_frame();

int a11y_count();          // widgets in the last published list
std::string a11y_json();   // that list (also what the page received)

}  // namespace shipboard::client

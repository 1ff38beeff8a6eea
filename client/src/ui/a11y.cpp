// The accessibility mirror's collector (see a11y.hpp). Dear ImGui reports every item through
// the test-engine hooks compiled in by IMGUI_ENABLE_TEST_ENGINE (imconfig_shipboard.h):
// ItemAdd gives its rectangle, ItemInfo its label and state (checkable/checked, openable/opened,
// text input). Wrappers add names for widgets whose label is hidden ("##id") and text blocks.
// Containers (tables, rows, cells, menus) are entries too: each entry names its parent, the
// page nests the DOM elements the same way. Rectangles go to the page in CSS pixels, clipped to
// what is visible; a container's is the union of what it holds.
#include "ui/a11y.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform/platform.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard::client {
namespace {

struct Entry {
  ImGuiID id = 0;
  std::string role;
  std::string name;
  ImRect rect;
  bool has_rect = true;
  bool container = false;  // emitted only when something inside it is
  bool fill_row = false;   // a cell of an ImGui table: as tall as its row
  int parent = -1;         // index of the containing entry, -1: the page
  int checked = -1;        // -1: not checkable
  int expanded = -1;       // -1: not openable
  bool disabled = false;
  bool opens_menu = false;
  int row_index = -1;          // row: aria-rowindex (1-based, the header row is 1)
  int row_count = -1;          // table: aria-rowcount (data rows + the header row)
  int col_index = -1;          // cell, columnheader: aria-colindex (1-based; cells scrolled away or
                               // left empty do not shift the others)
  int col_count = -1;          // table: aria-colcount
  const char* sort = nullptr;  // columnheader: aria-sort
};

struct Hint {
  bool set = false;
  std::string role;
  std::string name;
  bool opens_menu = false;
};

// A Dear ImGui table being mirrored, and where its current row and cell are in `entries`.
struct TableScope {
  ImGuiTable* table = nullptr;
  int entry = -1;
  int rows = -1;
  int imgui_row = INT_MIN;  // ImGui's row number that row_entry belongs to
  int row_entry = -1;
  ImGuiID row_key = 0;
  int cell_column = -1;
  int cell_entry = -1;
  int index_row = INT_MIN;  // a11y_row: ImGui's row number...
  int index = -1;           // ...is this data row
};

// A table laid out without ImGui's table (a11y_table_begin .. a11y_table_end).
struct ManualScope {
  bool active = false;
  int entry = -1;
  int rows = -1;
  int index = -1;  // current data row, -1: none started
  ImGuiID row_key = 0;
  int row_entry = -1;
  int column = -1;
  int cell_entry = -1;
};

constexpr int kDrop = -2;  // container_for: what is drawn here is not mirrored

std::vector<Entry> entries;
std::unordered_map<ImGuiID, int> by_id;
std::vector<TableScope> tables;
ManualScope manual;
int menu_entry = -1;
ImGuiWindow* menu_window = nullptr;
bool menu_hidden = false;
bool dismiss_requested = false;
struct PendingClick {
  int step = -1;  // -1: none; 0: the mouse moves there; 1: press; 2: release
  float x = 0, y = 0;
  ImU32 after = 0;                    // events from this id on came after the activation...
  std::vector<ImU32> ours;            // ...except the click's own
  std::vector<ImGuiInputEvent> held;  // ...and wait until it is done
} click;
Hint hint;
std::string published;
ImGuiID published_hash = 0;
int published_count = 0;
int text_serial = 0;

// The visible part of `r` in the current window (tables and child windows clip).
bool visible_part(ImGuiContext* ctx, ImRect r, ImRect* out) {
  if (ctx->CurrentWindow) r.ClipWith(ctx->CurrentWindow->ClipRect);
  if (r.GetWidth() < 2 || r.GetHeight() < 2) return false;
  *out = r;
  return true;
}

std::string visible_label(const char* label) {
  std::string s = label ? label : "";
  if (auto p = s.find("##"); p != std::string::npos) s.erase(p);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// A key derived from `seed`, a number and what it is for (a cell's and a row's never meet).
ImGuiID mix(ImGuiID seed, int n, const char* what) {
  return ImHashData(&n, sizeof n, ImHashStr(what, 0, seed));
}

// The container entry with this key, made when it is not there yet (no rectangle: it takes
// the union of what it holds).
int container(ImGuiID key, const char* role, int parent) {
  if (auto it = by_id.find(key); it != by_id.end()) return it->second;
  Entry e;
  e.id = key;
  e.role = role;
  e.container = true;
  e.has_rect = false;
  e.parent = parent;
  by_id[key] = int(entries.size());
  entries.push_back(std::move(e));
  return int(entries.size()) - 1;
}

void set_rect(int index, const ImRect& r) {
  entries[std::size_t(index)].rect = r;
  entries[std::size_t(index)].has_rect = true;
}

// The cell of a mirrored ImGui table that the cursor is in (its row made first).
int imgui_cell(ImGuiContext* ctx, TableScope& s) {
  ImGuiTable* t = s.table;
  ImGuiWindow* w = ctx->CurrentWindow;
  const bool header = (t->RowFlags & ImGuiTableRowFlags_Headers) != 0;
  if (t->CurrentRow != s.imgui_row) {
    s.imgui_row = t->CurrentRow;
    s.row_entry = -1;
    s.cell_entry = -1;
  }
  if (s.row_entry < 0) {
    ImGuiID key = header
                      ? ImHashStr("##a11y_header", 0, t->ID)
                      : ImHashStr("##a11y_row", 0, w->IDStack.empty() ? t->ID : w->IDStack.back());
    if (by_id.count(key)) key = mix(key, t->CurrentRow, "row");  // rows without an id of their own
    s.row_key = key;
    s.row_entry = container(key, "row", s.entry);
    if (s.rows >= 0) {
      entries[std::size_t(s.row_entry)].row_index = header                         ? 1
                                                    : s.index_row == t->CurrentRow ? s.index + 2
                                                                                   : -1;
    }
    s.cell_entry = -1;
  }
  if (s.cell_entry < 0 || s.cell_column != t->CurrentColumn) {
    s.cell_column = t->CurrentColumn;
    s.cell_entry = container(mix(s.row_key, t->CurrentColumn, "cell"),
                             header ? "columnheader" : "cell", s.row_entry);
    const ImGuiTableColumn& c = t->Columns[t->CurrentColumn];
    ImRect r(c.MinX, t->RowPosY1, c.MaxX, t->RowPosY2);
    r.ClipWith(w->ClipRect);
    Entry& cell = entries[std::size_t(s.cell_entry)];
    cell.fill_row = true;
    cell.col_index = t->CurrentColumn + 1;
    if (r.GetWidth() >= 1 && r.GetHeight() >= 1) set_rect(s.cell_entry, r);
  }
  return s.cell_entry;
}

// The current cell of the table laid out by hand (a11y_table_begin).
int manual_cell() {
  if (manual.row_entry < 0) {
    manual.row_entry = container(manual.row_key, "row", manual.entry);
    if (manual.rows >= 0) entries[std::size_t(manual.row_entry)].row_index = manual.index + 2;
  }
  if (manual.cell_entry < 0) {
    manual.cell_entry =
        container(mix(manual.row_key, manual.column, "cell"), "cell", manual.row_entry);
    entries[std::size_t(manual.cell_entry)].col_index = manual.column + 1;
  }
  return manual.cell_entry;
}

// Where what is drawn now belongs: a menu, a table cell, or the page (-1); kDrop when it is
// in a menu not shown yet (a popup's first, hidden frame).
int container_for(ImGuiContext* ctx) {
  ImGuiWindow* w = ctx->CurrentWindow;
  if (menu_window && w && w->RootWindow == menu_window) return menu_hidden ? kDrop : menu_entry;
  if (ImGuiTable* t = ctx->CurrentTable;
      t && w == t->InnerWindow && t->IsInsideRow && t->CurrentColumn >= 0) {
    for (TableScope& s : tables) {
      if (s.table == t) return imgui_cell(ctx, s);
    }
  }
  if (manual.active && manual.index >= 0 && manual.column >= 0) return manual_cell();
  return -1;
}

Entry* add(ImGuiContext* ctx, ImGuiID id, const ImRect& rect, bool text = false) {
  ImRect vis;
  if (!visible_part(ctx, rect, &vis)) return nullptr;
  auto it = by_id.find(id);
  if (it != by_id.end()) return &entries[std::size_t(it->second)];
  const int parent = container_for(ctx);
  const bool in_menu = parent >= 0 && entries[std::size_t(parent)].role == "menu";
  if (parent == kDrop || (text && in_menu)) return nullptr;  // a menu holds menuitems only
  Entry e;
  e.id = id;
  e.rect = vis;
  e.parent = parent;
  e.disabled = (ctx->LastItemData.ItemFlags & ImGuiItemFlags_Disabled) != 0;
  by_id[id] = int(entries.size());
  entries.push_back(std::move(e));
  return &entries.back();
}

// A text block (no id of its own: a serial number in a range widgets do not use).
void add_text(const ImRect& rect, const std::string& text, const char* role, bool disabled) {
  if (text.empty()) return;
  const ImGuiID id = 0x7f000000u + ImGuiID(++text_serial);
  Entry* e = add(GImGui, id, rect, true);
  if (!e) return;
  e->role = role;
  e->name = text;
  e->disabled = disabled;
}

// `text` as a JSON string; names come from user text, so invalid UTF-8 becomes U+FFFD (never an
// error: no exceptions here).
void put_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    const std::uint32_t cp = decode_utf8(text, i);
    if (cp == kInvalidCodePoint) {
      out += "\xEF\xBF\xBD";
    } else if (cp == '"' || cp == '\\') {
      out += '\\';
      out += char(cp);
    } else if (cp < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", unsigned(cp));
      out += esc;
    } else {
      out.append(text, at, i - at);
    }
  }
  out += '"';
}

// A number to 1/100 (CSS pixels, ids, indexes), without trailing zeros.
void put_number(std::string& out, double v) {
  long long hundredths = std::llround(v * 100.0);
  if (hundredths < 0) {
    out += '-';
    hundredths = -hundredths;
  }
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, hundredths / 100).ptr;
  const int frac = int(hundredths % 100);
  if (frac) {
    *end++ = '.';
    *end++ = char('0' + frac / 10);
    if (frac % 10) *end++ = char('0' + frac % 10);
  }
  out.append(digits, end);
}

TableScope* scope_of(ImGuiTable* t) {
  for (TableScope& s : tables) {
    if (s.table == t) return &s;
  }
  return nullptr;
}

// A TableHeader item of a mirrored table: its cell is a columnheader holding the column's
// name, as a button when clicking it sorts.
void header_item(ImGuiContext* ctx, ImGuiTable* t, ImGuiID id, const ImRect& bb) {
  const int col = t->CurrentColumn;
  const ImGuiTableColumn& c = t->Columns[col];
  const char* name = ImGui::TableGetColumnName(t, col);
  if (!name || !*name) return;
  const bool sortable =
      (t->Flags & ImGuiTableFlags_Sortable) && !(c.Flags & ImGuiTableColumnFlags_NoSort);
  Entry* e = sortable ? add(ctx, id, bb) : nullptr;
  if (!sortable) {
    add_text(bb, name, "text", false);
  } else if (e) {
    e->role = "button";
    e->name = name;
  }
  if (!sortable || !e || e->parent < 0) return;
  Entry& cell = entries[std::size_t(e->parent)];
  if (c.SortOrder != 0) return;  // aria-sort: the primary sort column only
  cell.sort = c.SortDirection == ImGuiSortDirection_Ascending ? "ascending" : "descending";
}

}  // namespace

// [SECTION] Wrappers' side -----------------------------------------------------------------------
void a11y_begin_frame() {
  entries.clear();
  by_id.clear();
  tables.clear();
  manual = ManualScope{};
  menu_entry = -1;
  menu_window = nullptr;
  hint = Hint{};
  text_serial = 0;
  GImGui->TestEngineHookItems = true;
  if (dismiss_requested) {
    dismiss_requested = false;
    ImGui::ClosePopupsExceptModals();
  }
}

void a11y_click(float x, float y) {
  click.step = 0;
  click.x = x;
  click.y = y;
  click.after = GImGui->InputEventsNextEventId;
  click.ours.clear();
  click.held.clear();
}

void a11y_before_frame() {
  if (click.step < 0) return;
  ImGuiContext& g = *GImGui;
  // What arrived after the activation (text typed into the field being activated, keys, the
  // backend's pointer position) waits behind the click, in the order it came.
  ImVector<ImGuiInputEvent>& queue = g.InputEventsQueue;
  int kept = 0;
  for (int i = 0; i < queue.Size; ++i) {
    const ImGuiInputEvent& e = queue[i];
    const bool own = std::find(click.ours.begin(), click.ours.end(), e.EventId) != click.ours.end();
    if (e.EventId >= click.after && !own) {
      click.held.push_back(e);
    } else {
      queue[kept++] = e;
    }
  }
  queue.resize(kept);
  ImGuiIO& io = g.IO;
  click.ours.push_back(g.InputEventsNextEventId);
  io.AddMousePosEvent(click.x, click.y);
  if (click.step >= 1) {
    click.ours.push_back(g.InputEventsNextEventId);
    io.AddMouseButtonEvent(0, click.step == 1);
  }
  if (click.step < 2) {
    ++click.step;
    return;
  }
  for (const ImGuiInputEvent& e : click.held) queue.push_back(e);
  click = PendingClick{};
}

void a11y_next(const char* role, const std::string& name, bool opens_menu) {
  hint.set = true;
  hint.role = role;
  hint.name = name;
  hint.opens_menu = opens_menu;
}

void a11y_text(const std::string& text, const char* role) {
  if (!ImGui::IsItemVisible()) return;
  const ImGuiContext& g = *GImGui;
  add_text(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), text, role,
           (g.LastItemData.ItemFlags & ImGuiItemFlags_Disabled) != 0);
}

void a11y_text_at(float x0, float y0, float x1, float y1, const std::string& text) {
  if (!ImGui::IsRectVisible(ImVec2(x0, y0), ImVec2(x1, y1))) return;
  add_text(ImRect(x0, y0, x1, y1), text, "text", false);
}

void a11y_table(const std::string& name, int rows) {
  ImGuiContext& g = *GImGui;
  ImGuiTable* t = g.CurrentTable;
  if (!t || scope_of(t)) return;
  TableScope s;
  s.table = t;
  s.rows = rows;
  s.entry = container(ImHashStr("##a11y_table", 0, t->ID), "table", -1);
  Entry& e = entries[std::size_t(s.entry)];
  e.name = name;
  if (rows >= 0) e.row_count = rows + 1;
  e.col_count = t->ColumnsCount;
  ImRect r = t->OuterRect;
  if (t->OuterWindow) r.ClipWith(t->OuterWindow->ClipRect);
  if (r.GetWidth() >= 2 && r.GetHeight() >= 2) set_rect(s.entry, r);
  tables.push_back(s);
}

void a11y_row(int index) {
  ImGuiContext& g = *GImGui;
  if (manual.active) {
    ImGuiWindow* w = g.CurrentWindow;
    manual.index = index;
    manual.row_key =
        mix(ImHashStr("##a11y_row", 0, w->IDStack.empty() ? 0 : w->IDStack.back()), index, "row");
    manual.row_entry = -1;
    manual.column = -1;
    manual.cell_entry = -1;
    return;
  }
  if (TableScope* s = g.CurrentTable ? scope_of(g.CurrentTable) : nullptr) {
    s->index_row = g.CurrentTable->CurrentRow;
    s->index = index;
  }
}

void a11y_table_begin(const std::string& name, const std::vector<std::string>& columns, int rows) {
  ImGuiContext& g = *GImGui;
  ImGuiWindow* w = g.CurrentWindow;
  manual = ManualScope{};
  manual.rows = rows;
  const ImGuiID key = ImHashStr(name.c_str(), 0, ImHashStr("##a11y_table", 0, w->IDStack.back()));
  manual.entry = container(key, "table", -1);
  entries[std::size_t(manual.entry)].name = name;
  if (rows >= 0) entries[std::size_t(manual.entry)].row_count = rows + 1;
  entries[std::size_t(manual.entry)].col_count = int(columns.size());
  // The header row: not drawn; a strip along the top of where the table starts.
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 2.0f * float(columns.size()));
  const float h = ImGui::GetFontSize();
  const int header = container(ImHashStr("##a11y_header", 0, key), "row", manual.entry);
  if (rows >= 0) entries[std::size_t(header)].row_index = 1;
  const float step = width / float(std::max<std::size_t>(columns.size(), 1));
  for (int i = 0; i < int(columns.size()); ++i) {
    ImRect r(at.x + step * float(i), at.y, at.x + step * float(i + 1), at.y + h);
    ImRect vis;
    if (!visible_part(&g, r, &vis)) continue;
    const int cell = container(mix(key, i, "cell"), "columnheader", header);
    entries[std::size_t(cell)].col_index = i + 1;
    const ImGuiID id = 0x7f000000u + ImGuiID(++text_serial);
    Entry e;
    e.id = id;
    e.role = "text";
    e.name = columns[std::size_t(i)];
    e.rect = vis;
    e.parent = cell;
    by_id[id] = int(entries.size());
    entries.push_back(std::move(e));
  }
  manual.active = true;
}

void a11y_column(int column) {
  if (!manual.active) return;
  manual.column = column;
  manual.cell_entry = -1;
}

void a11y_table_end() {
  manual = ManualScope{};
}

void a11y_menu(const std::string& name) {
  ImGuiWindow* w = GImGui->CurrentWindow;
  if (!w) return;
  menu_window = w;
  menu_hidden = w->Hidden;  // a popup's first frame lays out its items unseen
  menu_entry = container(ImHashStr("##a11y_menu", 0, w->ID), "menu", -1);
  entries[std::size_t(menu_entry)].name = name;
  const ImRect r = w->Rect();
  if (r.GetWidth() >= 2 && r.GetHeight() >= 2) set_rect(menu_entry, r);
}

void a11y_dismiss() {
  dismiss_requested = true;
}

void a11y_end_frame() {
  const float ratio = canvas_size().pixel_ratio;
  const int n = int(entries.size());
  // Children come after their container: from the back, each shown entry counts toward its
  // container and widens its rectangle; a container with nothing shown in it is left out.
  std::vector<int> shown_inside(std::size_t(n), 0);
  std::vector<char> shown(std::size_t(n), 0);
  for (int i = n - 1; i >= 0; --i) {
    const Entry& e = entries[std::size_t(i)];
    // An unnamed control helps nobody; an empty container neither.
    const bool ok = e.has_rect && (e.container ? shown_inside[std::size_t(i)] > 0
                                               : !e.name.empty() && !e.role.empty());
    shown[std::size_t(i)] = ok;
    if (!ok || e.parent < 0) continue;
    Entry& p = entries[std::size_t(e.parent)];
    ++shown_inside[std::size_t(e.parent)];
    if (!p.has_rect) p.rect = e.rect;
    p.rect.Add(e.rect);
    p.has_rect = true;
  }
  // Most frames draw what the last one did: a hash of what would be sent decides whether the
  // list is written at all.
  ImGuiID hash = 0;
  std::vector<int> out_index(std::size_t(n), -1);
  int count = 0;
  for (int i = 0; i < n; ++i) {
    if (!shown[std::size_t(i)]) continue;
    Entry& e = entries[std::size_t(i)];
    if (e.fill_row && e.parent >= 0) {  // every cell of a row spans the row's height
      e.rect.Min.y = entries[std::size_t(e.parent)].rect.Min.y;
      e.rect.Max.y = entries[std::size_t(e.parent)].rect.Max.y;
    }
    const int parent = e.parent >= 0 ? out_index[std::size_t(e.parent)] : -1;
    const int sort = e.sort ? int(e.sort[0]) : 0;
    const int numbers[] = {int(e.id),   parent,       e.checked,   e.expanded,
                           e.disabled,  e.opens_menu, e.row_index, e.row_count,
                           e.col_index, e.col_count,  sort};
    hash = ImHashData(numbers, sizeof numbers, hash);
    hash = ImHashData(&e.rect, sizeof e.rect, hash);
    hash = ImHashStr(e.role.c_str(), e.role.size(), hash);
    hash = ImHashStr(e.name.c_str(), e.name.size(), hash);
    out_index[std::size_t(i)] = count++;
  }
  hash = ImHashData(&ratio, sizeof ratio, hash);
  if (!published.empty() && hash == published_hash) return;
  published_hash = hash;
  // The list as JSON, written directly (nlohmann's objects cost ~0.4 ms a frame for a few
  // hundred entries); positions in CSS pixels to 1/100.
  std::string s = "[";
  auto number = [&](const char* key, double v) {
    s += ",\"";
    s += key;
    s += "\":";
    put_number(s, v);
  };
  for (int i = 0; i < n; ++i) {
    if (!shown[std::size_t(i)]) continue;
    const Entry& e = entries[std::size_t(i)];
    const Entry* parent = e.parent >= 0 ? &entries[std::size_t(e.parent)] : nullptr;
    const bool menuitem = parent && parent->role == "menu" && e.role == "button";
    s += out_index[std::size_t(i)] ? ",{\"k\":" : "{\"k\":";
    put_number(s, double(e.id));
    s += ",\"r\":";
    put_string(s, menuitem ? "menuitem" : e.role.c_str());
    number("x", e.rect.Min.x / ratio);
    number("y", e.rect.Min.y / ratio);
    number("w", e.rect.GetWidth() / ratio);
    number("h", e.rect.GetHeight() / ratio);
    if (!e.name.empty()) {
      s += ",\"n\":";
      put_string(s, e.name);
    }
    if (parent) number("p", out_index[std::size_t(e.parent)]);
    if (e.checked >= 0) s += e.checked == 1 ? ",\"c\":true" : ",\"c\":false";
    if (e.expanded >= 0) s += e.expanded == 1 ? ",\"e\":true" : ",\"e\":false";
    if (e.disabled) s += ",\"d\":true";
    if (e.opens_menu) s += ",\"m\":true";
    if (e.row_index >= 0) number("ri", e.row_index);
    if (e.row_count >= 0) number("rc", e.row_count);
    if (e.col_index >= 0) number("ci", e.col_index);
    if (e.col_count >= 0) number("cc", e.col_count);
    if (e.sort) {
      s += ",\"s\":";
      put_string(s, e.sort);
    }
    s += "}";
  }
  s += "]";
  if (s == published) return;
  published = std::move(s);
  published_count = count;
  a11y_publish(published);
}

int a11y_count() { return published_count; }
std::string a11y_json() { return published.empty() ? "[]" : published; }

}  // namespace shipboard::client

// [SECTION] Dear ImGui's item hooks ----------------------------------------------------------------
using shipboard::client::Entry;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb,
                                 const ImGuiLastItemData* item_data) {
  namespace a = shipboard::client;
  ImGuiTable* t = ctx->CurrentTable;
  if (t && (t->RowFlags & ImGuiTableRowFlags_Headers) && t->IsInsideRow && t->CurrentColumn >= 0 &&
      ctx->CurrentWindow == t->InnerWindow && a::scope_of(t)) {
    a::header_item(ctx, t, id, bb);  // TableHeader (it reports no ItemInfo)
    return;
  }
  if (!item_data || !a::hint.set) return;  // only hinted widgets are taken here (combos...)
  Entry* e = a::add(ctx, id, item_data->Rect.GetWidth() > 0 ? item_data->Rect : bb);
  if (e) {
    e->role = a::hint.role;
    e->name = a::hint.name;
    e->opens_menu = a::hint.opens_menu;
    if (e->role == "combobox") {  // BeginCombo's popup id (imgui_widgets.cpp)
      e->expanded = ImGui::IsPopupOpen(ImHashStr("##ComboPopup", 0, id), ImGuiPopupFlags_None) ? 1 : 0;
    }
  }
  a::hint.set = false;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags flags) {
  namespace a = shipboard::client;
  if (ctx->LastItemData.ID != id || ImGui::FindWindowByID(id)) return;
  Entry* e = a::add(ctx, id, ctx->LastItemData.Rect);
  if (!e) return;
  if (e->role.empty()) {
    e->role = (flags & ImGuiItemStatusFlags_Inputable)   ? "textbox"
              : (flags & ImGuiItemStatusFlags_Checkable) ? "checkbox"
                                                          : "button";
  }
  if (e->name.empty()) e->name = a::visible_label(label);
  if (flags & ImGuiItemStatusFlags_Checkable) e->checked = (flags & ImGuiItemStatusFlags_Checked) ? 1 : 0;
  if (flags & ImGuiItemStatusFlags_Openable) e->expanded = (flags & ImGuiItemStatusFlags_Opened) ? 1 : 0;
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

// Small widgets several views share: the status badge, the commitment label, the customer
// answer with its Copy button and stale mark (each also in the accessibility mirror), the
// customer chooser a Copy opens (a menu in the mirror), and the test marks (where a widget is
// on the page, for window.shipboard.state(), so browser tests click real widgets).
#include <algorithm>
#include <cstring>
#include <map>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ui/a11y.hpp"
#include "imgui_internal.h"  // ImTextCharFromUtf8
#include "misc/cpp/imgui_stdlib.h"
#include "platform/platform.hpp"
#include "shipboard/search_text.hpp"
#include "shipboard/utf8.hpp"
#include "views/views.hpp"

namespace shipboard::client {
namespace {

std::map<std::string, ImVec4> marks;  // name -> x, y, w, h in device pixels

ImVec4 status_colour(ItemStatus s) {
  switch (s) {
    case ItemStatus::under_review: return ImVec4(0.40f, 0.42f, 0.48f, 1.0f);
    case ItemStatus::planned: return ImVec4(0.25f, 0.45f, 0.75f, 1.0f);
    case ItemStatus::in_progress: return ImVec4(0.60f, 0.45f, 0.15f, 1.0f);
    case ItemStatus::beta: return ImVec4(0.50f, 0.30f, 0.70f, 1.0f);
    case ItemStatus::shipped: return ImVec4(0.20f, 0.55f, 0.30f, 1.0f);
    case ItemStatus::declined: return ImVec4(0.55f, 0.25f, 0.25f, 1.0f);
  }
  return ImVec4(0.4f, 0.4f, 0.4f, 1.0f);
}

}  // namespace

void status_badge(ItemStatus status) {
  const char* label = tr(status);
  const ImVec2 pad(ImGui::GetFontSize() * 0.4f, ImGui::GetFontSize() * 0.1f);
  const ImVec2 text = ImGui::CalcTextSize(label);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size(text.x + pad.x * 2, text.y + pad.y * 2);
  ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y),
                                            ImGui::GetColorU32(status_colour(status)),
                                            size.y * 0.5f);
  ImGui::GetWindowDrawList()->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y),
                                      IM_COL32(255, 255, 255, 255), label);
  ImGui::Dummy(size);
  a11y_text(label);
}

ImVec4 commitment_colour(Commitment c) {
  switch (c) {
    case Commitment::committed: return ImVec4(0.45f, 0.85f, 0.50f, 1.0f);
    case Commitment::tentative: return ImVec4(0.95f, 0.75f, 0.35f, 1.0f);
    case Commitment::none: break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
}

void commitment_label(Commitment c) {
  ImGui::TextColored(commitment_colour(c), "%s", tr(c));
  a11y_text(tr(c));
}

// Column widths that fit the widest value in the UI's language ("Under review" is three times
// "評估中"), and the header (with room for a sort arrow).
float status_column_width(Text header) {
  const float em = ImGui::GetFontSize();
  float w = ImGui::CalcTextSize(tr(header)).x + em;
  for (ItemStatus s : kAllItemStatuses) {
    w = std::max(w, ImGui::CalcTextSize(tr(s)).x + em * 0.8f);  // status_badge's padding
  }
  return w;
}

float commitment_column_width(Text header) {
  float w = ImGui::CalcTextSize(tr(header)).x + ImGui::GetFontSize();
  for (Commitment c : kAllCommitments) {
    w = std::max(w, ImGui::CalcTextSize(tr(c)).x);
  }
  return w;
}

void answer_with_copy(AppState& app, const Item& item, bool wrap) {
  if (item.customer_answer.empty()) {
    ImGui::TextDisabled("%s", tr(Text::none_value));
    a11y_text(tr(Text::none_value));
    return;
  }
  const bool just_copied = app.items.copied_item == item.id && now_ms() < app.animate_until_ms;
  ImGui::PushID(static_cast<int>(item.id));
  // One id whether it says Copy or Copied (the mirror keeps its element, and focus on it), and
  // a name that says whose answer it copies.
  a11y_next("button", tr_with(Text::copy_answer_for, item.title), true);
  const std::string label =
      std::string(just_copied ? tr(Text::copied) : tr(Text::copy)) + "###copy";
  if (ImGui::SmallButton(label.c_str())) copy_open(app, item.id);
  ImGui::PopID();
  test_mark("copy:" + std::to_string(item.id));
  ImGui::SameLine();
  if (item.answer_stale) {
    ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.35f, 1.0f), "%s", tr(Text::answer_stale));
    a11y_text(tr(Text::answer_stale));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Text::stale_hint));
    ImGui::SameLine(0, 0);
  }
  if (wrap) {
    wrapped_text(item.customer_answer);
  } else {
    ImGui::TextUnformatted(item.customer_answer.c_str());
  }
  a11y_text(item.customer_answer);
}

void draw_copy_dialog(AppState& app) {
  CopyDialog& c = app.copy;
  if (c.open_requested) {
    ImGui::OpenPopup("##copy_for");
    c.open_requested = false;
  }
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 18, 0),
                                      ImVec2(ImGui::GetFontSize() * 30, ImGui::GetFontSize() * 28));
  if (!ImGui::BeginPopup("##copy_for")) return;
  a11y_menu(tr(Text::copy_for));  // the customers are its menuitems
  ImGui::TextUnformatted(tr(Text::copy_for));
  ImGui::Separator();
  if (c.customers_state == LoadState::loading) ImGui::TextDisabled("%s", tr(Text::loading));
  for (const Customer& cu : c.customers) {
    ImGui::PushID(static_cast<int>(cu.id));
    if (ImGui::Selectable(cu.name.c_str())) {
      copy_answer(app, cu.id);
      ImGui::CloseCurrentPopup();
    }
    test_mark("customer:" + std::to_string(cu.id));
    ImGui::PopID();
  }
  ImGui::Separator();
  if (ImGui::Selectable(tr(Text::copy_no_record))) {
    copy_answer(app, 0);
    ImGui::CloseCurrentPopup();
  }
  test_mark("customer:0");
  ImGui::EndPopup();
}

// [SECTION] Item lists and text blocks --------------------------------------------------------
void item_link(AppState& app, Id id) {
  const Item* it = app_find_item(app, id);
  const std::string label = it ? it->title : "#" + std::to_string(id);
  ImGui::PushID(static_cast<int>(id));
  if (ImGui::SmallButton(label.c_str())) app_navigate(app, Route{View::item, id});
  ImGui::PopID();
}

void item_list(AppState& app, const char* id, const std::string& name,
               const std::vector<const Item*>& items) {
  const float em = ImGui::GetFontSize();
  const bool money = app_can(app, int(Action::see_internal));
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_ScrollX;
  const float h = (ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2) *
                  float(items.size() + 1) + em * 0.5f;
  if (!ImGui::BeginTable(id, money ? 4 : 3, flags, ImVec2(0, h))) return;
  a11y_table(name);
  ImGui::TableSetupColumn(tr(Text::col_status), 0, status_column_width(Text::col_status));
  ImGui::TableSetupColumn(tr(Text::col_title), 0,
                          std::max(em * 14, ImGui::GetContentRegionAvail().x - em * (money ? 22 : 14)));
  ImGui::TableSetupColumn(tr(Text::col_eta), 0, em * 6);
  if (money) ImGui::TableSetupColumn(tr(Text::col_value), 0, em * 8);
  ImGui::TableHeadersRow();
  for (const Item* it : items) {
    ImGui::PushID(int(it->id));
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    status_badge(it->status);
    ImGui::TableSetColumnIndex(1);
    if (ImGui::Selectable(it->title.c_str())) app_navigate(app, Route{View::item, it->id});
    ImGui::TableSetColumnIndex(2);
    const char* eta = it->eta ? it->eta->text.c_str() : tr(Text::none_value);
    ImGui::TextColored(commitment_colour(it->commitment), "%s", eta);
    a11y_text(eta);
    if (money) {
      ImGui::TableSetColumnIndex(3);
      const std::string value = format_money(it->value_at_stake);
      ImGui::TextUnformatted(value.c_str());
      a11y_text(value);
    }
    ImGui::PopID();
  }
  ImGui::EndTable();
}

void status_message(const std::string& text, bool error) {
  ImGui::TextColored(error ? ImVec4(0.95f, 0.45f, 0.4f, 1) : ImVec4(0.45f, 0.8f, 0.5f, 1), "%s",
                     text.c_str());
  a11y_text(text);
}

void text_block(const std::string& text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    wrapped_text(line.empty() ? std::string_view(" ") : std::string_view(line));
    a11y_text(line);
    start = end + 1;
  }
}

namespace {

bool is_space(std::uint32_t c) { return c == ' ' || c == '\t' || c == 0x3000; }
// CJK text and its full-width punctuation: a line may break between any two of these.
bool breaks_around(std::uint32_t c) {
  return is_cjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}
// Never at the start of a line (closing punctuation) / never at the end (opening punctuation).
bool no_break_before(std::uint32_t c) {
  static constexpr std::u32string_view kClosing = U"，。、．：；！？）」』〉》】〕”’,.;:!?)]}%";
  return kClosing.find(char32_t(c)) != std::u32string_view::npos;
}
bool no_break_after(std::uint32_t c) {
  static constexpr std::u32string_view kOpening = U"（「『〈《【〔“‘([{";
  return kOpening.find(char32_t(c)) != std::u32string_view::npos;
}

}  // namespace

const char* wrap_position(ImFont* font, float size, const char* s, const char* end, float width) {
  ImFontBaked* baked = font->GetFontBaked(size);
  const float scale = size / baked->Size;
  float line = 0;
  const char* last_break = nullptr;  // where the line may end, the latest that fits
  std::uint32_t prev = 0;
  for (const char* p = s; p < end;) {
    unsigned int c = 0;
    const char* next = p + std::max(1, ImTextCharFromUtf8(&c, p, end));
    if (c == '\n') return p;
    if (p != s && !is_space(c)) {
      const bool opportunity = is_space(prev) || ((breaks_around(prev) || breaks_around(c)) &&
                                                  !no_break_before(c) && !no_break_after(prev));
      if (opportunity) last_break = p;
    }
    line += baked->GetCharAdvance(ImWchar(c)) * scale;
    if (line > width && p != s) {
      if (is_space(c)) return p;  // the spaces are skipped by the caller
      return last_break ? last_break : p;
    }
    prev = c;
    p = next;
  }
  return end;
}

namespace {

// Calls line(begin, end) for each line of `text` wrapped to `width` at the current font.
template <typename Line>
void each_wrapped_line(std::string_view text, float width, Line line) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const char* s = text.data();
  const char* end = text.data() + text.size();
  while (s < end) {
    const char* line_end = wrap_position(font, size, s, end, width);
    if (line_end <= s) {  // not even one character fits: take one code point anyway
      unsigned int c = 0;
      line_end = s + std::max(1, ImTextCharFromUtf8(&c, s, end));
    }
    if (const void* nl = std::memchr(s, '\n', std::size_t(line_end - s))) line_end = static_cast<const char*>(nl);
    line(s, line_end);
    s = line_end;
    if (s < end && *s == '\n') ++s;
    else while (s < end && *s == ' ') ++s;  // a wrapped line does not start with a space
  }
}

}  // namespace

float wrapped_text_height(std::string_view text, float width) {
  int lines = 0;
  each_wrapped_line(text, std::max(ImGui::GetFontSize(), width), [&](const char*, const char*) { ++lines; });
  lines = std::max(lines, 1);
  const float size = ImGui::GetFontSize();
  return size * float(lines) + size * (kTextLeading - 1.0f) * float(lines - 1);
}

void wrapped_text(std::string_view text, const ImVec4* colour) {
  const float size = ImGui::GetFontSize();
  const float width = std::max(size, ImGui::GetContentRegionAvail().x);
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::BeginGroup();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(style.ItemSpacing.x, size * (kTextLeading - 1.0f)));
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
  if (text.empty()) ImGui::TextUnformatted("");
  each_wrapped_line(text, width, [](const char* b, const char* e) { ImGui::TextUnformatted(b, e); });
  if (colour) ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ImGui::EndGroup();
}

// [SECTION] Money, short text and flow layout ------------------------------------------------
std::string text_prefix(const std::string& text, std::size_t max_bytes) {
  return text.size() <= max_bytes ? text : utf8_prefix(text, max_bytes) + "…";
}

std::string short_time(const std::string& iso) {
  std::string when = iso.substr(0, 16);
  if (when.size() > 10 && when[10] == 'T') when[10] = ' ';
  return when;
}

std::string format_money(const Money& m) {
  std::string digits = std::to_string((m.amount < 0 ? -m.amount : m.amount) / 100);
  for (int i = int(digits.size()) - 3; i > 0; i -= 3) digits.insert(std::size_t(i), ",");
  return m.currency + " " + (m.amount < 0 ? "-" : "") + digits;
}

namespace {
float flow_right = 0;
bool flow_first = true;
}  // namespace

void flow_begin() {
  flow_right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  flow_first = true;
}

void flow_next(float width) {
  if (!flow_first &&
      ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= flow_right) {
    ImGui::SameLine();
  }
  flow_first = false;
}

bool flow_button(const char* label) {
  flow_next(ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2);
  return ImGui::Button(label);
}

bool flow_input(const char* id, Text hint, std::string* text, std::size_t max_chars, float width_ems,
                ImGuiInputTextFlags flags) {
  const float width = ImGui::GetFontSize() * width_ems;
  flow_next(width);
  ImGui::SetNextItemWidth(width);
  a11y_next("textbox", tr(hint));
  return input_text_hint(id, tr(hint), text, max_chars, flags);
}

// [SECTION] Text fields ----------------------------------------------------------------------
namespace {
// ImGuiInputTextFlags_CallbackEdit: an edit that takes the text past the limit (in code points,
// as the core counts) loses what is beyond it, at a whole UTF-8 character (a paste of 30,000
// characters keeps the first 20,000).
int hold_to_limit(ImGuiInputTextCallbackData* d) {
  const std::size_t max = *static_cast<const std::size_t*>(d->UserData);
  if (d->EventFlag != ImGuiInputTextFlags_CallbackEdit || std::size_t(d->BufTextLen) <= max) return 0;
  std::size_t chars = 0;
  for (int i = 0; i < d->BufTextLen; ++i) {
    if ((static_cast<unsigned char>(d->Buf[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (++chars > max) {
      d->DeleteChars(i, d->BufTextLen - i);
      break;
    }
  }
  return 0;
}
}  // namespace

bool input_text(const char* id, std::string* text, std::size_t max_chars, ImGuiInputTextFlags flags) {
  return ImGui::InputText(id, text, flags | ImGuiInputTextFlags_CallbackEdit, hold_to_limit, &max_chars);
}

bool input_text_hint(const char* id, const char* hint, std::string* text, std::size_t max_chars,
                     ImGuiInputTextFlags flags) {
  return ImGui::InputTextWithHint(id, hint, text, flags | ImGuiInputTextFlags_CallbackEdit, hold_to_limit,
                                  &max_chars);
}

bool input_text_multiline(const char* id, std::string* text, std::size_t max_chars, const ImVec2& size,
                          ImGuiInputTextFlags flags) {
  return ImGui::InputTextMultiline(id, text, size, flags | ImGuiInputTextFlags_CallbackEdit, hold_to_limit,
                                   &max_chars);
}

// [SECTION] Test marks ---------------------------------------------------------------------
void test_mark(const std::string& name) {
  if (!ImGui::IsItemVisible()) return;  // scrolled out or clipped: not clickable
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();
  marks[name] = ImVec4(a.x, a.y, b.x - a.x, b.y - a.y);
}

void test_marks_clear() { marks.clear(); }

std::string test_marks_json() {
  const float ratio = canvas_size().pixel_ratio;
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, r] : marks) {
    j[name] = {{"x", r.x / ratio}, {"y", r.y / ratio}, {"w", r.z / ratio}, {"h", r.w / ratio}};
  }
  return j.dump();
}

}  // namespace shipboard::client

// Type-ahead across Tab: Dear ImGui moves the focus to the next field over two frames (the
// tabbing request is scored while the next frame's items are submitted, and the winner is
// activated in that frame), and characters that arrive in between are dropped: the field being
// left still holds the keyboard but no longer takes text. A user who typed the password right
// after Tab lost its first letters. Here the text events that reach the input queue in that gap
// are taken out and put back, in order and ahead of anything typed later, once another text
// field is active (or, when the Tab landed on no text field, a few frames later).

#include "app.hpp"
#include "imgui.h"
#include "imgui_internal.h"

namespace shipboard::client {
namespace {

constexpr int kHoldFrames = 4;  // a Tab that lands on no text field lets go after this

ImGuiID active_text_field() {
  const ImGuiContext& g = *GImGui;
  return g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID ? g.ActiveId : 0;
}

void put_back(std::u32string& held) {
  ImGuiContext& g = *GImGui;
  ImVector<ImGuiInputEvent>& queue = g.InputEventsQueue;
  // Ahead of the first character still queued (typed later), else at the end.
  int at = 0;
  while (at < queue.Size && queue[at].Type != ImGuiInputEventType_Text) ++at;
  for (const char32_t c : held) {
    ImGuiInputEvent e;
    e.Type = ImGuiInputEventType_Text;
    e.Source = ImGuiInputSource_Keyboard;
    e.EventId = g.InputEventsNextEventId++;
    e.Text.Char = static_cast<unsigned int>(c);
    queue.insert(queue.Data + at, e);
    ++at;
  }
  held.clear();
}

}  // namespace

void type_ahead_before_frame(AppState& app) {
  TypeAhead& t = app.type_ahead;
  if (t.frames_left == 0) return;
  const ImGuiID now_active = active_text_field();
  if ((now_active != 0 && now_active != t.from_field) || --t.frames_left == 0) {
    put_back(t.held);  // to the field that has the focus now (or, without one, dropped as before)
    t.frames_left = 0;
    return;
  }
  ImVector<ImGuiInputEvent>& queue = GImGui->InputEventsQueue;
  for (int i = 0; i < queue.Size;) {
    if (queue[i].Type == ImGuiInputEventType_Text) {
      t.held.push_back(static_cast<char32_t>(queue[i].Text.Char));
      queue.erase(queue.Data + i);
    } else {
      ++i;
    }
  }
  wake();  // keep frames coming until the focus lands
}

void type_ahead_after_frame(AppState& app) {
  const ImGuiKeyData* tab = ImGui::GetKeyData(ImGuiKey_Tab);
  const ImGuiID field = active_text_field();
  // Tab (or Shift+Tab) went down this frame while a text field had the keyboard.
  if (field != 0 && tab->Down && tab->DownDuration == 0.0f) {
    app.type_ahead.from_field = field;
    app.type_ahead.frames_left = kHoldFrames;
    wake();
  }
}

}  // namespace shipboard::client

// Type-ahead across Tab: Dear ImGui moves the focus to the next field over two frames (the
// tabbing request is scored while the next frame's items are submitted, and the winner is
// activated in that frame), and characters that arrive in between are dropped: the field being
// left still holds the keyboard but no longer takes text. A user who typed the password right
// after Tab lost its first letters. Here, from the first character that reaches the input queue
// in that gap, every event (keys, characters, mouse) is taken out and put back in the order it
// came once another text field is active (or, when the Tab landed on no text field, a few
// frames later). Keeping the keys with the characters matters: on a loaded machine the whole
// password and the Enter after it can arrive in one frame, and an Enter handed over ahead of
// the characters submitted an empty password field (seen in CI).

#include <cstring>
#include <type_traits>

#include "state/app_state.hpp"
#include "imgui.h"
#include "imgui_internal.h"

namespace shipboard::client {
namespace {

constexpr int kHoldFrames = 4;  // a Tab that lands on no text field lets go after this
static_assert(std::is_trivially_copyable_v<ImGuiInputEvent>);

ImGuiID active_text_field() {
  const ImGuiContext& g = *GImGui;
  return g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID ? g.ActiveId : 0;
}

// Moves queue[from..] to the end of `held`.
void take(std::vector<unsigned char>& held, int from) {
  ImVector<ImGuiInputEvent>& queue = GImGui->InputEventsQueue;
  if (from >= queue.Size) return;
  const std::size_t bytes = std::size_t(queue.Size - from) * sizeof(ImGuiInputEvent);
  const std::size_t at = held.size();
  held.resize(at + bytes);
  std::memcpy(held.data() + at, queue.Data + from, bytes);
  queue.resize(from);
}

// Where holding starts in the queue: the first event that came after the held ones (events
// are numbered as they arrive), or, with nothing held yet, the first character.
int first_after(const std::vector<unsigned char>& held) {
  const ImVector<ImGuiInputEvent>& queue = GImGui->InputEventsQueue;
  int i = 0;
  if (held.empty()) {
    while (i < queue.Size && queue[i].Type != ImGuiInputEventType_Text) ++i;
    return i;
  }
  ImGuiInputEvent last;
  std::memcpy(&last, held.data() + held.size() - sizeof last, sizeof last);
  while (i < queue.Size && queue[i].EventId <= last.EventId) ++i;
  return i;
}

// The queue holds events that came before the held ones (they waited behind Dear ImGui's
// one-change-per-frame trickling) and events that came after: the held go in between.
void put_back(std::vector<unsigned char>& held) {
  if (held.empty()) return;
  ImVector<ImGuiInputEvent>& queue = GImGui->InputEventsQueue;
  const int at = first_after(held);
  const int n = int(held.size() / sizeof(ImGuiInputEvent));
  const int tail = queue.Size - at;
  queue.resize(queue.Size + n);
  std::memmove(queue.Data + at + n, queue.Data + at, std::size_t(tail) * sizeof(ImGuiInputEvent));
  std::memcpy(queue.Data + at, held.data(), held.size());
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
  // From the first character on (what came before it, the Tab's key-up..., goes on); once
  // holding, everything new waits behind what is held.
  take(t.held, first_after(t.held));
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

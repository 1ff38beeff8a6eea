// Browser implementation of platform.hpp: EM_JS shims over fetch, navigator.clipboard and
// the shell's window.shipboardPlatform (web/platform.js). em++ 3.1.6's GLFW emulation has
// empty clipboard functions and ignores devicePixelRatio; this file and platform.js cover both.
#include "platform.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>
#include <map>
#include <utility>

#include "canvas_font.hpp"
#include "imgui.h"

// [SECTION] JavaScript shims -------------------------------------------------------------
// clang-format off
EM_JS(void, sb_fetch, (int id, const char* method, const char* path, const char* body,
                       const char* csrf), {
  const init = { method: UTF8ToString(method), credentials: 'same-origin',
                 headers: { 'Accept': 'application/json' } };
  const b = UTF8ToString(body);
  if (b.length > 0) { init.body = b; init.headers['Content-Type'] = 'application/json'; }
  const c = UTF8ToString(csrf);
  if (c.length > 0) init.headers['X-CSRF-Token'] = c;
  const deliver = (status, text) => {
    const len = lengthBytesUTF8(text) + 1;
    const p = _malloc(len);
    stringToUTF8(text, p, len);
    _shipboard_http_done(id, status, p);
    _free(p);
  };
  fetch(UTF8ToString(path), init)
    .then(r => r.text().then(t => deliver(r.status, t)))
    .catch(e => deliver(0, String(e)));
});

EM_JS(char*, sb_preferred_language, (), {
  const p = window.shipboardPlatform;
  const lang = p ? p.preferredLanguage() : 'en';
  const len = lengthBytesUTF8(lang) + 1;
  const ptr = _malloc(len);
  stringToUTF8(lang, ptr, len);
  return ptr;
});

EM_JS(void, sb_set_page_language, (const char* lang), {
  document.documentElement.lang = UTF8ToString(lang);
});

EM_JS(void, sb_canvas_size, (int* w, int* h, float* ratio), {
  const p = window.shipboardPlatform;
  const s = p ? p.canvasPixelSize() : { width: 1280, height: 720, ratio: 1 };
  HEAP32[w >> 2] = s.width;
  HEAP32[h >> 2] = s.height;
  HEAPF32[ratio >> 2] = s.ratio;
});

// Sets the canvas' pixel size and tells em++'s GLFW about it. glfwSetWindowSize is avoided on
// purpose: in 3.1.6 it requests fullscreen whenever the size equals the screen's.
EM_JS(void, sb_resize_canvas, (int w, int h), {
  const canvas = Module['canvas'];
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  if (typeof GLFW !== 'undefined' && GLFW.active) {
    GLFW.active.width = w;
    GLFW.active.height = h;
  }
});

EM_JS(void, sb_clipboard_write, (const char* text), {
  const t = UTF8ToString(text);
  if (window.shipboardPlatform) window.shipboardPlatform.copyText(t);
});

EM_JS(char*, sb_take_paste, (), {
  const p = window.shipboardPlatform;
  const t = p ? p.takePastedText() : null;
  if (t === null || t === undefined) return 0;
  const len = lengthBytesUTF8(t) + 1;
  const ptr = _malloc(len);
  stringToUTF8(t, ptr, len);
  return ptr;
});

EM_JS(void, sb_app_ready, (double first_frame_ms), {
  if (window.shipboardPlatform) window.shipboardPlatform.appReady(first_frame_ms);
});

EM_JS(void, sb_first_data_frame, (int count, int glyphs, double glyph_ms), {
  if (window.shipboardPlatform) window.shipboardPlatform.firstDataFrame(count, glyphs, glyph_ms);
});

EM_JS(double, sb_now_ms, (), { return performance.now(); });
// clang-format on

// [SECTION] HTTP -------------------------------------------------------------------------
namespace {
std::map<int, shipboard::client::HttpCallback>& pending() {
  static std::map<int, shipboard::client::HttpCallback> calls;
  return calls;
}
int next_request_id = 1;
std::string clipboard_text;
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_http_done(int id, int status, const char* body) {
  auto it = pending().find(id);
  if (it == pending().end()) return;
  auto callback = std::move(it->second);
  pending().erase(it);
  callback(shipboard::client::HttpResponse{status, body ? body : ""});
}

namespace shipboard::client {

void http_request(std::string_view method, std::string_view path, std::string_view body,
                  std::string_view csrf_token, HttpCallback callback) {
  const int id = next_request_id++;
  pending().emplace(id, std::move(callback));
  sb_fetch(id, std::string(method).c_str(), std::string(path).c_str(),
           std::string(body).c_str(), std::string(csrf_token).c_str());
}

// [SECTION] Page, canvas, clipboard -------------------------------------------------------
std::string preferred_language() {
  char* p = sb_preferred_language();
  std::string lang = p ? p : "en";
  std::free(p);
  return lang;
}

void set_page_language(std::string_view lang) { sb_set_page_language(std::string(lang).c_str()); }

CanvasSize canvas_size() {
  CanvasSize s;
  sb_canvas_size(&s.width, &s.height, &s.pixel_ratio);
  return s;
}

void resize_canvas(int width, int height) { sb_resize_canvas(width, height); }

void clipboard_set(std::string_view text) {
  clipboard_text.assign(text);
  sb_clipboard_write(clipboard_text.c_str());
}

const char* clipboard_get() { return clipboard_text.c_str(); }

void shell_app_ready(double first_frame_ms) { sb_app_ready(first_frame_ms); }
void shell_first_data_frame(int item_count) {
  const CanvasFontStats fonts = canvas_font_stats();
  sb_first_data_frame(item_count, fonts.glyphs, fonts.milliseconds);
}
double now_ms() { return sb_now_ms(); }

// Text pasted into the page (a `paste` event caught by platform.js) goes to Dear ImGui as typed
// characters, and becomes what Ctrl+V inside ImGui pastes next.
void poll_paste() {
  char* p = sb_take_paste();
  if (!p) return;
  clipboard_text = p;
  ImGui::GetIO().AddInputCharactersUTF8(p);
  std::free(p);
}

// The wheel, as imgui_impl_glfw's own Emscripten handler does it: em++'s GLFW quantises
// wheel deltas so small trackpad scrolls are lost (Dear ImGui issue #6096), and the backend
// ignores GLFW's scroll callback on Emscripten.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* ev, void*) {
  float step = 0.0f;
  if (ev->deltaMode == DOM_DELTA_PIXEL) step = 1.0f / 100.0f;
  else if (ev->deltaMode == DOM_DELTA_LINE) step = 1.0f / 3.0f;
  else if (ev->deltaMode == DOM_DELTA_PAGE) step = 80.0f;
  ImGui::GetIO().AddMouseWheelEvent(float(ev->deltaX) * -step, float(ev->deltaY) * -step);
  return EM_TRUE;
}

void platform_init() {
  emscripten_set_wheel_callback("#canvas", nullptr, false, on_wheel);
  ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
  pio.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) { clipboard_set(text); };
  pio.Platform_GetClipboardTextFn = [](ImGuiContext*) { return clipboard_get(); };
}

}  // namespace shipboard::client

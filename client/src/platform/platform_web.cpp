// Browser implementation of platform.hpp: EM_JS shims over fetch, navigator.clipboard and
// the shell's window.shipboardPlatform (web/platform.js). em++ 3.1.6's GLFW emulation has
// empty clipboard functions and ignores devicePixelRatio; this file and platform.js cover both.
#include "platform/platform.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <utility>

#include "imgui.h"
#include "platform/canvas_font.hpp"
#include "shipboard/model.hpp"
#include "ui/a11y.hpp"

// [SECTION] JavaScript shims -------------------------------------------------------------
// clang-format off
EM_JS(void, sb_fetch, (int id, const char* method, const char* path, const char* body,
                       const char* csrf, const char* if_match), {
  const init = { method: UTF8ToString(method), credentials: 'same-origin',
                 headers: { 'Accept': 'application/json' } };
  const b = UTF8ToString(body);
  if (b.length > 0) { init.body = b; init.headers['Content-Type'] = 'application/json'; }
  const c = UTF8ToString(csrf);
  if (c.length > 0) init.headers['X-CSRF-Token'] = c;
  const m = UTF8ToString(if_match);
  if (m.length > 0) init.headers['If-Match'] = m;
  const deliver = (status, text) => {
    const len = lengthBytesUTF8(text) + 1;
    const p = _malloc(len);
    stringToUTF8(text, p, len);
    _shipboard_http_done(id, status, p);
    _free(p);
  };
  // platform.js sent the first GETs while the wasm compiled: take such an answer if it matches.
  const p = window.shipboardPlatform;
  const early = p && p.takeEarlyResponse ? p.takeEarlyResponse(init.method, UTF8ToString(path))
                                          : null;  // (a write drops them all)
  (early || fetch(UTF8ToString(path), init).then(r => r.text().then(t => ({ status: r.status, text: t }))))
    .then(r => deliver(r.status, r.text))
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

EM_JS(char*, sb_location_hash, (), {
  const t = location.hash || '';
  const len = lengthBytesUTF8(t) + 1;
  const ptr = _malloc(len);
  stringToUTF8(t, ptr, len);
  return ptr;
});

EM_JS(void, sb_set_location_hash, (const char* hash), {
  const h = UTF8ToString(hash);
  if (location.hash !== h) location.hash = h;
});

EM_JS(void, sb_set_title, (const char* title), { document.title = UTF8ToString(title); });

EM_JS(void, sb_navigate_page, (const char* path), { window.location.assign(UTF8ToString(path)); });

EM_JS(void, sb_live_connect, (int on, const char* types), {
  const p = window.shipboardPlatform;
  if (p) { if (on) p.liveConnect(UTF8ToString(types)); else p.liveDisconnect(); }
});

EM_JS(void, sb_ime_sync, (int want, float x, float y, float h), {
  const p = window.shipboardPlatform;
  if (p) p.imeSync(want !== 0, x, y, h);
});

EM_JS(int, sb_page_activity, (), {
  const p = window.shipboardPlatform;
  return p ? p.activity() : 0;
});

EM_JS(void, sb_clipboard_copy_now, (const char* text), {
  const p = window.shipboardPlatform;
  if (p) p.copyText(UTF8ToString(text));
});
EM_JS(char*, sb_page_origin, (), {
  const t = location.origin || '';
  const len = lengthBytesUTF8(t) + 1;
  const ptr = _malloc(len);
  stringToUTF8(t, ptr, len);
  return ptr;
});

EM_JS(char*, sb_storage_get, (const char* key), {
  let t = '';
  try { t = localStorage.getItem(UTF8ToString(key)) || ''; } catch (e) { t = ''; }
  const len = lengthBytesUTF8(t) + 1;
  const ptr = _malloc(len);
  stringToUTF8(t, ptr, len);
  return ptr;
});

EM_JS(void, sb_storage_set, (const char* key, const char* value), {
  try { localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) { }
});

EM_JS(void, sb_a11y_publish, (const char* json), {
  const p = window.shipboardPlatform;
  if (p && p.a11ySync) p.a11ySync(UTF8ToString(json));
});
// clang-format on

// [SECTION] HTTP -------------------------------------------------------------------------
namespace {
std::map<int, shipboard::client::HttpCallback>& pending() {
  static std::map<int, shipboard::client::HttpCallback> calls;
  return calls;
}
int next_request_id = 1;
std::string clipboard_text;
int wake_frames = 0;
shipboard::client::PlatformHooks hooks;
std::string state_buffer;  // what shipboard_state_json() last returned
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_http_done(int id, int status, const char* body) {
  auto it = pending().find(id);
  if (it == pending().end()) return;
  auto callback = std::move(it->second);
  pending().erase(it);
  callback(shipboard::client::HttpResponse{status, body ? body : ""});
  shipboard::client::wake();
}

// [SECTION] Calls from the page (platform.js) -------------------------------------------------
extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_hash_changed(const char* hash) {
  if (hooks.on_hash) hooks.on_hash(hash ? hash : "");
  shipboard::client::wake();
}
extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_live_event(const char* data) {
  if (hooks.on_live_event) hooks.on_live_event(data ? data : "");
  shipboard::client::wake();
}
extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_live_status(int online) {
  if (hooks.on_live_status) hooks.on_live_status(online != 0);
  shipboard::client::wake();
}
extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_focus_search() {
  if (hooks.on_focus_search) hooks.on_focus_search();
  shipboard::client::wake();
}
// Text an input method finished (compositionend) or the hidden textarea received (input).
extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_ime_text(const char* text) {
  if (text && *text) ImGui::GetIO().AddInputCharactersUTF8(text);
  shipboard::client::wake();
}
// The accessibility mirror activated a widget (click, Enter or Space on its DOM counterpart):
// a click at the widget's centre (device pixels): the mouse moves there, then presses and
// releases over the next frames (a11y_click).
extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_a11y_activate(float x, float y) {
  shipboard::client::a11y_click(x, y);
  shipboard::client::wake(5);
}
// Escape in a mirrored menu: the open popups close at the start of the next frame.
extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_a11y_dismiss() {
  shipboard::client::a11y_dismiss();
  shipboard::client::wake(4);
}
extern "C" EMSCRIPTEN_KEEPALIVE const char* shipboard_state_json() {
  state_buffer = hooks.state_json ? hooks.state_json() : std::string("{}");
  return state_buffer.c_str();
}

namespace shipboard::client {

void http_request(std::string_view method, std::string_view path, std::string_view body,
                  std::string_view csrf_token, HttpCallback callback) {
  http_request_if_match(method, path, body, csrf_token, "", std::move(callback));
}

void http_request_if_match(std::string_view method, std::string_view path, std::string_view body,
                           std::string_view csrf_token, std::string_view if_match,
                           HttpCallback callback) {
  const int id = next_request_id++;
  pending().emplace(id, std::move(callback));
  sb_fetch(id, std::string(method).c_str(), std::string(path).c_str(),
           std::string(body).c_str(), std::string(csrf_token).c_str(),
           std::string(if_match).c_str());
}

// [SECTION] Routing, title, live, IME, frames ------------------------------------------------
std::string location_hash() {
  char* p = sb_location_hash();
  std::string h = p ? p : "";
  std::free(p);
  return h;
}
void set_location_hash(std::string_view hash) { sb_set_location_hash(std::string(hash).c_str()); }
void set_document_title(std::string_view title) { sb_set_title(std::string(title).c_str()); }
void navigate_page(std::string_view path) { sb_navigate_page(std::string(path).c_str()); }
void live_connect() {
  // Every event type the server may send, from the core's one list.
  static const std::string types = event_type_names(false, ' ');
  sb_live_connect(1, types.c_str());
}
void live_disconnect() { sb_live_connect(0, ""); }
void ime_sync(bool want_text, float x, float y, float line_height) {
  sb_ime_sync(want_text ? 1 : 0, x, y, line_height);
}
void wake(int frames) { wake_frames = std::max(wake_frames, frames); }
int take_wake() {
  const int n = wake_frames;
  wake_frames = 0;
  return n;
}
int page_activity() { return sb_page_activity(); }
void clipboard_copy_now(std::string_view text) {
  clipboard_text.assign(text);
  sb_clipboard_copy_now(clipboard_text.c_str());
}
void set_platform_hooks(PlatformHooks h) { hooks = std::move(h); }

static std::string take_string(char* p) {
  std::string s = p ? p : "";
  std::free(p);
  return s;
}
std::string page_origin() { return take_string(sb_page_origin()); }
std::string storage_get(std::string_view key) {
  return take_string(sb_storage_get(std::string(key).c_str()));
}
void storage_set(std::string_view key, std::string_view value) {
  sb_storage_set(std::string(key).c_str(), std::string(value).c_str());
}
void a11y_publish(const std::string& json) { sb_a11y_publish(json.c_str()); }

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
  // Called by Dear ImGui when the text-input state or the caret moves: the page focuses its
  // hidden textarea there, so an input method composes at the caret (see platform.js).
  pio.Platform_SetImeDataFn = [](ImGuiContext*, ImGuiViewport*, ImGuiPlatformImeData* data) {
    ime_sync(data->WantTextInput || data->WantVisible, data->InputPos.x, data->InputPos.y,
             data->InputLineHeight);
  };
}

}  // namespace shipboard::client

// The client's window on the browser: HTTP (fetch with the session cookie), clipboard, the
// page's language, canvas size in device pixels, and the marks the shell and the e2e test
// watch. Implemented in platform_web.cpp with small EM_JS shims over web/platform.js; a
// native implementation (httplib) can stand in so client logic is testable without a browser.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace shipboard::client {

struct HttpResponse {
  int status = 0;  // 0: the request never got an answer (network error, aborted)
  std::string body;
};
using HttpCallback = std::function<void(HttpResponse)>;

// Sends a same-origin request with the session cookie. `body` is JSON (empty: no body);
// `csrf_token` non-empty adds X-CSRF-Token. The callback runs later, outside any frame.
void http_request(std::string_view method, std::string_view path, std::string_view body,
                  std::string_view csrf_token, HttpCallback callback);
// The same with an `If-Match` header (a quoted version, e.g. "\"3\"").
void http_request_if_match(std::string_view method, std::string_view path, std::string_view body,
                           std::string_view csrf_token, std::string_view if_match,
                           HttpCallback callback);

// Language the browser prefers, as one of "zh-Hant", "zh-Hans", "en" (a `?lang=` in the
// page's URL wins over navigator.language).
std::string preferred_language();
// Tells the page which language the UI shows (sets <html lang>, so CJK glyph shapes follow).
void set_page_language(std::string_view lang);

// Canvas size in device pixels (CSS size × devicePixelRatio) and the ratio itself.
struct CanvasSize {
  int width = 0;
  int height = 0;
  float pixel_ratio = 1.0f;
};
CanvasSize canvas_size();
// Sets the canvas' drawing buffer (and the GLFW window) to width × height device pixels.
void resize_canvas(int width, int height);

// Clipboard: writes through navigator.clipboard; reads return what was last copied or pasted.
void clipboard_set(std::string_view text);
const char* clipboard_get();

// The shell's hooks: hide the loading indicator (and record how long the first frame took); mark the first frame that shows data
// (window.shipboard.firstDataFrame / itemCount, performance.mark).
void shell_app_ready(double first_frame_ms);
void shell_first_data_frame(int item_count);
// Milliseconds since the page started loading (performance.now()).
double now_ms();

// [SECTION] Routing, title, live events, IME, frames ---------------------------------------
std::string location_hash();                 // "#/items/42" or ""
void set_location_hash(std::string_view hash);  // pushes a history entry (hashchange follows)
void set_document_title(std::string_view title);
// Leaves the app: the page loads `path` (location.assign, a history entry), e.g. the server's
// /auth/oidc/start, which redirects to the company's sign-in and later back to "/".
void navigate_page(std::string_view path);
// Starts the EventSource on /api/v1/events (platform.js reconnects with Last-Event-ID).
void live_connect();
void live_disconnect();
// The text-input state of this frame: focuses the hidden <textarea> the input method types
// into, placed at the caret (device pixels), or gives the focus back to the canvas.
void ime_sync(bool want_text, float x, float y, float line_height);
// Something outside Dear ImGui's input queue happened (a response, an event, a route): draw
// at least `frames` more frames. take_wake() returns and clears the request.
void wake(int frames = 2);
int take_wake();
// The page's own activity counter (pointer, keys, focus, IME, resize), for idle detection.
int page_activity();
void clipboard_copy_now(std::string_view text);  // navigator.clipboard.writeText, no ImGui

// location.origin ("http://127.0.0.1:8080"), for the embed snippet.
std::string page_origin();
// localStorage (empty when absent or blocked).
std::string storage_get(std::string_view key);
void storage_set(std::string_view key, std::string_view value);
// The accessibility mirror: the JSON list of this frame's widgets (a11y.cpp) for the page to
// reconcile its transparent DOM counterparts with (platform.js).
void a11y_publish(const std::string& json);

// What the page tells the app (set once by main.cpp): route changes, live events, the live
// stream's state, Ctrl/Cmd+K, and the JSON the test hook window.shipboard.state() returns.
struct PlatformHooks {
  std::function<void(const std::string& hash)> on_hash;
  std::function<void(const std::string& data_json)> on_live_event;
  std::function<void(bool online)> on_live_status;
  std::function<void()> on_focus_search;
  std::function<std::string()> state_json;
};
void set_platform_hooks(PlatformHooks hooks);

// Installs the platform side: clipboard hooks into Dear ImGui, the wheel handler.
void platform_init();
// Once per frame, before ImGui::NewFrame(): feeds text pasted into the page to Dear ImGui.
void poll_paste();

}  // namespace shipboard::client

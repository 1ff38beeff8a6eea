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

// Installs the platform side: clipboard hooks into Dear ImGui, the wheel handler.
void platform_init();
// Once per frame, before ImGui::NewFrame(): feeds text pasted into the page to Dear ImGui.
void poll_paste();

}  // namespace shipboard::client

// Native implementation of platform.hpp for the headless client tests: nothing leaves the
// process. See stub_platform.hpp for what the test controls and observes.
#include "stub_platform.hpp"

#include <algorithm>

namespace shipboard::client {
namespace stub {

World& world() {
  static World w;
  return w;
}

void reset() {
  world() = World{};
}

const Call* find_pending(const std::string& method, const std::string& path_prefix) {
  for (const Call& c : world().pending) {
    if (c.method == method && c.path.rfind(path_prefix, 0) == 0) return &c;
  }
  return nullptr;
}

bool reply(const std::string& method, const std::string& path_prefix, int status,
           const std::string& body) {
  auto& p = world().pending;
  for (auto it = p.begin(); it != p.end(); ++it) {
    if (it->method != method || it->path.rfind(path_prefix, 0) != 0) continue;
    HttpCallback cb = std::move(it->callback);
    p.erase(it);
    cb(HttpResponse{status, body});
    return true;
  }
  return false;
}

}  // namespace stub

using stub::world;

void http_request(std::string_view method, std::string_view path, std::string_view body,
                  std::string_view csrf_token, HttpCallback callback) {
  http_request_if_match(method, path, body, csrf_token, "", std::move(callback));
}

void http_request_if_match(std::string_view method, std::string_view path, std::string_view body,
                           std::string_view csrf_token, std::string_view if_match,
                           HttpCallback callback) {
  stub::Call c{std::string(method),     std::string(path),     std::string(body),
               std::string(csrf_token), std::string(if_match), nullptr};
  world().sent.push_back(c);
  c.callback = std::move(callback);
  world().pending.push_back(std::move(c));
}

std::string preferred_language() {
  return world().preferred;
}
void set_page_language(std::string_view lang) {
  world().page_lang = lang;
}
CanvasSize canvas_size() {
  return CanvasSize{1366, 1100, 1.0f};
}
void resize_canvas(int, int) {}
void clipboard_set(std::string_view text) {
  world().clipboard = text;
  ++world().clipboard_writes;
}
const char* clipboard_get() {
  return world().clipboard.c_str();
}
void shell_app_ready(double) {}
void shell_first_data_frame(int) {
  ++world().first_data_frames;
}
double now_ms() {
  return world().now;
}
std::string location_hash() {
  return world().hash;
}
void set_location_hash(std::string_view hash) {
  if (world().hash == hash) return;  // the browser fires no hashchange then
  world().hash = hash;
  world().hash_changes.emplace_back(hash);
}
void set_document_title(std::string_view title) {
  world().title = title;
}
void navigate_page(std::string_view path) {
  world().navigations.emplace_back(path);
}
void live_connect() {
  ++world().live_connects;
}
void live_disconnect() {}
void ime_sync(bool, float, float, float) {}
void wake(int) {
  ++world().wakes;
}
int take_wake() {
  return 0;
}
int page_activity() {
  return 0;
}
void clipboard_copy_now(std::string_view text) {
  clipboard_set(text);
}
std::string page_origin() {
  return "http://127.0.0.1:8080";
}
std::string storage_get(std::string_view key) {
  auto it = world().storage.find(std::string(key));
  return it == world().storage.end() ? std::string() : it->second;
}
void storage_set(std::string_view key, std::string_view value) {
  world().storage[std::string(key)] = value;
}
void a11y_publish(const std::string& json) {
  world().a11y = json;
}
void set_platform_hooks(PlatformHooks) {}
void platform_init() {}
void poll_paste() {}

}  // namespace shipboard::client

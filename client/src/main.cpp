// The browser client's entry point: a GLFW window on the page's #canvas (em++'s GLFW
// emulation, WebGL2), Dear ImGui with the GLFW + OpenGL3 ("#version 300 es") backends, the
// canvas font, and a requestAnimationFrame loop (emscripten_set_main_loop) that draws only
// when something changed: input, a response, a live event, a route, a resize or a fading note.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>

#include <cstdio>
#include <cstdlib>

#include "ui/a11y.hpp"
#include "state/app_state.hpp"
#include "platform/canvas_font.hpp"
#include "ui/i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // InputEventsQueue: is input waiting?
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/platform.hpp"
#include "views/views.hpp"

namespace sc = shipboard::client;

// [SECTION] The font-file alternative (measurement only: docs/decisions/004-*) -------------
// `?font=/fonts/x.ttc&fontno=3` loads that font file instead of drawing glyphs through the
// canvas: fetched whole, then Dear ImGui's stb_truetype loader rasterises from it. Frames wait
// until it has arrived. The default (no `font=`) is the canvas loader.
// clang-format off
EM_JS(char*, sb_url_param, (const char* name), {
  const v = new URLSearchParams(location.search).get(UTF8ToString(name)) || "";
  const len = lengthBytesUTF8(v) + 1;
  const p = _malloc(len);
  stringToUTF8(v, p, len);
  return p;
});
EM_JS(void, sb_fetch_font, (const char* url), {
  fetch(UTF8ToString(url))
    .then(r => (r.ok ? r.arrayBuffer() : Promise.reject(new Error('HTTP ' + r.status))))
    .then(buf => {
      const n = buf.byteLength;
      const p = _malloc(n);
      HEAPU8.set(new Uint8Array(buf), p);
      _shipboard_font_file_loaded(p, n);
    })
    .catch(e => { console.warn('font file: ' + e); _shipboard_font_file_loaded(0, 0); });
});
// clang-format on

namespace {
bool font_file_pending = false;
int font_file_index = 0;
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void shipboard_font_file_loaded(unsigned char* data, int size) {
  font_file_pending = false;
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (data && size > 0) {
    ImFontConfig cfg;
    cfg.FontNo = font_file_index;
    cfg.FontDataOwnedByAtlas = true;  // malloc'd above; the atlas frees it
    cfg.SizePixels = 15.0f;
    if (atlas->AddFontFromMemoryTTF(data, size, 15.0f, &cfg)) {
      sc::wake(3);
      return;
    }
  }
  sc::add_canvas_font(sc::language_tag(sc::language()));  // the file failed: fall back
  sc::wake(3);
}

namespace {

GLFWwindow* window = nullptr;
sc::AppState app;
ImGuiStyle base_style;  // unscaled; re-scaled whenever devicePixelRatio changes
float applied_ratio = 0.0f;
bool ready_reported = false;
int frames_left = 0;         // frames still to draw before going idle
double draw_until_ms = 0;    // ... and keep drawing until then
int seen_activity = -1;      // the page's activity counter at the last check
// After input, keep drawing for this long (and at least a few frames) so hover states,
// tooltip delays and layouts settle; then draw nothing until the next input or event.
constexpr double kDrawAfterActivityMs = 600;
constexpr int kFramesAfterActivity = 3;

// em++ 3.1.6's GLFW ignores devicePixelRatio: the canvas is kept at CSS size × ratio here, and
// Dear ImGui works in device pixels with its style and fonts scaled by the ratio.
// True when the canvas size or ratio changed (a frame must be drawn).
void apply_theme(bool dark);
void queue_board_glyphs();

bool sync_canvas_size() {
  const sc::CanvasSize size = sc::canvas_size();
  int w = 0, h = 0;
  bool changed = false;
  glfwGetWindowSize(window, &w, &h);
  if (size.width > 0 && size.height > 0 && (size.width != w || size.height != h)) {
    sc::resize_canvas(size.width, size.height);
    changed = true;
  }
  if (size.pixel_ratio != applied_ratio) {
    applied_ratio = size.pixel_ratio;
    ImGuiStyle& style = ImGui::GetStyle();
    style = base_style;
    style.ScaleAllSizes(applied_ratio);
    style.FontScaleDpi = applied_ratio;
    changed = true;
  }
  return changed;
}

// Whether this animation frame has anything to draw.
bool needs_frame() {
  bool active = sc::take_wake() > 0;
  const int activity = sc::page_activity();
  if (activity != seen_activity) {
    seen_activity = activity;
    active = true;
  }
  if (GImGui && GImGui->InputEventsQueue.Size > 0) active = true;
  if (app.language_changed || sc::now_ms() < app.animate_until_ms) active = true;
  const double now = sc::now_ms();
  if (app.wake_at_ms > 0 && now >= app.wake_at_ms) {
    app.wake_at_ms = 0;
    active = true;
  }
  if (active) {
    frames_left = kFramesAfterActivity;
    draw_until_ms = now + kDrawAfterActivityMs;
  }
  if (frames_left <= 0 && now >= draw_until_ms) return false;
  --frames_left;
  return true;
}

// Until the first frame: while /me or the board's items (requested by platform.js at page
// start) are still on their way, no frame is drawn for up to this long, so the first frame is
// the one with the data (a frame before it costs its own glyphs and GPU work, and kept the main
// thread from taking in the answers). The page shows its loading indicator meanwhile.
constexpr double kFirstFrameWaitMs = 1500;
double first_frame_wait_until = 0;

bool waiting_for_first_data() {
  if (app.screen == sc::Screen::starting) return true;
  return app.screen == sc::Screen::signed_in && app.items.state == sc::LoadState::loading;
}

void frame() {
  if (font_file_pending) return;  // nothing can be drawn before the font file is here
  if (!ready_reported && waiting_for_first_data() && sc::now_ms() < first_frame_wait_until) return;
  const double frame_start = sc::now_ms();
  if (sync_canvas_size()) sc::wake(kFramesAfterActivity);
  if (ready_reported && !needs_frame()) {
    ++app.frames_idle;
    return;
  }
  ++app.frames_drawn;
  sc::test_marks_clear();
  if (app.language_changed) {
    sc::set_canvas_font_family(sc::language_tag(sc::language()));
    app.language_changed = false;
  }
  if (app.theme_changed) {
    apply_theme(app.dark);
    applied_ratio = 0.0f;  // re-scale the new base style below
    sync_canvas_size();
    app.theme_changed = false;
  }
  sc::poll_paste();
  sc::type_ahead_before_frame(app);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  sc::a11y_before_frame();  // a mirror activation's click, after the backend's mouse position
  ImGui::NewFrame();
  if (const ImFontBaked* baked = ImGui::GetFontBaked()) {
    sc::canvas_font_note_size(ImGui::GetFont(), baked->Size, baked->RasterizerDensity);
  }
  sc::a11y_begin_frame();
  sc::app_draw(app);
  sc::a11y_end_frame();
  sc::type_ahead_after_frame(app);
  ImGui::Render();
  // The UI's CPU time this frame (input, layout, glyphs, draw lists), for bench/frame_time.mjs;
  // the GL submission after it depends on the GPU (SwiftShader in headless tests) and is not in.
  app.frame_ms[std::size_t(app.frame_ms_count++ % long(app.frame_ms.size()))] =
      float(sc::now_ms() - frame_start);

  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  if (!ready_reported) {
    ready_reported = true;
    // The UI's CPU time of the first frame (no glFinish: waiting on the GPU process here would
    // only delay the next frame and the requests after it).
    sc::shell_app_ready(sc::now_ms() - frame_start);
  }
  sc::app_after_frame(app);
  queue_board_glyphs();
}

// Once the first data frame is on screen, the text of the loaded board (and of items merged in
// later, e.g. by /search) is queued for idle-time glyph rasterisation (canvas_font_prebake).
const shipboard::Item* prebaked_items = nullptr;
std::size_t prebaked_count = 0;
std::size_t prebaked_releases = 0;
void queue_board_glyphs() {
  if (!app.first_data_frame_reported) return;
  const std::vector<shipboard::Item>& items = app.items.items;
  if (items.data() != prebaked_items || items.size() < prebaked_count) prebaked_count = 0;
  for (std::size_t i = prebaked_count; i < items.size(); ++i) {
    sc::canvas_font_prebake(items[i].title);
    sc::canvas_font_prebake(items[i].area);
    sc::canvas_font_prebake(items[i].customer_answer);
  }
  prebaked_items = items.data();
  prebaked_count = items.size();
  if (app.items.release_names.size() != prebaked_releases) {
    prebaked_releases = app.items.release_names.size();
    for (const auto& [id, name] : app.items.release_names) sc::canvas_font_prebake(name);
  }
}

// Dark or light colours over one set of sizes; the unscaled result becomes base_style.
void apply_theme(bool dark) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  if (dark) {
    ImGui::StyleColorsDark();
  } else {
    ImGui::StyleColorsLight();
    style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.36f, 0.38f, 0.42f, 1.0f);  // readable grey
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
  }
  style.WindowRounding = 0.0f;
  style.FrameRounding = 4.0f;
  style.ChildRounding = 6.0f;
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(10, 7);
  style.CellPadding = ImVec2(8, 5);
  style.WindowPadding = ImVec2(14, 10);
  style.FontSizeBase = 15.0f;
  base_style = style;
}

}  // namespace

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  const sc::CanvasSize initial = sc::canvas_size();
  window = glfwCreateWindow(initial.width > 0 ? initial.width : 1280,
                            initial.height > 0 ? initial.height : 720, "Shipboard", nullptr,
                            nullptr);
  if (!window) {
    std::fprintf(stderr, "glfwCreateWindow failed (WebGL2 unavailable?)\n");
    return 1;
  }
  glfwMakeContextCurrent(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing persists in the browser's (absent) file system
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;  // a blinking caret would need frames while idle
  app.dark = sc::storage_get("shipboard.theme") != "light";
  apply_theme(app.dark);

  ImGui_ImplGlfw_InitForOpenGL(window, true);
  // Not ImGui_ImplGlfw_InstallEmscriptenCallbacks(): its resize handler calls glfwSetWindowSize
  // with the CSS size (no devicePixelRatio; and em++ 3.1.6 then requests fullscreen when that
  // equals the screen). platform_init() installs the wheel handler it would have.
  ImGui_ImplOpenGL3_Init("#version 300 es");
  sc::platform_init();

  const sc::Lang lang = sc::parse_language(sc::preferred_language());
  sc::set_language(lang);
  sc::set_page_language(sc::language_tag(lang));
  char* font_url = sb_url_param("font");
  char* font_no = sb_url_param("fontno");
  if (font_url && *font_url) {
    font_file_pending = true;
    font_file_index = std::atoi(font_no);
    sb_fetch_font(font_url);
  } else {
    sc::add_canvas_font(sc::language_tag(lang));
  }
  std::free(font_url);
  std::free(font_no);

  sc::PlatformHooks hooks;
  hooks.on_hash = [](const std::string& hash) { sc::app_apply_hash(app, hash); };
  hooks.on_live_event = [](const std::string& data) { sc::live_apply(app, data); };
  hooks.on_live_status = [](bool online) { sc::live_status(app, online); };
  hooks.on_focus_search = [] {
    if (app.screen != sc::Screen::signed_in) return;
    sc::app_navigate(app, sc::Route{sc::View::search, 0});
    app.search.focus = true;
  };
  hooks.state_json = [] { return sc::app_state_json(app); };
  sc::set_platform_hooks(std::move(hooks));
  sc::app_start(app);
  first_frame_wait_until = sc::now_ms() + kFirstFrameWaitMs;
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}

// The canvas ImFontLoader (see canvas_font.hpp). Modelled on the stb_truetype loader in
// imgui_draw.cpp ("ImFontAtlas: backend for stb_truetype"): the same callbacks, with
// measureText/fillText/getImageData of a 2D canvas in place of stbtt_* calls. Glyph bitmaps
// are rasterised at Size × RasterizerDensity device pixels, so text stays crisp on HiDPI.
#include "platform/canvas_font.hpp"

#include <emscripten.h>

#include <string>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform/platform.hpp"

// [SECTION] JavaScript: one scratch canvas, metrics and alpha bitmaps ----------------------
// clang-format off
EM_JS(void, sb_font_set_family, (const char* family), {
  const f = globalThis.sbCanvasFont || (globalThis.sbCanvasFont = {});
  f.family = UTF8ToString(family);
  if (!f.ctx) {
    f.canvas = (typeof OffscreenCanvas !== 'undefined') ? new OffscreenCanvas(64, 64)
                                                        : document.createElement('canvas');
    f.ctx = f.canvas.getContext('2d', { willReadFrequently: true });
  }
  f.setSize = (px) => {
    if (f.px !== px || f.fontFamily !== f.family) {
      f.ctx.font = px + 'px ' + f.family;
      f.px = px;
      f.fontFamily = f.family;
    }
  };
});

// Ascent and descent (both positive, pixels) of the first available face in the family list.
EM_JS(void, sb_font_vmetrics, (float px, float* out), {
  const f = globalThis.sbCanvasFont;
  f.setSize(px);
  const m = f.ctx.measureText('Hg');
  const ascent = m.fontBoundingBoxAscent || m.actualBoundingBoxAscent;
  const descent = m.fontBoundingBoxDescent || m.actualBoundingBoxDescent;
  HEAPF32[out >> 2] = ascent;
  HEAPF32[(out >> 2) + 1] = descent;
});

// out = { advance, x0, y0, w, h } with (x0, y0) the bitmap's top-left relative to the pen on
// the baseline; returns 1 when the glyph has ink.
EM_JS(int, sb_font_measure, (int codepoint, float px, float* out), {
  const f = globalThis.sbCanvasFont;
  f.setSize(px);
  const m = f.ctx.measureText(String.fromCodePoint(codepoint));
  const i = out >> 2;
  HEAPF32[i] = m.width;
  const x0 = Math.floor(-m.actualBoundingBoxLeft) - 1;
  const x1 = Math.ceil(m.actualBoundingBoxRight) + 1;
  const y0 = Math.floor(-m.actualBoundingBoxAscent) - 1;
  const y1 = Math.ceil(m.actualBoundingBoxDescent) + 1;
  const ink = (m.actualBoundingBoxLeft + m.actualBoundingBoxRight) > 0 &&
              (m.actualBoundingBoxAscent + m.actualBoundingBoxDescent) > 0;
  HEAPF32[i + 1] = x0;
  HEAPF32[i + 2] = y0;
  HEAPF32[i + 3] = x1 - x0;
  HEAPF32[i + 4] = y1 - y0;
  return ink ? 1 : 0;
});

// Draws the glyph white on transparent and copies its coverage (alpha) into dst (w*h bytes).
EM_JS(void, sb_font_render, (int codepoint, float px, int x0, int y0, int w, int h,
                             unsigned char* dst), {
  const f = globalThis.sbCanvasFont;
  if (f.canvas.width < w || f.canvas.height < h) {
    f.canvas.width = Math.max(f.canvas.width, w);
    f.canvas.height = Math.max(f.canvas.height, h);
    f.px = -1;  // resizing a canvas resets its state
  }
  f.setSize(px);
  const ctx = f.ctx;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#fff';
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillText(String.fromCodePoint(codepoint), -x0, -y0);
  const rgba = ctx.getImageData(0, 0, w, h).data;
  for (let p = 0, n = w * h; p < n; ++p) HEAPU8[dst + p] = rgba[p * 4 + 3];
});
// Asks for one idle callback (requestIdleCallback; a short timeout where there is none), which
// rasterises queued glyphs for the time the browser offers and asks again while some are left.
EM_JS(void, sb_font_idle_schedule, (), {
  const f = globalThis.sbCanvasFont;
  if (!f || f.idlePending) return;
  const ask = () => {
    f.idlePending = true;
    const run = (deadline) => {
      f.idlePending = false;
      const ms = deadline && deadline.timeRemaining ? deadline.timeRemaining() : 8;
      if (_shipboard_font_idle(ms)) ask();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run);
    else setTimeout(run, 50);
  };
  ask();
});
// clang-format on

namespace shipboard::client {
namespace {

CanvasFontStats stats;

// [SECTION] Idle-time glyphs --------------------------------------------------------------
struct Prebake {
  ImVector<ImWchar> queue;  // code points still to rasterise, in the order they were seen
  int next = 0;
  ImGuiStorage seen;       // code points ever queued
  ImFont* font = nullptr;  // the last frame's font, size and density
  float size = 0;
  float density = 1;
} prebake;

// [SECTION] ImFontLoader callbacks -------------------------------------------------------
bool font_src_init(ImFontAtlas*, ImFontConfig* src) {
  src->FontLoaderData = nullptr;  // the family lives on the JS side
  return true;
}

void font_src_destroy(ImFontAtlas*, ImFontConfig*) {}

// The browser falls back through every installed font, so every printable code point is
// "contained"; control characters are not.
bool font_src_contains_glyph(ImFontAtlas*, ImFontConfig*, ImWchar c) {
  return c >= 0x20 && !(c >= 0x7F && c < 0xA0);
}

bool font_baked_init(ImFontAtlas*, ImFontConfig* src, ImFontBaked* baked, void*) {
  // Dear ImGui's line height is the font size. Glyphs are drawn at an em of that size, and the
  // baseline splits the line in the face's ascent:descent ratio, so Latin and Han ink (which
  // comes from a fallback face with a taller em box) both stay inside the line.
  if (!src->MergeMode) {
    float m[2] = {0, 0};
    sb_font_vmetrics(baked->Size, m);
    const float total = m[0] + m[1];
    const float ratio = total > 0 ? m[0] / total : 0.8f;
    baked->Ascent = IM_ROUND(baked->Size * ratio);
    baked->Descent = baked->Ascent - baked->Size;
  }
  return true;
}

bool font_baked_load_glyph(ImFontAtlas* atlas, ImFontConfig* src, ImFontBaked* baked, void*,
                           ImWchar codepoint, ImFontGlyph* out_glyph, float* out_advance_x) {
  const double start = now_ms();
  float g[5] = {0, 0, 0, 0, 0};
  if (out_advance_x != nullptr) {  // metrics-only mode (very large sizes)
    sb_font_measure(static_cast<int>(codepoint), baked->Size, g);
    *out_advance_x = g[0];
    return true;
  }
  const float density = src->RasterizerDensity * baked->RasterizerDensity;
  const float raster_px = baked->Size * density;
  const bool ink = sb_font_measure(static_cast<int>(codepoint), raster_px, g) != 0;
  out_glyph->Codepoint = codepoint;
  out_glyph->AdvanceX = g[0] / density;
  if (ink) {
    const int x0 = static_cast<int>(g[1]);
    const int y0 = static_cast<int>(g[2]);
    const int w = static_cast<int>(g[3]);
    const int h = static_cast<int>(g[4]);
    ImFontAtlasRectId pack_id = ImFontAtlasPackAddRect(atlas, w, h);
    if (pack_id == ImFontAtlasRectId_Invalid) return false;
    ImTextureRect* r = ImFontAtlasPackGetRect(atlas, pack_id);
    ImFontAtlasBuilder* builder = atlas->Builder;
    builder->TempBuffer.resize(w * h);
    unsigned char* pixels = builder->TempBuffer.Data;
    sb_font_render(static_cast<int>(codepoint), raster_px, x0, y0, w, h, pixels);

    const float recip = 1.0f / density;
    const float baseline = IM_ROUND(baked->Ascent);
    out_glyph->X0 = x0 * recip;
    out_glyph->Y0 = y0 * recip + baseline;
    out_glyph->X1 = (x0 + static_cast<int>(r->w)) * recip;
    out_glyph->Y1 = (y0 + static_cast<int>(r->h)) * recip + baseline;
    out_glyph->Visible = true;
    out_glyph->PackId = pack_id;
    ImFontAtlasBakedSetFontGlyphBitmap(atlas, baked, src, out_glyph, r, pixels,
                                       ImTextureFormat_Alpha8, w);
  }
  stats.glyphs += 1;
  stats.milliseconds += now_ms() - start;
  return true;
}

const ImFontLoader* canvas_font_loader() {
  static ImFontLoader loader;
  loader.Name = "browser-canvas";
  loader.FontSrcInit = font_src_init;
  loader.FontSrcDestroy = font_src_destroy;
  loader.FontSrcContainsGlyph = font_src_contains_glyph;
  loader.FontBakedInit = font_baked_init;
  loader.FontBakedDestroy = nullptr;
  loader.FontBakedLoadGlyph = font_baked_load_glyph;
  return &loader;
}

}  // namespace

// [SECTION] Public API -------------------------------------------------------------------
void canvas_font_prebake(std::string_view utf8) {
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  while (p < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    p += n;
    if (c < 0x20 || c > IM_UNICODE_CODEPOINT_MAX || (c >= 0x7F && c < 0xA0)) continue;
    if (prebake.seen.GetBool(c)) continue;
    prebake.seen.SetBool(c, true);
    prebake.queue.push_back(static_cast<ImWchar>(c));
  }
  if (prebake.next < prebake.queue.Size) sb_font_idle_schedule();
}

void canvas_font_note_size(ImFont* font, float size, float density) {
  prebake.font = font;
  prebake.size = size;
  prebake.density = density;
}

}  // namespace shipboard::client

// Called by the idle callback with the milliseconds the browser offers; true while glyphs are
// left. Stops a glyph's cost (~1 ms, more under load) short of the deadline.
extern "C" EMSCRIPTEN_KEEPALIVE int shipboard_font_idle(double budget_ms) {
  using shipboard::client::now_ms;
  using shipboard::client::prebake;
  if (ImGui::GetCurrentContext() == nullptr || prebake.font == nullptr) return 0;
  const double stop = now_ms() + budget_ms - 2.0;
  ImFontBaked* baked = prebake.font->GetFontBaked(prebake.size, prebake.density);
  while (baked != nullptr && prebake.next < prebake.queue.Size && now_ms() < stop) {
    const ImWchar c = prebake.queue[prebake.next++];
    if (!baked->IsGlyphLoaded(c)) baked->FindGlyph(c);
  }
  if (prebake.next >= prebake.queue.Size) {  // all done: let the vector go
    prebake.queue.clear();
    prebake.next = 0;
  }
  return prebake.next < prebake.queue.Size ? 1 : 0;
}

namespace shipboard::client {
const char* font_family_for(std::string_view lang) {
  // Faces Debian (fonts-noto-cjk), macOS and Windows ship; the generic family ends the list.
  if (lang == "zh-Hant") {
    return "system-ui, 'Noto Sans CJK TC', 'PingFang TC', 'Microsoft JhengHei', "
           "'Noto Sans CJK SC', sans-serif";
  }
  if (lang == "zh-Hans") {
    return "system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', "
           "'Noto Sans CJK TC', sans-serif";
  }
  return "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK TC', sans-serif";
}

ImFont* add_canvas_font(std::string_view lang) {
  sb_font_set_family(font_family_for(lang));
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->SetFontLoader(canvas_font_loader());
  ImFontConfig cfg;
  cfg.FontLoader = canvas_font_loader();
  cfg.SizePixels = 15.0f;
  ImFormatString(cfg.Name, IM_ARRAYSIZE(cfg.Name), "browser fonts");
  return atlas->AddFont(&cfg);
}

void set_canvas_font_family(std::string_view lang) {
  sb_font_set_family(font_family_for(lang));
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  for (ImFont* font : atlas->Fonts) ImFontAtlasFontDiscardBakes(atlas, font, 0);
}

CanvasFontStats canvas_font_stats() { return stats; }

}  // namespace shipboard::client

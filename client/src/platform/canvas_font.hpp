// Fonts without font files: a Dear ImGui 1.92 ImFontLoader that rasterises each glyph, on
// demand, with the browser's own fonts through a 2D canvas (measureText for metrics, fillText
// + getImageData for the alpha bitmap). Chinese, Japanese, emoji: whatever the browser can
// draw, the UI can draw; nothing is downloaded and the atlas holds only glyphs in use.
#pragma once

#include <string_view>

struct ImFont;

namespace shipboard::client {

// CSS font-family list for a UI language ("zh-Hant" puts Traditional Chinese faces first so
// shared Han code points take their Traditional shapes).
const char* font_family_for(std::string_view lang);

// Adds the UI font to the current context's atlas, backed by the canvas loader.
ImFont* add_canvas_font(std::string_view lang);
// Switches the family (language change): drops baked glyphs, they re-rasterise on demand.
void set_canvas_font_family(std::string_view lang);

// Glyphs ahead of need: the code points of `utf8` not queued before are rasterised later, in
// the browser's idle time between frames (requestIdleCallback), at the size and density of the
// last frame's font (`canvas_font_note_size`), so a frame that first shows them (typing a
// filter) does not wait on the canvas. Draws no frame; the atlas upload happens with the next.
void canvas_font_prebake(std::string_view utf8);
void canvas_font_note_size(ImFont* font, float size, float density);

// Counters for docs/tests: glyphs rasterised so far and the time spent doing it.
struct CanvasFontStats {
  int glyphs = 0;
  double milliseconds = 0;
};
CanvasFontStats canvas_font_stats();

}  // namespace shipboard::client

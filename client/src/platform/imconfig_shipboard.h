// Dear ImGui build options for the Shipboard client, in one place (IMGUI_USER_CONFIG) so the
// library source from Debian stays untouched. Glyphs come from the browser (canvas_font.cpp),
// so the embedded ProggyClean font is left out; 32-bit ImWchar lets any code point render.
#pragma once

#define IMGUI_DISABLE_OBSOLETE_FUNCTIONS
// The native logic tests (tests/client) have no browser to draw glyphs: they keep ProggyClean.
#ifndef SHIPBOARD_IMGUI_DEFAULT_FONT
#define IMGUI_DISABLE_DEFAULT_FONT
#endif
#define IMGUI_DISABLE_DEMO_WINDOWS
#define IMGUI_DISABLE_DEBUG_TOOLS
#define IMGUI_DISABLE_FILE_FUNCTIONS
#define IMGUI_USE_WCHAR32
// The accessibility mirror (a11y.cpp) learns every widget's id, label, rectangle and state
// through Dear ImGui's item hooks (the ones its test engine uses); a11y.cpp implements them.
#define IMGUI_ENABLE_TEST_ENGINE

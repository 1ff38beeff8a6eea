// Dear ImGui's OpenGL3 backend for the web build, compiled through this file (the Debian source
// is included unchanged) so that its GL state backup stays in wasm. The backend backs up ~20
// states (glGetIntegerv / glIsEnabled) at every RenderDrawData and texture upload and restores
// them afterwards; in WebGL each query is a getParameter/isEnabled that waits on the GPU process.
// The app owns the context and nothing else changes those states, and every backup is restored,
// so the state found at each backup is the one first read: each query is asked of WebGL once and
// answered from that first value afterwards. Our own frame code sets only the viewport and the
// clear colour, and sets the viewport before every draw.
#include <GLES3/gl3.h>

namespace {

struct CachedInteger {
  GLenum pname;
  GLint values[4];
};
struct CachedEnabled {
  GLenum cap;
  GLboolean value;
};
CachedInteger cached_integers[32];
int cached_integer_count = 0;
CachedEnabled cached_enabled[16];
int cached_enabled_count = 0;

int value_count(GLenum pname) {
  return pname == GL_VIEWPORT || pname == GL_SCISSOR_BOX ? 4 : 1;
}

void shipboard_gl_get_integerv(GLenum pname, GLint* data) {
  const int n = value_count(pname);
  for (int i = 0; i < cached_integer_count; ++i) {
    if (cached_integers[i].pname != pname) continue;
    for (int k = 0; k < n; ++k) data[k] = cached_integers[i].values[k];
    return;
  }
  GLint values[4] = {0, 0, 0, 0};
  glGetIntegerv(pname, values);
  if (cached_integer_count < 32) {
    CachedInteger& c = cached_integers[cached_integer_count++];
    c.pname = pname;
    for (int k = 0; k < 4; ++k) c.values[k] = values[k];
  }
  for (int k = 0; k < n; ++k) data[k] = values[k];
}

GLboolean shipboard_gl_is_enabled(GLenum cap) {
  for (int i = 0; i < cached_enabled_count; ++i) {
    if (cached_enabled[i].cap == cap) return cached_enabled[i].value;
  }
  const GLboolean value = glIsEnabled(cap);
  if (cached_enabled_count < 16) cached_enabled[cached_enabled_count++] = {cap, value};
  return value;
}

}  // namespace

#define glGetIntegerv shipboard_gl_get_integerv
#define glIsEnabled shipboard_gl_is_enabled
#include "imgui_impl_opengl3.cpp"  // NOLINT(bugprone-suspicious-include): the backend, unchanged

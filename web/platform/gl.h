// The GL API our own renderer (web/gfx) calls: OpenGL ES 3.0 = WebGL 2 in the browser, and the
// matching subset of desktop OpenGL 3.3 core natively (Mesa's libGL exports it directly).
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif

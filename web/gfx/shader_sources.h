// The GLSL bodies of shaders/*.glsl, embedded at build time (web/embed_shaders.cmake). They have
// no #version line: ShaderProgram prepends Backend::glsl_prelude().
#pragma once

namespace wirelab::web::shaders {

extern const char* const shape_vert; // shaders/shape.vert.glsl
extern const char* const shape_frag; // shaders/shape.frag.glsl

} // namespace wirelab::web::shaders

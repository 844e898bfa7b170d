// Compiles and links one GLSL program from a shared body plus the platform's #version prelude,
// the way Dear ImGui's OpenGL3 backend prepends GlslVersionString.
#pragma once

#include "core/base/result.h"
#include "web/platform/gl.h"

#include <string>

namespace wirelab::web {

// Why a shader did not build; message names the shader file and quotes the driver's log.
struct ShaderError {
    std::string message;
};

struct ShaderSource {
    const char* name; // file name, for messages: "shape.vert.glsl"
    const char* body;
};

Result<GLuint, ShaderError> build_program(const char* prelude, ShaderSource vertex,
                                          ShaderSource fragment);

} // namespace wirelab::web

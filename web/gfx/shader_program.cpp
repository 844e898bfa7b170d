// Compiles and links GLSL programs from shaders/ bodies plus the platform's prelude.
#include "web/gfx/shader_program.h"

#include <vector>

namespace wirelab::web {

namespace {

std::string info_log(GLuint object, bool is_program)
{
    GLint length = 0;
    if (is_program)
        glGetProgramiv(object, GL_INFO_LOG_LENGTH, &length);
    else
        glGetShaderiv(object, GL_INFO_LOG_LENGTH, &length);
    if (length <= 1) return "(no log)";
    std::vector<char> text(size_t(length) + 1, '\0');
    if (is_program)
        glGetProgramInfoLog(object, length, nullptr, text.data());
    else
        glGetShaderInfoLog(object, length, nullptr, text.data());
    return text.data();
}

Result<GLuint, ShaderError> compile(GLenum stage, const char* prelude, ShaderSource source)
{
    GLuint shader = glCreateShader(stage);
    const char* parts[] = {prelude, "#line 1\n", source.body};
    glShaderSource(shader, 3, parts, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok == GL_TRUE) return shader;
    std::string log = info_log(shader, false);
    glDeleteShader(shader);
    return fail(ShaderError{std::string("shaders/") + source.name + " does not compile: " + log});
}

} // namespace

Result<GLuint, ShaderError> build_program(const char* prelude, ShaderSource vertex,
                                          ShaderSource fragment)
{
    auto vs = compile(GL_VERTEX_SHADER, prelude, vertex);
    if (!vs) return fail(vs.error());
    auto fs = compile(GL_FRAGMENT_SHADER, prelude, fragment);
    if (!fs) {
        glDeleteShader(*vs);
        return fail(fs.error());
    }
    GLuint program = glCreateProgram();
    glAttachShader(program, *vs);
    glAttachShader(program, *fs);
    glLinkProgram(program);
    glDeleteShader(*vs);
    glDeleteShader(*fs);
    GLint ok = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (ok == GL_TRUE) return program;
    std::string log = info_log(program, true);
    glDeleteProgram(program);
    return fail(ShaderError{std::string("shaders/") + vertex.name + " + " + fragment.name +
                            " do not link: " + log});
}

} // namespace wirelab::web

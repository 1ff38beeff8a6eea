# Turns one file into a C++ source that carries its bytes, so the server binary serves it
# without reading the source tree (docs/openapi.json -> GET /api/v1/openapi.json).
# Run by CMake in script mode: -DIN=<file> -DOUT=<.cpp> -DNAME=<symbol>. The generated source
# defines `extern const char NAME[]` and `extern const std::size_t NAME_size` (bytes, no NUL)
# in namespace shipboard::server.
file(READ "${IN}" content)
if(content MATCHES "\\)__embed__\"")
  message(FATAL_ERROR "${IN} contains the raw-string delimiter )__embed__\"")
endif()
set(body "// Generated from ${IN} by cmake/embed_file.cmake. Do not edit.\n")
string(APPEND body "#include <cstddef>\nnamespace shipboard::server {\n")
string(APPEND body "extern const char ${NAME}[];\nextern const std::size_t ${NAME}_size;\n")
string(APPEND body "const char ${NAME}[] = R\"__embed__(${content})__embed__\";\n")
string(APPEND body "const std::size_t ${NAME}_size = sizeof(${NAME}) - 1;\n")
string(APPEND body "}  // namespace shipboard::server\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)

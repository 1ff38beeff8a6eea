# Where the third-party code comes from: Debian binary packages (found normally) and the
# pinned Debian source packages that scripts/setup unpacks into a cache outside git.
set(SHIPBOARD_CACHE "$ENV{SHIPBOARD_CACHE}")
if(NOT SHIPBOARD_CACHE)
  if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    set(SHIPBOARD_CACHE "$ENV{XDG_CACHE_HOME}/shipboard")
  else()
    set(SHIPBOARD_CACHE "$ENV{HOME}/.cache/shipboard")
  endif()
endif()
set(IMGUI_DIR "${SHIPBOARD_CACHE}/src/imgui" CACHE PATH "Dear ImGui source (Debian source package)")
set(HTTPLIB_DIR "${SHIPBOARD_CACHE}/src/httplib" CACHE PATH "cpp-httplib source (Debian source package)")
foreach(dir IMGUI_DIR HTTPLIB_DIR)
  if(NOT EXISTS "${${dir}}")
    message(FATAL_ERROR "${dir}=${${dir}} is missing: run `make setup` (scripts/setup) first")
  endif()
endforeach()

# Header-only packages (nlohmann/json, Catch2 v2) live in /usr/include, which must never be on
# em++'s include path (it would pull in glibc's headers). Link just their folders into one
# directory of the build and put that on the path instead, for both builds.
set(SHIPBOARD_HEADER_DIR "${CMAKE_BINARY_DIR}/third_party_include")
foreach(pkg nlohmann catch2)
  if(NOT EXISTS "/usr/include/${pkg}")
    message(FATAL_ERROR "/usr/include/${pkg} is missing: run `make setup` (scripts/setup) first")
  endif()
  file(MAKE_DIRECTORY "${SHIPBOARD_HEADER_DIR}")
  file(CREATE_LINK "/usr/include/${pkg}" "${SHIPBOARD_HEADER_DIR}/${pkg}" SYMBOLIC)
endforeach()
add_library(nlohmann_json_headers INTERFACE)
target_include_directories(nlohmann_json_headers SYSTEM INTERFACE "${SHIPBOARD_HEADER_DIR}")
set(CATCH2_INCLUDE "${SHIPBOARD_HEADER_DIR}")

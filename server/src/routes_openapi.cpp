// GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API, for anyone, no sign-in.
// The document is docs/openapi.json, embedded into the binary at build time by
// cmake/embed_file.cmake (server/CMakeLists.txt), so what is served is what was built.
// tests/server/docs_test.cpp checks it names every route the server registers and no other.
#include "app.hpp"

namespace shipboard::server {

extern const char kOpenApiJson[];  // generated openapi_json.cpp
extern const std::size_t kOpenApiJson_size;

void register_openapi_routes(App& app) {
  app.http().Get("/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-cache");  // revalidate: it changes with the binary
    res.status = 200;
    res.set_content(kOpenApiJson, kOpenApiJson_size, "application/json");
  });
}

}  // namespace shipboard::server

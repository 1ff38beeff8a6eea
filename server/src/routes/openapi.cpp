// GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API, for anyone, no sign-in.
// The document is docs/openapi.json, embedded into the binary at build time by
// cmake/embed_file.cmake (server/CMakeLists.txt), so what is served is what was built.
// tests/server/docs_test.cpp checks it names every route the server registers and no other.
#include "routes/route.hpp"

namespace shipboard::server {

extern const char kOpenApiJson[];  // generated openapi_json.cpp
extern const std::size_t kOpenApiJson_size;

namespace {

void openapi_document(App&, const Principal&, const Req&, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/openapi.json", "openapi_document", openapi_document, anyone()},
};

void openapi_document(App&, const Principal&, const Req&, Res& res) {
  res.set_header("Cache-Control", "no-cache");  // revalidate: it changes with the binary
  res.status = 200;
  res.set_content(kOpenApiJson, kOpenApiJson_size, "application/json");
}

}  // namespace

std::span<const Route> openapi_routes() {
  return kRoutes;
}

}  // namespace shipboard::server

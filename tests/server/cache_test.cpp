// The server's response caches over loopback: the item list is serialised once per change
// (server/src/response_cache.hpp) and callers are resolved once per change, so these tests
// check what a cache can get wrong: a write is visible at once, two audiences never share a
// body, a sign-out ends the cached caller, the gzip body is the identity body, ETag/304 and
// Accept-Encoding q=0 are honoured. Plus gzip-compressed static files (http/static_files.hpp): the
// right bytes, a new version after a change, and nothing outside the web root.
#include <catch2/catch.hpp>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

std::string gunzip(const std::string& in) {
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  REQUIRE(rc == Z_STREAM_END);
  return out;
}

// A raw GET that does not decompress, so the test sees the bytes on the wire.
httplib::Result raw_get(const ServerProcess& server, const std::string& path,
                        httplib::Headers headers) {
  auto cli = server.client();
  cli.set_decompress(false);
  return cli.Get(path, headers);
}

void write_file(const std::filesystem::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << data;
}

}  // namespace

TEST_CASE("item list cache: writes show at once, audiences apart, gzip, ETag", "[cache]") {
  ServerProcess server;
  Session pm(server, "chen.pm");
  Session viewer(server, "zhao.viewer");
  const std::string path = "/api/v1/items?limit=50&sort=id";

  auto first = pm.get(path);
  REQUIRE(first.status == 200);
  auto again = pm.get(path);
  REQUIRE(again.status == 200);
  CHECK(again.raw == first.raw);
  CHECK_FALSE(first.header("ETag").empty());
  CHECK(again.header("ETag") == first.header("ETag"));
  CHECK(first.body["items"][0].contains("internal_note"));

  // The viewer asks for the same list right after the PM: its own body, internal fields
  // stripped, whatever the cache holds for the PM.
  auto seen = viewer.get(path);
  REQUIRE(seen.status == 200);
  CHECK(seen.raw.find("internal_note") == std::string::npos);
  CHECK(seen.raw.find("value_at_stake") == std::string::npos);
  CHECK(seen.header("ETag") != first.header("ETag"));

  // A PM change shows in the very next list read, for both audiences.
  auto item = first.body["items"][0];
  const std::string id = std::to_string(item["id"].get<long long>());
  auto one = pm.get("/api/v1/items/" + id);
  REQUIRE(one.status == 200);
  const std::string title = "快取測試 cache " + id;
  auto patched = pm.patch("/api/v1/items/" + id, {{"title", title}}, one.header("ETag"));
  REQUIRE(patched.status == 200);
  auto after = pm.get(path);
  REQUIRE(after.status == 200);
  CHECK(after.body["items"][0]["title"] == title);
  CHECK(after.header("ETag") != first.header("ETag"));
  CHECK(viewer.get(path).body["items"][0]["title"] == title);

  // gzip on the wire is the identity body; If-None-Match gives 304; q=0 refuses gzip.
  httplib::Headers cookie{{"Cookie", pm.cookie}};
  auto h = cookie;
  h.emplace("Accept-Encoding", "gzip, deflate");
  auto gz = raw_get(server, path, h);
  REQUIRE(gz);
  REQUIRE(gz->status == 200);
  CHECK(gz->get_header_value("Content-Encoding") == "gzip");
  CHECK(gz->body.size() < after.raw.size());
  CHECK(gunzip(gz->body) == after.raw);
  CHECK(gz->get_header_value("Cache-Control") == "no-store");

  auto h304 = cookie;
  h304.emplace("If-None-Match", after.header("ETag"));
  auto not_modified = raw_get(server, path, h304);
  REQUIRE(not_modified);
  CHECK(not_modified->status == 304);
  CHECK(not_modified->body.empty());

  auto hq0 = cookie;
  hq0.emplace("Accept-Encoding", "gzip;q=0, identity");
  auto plain = raw_get(server, path, hq0);
  REQUIRE(plain);
  CHECK(plain->get_header_value("Content-Encoding").empty());
  CHECK(plain->body == after.raw);
}

TEST_CASE("caller cache: sign-out and a deactivated user end access at once", "[cache]") {
  ServerProcess server;
  Session admin(server, "admin");
  Session sales(server, "lin.sales");
  REQUIRE(sales.get("/api/v1/items?limit=5").status == 200);
  REQUIRE(sales.get("/api/v1/me").status == 200);

  // Deactivate, then the very next request is refused (the cached caller is gone).
  auto me = sales.get("/api/v1/me");
  const std::string uid = std::to_string(me.body["user"].contains("id")
                                             ? me.body["user"]["id"].get<long long>()
                                             : me.body["id"].get<long long>());
  auto user = admin.get("/api/v1/users?limit=200");
  REQUIRE(user.status == 200);
  std::string version;
  for (const auto& u : user.body["items"])
    if (std::to_string(u["id"].get<long long>()) == uid)
      version = "\"" + std::to_string(u["version"].get<long long>()) + "\"";
  REQUIRE_FALSE(version.empty());
  auto off = admin.patch("/api/v1/users/" + uid, {{"active", false}}, version);
  REQUIRE(off.status == 200);
  CHECK(sales.get("/api/v1/items?limit=5").status == 401);

  // Sign-out: the same cookie is refused on the next request.
  Session pm(server, "chen.pm");
  REQUIRE(pm.get("/api/v1/items?limit=5").status == 200);
  REQUIRE(pm.del("/api/v1/session").status == 204);
  CHECK(pm.get("/api/v1/items?limit=5").status == 401);
}

TEST_CASE("static files: gzip once per version, exact bytes, nothing outside the root",
          "[cache]") {
  namespace fs = std::filesystem;
  fs::path base = fs::temp_directory_path() / ("shipboard-static-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "web");
  std::string js;
  for (int i = 0; i < 2000; ++i) js += "console.log('直播 live " + std::to_string(i) + "');\n";
  write_file(base / "web" / "index.html", "<!doctype html><title>Shipboard</title>");
  write_file(base / "web" / "app.js", js);
  write_file(base / "secret.js", "secret outside the web root");
  fs::create_symlink(base / "secret.js", base / "web" / "link.js");

  ServerOptions o;
  o.web_dir = (base / "web").string();
  ServerProcess server(o);
  httplib::Headers gz{{"Accept-Encoding", "gzip"}};

  auto r = raw_get(server, "/app.js", gz);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Encoding") == "gzip");
  CHECK(r->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
  CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(r->body.size() < js.size() / 4);
  CHECK(gunzip(r->body) == js);
  const std::string etag = r->get_header_value("ETag");

  auto h304 = gz;
  h304.emplace("If-None-Match", etag);
  auto same = raw_get(server, "/app.js", h304);
  REQUIRE(same);
  CHECK(same->status == 304);

  // A new build of the file: new bytes and a new ETag, never the old copy.
  js += "console.log('v2');\n";
  write_file(base / "web" / "app.js", js);
  auto v2 = raw_get(server, "/app.js", h304);
  REQUIRE(v2);
  REQUIRE(v2->status == 200);
  CHECK(v2->get_header_value("ETag") != etag);
  CHECK(gunzip(v2->body) == js);

  auto index = raw_get(server, "/", gz);
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(gunzip(index->body).find("<title>Shipboard</title>") != std::string::npos);

  // A client that takes only identity gets the plain file from the mount point.
  auto plain = raw_get(server, "/app.js", {{"Accept-Encoding", "identity"}});
  REQUIRE(plain);
  CHECK(plain->get_header_value("Content-Encoding").empty());
  CHECK(plain->body == js);

  // Nothing outside the root, by symlink or by dots.
  for (const char* p : {"/link.js", "/../secret.js", "/%2e%2e/secret.js", "/..%2fsecret.js"}) {
    auto out = raw_get(server, p, gz);
    REQUIRE(out);
    INFO(p);
    CHECK(out->status != 200);
    CHECK(out->body.find("secret outside") == std::string::npos);
  }
  fs::remove_all(base);
}

// SIGTERM is a clean stop: open event streams are told to reconnect (`retry:`) before they
// close, the process exits 0 well within 10 s, and the WAL is folded into the database (the
// -wal file is empty afterwards), so a copy of the database file alone is whole.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include "server_fixture.hpp"

using namespace shipboard::test;

TEST_CASE("SIGTERM: streams told to reconnect, exit 0 within 10 s, WAL checkpointed",
          "[shutdown]") {
  ServerProcess server;
  Session pm(server, "chen.pm");
  // A write, so the WAL holds something to fold back.
  auto item = pm.get("/api/v1/items/2");
  REQUIRE(pm.patch("/api/v1/items/2", {{"customer_answer", "下一版上線。"}},
                   "\"" + std::to_string(item.body["version"].get<long>()) + "\"")
              .status == 200);
  auto stream = open_stream(server, pm);
  REQUIRE(stream->status == 200);
  const std::string db = server.db_path();
  REQUIRE(std::filesystem::exists(db + "-wal"));
  REQUIRE(std::filesystem::file_size(db + "-wal") > 0);

  const auto start = std::chrono::steady_clock::now();
  const std::size_t before = stream->head.size();
  int status = server.terminate(10000);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(status == 0);
  CHECK(took < std::chrono::seconds(10));
  // The stream got its reconnect hint after the signal, then the connection closed.
  for (int i = 0; i < 50 && stream->read_more(200); ++i) {
  }
  CHECK(stream->head.substr(before).find("retry: 1000") != std::string::npos);
  CHECK((!std::filesystem::exists(db + "-wal") || std::filesystem::file_size(db + "-wal") == 0));
}

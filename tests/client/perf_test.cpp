// P5's logic half, natively: the search view's CPU time per frame while typing a filter over a
// 10k-item board held entirely in the client (the browser holds one 500-item page; this is the
// worst case), measured as thread CPU time so a loaded machine does not inflate it. Hidden tag:
// run with `client_tests "[.perf]"` (bench/frame_time.mjs does); prints p50/p95/max.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "harness.hpp"

using namespace shipboard;
using namespace shipboard::client;
using namespace shipboard::client::test;

namespace {

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

std::vector<Item> board(int n) {
  static const char* words[] = {"直播", "會議",   "報表",   "匯出",   "權限",
                                "錄影", "live",   "export", "report", "stream",
                                "SSO",  "mobile", "推播",   "字幕",   "API"};
  std::vector<Item> items;
  items.reserve(std::size_t(n));
  for (int i = 1; i <= n; ++i) {
    const std::string a = words[i % 15], b = words[(i / 15) % 15], c = words[(i / 225) % 15];
    Item it = make_item(i, a + " " + b + " #" + std::to_string(i),
                        "預計 2027 年推出 " + c + "，確切日期確定後通知。", ItemStatus::planned);
    it.description = "Customers ask for " + a + " with " + b + "; " + c + " later.";
    it.answer_stale = (i % 9) == 0;
    items.push_back(std::move(it));
  }
  return items;
}

}  // namespace

TEST_CASE("search frame CPU time on a 10k-item board while typing", "[.perf]") {
  Harness h(Lang::zh_Hant);
  h.sign_in_as("lin.sales", "sales", {});
  // The whole board in the client (as if every page were loaded).
  h.app.items.items = board(10000);
  h.app.items.state = LoadState::loaded;
  h.app.search.results_dirty = true;
  const double t0 = thread_cpu_ms();
  h.frame();  // the first frame lays out every row once (heights are measured)
  const double first = thread_cpu_ms() - t0;
  h.frames(5);
  REQUIRE(h.click("textbox", tr(Text::search_hint)));
  std::vector<double> times;
  auto timed_frame = [&] {
    const double a = thread_cpu_ms();
    h.frame();
    times.push_back(thread_cpu_ms() - a);
  };
  const std::string typed = "live report";
  for (char ch : typed) {
    ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(ch));
    for (int i = 0; i < 6; ++i) timed_frame();  // ~100 ms of frames per key at 60 Hz
    stub::reply("GET", "/api/v1/search", 200, R"({"items":[]})");
  }
  for (int k = 0; k < 7; ++k) {
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Backspace, true);
    timed_frame();
    ImGui::GetIO().AddKeyEvent(ImGuiKey_Backspace, false);
    for (int i = 0; i < 4; ++i) timed_frame();
  }
  ImGui::GetIO().AddInputCharactersUTF8(" 直播");
  for (int i = 0; i < 20; ++i) timed_frame();
  CHECK(std::string(h.app.search.query) == "live 直播");
  CHECK(!h.app.search.results.empty());
  std::sort(times.begin(), times.end());
  const double p50 = times[times.size() / 2];
  const double p95 = times[times.size() * 95 / 100];
  std::printf(
      "P5 native (10000 items in the client, %zu frames typing): first frame %.1f ms, "
      "p50 %.3f ms, p95 %.3f ms, max %.3f ms CPU; results now %zu\n",
      times.size(), first, p50, p95, times.back(), h.app.search.results.size());
  CHECK(p95 < 16.0);  // one 60 Hz frame, a bound that a regression (re-laying 10k rows) breaks
}

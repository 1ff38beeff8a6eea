// The bilingual glossary: every term is written as the search folding leaves it (so Traditional
// input finds it), English phrases match whole words only, and title_likeness pairs a
// translation that shares no character while keeping unrelated titles apart.
#include <catch2/catch.hpp>

#include <set>

#include "shipboard/glossary.hpp"
#include "shipboard/search_text.hpp"

using namespace shipboard;
using Ids = std::vector<std::string>;

TEST_CASE("glossary terms are written folded, and each concept has English and Chinese names") {
  std::set<std::string_view> english, chinese;
  for (const auto& g : glossary()) {
    INFO(g.term);
    CHECK(normalize_for_search(g.term) == g.term);
    const bool ascii = std::all_of(g.term.begin(), g.term.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
      std::string joined;
      for (const auto& t : search_terms(g.term)) joined += (joined.empty() ? "" : " ") + t;
      CHECK(joined == g.term);  // words one space apart, as concepts_of compares them
      english.insert(g.concept_id);
    } else {
      chinese.insert(g.concept_id);
    }
  }
  for (const auto& g : glossary()) {
    INFO(g.concept_id);
    CHECK(english.count(g.concept_id));
    CHECK(chinese.count(g.concept_id));
  }
}

TEST_CASE("concepts of a title: both scripts, whole English words") {
  CHECK(concepts_of("直播回放") == Ids{"live", "replay"});
  CHECK(concepts_of("Live streaming replay") == Ids{"live", "replay"});
  CHECK(concepts_of("匯出報表") == Ids{"export", "report"});  // Traditional folds to the terms
  CHECK(concepts_of("导出报表") == Ids{"export", "report"});
  CHECK(concepts_of("Two-factor login") == Ids{"two_factor"});
  CHECK(concepts_of("payday").empty());  // "pay" is a word, not a prefix
  CHECK(concepts_of("").empty());
}

TEST_CASE("title likeness: translations and rewordings score, strangers do not") {
  auto like = [](std::string_view a, std::string_view b) {
    return title_likeness(fingerprint(a), fingerprint(b));
  };
  CHECK(like("Live streaming replay", "直播回放") == Approx(0.9));
  CHECK(like("彈幕功能", "弹幕") == Approx(1.0 / 3));  // by characters: 1 of 3 tokens
  CHECK(like("深色模式", "Dark mode for the web app") > 0.5);
  CHECK(like("深色模式", "發票自動開立") == 0.0);
  CHECK(like("", "") == 0.0);
}

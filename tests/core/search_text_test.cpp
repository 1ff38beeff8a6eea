// Search normalisation: width, case, Traditional -> Simplified folding (table generated from
// OpenCC at build time), terms, and the CJK unigram/bigram index.
#include <catch2/catch.hpp>

#include "shipboard/search_text.hpp"

using namespace shipboard;
using Terms = std::vector<std::string>;

TEST_CASE("Traditional and Simplified normalise to the same text") {
  CHECK(normalize_for_search("視頻") == normalize_for_search("视频"));
  CHECK(normalize_for_search("視頻") == "视频");
  CHECK(normalize_for_search("直播功能（Live）") == "直播功能(live)");
  CHECK(normalize_for_search("臺灣 發佈 會議") == "台湾 发布 会议");
  CHECK(fold_codepoint(U'頻') == U'频');
  CHECK(fold_codepoint(U'乾') == U'干');
  CHECK(fold_codepoint(U'阪') == U'阪');  // OpenCC's first choice is itself: unchanged
  CHECK(fold_table_size() > 3000);
}

TEST_CASE("full-width, case and scripts") {
  CHECK(normalize_for_search("ＬＩＶＥ直播") == "live直播");
  CHECK(normalize_for_search("Ａｂｃ１２３！") == "abc123!");
  CHECK(normalize_for_search("a\u3000b") == "a b");
  CHECK(normalize_for_search("ÀÉÎÕÜ×") == "àéîõü×");
  CHECK(normalize_for_search("ŁĄĆ Ÿ") == "łąć ÿ");
  CHECK(normalize_for_search("ΑΒΓ ΣΟΦΟΣ Άρης") == "αβγ σοφοσ άρησ");  // final sigma folds to sigma
  CHECK(normalize_for_search("МОСКВА Ёлка") == "москва ёлка");
  CHECK(normalize_for_search("ok\xFF\xC3") == "ok");  // malformed bytes dropped
}

TEST_CASE("search terms split words and CJK runs") {
  CHECK(search_terms("ＬＩＶＥ直播") == Terms{"live", "直播"});
  CHECK(search_terms("視頻 Video-call") == Terms{"视频", "video", "call"});
  CHECK(search_terms("  直播，直播；LIVE live ") == Terms{"直播", "live"});
  CHECK(search_terms("プッシュ通知") == Terms{"プッシュ通知"});
  CHECK(search_terms("").empty());
  CHECK(search_terms("!!! ...").empty());
}

TEST_CASE("CJK grams index 1- and 2-character queries") {
  CHECK(cjk_grams("直播功能") == "直 播 功 能 直播 播功 功能");
  CHECK(cjk_grams("視頻 live 直播") == "视 频 视频 直 播 直播");
  CHECK(cjk_grams("only ascii") == "");
  CHECK(search_index_text("Live 直播功能") == "live 直 播 功 能 直播 播功 功能");
  CHECK(index_query_tokens("直") == Terms{"直"});
  CHECK(index_query_tokens("直播") == Terms{"直播"});
  CHECK(index_query_tokens("直播功能 API") == Terms{"直播", "播功", "功能", "api"});
  CHECK(index_query_tokens("視頻") == Terms{"视频"});
}

TEST_CASE("client-side matching") {
  CHECK(matches_query("直播功能（Live streaming）", "live 直播"));
  CHECK(matches_query("支援 1080p 視頻直播", "视频"));
  CHECK(matches_query("支援 1080p 视频直播", "視"));
  CHECK_FALSE(matches_query("直播功能", "視頻"));
  CHECK(matches_query("anything", "   "));
}

TEST_CASE("similarity finds near-duplicate titles across scripts and spelling") {
  const auto sim = [](std::string_view a, std::string_view b) {
    return similarity(similarity_tokens(a), similarity_tokens(b));
  };
  CHECK(similarity_tokens("直播回放 Live") == Terms{"live", "回放", "播回", "直播"});
  CHECK(sim("直播回放", "直播回放功能") == Approx(0.6));           // 3 shared of 5
  CHECK(sim("直播回放", "直播回放") == Approx(1.0));
  CHECK(sim("視頻會議", "视频会议") == Approx(1.0));           // Traditional = Simplified
  CHECK(sim("Live streaming", "live-streaming") == Approx(1.0));
  CHECK(sim("Export to PDF", "PDF export") == Approx(2.0 / 3.0));
  CHECK(sim("Export to PDF", "直播回放") == 0.0);
  CHECK(sim("", "") == 0.0);
  CHECK(sim("!!!", "live") == 0.0);
}

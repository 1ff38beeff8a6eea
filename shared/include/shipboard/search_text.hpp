// Text normalisation for search, the same on server and client: lower case (ASCII, Latin-1,
// Latin Extended-A, Greek, Cyrillic), full-width ASCII -> half-width (U+FF01..U+FF5E and the
// ideographic space U+3000), and Traditional -> Simplified Chinese folding from a table
// generated at build time from OpenCC (scripts/gen-fold-table), so "視頻" finds "视频".
// Plus splitting into terms and the CJK unigram+bigram index for 1- and 2-character queries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shipboard {

// One code point folded: width, case, then Traditional -> Simplified.
std::uint32_t fold_codepoint(std::uint32_t cp);
// Han, kana, bopomofo, Hangul (the scripts written without spaces between words).
bool is_cjk(std::uint32_t cp);
// Number of entries in the generated Traditional -> Simplified table.
std::size_t fold_table_size();

// Every code point folded; malformed UTF-8 bytes are dropped. Punctuation is kept.
std::string normalize_for_search(std::string_view text);

// The terms of a query, normalised, in order, without duplicates: runs of letters/digits
// (words) and runs of CJK characters, split at spaces, punctuation and script changes.
//   "ＬＩＶＥ直播"   -> {"live", "直播"}      "視頻 Video-call" -> {"视频", "video", "call"}
std::vector<std::string> search_terms(std::string_view query);

// Space-separated unigrams then bigrams of every CJK run of `text` (normalised), without
// duplicates: "直播功能" -> "直 播 功 能 直播 播功 功能". A fallback index column for
// 1- and 2-character queries that word tokenizers cannot match inside a run.
std::string cjk_grams(std::string_view text);

// What to index for `text`: its words and its CJK grams, space-separated, normalised.
//   "Live 直播功能" -> "live 直 播 功 能 直播 播功 功能"
std::string search_index_text(std::string_view text);

// The tokens to look up in search_index_text for a query, all of which must match: words as
// they are (a server may prefix-match them), CJK runs of 1-2 characters as themselves,
// longer runs as their overlapping bigrams ("直播功能" -> "直播", "播功", "功能").
std::vector<std::string> index_query_tokens(std::string_view query);

// Near-duplicate detection (a PM triaging "Live 直播回放" next to "直播回放功能"): a text's
// tokens as index_query_tokens gives them, sorted, and the Jaccard index of two such lists
// (shared tokens / all tokens, 0..1; two empty lists are 0, not alike).
//   similarity(similarity_tokens("直播回放"), similarity_tokens("直播回放功能")) == 0.6
std::vector<std::string> similarity_tokens(std::string_view text);
double similarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Script conversion of customer-facing text with the same OpenCC table, character by
// character (no phrase rules), everything else kept byte for byte:
//   to_simplified("直播功能已上線") == "直播功能已上线"
// to_traditional inverts the table where it is one-to-one: a Simplified character that several
// Traditional ones fold to (发 <- 發, 髮; 台 <- 臺, 檯, 颱) is kept as it is.
std::string to_simplified(std::string_view text);
std::string to_traditional(std::string_view text);

// Client-side filter: true when every term of `query` occurs in the normalised `text`
// (an empty query matches everything).
bool matches_query(std::string_view text, std::string_view query);

}  // namespace shipboard

// Fuzz harness: search text normalisation, terms and the CJK index (shipboard/search_text.hpp),
// used by the server's full-text index and query and by the client's live filter. Input: the
// first line is the query, the rest the indexed text (no newline: both are the whole input).
// Checked: outputs are valid UTF-8 whatever the input; normalising is idempotent (a folded
// query finds folded text); terms are unique, non-empty and space-free; a text matches a
// query made of itself; every index token of a text's own query is among its index tokens,
// so the server finds every item by any of its words or CJK runs.
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/search_text.hpp"

namespace {

using namespace shipboard;

std::set<std::string> split_spaces(const std::string& s) {
  std::set<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto sp = s.find(' ', pos);
    if (sp == std::string::npos) sp = s.size();
    std::string tok = s.substr(pos, sp - pos);
    FUZZ_CHECK(!tok.empty() || s.empty());  // no double, leading or trailing spaces
    if (!tok.empty()) out.insert(tok);
    pos = sp + 1;
  }
  return out;
}

void check_terms(const std::vector<std::string>& terms) {
  std::set<std::string> seen;
  for (const auto& t : terms) {
    FUZZ_CHECK(!t.empty());
    FUZZ_CHECK(t.find(' ') == std::string::npos);
    FUZZ_CHECK(is_valid_utf8(t));
    FUZZ_CHECK(seen.insert(t).second);  // no duplicates
  }
}

void check_one(std::string_view text) {
  std::string norm = normalize_for_search(text);
  FUZZ_CHECK(is_valid_utf8(norm));
  FUZZ_CHECK(normalize_for_search(norm) == norm);
  if (is_valid_utf8(text)) FUZZ_CHECK(utf8_length(norm) == utf8_length(text));

  auto terms = search_terms(text);
  check_terms(terms);
  FUZZ_CHECK(search_terms(norm) == terms);
  FUZZ_CHECK(matches_query(text, text));
  for (const auto& t : terms) FUZZ_CHECK(matches_query(text, t));

  std::string index = search_index_text(text);
  FUZZ_CHECK(is_valid_utf8(index));
  auto index_set = split_spaces(index);
  std::string grams = cjk_grams(text);
  FUZZ_CHECK(is_valid_utf8(grams));
  for (const auto& g : split_spaces(grams)) FUZZ_CHECK(index_set.count(g) == 1);

  auto tokens = index_query_tokens(text);
  check_terms(tokens);
  for (const auto& tok : tokens) FUZZ_CHECK(index_set.count(tok) == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view query = in, text = in;
  if (auto nl = in.find('\n'); nl != std::string_view::npos) {
    query = in.substr(0, nl);
    text = in.substr(nl + 1);
  }
  check_one(text);
  if (query.data() != text.data()) check_one(query);

  // The query against the text: the client filter and the server tokens agree on emptiness,
  // and a query whose every index token is in the text's index is what the server returns.
  auto terms = search_terms(query);
  auto tokens = index_query_tokens(query);
  FUZZ_CHECK(terms.empty() == tokens.empty());
  if (terms.empty()) FUZZ_CHECK(matches_query(text, query));
  (void)fold_codepoint(static_cast<std::uint32_t>(size) * 2654435761u);  // any value folds
  return 0;
}

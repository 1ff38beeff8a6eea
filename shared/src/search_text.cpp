// Search normalisation (width, case, Traditional -> Simplified), terms and CJK n-grams.
// The folding table is generated into the build directory (shipboard/fold_table.hpp).
#include "shipboard/search_text.hpp"

#include <algorithm>

#include "shipboard/fold_table.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard {
namespace {

std::uint32_t lower(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp < 0xC0) return cp;
  if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 0x20;  // Latin-1 (not ×)
  if (cp >= 0x0100 && cp <= 0x017F) {                  // Latin Extended-A
    if (cp == 0x0130) return 'i';
    if (cp == 0x0178) return 0xFF;
    bool even_upper =
        (cp <= 0x012F) || (cp >= 0x0132 && cp <= 0x0137) || (cp >= 0x014A && cp <= 0x0177);
    bool odd_upper = (cp >= 0x0139 && cp <= 0x0148) || (cp >= 0x0179 && cp <= 0x017E);
    if ((even_upper && cp % 2 == 0) || (odd_upper && cp % 2 == 1)) return cp + 1;
    return cp;
  }
  if (cp >= 0x0370 && cp <= 0x03FF) {  // Greek
    if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2) return cp + 0x20;
    if (cp == 0x0386) return 0x03AC;
    if (cp >= 0x0388 && cp <= 0x038A) return cp + 0x25;
    if (cp == 0x038C) return 0x03CC;
    if (cp == 0x038E || cp == 0x038F) return cp + 0x3F;
    if (cp == 0x03C2) return 0x03C3;  // final sigma folds to sigma
    return cp;
  }
  if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;  // Cyrillic
  if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;
  return cp;
}

std::uint32_t trad_to_simp(std::uint32_t cp) {
  using generated::kFoldPairs;
  const auto* end = kFoldPairs + generated::kFoldPairCount;
  const auto* it =
      std::lower_bound(kFoldPairs, end, cp,
                       [](const generated::FoldPair& p, std::uint32_t v) { return p.from < v; });
  return (it != end && it->from == cp) ? it->to : cp;
}

bool is_separator(std::uint32_t cp) {
  if (cp < 0x80) {
    bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    return !alnum;
  }
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return true;  // Latin-1 punctuation, × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return true;           // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return true;           // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return true;           // CJK compatibility forms
  if (cp >= 0xFF00 && cp <= 0xFF65) return true;           // remaining full-width punctuation
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return true;         // emoji and pictographs
  if (cp == 0xFFFD || cp == 0xFEFF) return true;
  return false;
}

enum class Run { none, word, cjk };

Run class_of(std::uint32_t cp) {
  if (is_separator(cp)) return Run::none;
  return is_cjk(cp) ? Run::cjk : Run::word;
}

struct Term {
  std::vector<std::uint32_t> cps;
  Run kind;
};

// Folded runs of `text`, in order (duplicates kept).
std::vector<Term> runs(std::string_view text) {
  std::vector<Term> out;
  Term cur{{}, Run::none};
  auto flush = [&] {
    if (!cur.cps.empty()) out.push_back(cur);
    cur.cps.clear();
    cur.kind = Run::none;
  };
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = decode_utf8(text, i);
    if (cp == kInvalidCodePoint) continue;  // dropped, as in normalize_for_search (not a separator)
    cp = fold_codepoint(cp);
    Run k = class_of(cp);
    if (k != cur.kind) flush();
    if (k == Run::none) continue;
    cur.kind = k;
    cur.cps.push_back(cp);
  }
  flush();
  return out;
}

std::string encode(const std::uint32_t* cps, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) append_utf8(s, cps[i]);
  return s;
}

void push_unique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

void add_grams(const Term& t, std::vector<std::string>& out) {
  for (std::size_t i = 0; i < t.cps.size(); ++i) push_unique(out, encode(&t.cps[i], 1));
  for (std::size_t i = 0; i + 1 < t.cps.size(); ++i) push_unique(out, encode(&t.cps[i], 2));
}

}  // namespace

bool is_cjk(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) ||  // Hangul Jamo
         (cp >= 0x2E80 && cp <= 0x2FDF) ||  // CJK radicals
         (cp >= 0x3040 && cp <= 0x30FF) ||  // Hiragana, Katakana
         (cp >= 0x3100 && cp <= 0x318F) ||  // Bopomofo, Hangul compatibility Jamo
         (cp >= 0x31A0 && cp <= 0x31FF) ||  // Bopomofo ext., Katakana ext.
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // CJK ext. A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||  // Hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // CJK compatibility ideographs
         (cp >= 0xFF66 && cp <= 0xFF9F) ||  // half-width Katakana
         (cp >= 0x20000 && cp <= 0x3134F);  // CJK ext. B..G
}

std::uint32_t fold_codepoint(std::uint32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp == 0x3000) cp = 0x20;
  cp = lower(cp);
  return cp >= 0x3400 ? trad_to_simp(cp) : cp;
}

namespace {
// The one Traditional code point that folds to `cp`, or `cp` when none or several do.
std::uint32_t simp_to_trad(std::uint32_t cp) {
  std::uint32_t found = cp;
  int n = 0;
  for (std::uint32_t i = 0; i < generated::kFoldPairCount; ++i) {
    if (generated::kFoldPairs[i].to != cp) continue;
    found = generated::kFoldPairs[i].from;
    if (++n > 1) return cp;
  }
  return found;
}

template <class Map>
std::string convert_cjk(std::string_view text, Map map) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    const std::uint32_t cp = decode_utf8(text, i);
    if (cp == kInvalidCodePoint || !is_cjk(cp)) {
      out.append(text.substr(start, i - start));
    } else {
      append_utf8(out, map(cp));
    }
  }
  return out;
}
}  // namespace

std::string to_simplified(std::string_view text) {
  return convert_cjk(text, trad_to_simp);
}

std::string to_traditional(std::string_view text) {
  return convert_cjk(text, simp_to_trad);
}

std::size_t fold_table_size() {
  return generated::kFoldPairCount;
}

std::string normalize_for_search(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = decode_utf8(text, i);
    if (cp != kInvalidCodePoint) append_utf8(out, fold_codepoint(cp));
  }
  return out;
}

std::vector<std::string> search_terms(std::string_view query) {
  std::vector<std::string> out;
  for (const auto& t : runs(query)) push_unique(out, encode(t.cps.data(), t.cps.size()));
  return out;
}

std::string cjk_grams(std::string_view text) {
  std::vector<std::string> grams;
  for (const auto& t : runs(text))
    if (t.kind == Run::cjk) add_grams(t, grams);
  return join(grams);
}

std::string search_index_text(std::string_view text) {
  std::vector<std::string> tokens;
  auto all = runs(text);
  for (const auto& t : all)
    if (t.kind == Run::word) push_unique(tokens, encode(t.cps.data(), t.cps.size()));
  for (const auto& t : all)
    if (t.kind == Run::cjk) add_grams(t, tokens);
  return join(tokens);
}

std::vector<std::string> index_query_tokens(std::string_view query) {
  std::vector<std::string> out;
  for (const auto& t : runs(query)) {
    if (t.kind == Run::word || t.cps.size() <= 2) {
      push_unique(out, encode(t.cps.data(), t.cps.size()));
    } else {
      for (std::size_t i = 0; i + 1 < t.cps.size(); ++i) push_unique(out, encode(&t.cps[i], 2));
    }
  }
  return out;
}

std::vector<std::string> similarity_tokens(std::string_view text) {
  std::vector<std::string> out = index_query_tokens(text);
  std::sort(out.begin(), out.end());
  return out;
}

double similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t shared = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++shared, ++i, ++j;
    }
  }
  const std::size_t all = a.size() + b.size() - shared;
  return all == 0 ? 0.0 : double(shared) / double(all);
}

bool matches_query(std::string_view text, std::string_view query) {
  auto terms = search_terms(query);
  if (terms.empty()) return true;
  std::string hay = normalize_for_search(text);
  return std::all_of(terms.begin(), terms.end(),
                     [&](const std::string& t) { return hay.find(t) != std::string::npos; });
}

}  // namespace shipboard

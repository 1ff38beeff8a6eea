// The product words sales and PMs use for the same thing in English and in Chinese (直播 and
// "live streaming", 匯出 and "export"), so a request typed in one language finds the item
// filed in the other: each text gets the concepts it names, and two titles are alike by their
// shared words and characters or by their shared concepts, whichever says more. Pure; the
// glossary is a constant table, written already folded (lower case, Simplified).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shipboard {

// One name of a concept: an English phrase (words separated by one space) or a Chinese term,
// written as normalize_for_search folds it (core_tests checks that).
struct GlossaryTerm {
  std::string_view concept_id;
  std::string_view term;
};
std::span<const GlossaryTerm> glossary();

// The ids of the concepts `text` names, sorted, without duplicates.
std::vector<std::string> concepts_of(std::string_view text);

// What the likeness of two titles is computed from: their similarity tokens and concepts.
struct TitleFingerprint {
  std::vector<std::string> tokens;    // similarity_tokens
  std::vector<std::string> concepts;  // concepts_of
};
TitleFingerprint fingerprint(std::string_view title);

// How alike two titles are, 0..1: the Jaccard index of their tokens, or 0.9 × that of their
// concepts when that is higher (a translation shares concepts, not characters).
double title_likeness(const TitleFingerprint& a, const TitleFingerprint& b);

}  // namespace shipboard

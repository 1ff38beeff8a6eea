// The enablement pack's rules, pure: which language of an item's customer answer a customer
// gets (their own, else the other Chinese script converted with the search folding table,
// else the board's main answer, saying when it fell back), which items of a release go into
// its pack, the order a rep tells a customer's contacts in, and which answer-library entries
// go beside an item. The server gathers the rows; these functions decide.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "shipboard/model.hpp"

namespace shipboard {

// A customer answer chosen for a reader.
struct LangText {
  std::string text;
  std::string lang;                          // the language `text` is in
  bool fell_back = false;                    // not an answer written in the wanted language
  std::optional<std::string> fallback_from;  // when fell_back: the language it was made from
  bool operator==(const LangText&) const = default;
};

// The answer of `item` for a reader of `lang`:
//  1. the one written in `lang`: customer_answers[lang], else the main customer_answer when
//     `lang` is the board's (not fell back);
//  2. zh-Hans <-> zh-Hant: the one written in the other Chinese script, converted
//     (to_simplified / to_traditional): lang = `lang`, fell back from the other script;
//  3. the main customer_answer: lang = `board_lang`, fell back from `board_lang`.
// Empty texts count as not written. When nothing is written at all: text "", lang `lang`, not
// fell back. An unknown `lang` reads as `board_lang`.
LangText answer_for_lang(const Item& item, std::string_view lang,
                         std::string_view board_lang = kBoardLang);

// Whether an item is in its release's pack: an item of the release (not merged away) that has
// shipped, or any not declined item of it once the release is released.
bool in_enablement_pack(const Item& item, const Release& release);

// The order a rep tells a customer's people in: decision makers, then champions, then critics
// (each kept in the order they were entered).
std::vector<Contact> contacts_in_telling_order(const std::vector<Contact>& contacts);

// The answer-library entries to show beside an item for a reader of `lang`: the entries in
// `lang` when there are any, else all of them (at most `limit`, in the order given).
std::vector<LibraryAnswer> faq_for_lang(const std::vector<LibraryAnswer>& entries,
                                        std::string_view lang, std::size_t limit = 10);

// What a re-tell prompt says (the told.stale inbox entry's payload, an entry of GET
// /api/v1/me/retell): what was told then and what is true now:
//   {customer_id, customer_name, item_id, item_title, told_id, told_text, told_lang, told_at,
//    then: {status, eta, release_id, commitment}, now: {status, eta, release_id, commitment,
//    customer_answer (in the told language: answer_for_lang), lang}}
nlohmann::json retell_json(const Told& told, std::string_view customer_name, const Item& item);

}  // namespace shipboard

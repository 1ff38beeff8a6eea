// The enablement pack's rules: answer language with fallback, pack membership, contact order
// and FAQ choice (see enablement.hpp).
#include "shipboard/enablement.hpp"

#include "shipboard/search_text.hpp"

namespace shipboard {
namespace {

// The answer written in `lang`, "" when none.
std::string written_in(const Item& item, std::string_view lang, std::string_view board_lang) {
  auto it = item.customer_answers.find(std::string(lang));
  if (it != item.customer_answers.end() && !it->second.empty()) return it->second;
  if (lang == board_lang) return item.customer_answer;
  return "";
}

}  // namespace

LangText answer_for_lang(const Item& item, std::string_view lang, std::string_view board_lang) {
  if (!is_valid_lang(lang)) lang = board_lang;
  if (auto text = written_in(item, lang, board_lang); !text.empty())
    return {std::move(text), std::string(lang), false, std::nullopt};
  if (lang == "zh-Hans" || lang == "zh-Hant") {
    const std::string_view other = lang == "zh-Hans" ? "zh-Hant" : "zh-Hans";
    if (auto text = written_in(item, other, board_lang); !text.empty()) {
      std::string converted = lang == "zh-Hans" ? to_simplified(text) : to_traditional(text);
      return {std::move(converted), std::string(lang), true, std::string(other)};
    }
  }
  if (!item.customer_answer.empty())
    return {item.customer_answer, std::string(board_lang), true, std::string(board_lang)};
  return {"", std::string(lang), false, std::nullopt};
}

bool in_enablement_pack(const Item& item, const Release& release) {
  if (item.release_id != release.id || item.merged_into) return false;
  if (item.status == ItemStatus::shipped) return true;
  return release.state == ReleaseState::released && item.status != ItemStatus::declined;
}

std::vector<Contact> contacts_in_telling_order(const std::vector<Contact>& contacts) {
  std::vector<Contact> out;
  out.reserve(contacts.size());
  for (ContactRole role : {ContactRole::decision_maker, ContactRole::champion, ContactRole::critic})
    for (const auto& c : contacts)
      if (c.role == role) out.push_back(c);
  return out;
}

std::vector<LibraryAnswer> faq_for_lang(const std::vector<LibraryAnswer>& entries,
                                        std::string_view lang, std::size_t limit) {
  bool any_in_lang = false;
  for (const auto& e : entries) any_in_lang = any_in_lang || e.lang == lang;
  std::vector<LibraryAnswer> out;
  for (const auto& e : entries) {
    if (out.size() >= limit) break;
    if (!any_in_lang || e.lang == lang) out.push_back(e);
  }
  return out;
}

nlohmann::json retell_json(const Told& t, std::string_view customer_name, const Item& item) {
  using nlohmann::json;
  const LangText now_text = answer_for_lang(item, t.lang.empty() ? kBoardLang : t.lang);
  auto eta = [](const std::optional<Eta>& e) { return e ? json(e->text) : json(nullptr); };
  auto id = [](const std::optional<Id>& v) { return v ? json(*v) : json(nullptr); };
  json then = {{"status", nullptr}, {"eta", nullptr}, {"release_id", nullptr}};
  if (t.basis) {
    then["status"] = to_string(t.basis->status);
    then["eta"] = eta(t.basis->eta);
    then["release_id"] = id(t.basis->release_id);
  }
  then["commitment"] = t.commitment ? json(to_string(*t.commitment)) : json(nullptr);
  return {{"customer_id", t.customer_id},
          {"customer_name", std::string(customer_name)},
          {"item_id", item.id},
          {"item_title", item.title},
          {"told_id", t.id},
          {"told_text", t.text},
          {"told_lang", t.lang.empty() ? json(nullptr) : json(t.lang)},
          {"told_at", t.created_at},
          {"then", std::move(then)},
          {"now",
           {{"status", to_string(item.status)},
            {"eta", eta(item.eta)},
            {"release_id", id(item.release_id)},
            {"commitment", to_string(item.commitment)},
            {"customer_answer", now_text.text},
            {"lang", now_text.lang}}}};
}

}  // namespace shipboard

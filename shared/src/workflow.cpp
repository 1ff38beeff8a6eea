// Status transitions, answer staleness, create/patch application and change summaries.
//
// Index: [SECTION] Status  [SECTION] Staleness  [SECTION] Items  [SECTION] Changes
//        [SECTION] Other entities
#include "shipboard/workflow.hpp"

#include "shipboard/codec.hpp"
#include "shipboard/enablement.hpp"
#include "shipboard/json_reader.hpp"

namespace shipboard {
namespace {

using nlohmann::json;

int rank(ItemStatus s) {
  switch (s) {
    case ItemStatus::under_review:
      return 0;
    case ItemStatus::planned:
      return 1;
    case ItemStatus::in_progress:
      return 2;
    case ItemStatus::beta:
      return 3;
    case ItemStatus::shipped:
      return 4;
    case ItemStatus::declined:
      return -1;
  }
  return -1;
}

json opt_id(const std::optional<Id>& v) {
  return v ? json(*v) : json(nullptr);
}
json opt_eta(const std::optional<Eta>& e) {
  return e ? json(e->text) : json(nullptr);
}

// Cuts a valid UTF-8 string to at most n code points.
std::string cut(std::string_view s, std::size_t n) {
  std::size_t count = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == n) break;
      ++count;
    }
  }
  return std::string(s.substr(0, i));
}

}  // namespace

// [SECTION] Status ------------------------------------------------------------------------------
bool transition_allowed(ItemStatus from, ItemStatus to) {
  if (from == to) return true;
  if (from == ItemStatus::shipped) return false;
  if (to == ItemStatus::declined) return true;
  if (from == ItemStatus::declined) return to == ItemStatus::under_review;
  if (rank(to) > rank(from)) return true;  // forward, skipping allowed
  return to != ItemStatus::shipped;        // backward among under_review..beta
}

std::vector<ItemStatus> allowed_next_statuses(ItemStatus from) {
  std::vector<ItemStatus> out;
  for (ItemStatus s : kAllItemStatuses)
    if (s != from && transition_allowed(from, s)) out.push_back(s);
  return out;
}

// [SECTION] Staleness ---------------------------------------------------------------------------
AnswerBasis current_basis(const Item& item) {
  return AnswerBasis{item.status, item.release_id, item.eta};
}

bool answer_stale(const Item& item) {
  if (item.customer_answer.empty()) return false;
  return !item.answer_basis || *item.answer_basis != current_basis(item);
}

bool told_stale(const Told& told, const Item& item) {
  if (!told.answer_id) {
    const std::string& now_text =
        told.lang.empty() ? item.customer_answer : answer_for_lang(item, told.lang).text;
    if (told.text != now_text) return true;
  }
  if (told.commitment && *told.commitment != item.commitment) return true;
  return !told.basis || *told.basis != current_basis(item);
}

// [SECTION] Items -------------------------------------------------------------------------------
Decoded<Item> make_item(const CreateItem& c, Id id, Id created_by, std::string_view now) {
  Item it;
  it.id = id;
  it.kind = c.kind;
  it.title = c.title;
  it.description = c.description;
  it.area = c.area;
  it.status = c.status.value_or(ItemStatus::under_review);
  it.release_id = c.release_id;
  it.eta = c.eta;
  it.commitment = c.commitment.value_or(Commitment::none);
  it.customer_answer = c.customer_answer.value_or("");
  if (c.customer_answers) it.customer_answers = *c.customer_answers;
  it.internal_note = c.internal_note.value_or("");
  it.owner_id = c.owner_id;
  it.created_by = created_by;
  it.version = 1;
  it.created_at = std::string(now);
  it.updated_at = std::string(now);
  if (it.commitment == Commitment::committed && !it.eta)
    return Decoded<Item>::failure({{"commitment", "needs an ETA to be committed"}});
  if (!it.customer_answer.empty()) it.answer_basis = current_basis(it);
  it.answer_stale = answer_stale(it);
  return Decoded<Item>::success(std::move(it));
}

Decoded<Item> apply_patch(const Item& item, const PatchItem& p, std::string_view now) {
  if (item.merged_into)
    return Decoded<Item>::failure(
        {{"merged_into", "was merged; edit the item it was merged into"}});
  FieldErrors errors;
  Item it = item;
  if (p.kind) it.kind = *p.kind;
  if (p.title) it.title = *p.title;
  if (p.description) it.description = *p.description;
  if (p.area) it.area = *p.area;
  if (p.status) {
    if (!transition_allowed(item.status, *p.status)) {
      errors.push_back({"status", "cannot change from " + std::string(to_string(item.status)) +
                                      " to " + std::string(to_string(*p.status))});
    }
    it.status = *p.status;
  }
  if (p.release_id) it.release_id = *p.release_id;
  if (p.eta) it.eta = *p.eta;
  if (p.commitment) it.commitment = *p.commitment;
  if (p.customer_answer) it.customer_answer = *p.customer_answer;
  if (p.customer_answers) it.customer_answers = *p.customer_answers;
  if (p.internal_note) it.internal_note = *p.internal_note;
  if (p.owner_id) it.owner_id = *p.owner_id;

  if (it.commitment == Commitment::committed && !it.eta) {
    if (p.commitment == Commitment::committed)
      errors.push_back({"commitment", "needs an ETA to be committed"});
    else
      errors.push_back({"eta", "cannot be cleared while the commitment is committed"});
  }
  if (p.confirm_answer && it.customer_answer.empty())
    errors.push_back({"confirm_answer", "there is no customer answer to confirm"});
  if (!errors.empty()) return Decoded<Item>::failure(std::move(errors));

  if (p.customer_answer || p.confirm_answer) {
    if (it.customer_answer.empty())
      it.answer_basis.reset();
    else
      it.answer_basis = current_basis(it);
  }
  it.answer_stale = answer_stale(it);
  if (diff_items(item, it).any()) {
    it.version = item.version + 1;
    it.updated_at = std::string(now);
  }
  return Decoded<Item>::success(std::move(it));
}

FieldErrors check_merge(const Item& from, const Item& into) {
  if (from.id == into.id) return {{"into", "must be a different item"}};
  if (from.merged_into) return {{"into", "this item was already merged"}};
  if (into.merged_into) return {{"into", "that item was itself merged; merge into its target"}};
  if (into.status == ItemStatus::declined) return {{"into", "cannot merge into a declined item"}};
  return {};
}

// [SECTION] Changes -----------------------------------------------------------------------------
std::vector<std::string> ItemChanges::fields() const {
  std::vector<std::string> out;
  if (status) out.push_back("status");
  if (release_id) out.push_back("release_id");
  if (eta) out.push_back("eta");
  if (commitment) out.push_back("commitment");
  if (customer_answer) out.push_back("customer_answer");
  out.insert(out.end(), other_fields.begin(), other_fields.end());
  return out;
}

ItemChanges diff_items(const Item& a, const Item& b) {
  ItemChanges c;
  c.status = a.status != b.status;
  c.release_id = a.release_id != b.release_id;
  c.eta = a.eta != b.eta;
  c.commitment = a.commitment != b.commitment;
  // The answer in another language is the answer too: followers and tellers hear of it.
  c.customer_answer =
      a.customer_answer != b.customer_answer || a.customer_answers != b.customer_answers;
  c.answer_confirmed =
      !c.customer_answer && a.answer_basis != b.answer_basis && !b.customer_answer.empty();
  c.became_stale = !a.answer_stale && b.answer_stale;
  if (a.kind != b.kind) c.other_fields.push_back("kind");
  if (a.title != b.title) c.other_fields.push_back("title");
  if (a.description != b.description) c.other_fields.push_back("description");
  if (a.area != b.area) c.other_fields.push_back("area");
  if (a.internal_note != b.internal_note) c.other_fields.push_back("internal_note");
  if (a.owner_id != b.owner_id) c.other_fields.push_back("owner_id");
  if (a.merged_into != b.merged_into) c.other_fields.push_back("merged_into");
  return c;
}

json changes_to_json(const Item& a, const Item& b) {
  json out = json::object();
  auto pair = [&](const char* key, json from, json to) {
    if (from != to) out[key] = json{{"from", std::move(from)}, {"to", std::move(to)}};
  };
  pair("status", std::string(to_string(a.status)), std::string(to_string(b.status)));
  pair("release_id", opt_id(a.release_id), opt_id(b.release_id));
  pair("eta", opt_eta(a.eta), opt_eta(b.eta));
  pair("commitment", std::string(to_string(a.commitment)), std::string(to_string(b.commitment)));
  pair("customer_answer", a.customer_answer, b.customer_answer);
  pair("customer_answers", json(a.customer_answers), json(b.customer_answers));
  pair("kind", std::string(to_string(a.kind)), std::string(to_string(b.kind)));
  pair("title", a.title, b.title);
  pair("area", a.area, b.area);
  pair("owner_id", opt_id(a.owner_id), opt_id(b.owner_id));
  pair("merged_into", opt_id(a.merged_into), opt_id(b.merged_into));
  if (a.description != b.description) out["description"] = json{{"changed", true}};
  if (a.internal_note != b.internal_note) out["internal_note"] = json{{"changed", true}};
  if (a.answer_stale != b.answer_stale) pair("answer_stale", a.answer_stale, b.answer_stale);
  return out;
}

EventType event_type_for(const ItemChanges& c) {
  if (c.status) return EventType::item_status_changed;
  if (c.eta || c.release_id || c.commitment) return EventType::item_eta_changed;
  if (c.customer_answer) return EventType::item_answer_changed;
  if (c.answer_confirmed) return EventType::item_answer_confirmed;
  return EventType::item_updated;
}

// [SECTION] Other entities ----------------------------------------------------------------------
Release make_release(const CreateRelease& c, Id id, std::string_view now) {
  Release r;
  r.id = id;
  r.name = c.name;
  r.planned_date = c.planned_date;
  r.shipped_date = c.shipped_date.value_or("");
  r.state = c.state;
  r.notes = c.notes;
  r.faq = c.faq;
  r.created_at = r.updated_at = std::string(now);
  return r;
}

Decoded<Release> apply_patch(const Release& release, const PatchRelease& p, std::string_view now) {
  Release r = release;
  if (p.name) r.name = *p.name;
  if (p.planned_date) r.planned_date = *p.planned_date;
  if (p.shipped_date) r.shipped_date = p.shipped_date->value_or("");
  if (p.state) r.state = *p.state;
  if (p.notes) r.notes = *p.notes;
  if (p.faq) r.faq = *p.faq;
  if (r.state == ReleaseState::released && r.shipped_date.empty())
    return Decoded<Release>::failure({{"shipped_date", "is required when state is released"}});
  if (!(r == release)) {
    r.version = release.version + 1;
    r.updated_at = std::string(now);
  }
  return Decoded<Release>::success(std::move(r));
}

namespace {
FieldErrors check_channel(const Customer& c) {
  if (c.channel == Channel::partner && !c.partner_id)
    return {{"partner_id", "is required when channel is partner"}};
  if (c.channel == Channel::direct && c.partner_id)
    return {{"partner_id", "must be null unless channel is partner"}};
  if (c.partner_id && *c.partner_id == c.id)
    return {{"partner_id", "a customer cannot be its own partner"}};
  return {};
}
}  // namespace

Decoded<Customer> make_customer(const CreateCustomer& cmd, Id id, Id actor, std::string_view now) {
  Customer c;
  c.id = id;
  c.name = cmd.name;
  c.annual_value = cmd.annual_value;
  c.channel = cmd.channel;
  c.partner_id = cmd.partner_id;
  c.owner_id = cmd.owner_id ? cmd.owner_id : std::optional<Id>(actor);
  c.contacts = cmd.contacts;
  c.lang = cmd.lang.value_or(std::string(kBoardLang));
  c.created_at = c.updated_at = std::string(now);
  if (auto e = check_channel(c); !e.empty()) return Decoded<Customer>::failure(std::move(e));
  return Decoded<Customer>::success(std::move(c));
}

Decoded<Customer> apply_patch(const Customer& customer, const PatchCustomer& p,
                              std::string_view now) {
  Customer c = customer;
  if (p.name) c.name = *p.name;
  if (p.annual_value) c.annual_value = *p.annual_value;
  if (p.channel) c.channel = *p.channel;
  if (p.partner_id) c.partner_id = *p.partner_id;
  if (p.channel == Channel::direct && !p.partner_id) c.partner_id.reset();  // switching to direct
  if (p.owner_id) c.owner_id = *p.owner_id;
  if (p.contacts) c.contacts = *p.contacts;
  if (p.lang) c.lang = *p.lang;
  if (auto e = check_channel(c); !e.empty()) return Decoded<Customer>::failure(std::move(e));
  if (!(c == customer)) {
    c.version = customer.version + 1;
    c.updated_at = std::string(now);
  }
  return Decoded<Customer>::success(std::move(c));
}

LibraryAnswer make_library_answer(const CreateLibraryAnswer& c, Id id, Id author,
                                  std::string_view now) {
  LibraryAnswer a;
  a.id = id;
  a.title = c.title;
  a.body = c.body;
  a.tags = c.tags;
  a.item_id = c.item_id;
  a.lang = c.lang;
  a.author_id = author;
  a.created_at = a.updated_at = std::string(now);
  return a;
}

LibraryAnswer apply_patch(const LibraryAnswer& answer, const PatchLibraryAnswer& p,
                          std::string_view now) {
  LibraryAnswer a = answer;
  if (p.title) a.title = *p.title;
  if (p.body) a.body = *p.body;
  if (p.tags) a.tags = *p.tags;
  if (p.item_id) a.item_id = *p.item_id;
  if (p.lang) a.lang = *p.lang;
  if (!(a == answer)) {
    a.version = answer.version + 1;
    a.updated_at = std::string(now);
  }
  return a;
}

Question make_question(const CreateQuestion& c, Id id, Id asked_by, std::string_view now) {
  Question q;
  q.id = id;
  q.item_id = c.item_id;
  q.release_id = c.release_id;
  q.customer_id = c.customer_id;
  q.body = c.body;
  q.asked_by = asked_by;
  q.created_at = std::string(now);
  return q;
}

Question add_answer(const Question& question, const AnswerQuestion& c, Id answer_id, Id author,
                    std::string_view now) {
  Question q = question;
  q.answers.push_back(Answer{answer_id, q.id, c.body, author, std::string(now)});
  if (q.state == QuestionState::open) {
    q.state = QuestionState::answered;
    q.answered_at = std::string(now);
  }
  q.version = question.version + 1;
  return q;
}

LibraryAnswer library_entry_from_answer(const Question& question, const Answer& answer, Id id,
                                        std::string_view lang, std::string_view now) {
  LibraryAnswer a;
  a.id = id;
  a.title = cut(question.body, 80);
  a.body = answer.body;
  a.item_id = question.item_id;
  a.lang = is_valid_lang(lang) ? std::string(lang) : "zh-Hant";
  a.author_id = answer.author_id;
  a.created_at = a.updated_at = std::string(now);
  return a;
}

Told make_told(const CreateTold& c, Id id, Id user, const Item* item, const LibraryAnswer* answer,
               std::string_view now) {
  Told t;
  t.id = id;
  t.user_id = user;
  t.customer_id = c.customer_id;
  t.item_id = c.item_id;
  t.answer_id = c.answer_id;
  if (answer != nullptr) {
    t.text = answer->body;
  } else if (item != nullptr) {
    t.lang = c.lang.value_or(std::string(kBoardLang));
    t.text = answer_for_lang(*item, t.lang).text;
  }
  if (item != nullptr) {
    t.basis = current_basis(*item);
    t.commitment = item->commitment;
  }
  t.created_at = std::string(now);
  return t;
}

User apply_patch(const User& user, const PatchUser& p) {
  User u = user;
  if (p.name) u.name = *p.name;
  if (p.role) u.role = *p.role;
  if (p.active) u.active = *p.active;
  if (p.email) u.email = *p.email;
  if (!(u == user) || p.password) u.version = user.version + 1;
  return u;
}

}  // namespace shipboard

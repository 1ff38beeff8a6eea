// Decoding (strict) and encoding of the commands clients send.
//
// Index: [SECTION] Field readers  [SECTION] Items  [SECTION] Questions and library
//        [SECTION] Releases and customers  [SECTION] Users, tokens, inbox  [SECTION] The outbox
//        [SECTION] Encoding
#include "shipboard/commands.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>

#include "shipboard/codec.hpp"
#include "shipboard/json_reader.hpp"

namespace shipboard {
namespace {

using nlohmann::json;

// [SECTION] Field readers ---------------------------------------------------------------------
// A JsonReader plus the domain's value types. Null is accepted only by the *_nullable reads
// (and by optional ids/ETAs/dates of create commands, where null means "not given").
class Fields {
 public:
  Fields(const json& j, FieldErrors& errors, std::string prefix = "")
      : r_(j, errors, std::move(prefix)) {}

  bool null_given(std::string_view key) {
    const json* v = r_.raw(key);
    if (v != nullptr && v->is_null()) {
      r_.error(r_.path(key), "must not be null");
      return true;
    }
    return false;
  }
  // A list of 1..limit positive ids.
  std::optional<std::vector<Id>> ids(std::string_view key, std::size_t limit, FieldErrors& errors) {
    if (null_given(key)) return std::nullopt;
    const json* v = r_.raw(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_array() || v->empty() || v->size() > limit) {
      error(key, "must be a list of 1 to " + std::to_string(limit) + " ids");
      return std::nullopt;
    }
    std::vector<Id> out;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const json& n = (*v)[i];
      std::int64_t id = 0;
      if (n.is_number_unsigned() && n.get<std::uint64_t>() <= (std::uint64_t{1} << 53)) {
        id = static_cast<std::int64_t>(n.get<std::uint64_t>());
      } else if (n.is_number_integer() && !n.is_number_unsigned()) {
        id = n.get<std::int64_t>();
      }
      if (id < 1 || id > (std::int64_t{1} << 53)) {
        errors.push_back(
            {r_.path(key) + "[" + std::to_string(i) + "]", "must be a positive integer id"});
        continue;
      }
      out.push_back(id);
    }
    return out;
  }
  void error(std::string_view key, std::string message) {
    r_.error(r_.path(key), std::move(message));
  }

  std::optional<std::string> text(std::string_view key, bool required, std::size_t max_len,
                                  bool allow_empty = false) {
    if (null_given(key)) return std::nullopt;
    return r_.text(key, required, max_len, allow_empty);
  }
  std::optional<bool> boolean(std::string_view key, bool required) {
    if (null_given(key)) return std::nullopt;
    return r_.boolean(key, required);
  }
  std::optional<Id> id(std::string_view key, bool required) {
    if (null_given(key)) return std::nullopt;
    return r_.id(key, required);
  }
  Clearable<Id> id_nullable(std::string_view key) { return r_.id_nullable(key); }
  // Optional id where null means "not given".
  std::optional<Id> id_or_null(std::string_view key) {
    auto v = r_.id_nullable(key);
    return v ? *v : std::nullopt;
  }

  template <class E, class Parse>
  std::optional<E> enumv(std::string_view key, bool required, Parse parse,
                         const std::string& allowed) {
    auto s = text(key, required, 64);
    if (!s) return std::nullopt;
    auto v = parse(*s);
    if (!v) error(key, "must be one of: " + allowed);
    return v;
  }

  std::optional<std::string> date(std::string_view key, bool required) {
    auto s = text(key, required, 10);
    if (s && !is_valid_date(*s)) {
      error(key, "must be a date YYYY-MM-DD");
      return std::nullopt;
    }
    return s;
  }
  Clearable<std::string> date_nullable(std::string_view key) {
    auto s = r_.text_nullable(key, 10);
    if (s && *s && !is_valid_date(**s)) {
      error(key, "must be a date YYYY-MM-DD");
      return std::nullopt;
    }
    return s;
  }
  Clearable<Eta> eta_nullable(std::string_view key) {
    auto s = r_.text_nullable(key, 10);
    if (!s) return std::nullopt;
    if (!*s) return std::optional<Eta>{};
    auto e = parse_eta(**s);
    if (!e) {
      error(key, "must be a date YYYY-MM-DD or a quarter YYYY-Qn");
      return std::nullopt;
    }
    return std::optional<Eta>{*e};
  }

  std::optional<Money> money(std::string_view key, bool required, FieldErrors& errors) {
    if (null_given(key)) return std::nullopt;
    const json* v = r_.raw(key);
    if (v == nullptr) {
      if (required && r_.is_object()) error(key, "is required");
      return std::nullopt;
    }
    auto m = decode_money(*v, r_.path(key));
    errors.insert(errors.end(), m.errors.begin(), m.errors.end());
    return m.ok() ? m.value : std::nullopt;
  }

  std::optional<std::vector<std::string>> tags(std::string_view key, FieldErrors& errors) {
    if (null_given(key)) return std::nullopt;
    const json* v = r_.raw(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_array()) {
      error(key, "must be a list of strings");
      return std::nullopt;
    }
    if (v->size() > limits::kMaxTags) {
      error(key, "must have at most " + std::to_string(limits::kMaxTags) + " entries");
      return std::nullopt;
    }
    std::vector<std::string> out;
    std::size_t before = errors.size();
    for (std::size_t i = 0; i < v->size(); ++i) {
      std::string field = r_.path(key) + "[" + std::to_string(i) + "]";
      const json& t = (*v)[i];
      if (!t.is_string()) {
        errors.push_back({field, "must be a string"});
        continue;
      }
      const auto& s = t.get_ref<const std::string&>();
      if (auto msg = check_text(s, limits::kTag, false); !msg.empty()) {
        errors.push_back({field, msg});
      } else if (std::find(out.begin(), out.end(), s) != out.end()) {
        errors.push_back({field, "is a duplicate"});
      } else {
        out.push_back(s);
      }
    }
    if (errors.size() != before) return std::nullopt;
    return out;
  }

  std::optional<std::vector<Contact>> contacts(std::string_view key, FieldErrors& errors) {
    if (null_given(key)) return std::nullopt;
    const json* v = r_.raw(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_array()) {
      error(key, "must be a list");
      return std::nullopt;
    }
    if (v->size() > limits::kMaxListEntries) {
      error(key, "must have at most " + std::to_string(limits::kMaxListEntries) + " entries");
      return std::nullopt;
    }
    std::vector<Contact> out;
    std::size_t before = errors.size();
    for (std::size_t i = 0; i < v->size(); ++i) {
      Fields f((*v)[i], errors, r_.path(key) + "[" + std::to_string(i) + "].");
      auto name = f.text("name", true, limits::kShortText);
      auto title = f.text("title", false, limits::kShortText, true);
      auto role = f.enumv<ContactRole>("role", true, parse_contact_role, spellings(ContactRole{}));
      f.finish();
      if (name && role) out.push_back(Contact{*name, title.value_or(""), *role});
    }
    if (errors.size() != before) return std::nullopt;
    return out;
  }

  // {"<lang>": "text", ...}: keys zh-Hant | zh-Hans | en, values 0..kLongText code points;
  // empty values are left out.
  std::optional<std::map<std::string, std::string>> lang_texts(std::string_view key,
                                                               FieldErrors& errors) {
    if (null_given(key)) return std::nullopt;
    const json* v = r_.raw(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_object()) {
      error(key, "must be an object of language (zh-Hant, zh-Hans, en) to text");
      return std::nullopt;
    }
    std::map<std::string, std::string> out;
    std::size_t before = errors.size();
    for (const auto& [lang, text] : v->items()) {
      std::string field = r_.path(key) + "." + lang;
      if (!is_valid_lang(lang)) {
        errors.push_back({field, "is not a language: use zh-Hant, zh-Hans or en"});
      } else if (!text.is_string()) {
        errors.push_back({field, "must be a string"});
      } else if (auto msg = check_text(text.get_ref<const std::string&>(), limits::kLongText,
                                       true);
                 !msg.empty()) {
        errors.push_back({field, msg});
      } else if (!text.get_ref<const std::string&>().empty()) {
        out[lang] = text.get<std::string>();
      }
    }
    if (errors.size() != before) return std::nullopt;
    return out;
  }

  const json* raw(std::string_view key) { return r_.raw(key); }
  Clearable<std::string> text_nullable(std::string_view key, std::size_t max_len) {
    return r_.text_nullable(key, max_len);
  }
  std::string path(std::string_view key) const { return r_.path(key); }

  void finish() { r_.reject_unknown(); }

 private:
  JsonReader r_;
};

template <class T>
Decoded<T> done(Fields& f, FieldErrors& errors, T value) {
  f.finish();
  if (!errors.empty()) return Decoded<T>::failure(std::move(errors));
  return Decoded<T>::success(std::move(value));
}

// A patch must change something: {} (or only false flags) is an error.
template <class T>
Decoded<T> done_patch(Fields& f, FieldErrors& errors, T value) {
  f.finish();
  if (errors.empty() && value.empty()) errors.push_back({"", "must change at least one field"});
  if (!errors.empty()) return Decoded<T>::failure(std::move(errors));
  return Decoded<T>::success(std::move(value));
}

std::optional<std::string> read_lang(Fields& f, bool required) {
  auto lang = f.text("lang", required, 16);
  if (lang && !is_valid_lang(*lang)) {
    f.error("lang", "must be one of: zh-Hant, zh-Hans, en");
    return std::nullopt;
  }
  return lang;
}

// The most common passwords of 8 or more characters (from the published breach top lists,
// shorter ones are refused by length anyway), lower case and sorted; compared ignoring ASCII
// case. OWASP ASVS level 1: refuse passwords that are known to be common.
constexpr std::string_view kCommonPasswords[] = {
    "00000000",      "000000000",   "0000000000",   "0123456789",   "11111111",   "111111111",
    "1111111111",    "11223344",    "112233445566", "12121212",     "123123123",  "12344321",
    "12345678",      "123456789",   "1234567890",   "12345678910",  "123456789a", "123456789q",
    "12345678a",     "12345678q",   "123456aa",     "123456abc",    "1234abcd",   "1234qwer",
    "123654789",     "123abc123",   "147258369",    "159753456",    "1q2w3e4r",   "1q2w3e4r5t",
    "1q2w3e4r5t6y",  "1qaz2wsx",    "1qazxsw2",     "5201314520",   "66666666",   "88888888",
    "987654321",     "9876543210",  "a12345678",    "a123456789",   "a1b2c3d4",   "aa123456",
    "aa12345678",    "abc12345",    "abc123456",    "abc123456789", "abc123abc",  "abcd1234",
    "abcd12345",     "abcdefg1",    "abcdefgh",     "abcdefghi",    "admin123",   "admin1234",
    "administrator", "alexander",   "arsenal1",     "asd123456",    "asdf1234",   "asdfghjk",
    "asdfghjkl",     "babygirl1",   "baseball",     "basketball",   "batman123",  "benjamin1",
    "blink182",      "butterfly",   "changeme",     "changeme1",    "charlie1",   "chelsea1",
    "chocolate",     "christopher", "computer",     "daniel12",     "default1",   "dragon12",
    "elizabeth",     "facebook1",   "flower12",     "football",     "fuckyou1",   "google123",
    "guest123",      "iloveyou",    "iloveyou1",    "iloveyou2",    "internet",   "jennifer",
    "jessica1",      "jonathan",    "jordan23",     "letmein!",     "letmein1",   "letmein123",
    "linkedin",      "liverpool",   "login123",     "lovely12",     "loveme12",   "master12",
    "michael1",      "michelle",    "midnight",     "minecraft",    "monkey12",   "mustang1",
    "myspace1",      "naruto123",   "nicole12",     "p@ssw0rd",     "p@ssword",   "passpass",
    "passw0rd",      "password",    "password!",    "password1",    "password12", "password123",
    "password1234",  "password@",   "pokemon1",     "princess",     "q1w2e3r4",   "q1w2e3r4t5",
    "qazwsxedc",     "qq123456",    "qwer1234",     "qwerty12",     "qwerty123",  "qwerty1234",
    "qwertyqwerty",  "qwertyui",    "qwertyuiop",   "rainbow1",     "root1234",   "samsung1",
    "secret123",     "shadow12",    "starwars",     "sunflower",    "sunshine",   "superman",
    "test1234",      "test12345",   "testtest",     "trustno1",     "welcome!",   "welcome1",
    "welcome123",    "whatever",    "woaini1314",   "woaini520",    "wpa12345",   "zaq12wsx",
    "zaq1zaq1",      "zxc123456",   "zxcvbnm1",     "zxcvbnm123",
};

bool is_common_password(std::string_view password) {
  std::string lower(password);
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return std::binary_search(std::begin(kCommonPasswords), std::end(kCommonPasswords),
                            std::string_view(lower));
}

std::optional<std::string> read_password(Fields& f, bool required) {
  auto p = f.text("password", required, limits::kMaxPassword, true);
  if (p && utf8_length(*p) < limits::kMinPassword) {
    f.error("password", "must be at least " + std::to_string(limits::kMinPassword) + " characters");
    return std::nullopt;
  }
  if (p && is_common_password(*p)) {
    f.error("password", "is one of the most common passwords; choose another");
    return std::nullopt;
  }
  return p;
}

}  // namespace

// [SECTION] Items -------------------------------------------------------------------------------
bool PatchItem::touches_author_fields() const {
  return title || description;
}
bool PatchItem::touches_pm_fields() const {
  return kind || area || status || release_id || eta || commitment || customer_answer ||
         customer_answers || internal_note || owner_id || confirm_answer;
}
bool PatchItem::empty() const {
  return !touches_author_fields() && !touches_pm_fields();
}

Decoded<CreateItem> decode_create_item(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateItem c;
  auto kind = f.enumv<ItemKind>("kind", false, parse_item_kind, spellings(ItemKind{}));
  auto title = f.text("title", true, limits::kShortText);
  auto description = f.text("description", false, limits::kLongText, true);
  auto area = f.text("area", false, limits::kShortText, true);
  c.status = f.enumv<ItemStatus>("status", false, parse_item_status, spellings(ItemStatus{}));
  c.release_id = f.id_or_null("release_id");
  auto eta = f.eta_nullable("eta");
  c.commitment =
      f.enumv<Commitment>("commitment", false, parse_commitment, spellings(Commitment{}));
  c.customer_answer = f.text("customer_answer", false, limits::kLongText, true);
  c.customer_answers = f.lang_texts("customer_answers", errors);
  c.internal_note = f.text("internal_note", false, limits::kLongText, true);
  c.owner_id = f.id_or_null("owner_id");
  c.kind = kind.value_or(ItemKind::feature);
  c.title = title.value_or("");
  c.description = description.value_or("");
  c.area = area.value_or("");
  if (eta) c.eta = *eta;
  if (c.commitment == Commitment::committed && !c.eta && errors.empty())
    f.error("commitment", "needs an ETA to be committed");
  return done(f, errors, std::move(c));
}

Decoded<PatchItem> decode_patch_item(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  PatchItem p;
  p.kind = f.enumv<ItemKind>("kind", false, parse_item_kind, spellings(ItemKind{}));
  p.title = f.text("title", false, limits::kShortText);
  p.description = f.text("description", false, limits::kLongText, true);
  p.area = f.text("area", false, limits::kShortText, true);
  p.status = f.enumv<ItemStatus>("status", false, parse_item_status, spellings(ItemStatus{}));
  p.release_id = f.id_nullable("release_id");
  p.eta = f.eta_nullable("eta");
  p.commitment =
      f.enumv<Commitment>("commitment", false, parse_commitment, spellings(Commitment{}));
  p.customer_answer = f.text("customer_answer", false, limits::kLongText, true);
  p.customer_answers = f.lang_texts("customer_answers", errors);
  p.internal_note = f.text("internal_note", false, limits::kLongText, true);
  p.owner_id = f.id_nullable("owner_id");
  p.confirm_answer = f.boolean("confirm_answer", false).value_or(false);
  return done_patch(f, errors, std::move(p));
}

Decoded<MergeItem> decode_merge_item(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  MergeItem m;
  m.into = f.id("into", true).value_or(0);
  return done(f, errors, m);
}

Decoded<CreateRequest> decode_create_request(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateRequest c;
  c.customer_id = f.id("customer_id", true).value_or(0);
  c.importance = f.enumv<Importance>("importance", true, parse_importance, spellings(Importance{}))
                     .value_or(Importance::nice);
  if (auto m = f.money("value_at_stake", true, errors)) c.value_at_stake = *m;
  c.quote = f.text("quote", false, limits::kLongText, true).value_or("");
  return done(f, errors, std::move(c));
}

// [SECTION] Questions and library ----------------------------------------------------------------
Decoded<CreateQuestion> decode_create_question(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateQuestion c;
  c.item_id = f.id_or_null("item_id");
  c.release_id = f.id_or_null("release_id");
  c.customer_id = f.id_or_null("customer_id");
  c.body = f.text("body", true, limits::kLongText).value_or("");
  return done(f, errors, std::move(c));
}

Decoded<PatchQuestion> decode_patch_question(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  PatchQuestion c;
  c.body = f.text("body", true, limits::kLongText).value_or("");
  return done(f, errors, std::move(c));
}

Decoded<AnswerQuestion> decode_answer_question(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  AnswerQuestion c;
  c.body = f.text("body", true, limits::kLongText).value_or("");
  c.to_library = f.boolean("to_library", false).value_or(false);
  return done(f, errors, std::move(c));
}

bool PatchLibraryAnswer::empty() const {
  return !title && !body && !tags && !item_id && !lang;
}

Decoded<CreateLibraryAnswer> decode_create_library_answer(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateLibraryAnswer c;
  c.title = f.text("title", true, limits::kShortText).value_or("");
  c.body = f.text("body", true, limits::kLongText).value_or("");
  c.tags = f.tags("tags", errors).value_or(std::vector<std::string>{});
  c.item_id = f.id_or_null("item_id");
  c.lang = read_lang(f, true).value_or("");
  return done(f, errors, std::move(c));
}

Decoded<PatchLibraryAnswer> decode_patch_library_answer(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  PatchLibraryAnswer c;
  c.title = f.text("title", false, limits::kShortText);
  c.body = f.text("body", false, limits::kLongText);
  c.tags = f.tags("tags", errors);
  c.item_id = f.id_nullable("item_id");
  c.lang = read_lang(f, false);
  return done_patch(f, errors, std::move(c));
}

Decoded<CreateTold> decode_create_told(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateTold c;
  c.customer_id = f.id("customer_id", true).value_or(0);
  c.item_id = f.id_or_null("item_id");
  c.answer_id = f.id_or_null("answer_id");
  c.lang = read_lang(f, false);
  if (errors.empty() && !c.item_id && !c.answer_id)
    f.error("item_id", "item_id or answer_id is required");
  return done(f, errors, c);
}

// [SECTION] Releases and customers ---------------------------------------------------------------
bool PatchRelease::empty() const {
  return !name && !planned_date && !shipped_date && !state && !notes && !faq;
}

Decoded<CreateRelease> decode_create_release(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateRelease c;
  c.name = f.text("name", true, limits::kShortText).value_or("");
  c.planned_date = f.date("planned_date", true).value_or("");
  if (auto s = f.date_nullable("shipped_date")) c.shipped_date = *s;
  c.state = f.enumv<ReleaseState>("state", false, parse_release_state, spellings(ReleaseState{}))
                .value_or(ReleaseState::planned);
  c.notes = f.text("notes", false, limits::kLongText, true).value_or("");
  c.faq = f.text("faq", false, limits::kLongText, true).value_or("");
  if (errors.empty() && c.state == ReleaseState::released && !c.shipped_date)
    f.error("shipped_date", "is required when state is released");
  return done(f, errors, std::move(c));
}

Decoded<PatchRelease> decode_patch_release(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  PatchRelease c;
  c.name = f.text("name", false, limits::kShortText);
  c.planned_date = f.date("planned_date", false);
  c.shipped_date = f.date_nullable("shipped_date");
  c.state = f.enumv<ReleaseState>("state", false, parse_release_state, spellings(ReleaseState{}));
  c.notes = f.text("notes", false, limits::kLongText, true);
  c.faq = f.text("faq", false, limits::kLongText, true);
  return done_patch(f, errors, std::move(c));
}

bool PatchCustomer::empty() const {
  return !name && !annual_value && !channel && !partner_id && !owner_id && !contacts && !lang;
}

Decoded<CreateCustomer> decode_create_customer(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateCustomer c;
  c.name = f.text("name", true, limits::kShortText).value_or("");
  if (auto m = f.money("annual_value", true, errors)) c.annual_value = *m;
  c.channel = f.enumv<Channel>("channel", false, parse_channel, spellings(Channel{}))
                  .value_or(Channel::direct);
  c.partner_id = f.id_or_null("partner_id");
  c.owner_id = f.id_or_null("owner_id");
  c.contacts = f.contacts("contacts", errors).value_or(std::vector<Contact>{});
  c.lang = read_lang(f, false);
  if (errors.empty() && c.channel == Channel::partner && !c.partner_id)
    f.error("partner_id", "is required when channel is partner");
  if (errors.empty() && c.channel == Channel::direct && c.partner_id)
    f.error("partner_id", "must be null unless channel is partner");
  return done(f, errors, std::move(c));
}

Decoded<PatchCustomer> decode_patch_customer(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  PatchCustomer c;
  c.name = f.text("name", false, limits::kShortText);
  c.annual_value = f.money("annual_value", false, errors);
  c.channel = f.enumv<Channel>("channel", false, parse_channel, spellings(Channel{}));
  c.partner_id = f.id_nullable("partner_id");
  c.owner_id = f.id_nullable("owner_id");
  c.contacts = f.contacts("contacts", errors);
  c.lang = read_lang(f, false);
  // The rule needs the stored customer when only one side is given: see apply_patch.
  if (errors.empty() && c.channel == Channel::partner && c.partner_id && !*c.partner_id)
    f.error("partner_id", "is required when channel is partner");
  if (errors.empty() && c.channel == Channel::direct && c.partner_id && *c.partner_id)
    f.error("partner_id", "must be null unless channel is partner");
  return done_patch(f, errors, std::move(c));
}

// [SECTION] Users, tokens, inbox ----------------------------------------------------------------
bool is_valid_login(std::string_view login) {
  if (login.size() < limits::kMinLogin || login.size() > limits::kMaxLogin) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(login[0])) return false;
  return std::all_of(login.begin(), login.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

namespace {
// RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~ (ASCII only).
bool is_atext(unsigned char c) {
  return std::isalnum(c) || (c != 0 && c < 0x80 && std::strchr("!#$%&'*+-/=?^_`{|}~", c));
}
bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '.') {
      if (s[i + 1] == '.') return false;  // s.back() is not a dot, so i + 1 < size
    } else if (!is_atext(c)) {
      return false;
    }
  }
  return true;
}
}  // namespace

bool is_valid_email(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  const std::size_t at = a.find('@');
  if (at == std::string_view::npos || a.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = a.substr(0, at), domain = a.substr(at + 1);
  if (local.size() > 64 || !is_dot_atom(local)) return false;
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0, start = 0;
  std::string_view last;
  for (;;) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return false;
  return !std::all_of(last.begin(), last.end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool PatchUser::empty() const {
  return !name && !role && !password && !active && !email;
}

namespace {
// "email": an address or "" (none).
std::optional<std::string> read_email(Fields& f) {
  auto e = f.text("email", false, 254, /*allow_empty=*/true);
  if (e && !e->empty() && !is_valid_email(*e)) {
    f.error("email", "is not an email address (name@example.com)");
    return std::nullopt;
  }
  return e;
}
}  // namespace

Decoded<CreateUser> decode_create_user(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateUser c;
  auto login = f.text("login", true, limits::kMaxLogin);
  if (login && !is_valid_login(*login))
    f.error("login",
            "must be 2-64 characters of a-z, 0-9, '.', '_', '-', starting with a-z or 0-9");
  c.login = login.value_or("");
  c.name = f.text("name", true, limits::kShortText).value_or("");
  c.role = f.enumv<Role>("role", true, parse_role, spellings(Role{})).value_or(Role::viewer);
  c.password = read_password(f, true).value_or("");
  c.email = read_email(f).value_or("");
  return done(f, errors, std::move(c));
}

Decoded<PatchUser> decode_patch_user(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  PatchUser c;
  c.name = f.text("name", false, limits::kShortText);
  c.role = f.enumv<Role>("role", false, parse_role, spellings(Role{}));
  c.password = read_password(f, false);
  c.active = f.boolean("active", false);
  c.email = read_email(f);
  return done_patch(f, errors, std::move(c));
}

Decoded<SignIn> decode_sign_in(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  SignIn c;
  c.login = f.text("login", true, limits::kShortText).value_or("");
  c.password = f.text("password", true, limits::kMaxPassword).value_or("");
  return done(f, errors, std::move(c));
}

Decoded<CreateEmbedToken> decode_create_embed_token(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateEmbedToken c;
  c.label = f.text("label", true, limits::kShortText).value_or("");
  if (auto s = f.text("scope", true, limits::kShortText + 5)) {
    if (auto scope = parse_embed_scope(*s)) {
      c.scope = *scope;
    } else {
      f.error("scope", "must be \"board\" or \"area:<name>\"");
    }
  }
  return done(f, errors, std::move(c));
}

Decoded<MarkRead> decode_mark_read(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  MarkRead c;
  c.all = f.boolean("all", false).value_or(false);
  auto ids = f.ids("ids", limits::kMaxIdsPerCall, errors);
  if (ids) c.ids = *ids;
  if (errors.empty() && c.all == ids.has_value())
    f.error("ids", "give either ids or \"all\": true");
  return done(f, errors, std::move(c));
}

// [SECTION] The outbox --------------------------------------------------------------------------
bool format_signs(WebhookFormat f) {
  return f == WebhookFormat::generic || f == WebhookFormat::dingtalk || f == WebhookFormat::feishu;
}
bool PatchWebhook::empty() const {
  return !url && !format && !events && !area && !lang && !secret && !rotate_secret && !active;
}
bool PatchNotifications::empty() const {
  return !lang && !digest_time && !utc_offset && email.empty();
}

namespace {
// "events": a list of distinct delivered event types ([] = all of them).
std::optional<std::vector<std::string>> read_events(Fields& f, FieldErrors& errors) {
  if (f.null_given("events")) return std::nullopt;
  const json* v = f.raw("events");
  if (v == nullptr) return std::nullopt;
  constexpr std::size_t kMax = std::size(kDeliveredEventTypes);
  if (!v->is_array() || v->size() > kMax) {
    f.error("events", "must be a list of at most " + std::to_string(kMax) + " event types");
    return std::nullopt;
  }
  std::vector<std::string> out;
  std::size_t before = errors.size();
  for (std::size_t i = 0; i < v->size(); ++i) {
    std::string field = f.path("events") + "[" + std::to_string(i) + "]";
    const json& e = (*v)[i];
    auto type = e.is_string() ? parse_event_type(e.get_ref<const std::string&>()) : std::nullopt;
    if (!type || !is_delivered_event(*type)) {
      errors.push_back({field, "must be one of: " + delivered_event_names()});
    } else if (std::find(out.begin(), out.end(), e.get<std::string>()) != out.end()) {
      errors.push_back({field, "is a duplicate"});
    } else {
      out.push_back(e.get<std::string>());
    }
  }
  if (errors.size() != before) return std::nullopt;
  return out;
}

std::optional<std::string> read_url(Fields& f, bool required) {
  auto url = f.text("url", required, kMaxUrl);
  if (url && url->find_first_of(" \t\r\n") != std::string::npos) {
    f.error("url", "must not contain spaces or line breaks");
    return std::nullopt;
  }
  return url;
}

std::optional<std::string> read_secret(Fields& f) {
  auto secret = f.text("secret", false, kMaxSecret, /*allow_empty=*/true);
  if (secret && secret->find_first_of("\r\n") != std::string::npos) {
    f.error("secret", "must be one line");
    return std::nullopt;
  }
  return secret;
}
}  // namespace

Decoded<CreateWebhook> decode_create_webhook(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  CreateWebhook c;
  c.url = read_url(f, true).value_or("");
  c.format =
      f.enumv<WebhookFormat>("format", true, parse_webhook_format, spellings(WebhookFormat{}))
          .value_or(WebhookFormat::generic);
  c.events = read_events(f, errors).value_or(std::vector<std::string>{});
  c.area = f.text("area", false, limits::kShortText);
  c.lang = read_lang(f, false);
  c.secret = read_secret(f);
  if (errors.empty() && c.secret && !c.secret->empty() && !format_signs(c.format))
    f.error("secret", std::string(to_string(c.format)) + " messages are not signed");
  return done(f, errors, std::move(c));
}

Decoded<PatchWebhook> decode_patch_webhook(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  PatchWebhook c;
  c.url = read_url(f, false);
  c.format =
      f.enumv<WebhookFormat>("format", false, parse_webhook_format, spellings(WebhookFormat{}));
  c.events = read_events(f, errors);
  c.area = f.text_nullable("area", limits::kShortText);
  if (c.area && *c.area && (*c.area)->empty()) {
    f.error("area", "must not be empty (null removes the area)");
    c.area.reset();
  }
  c.lang = read_lang(f, false);
  c.secret = read_secret(f);
  c.rotate_secret = f.boolean("rotate_secret", false).value_or(false);
  if (c.rotate_secret && c.secret) f.error("secret", "give a secret or rotate_secret, not both");
  c.active = f.boolean("active", false);
  return done_patch(f, errors, std::move(c));
}

Decoded<PatchNotifications> decode_patch_notifications(const json& j) {
  FieldErrors errors;
  Fields f(j, errors);
  PatchNotifications c;
  c.lang = read_lang(f, false);
  c.digest_time = f.text("digest_time", false, 5);
  if (c.digest_time && !parse_clock(*c.digest_time)) {
    f.error("digest_time", "must be a time of day HH:MM (00:00 to 23:59)");
    c.digest_time.reset();
  }
  c.utc_offset = f.text("utc_offset", false, 6);
  if (c.utc_offset && !parse_utc_offset(*c.utc_offset)) {
    f.error("utc_offset", "must be an offset from UTC such as +08:00 (-12:00 to +14:00)");
    c.utc_offset.reset();
  }
  if (!f.null_given("email")) {
    if (const json* v = f.raw("email")) {
      if (!v->is_object() || v->size() > std::size(kDeliveredEventTypes)) {
        f.error("email", "must be an object of event type to now, digest or off");
      } else {
        for (const auto& [kind, mode] : v->items()) {
          std::string field = f.path("email") + "." + kind;
          auto type = parse_event_type(kind);
          auto m = mode.is_string() ? parse_email_mode(mode.get_ref<const std::string&>())
                                    : std::nullopt;
          if (!type || !is_delivered_event(*type))
            errors.push_back({field, "is not one of: " + delivered_event_names()});
          else if (!m)
            errors.push_back({field, "must be one of: " + spellings(EmailMode{})});
          else
            c.email.emplace_back(kind, *m);
        }
      }
    }
  }
  return done_patch(f, errors, std::move(c));
}

// [SECTION] Encoding ----------------------------------------------------------------------------
namespace {
json id_or_null(const std::optional<Id>& v) {
  return v ? json(*v) : json(nullptr);
}
template <class T, class F>
void put_clearable(json& j, const char* key, const Clearable<T>& v, F encode) {
  if (v) j[key] = *v ? encode(**v) : json(nullptr);
}
json contacts_json(const std::vector<Contact>& cs) {
  json out = json::array();
  for (const auto& c : cs) out.push_back(to_json(c));
  return out;
}
}  // namespace

json to_json(const CreateItem& c) {
  json j{{"kind", to_string(c.kind)},
         {"title", c.title},
         {"description", c.description},
         {"area", c.area}};
  if (c.status) j["status"] = to_string(*c.status);
  if (c.release_id) j["release_id"] = *c.release_id;
  if (c.eta) j["eta"] = c.eta->text;
  if (c.commitment) j["commitment"] = to_string(*c.commitment);
  if (c.customer_answer) j["customer_answer"] = *c.customer_answer;
  if (c.customer_answers) j["customer_answers"] = *c.customer_answers;
  if (c.internal_note) j["internal_note"] = *c.internal_note;
  if (c.owner_id) j["owner_id"] = *c.owner_id;
  return j;
}

json to_json(const PatchItem& c) {
  json j = json::object();
  auto id = [](Id v) { return json(v); };
  if (c.kind) j["kind"] = to_string(*c.kind);
  if (c.title) j["title"] = *c.title;
  if (c.description) j["description"] = *c.description;
  if (c.area) j["area"] = *c.area;
  if (c.status) j["status"] = to_string(*c.status);
  put_clearable(j, "release_id", c.release_id, id);
  put_clearable(j, "eta", c.eta, [](const Eta& e) { return json(e.text); });
  if (c.commitment) j["commitment"] = to_string(*c.commitment);
  if (c.customer_answer) j["customer_answer"] = *c.customer_answer;
  if (c.customer_answers) j["customer_answers"] = *c.customer_answers;
  if (c.internal_note) j["internal_note"] = *c.internal_note;
  put_clearable(j, "owner_id", c.owner_id, id);
  if (c.confirm_answer) j["confirm_answer"] = true;
  return j;
}

json to_json(const MergeItem& c) {
  return json{{"into", c.into}};
}

json to_json(const CreateRequest& c) {
  return json{{"customer_id", c.customer_id},
              {"importance", to_string(c.importance)},
              {"value_at_stake", to_json(c.value_at_stake)},
              {"quote", c.quote}};
}

json to_json(const CreateQuestion& c) {
  json j{{"body", c.body}};
  if (c.item_id) j["item_id"] = *c.item_id;
  if (c.release_id) j["release_id"] = *c.release_id;
  if (c.customer_id) j["customer_id"] = *c.customer_id;
  return j;
}

json to_json(const PatchQuestion& c) {
  return json{{"body", c.body}};
}

json to_json(const AnswerQuestion& c) {
  return json{{"body", c.body}, {"to_library", c.to_library}};
}

json to_json(const CreateLibraryAnswer& c) {
  json j{{"title", c.title}, {"body", c.body}, {"tags", c.tags}, {"lang", c.lang}};
  if (c.item_id) j["item_id"] = *c.item_id;
  return j;
}

json to_json(const PatchLibraryAnswer& c) {
  json j = json::object();
  if (c.title) j["title"] = *c.title;
  if (c.body) j["body"] = *c.body;
  if (c.tags) j["tags"] = *c.tags;
  put_clearable(j, "item_id", c.item_id, [](Id v) { return json(v); });
  if (c.lang) j["lang"] = *c.lang;
  return j;
}

json to_json(const CreateTold& c) {
  json j{{"customer_id", c.customer_id}};
  if (c.item_id) j["item_id"] = *c.item_id;
  if (c.answer_id) j["answer_id"] = *c.answer_id;
  if (c.lang) j["lang"] = *c.lang;
  return j;
}

json to_json(const CreateRelease& c) {
  json j{{"name", c.name},
         {"planned_date", c.planned_date},
         {"state", to_string(c.state)},
         {"notes", c.notes},
         {"faq", c.faq}};
  if (c.shipped_date) j["shipped_date"] = *c.shipped_date;
  return j;
}

json to_json(const PatchRelease& c) {
  json j = json::object();
  if (c.name) j["name"] = *c.name;
  if (c.planned_date) j["planned_date"] = *c.planned_date;
  put_clearable(j, "shipped_date", c.shipped_date, [](const std::string& d) { return json(d); });
  if (c.state) j["state"] = to_string(*c.state);
  if (c.notes) j["notes"] = *c.notes;
  if (c.faq) j["faq"] = *c.faq;
  return j;
}

json to_json(const CreateCustomer& c) {
  json j{{"name", c.name},
         {"annual_value", to_json(c.annual_value)},
         {"channel", to_string(c.channel)},
         {"partner_id", id_or_null(c.partner_id)},
         {"contacts", contacts_json(c.contacts)}};
  if (c.owner_id) j["owner_id"] = *c.owner_id;
  if (c.lang) j["lang"] = *c.lang;
  return j;
}

json to_json(const PatchCustomer& c) {
  json j = json::object();
  auto id = [](Id v) { return json(v); };
  if (c.name) j["name"] = *c.name;
  if (c.annual_value) j["annual_value"] = to_json(*c.annual_value);
  if (c.channel) j["channel"] = to_string(*c.channel);
  put_clearable(j, "partner_id", c.partner_id, id);
  put_clearable(j, "owner_id", c.owner_id, id);
  if (c.contacts) j["contacts"] = contacts_json(*c.contacts);
  if (c.lang) j["lang"] = *c.lang;
  return j;
}

json to_json(const CreateUser& c) {
  return json{{"login", c.login},
              {"name", c.name},
              {"role", to_string(c.role)},
              {"password", c.password},
              {"email", c.email}};
}

json to_json(const PatchUser& c) {
  json j = json::object();
  if (c.name) j["name"] = *c.name;
  if (c.role) j["role"] = to_string(*c.role);
  if (c.password) j["password"] = *c.password;
  if (c.active) j["active"] = *c.active;
  if (c.email) j["email"] = *c.email;
  return j;
}

json to_json(const SignIn& c) {
  return json{{"login", c.login}, {"password", c.password}};
}

json to_json(const CreateEmbedToken& c) {
  return json{{"label", c.label}, {"scope", to_string(c.scope)}};
}

json to_json(const MarkRead& c) {
  if (c.all) return json{{"all", true}};
  return json{{"ids", c.ids}};
}

}  // namespace shipboard

// Commands: what a client may ask the board to do, as plain structs decoded from request
// JSON. The client builds and validates them for instant feedback; the server decodes the
// same JSON with the same code. Only client-owned fields are decodable (never id, version,
// created_by, answer_stale, demand_score, tier, ...); unknown fields, wrong types, nulls on
// non-nullable fields, bad ranges and invalid UTF-8 are field errors; nothing is half-built.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shipboard/delivery.hpp"
#include "shipboard/model.hpp"
#include "shipboard/result.hpp"

namespace shipboard {

// A field of a patch that may also be cleared: outer = present in the JSON, inner = the
// new value or null ("clear it").
template <class T>
using Clearable = std::optional<std::optional<T>>;

// [SECTION] Items -------------------------------------------------------------------------------
// POST /api/v1/items. Omitted kind = feature, description/area = "". A committed commitment
// needs an ETA. Who may set which field: permissions.hpp (may_create_item).
struct CreateItem {
  ItemKind kind = ItemKind::feature;
  std::string title;
  std::string description;
  std::string area;
  std::optional<ItemStatus> status;  // pm only; others start under_review
  std::optional<Id> release_id;
  std::optional<Eta> eta;
  std::optional<Commitment> commitment;
  std::optional<std::string> customer_answer;
  std::optional<std::string> internal_note;
  std::optional<Id> owner_id;
  // The customer answer in other languages: {"en": "...", "zh-Hans": "..."} (keys zh-Hant,
  // zh-Hans, en; values as customer_answer; an empty value leaves that language out).
  std::optional<std::map<std::string, std::string>> customer_answers;
  bool operator==(const CreateItem&) const = default;
};

// PATCH /api/v1/items/{id}. Every field optional; release_id/eta/owner_id may be null.
// confirm_answer: the PM confirms the customer answer still holds for the current status,
// release and ETA (clears answer_stale). An empty patch is an error.
struct PatchItem {
  std::optional<ItemKind> kind;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> area;
  std::optional<ItemStatus> status;
  Clearable<Id> release_id;
  Clearable<Eta> eta;
  std::optional<Commitment> commitment;
  std::optional<std::string> customer_answer;
  std::optional<std::string> internal_note;
  Clearable<Id> owner_id;
  bool confirm_answer = false;
  std::optional<std::map<std::string, std::string>> customer_answers;  // replaces the whole set

  bool empty() const;
  bool touches_author_fields() const;  // title, description
  bool touches_pm_fields() const;      // everything else
  bool operator==(const PatchItem&) const = default;
};

struct MergeItem {
  Id into = 0;
  bool operator==(const MergeItem&) const = default;
};

struct CreateRequest {
  Id customer_id = 0;
  Importance importance = Importance::nice;
  Money value_at_stake;
  std::string quote;  // optional in JSON
  bool operator==(const CreateRequest&) const = default;
};

Decoded<CreateItem> decode_create_item(const nlohmann::json& j);
Decoded<PatchItem> decode_patch_item(const nlohmann::json& j);
Decoded<MergeItem> decode_merge_item(const nlohmann::json& j);
Decoded<CreateRequest> decode_create_request(const nlohmann::json& j);

// [SECTION] Questions and the answer library ---------------------------------------------------
struct CreateQuestion {
  std::optional<Id> item_id;
  std::optional<Id> release_id;
  std::optional<Id> customer_id;
  std::string body;
  bool operator==(const CreateQuestion&) const = default;
};

// The asker (or a pm) rewording an open question: PATCH /api/v1/questions/{id}.
struct PatchQuestion {
  std::string body;
  bool operator==(const PatchQuestion&) const = default;
};

struct AnswerQuestion {
  std::string body;
  bool to_library = false;  // also add the answer to the answer library
  bool operator==(const AnswerQuestion&) const = default;
};

struct CreateLibraryAnswer {
  std::string title;
  std::string body;
  std::vector<std::string> tags;  // unique, each 1..50 code points, at most 20
  std::optional<Id> item_id;
  std::string lang;  // zh-Hant | zh-Hans | en
  bool operator==(const CreateLibraryAnswer&) const = default;
};

struct PatchLibraryAnswer {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<std::vector<std::string>> tags;
  Clearable<Id> item_id;
  std::optional<std::string> lang;
  bool empty() const;
  bool operator==(const PatchLibraryAnswer&) const = default;
};

// POST /api/v1/told: at least one of item_id / answer_id. `lang`: the language of the item's
// answer that was told (absent: the customer's language, as the enablement pack shows it).
struct CreateTold {
  Id customer_id = 0;
  std::optional<Id> item_id;
  std::optional<Id> answer_id;
  std::optional<std::string> lang;
  bool operator==(const CreateTold&) const = default;
};

Decoded<CreateQuestion> decode_create_question(const nlohmann::json& j);
Decoded<PatchQuestion> decode_patch_question(const nlohmann::json& j);
Decoded<AnswerQuestion> decode_answer_question(const nlohmann::json& j);
Decoded<CreateLibraryAnswer> decode_create_library_answer(const nlohmann::json& j);
Decoded<PatchLibraryAnswer> decode_patch_library_answer(const nlohmann::json& j);
Decoded<CreateTold> decode_create_told(const nlohmann::json& j);

// [SECTION] Releases and customers ------------------------------------------------------------
// A release in state `released` needs a shipped_date. Omitted state = planned.
struct CreateRelease {
  std::string name;
  std::string planned_date;  // YYYY-MM-DD
  std::optional<std::string> shipped_date;
  ReleaseState state = ReleaseState::planned;
  std::string notes;
  std::string faq;
  bool operator==(const CreateRelease&) const = default;
};

struct PatchRelease {
  std::optional<std::string> name;
  std::optional<std::string> planned_date;
  Clearable<std::string> shipped_date;
  std::optional<ReleaseState> state;
  std::optional<std::string> notes;
  std::optional<std::string> faq;
  bool empty() const;
  bool operator==(const PatchRelease&) const = default;
};

// Channel rule: channel "partner" means the customer is reached through a reseller, which
// is itself a customer record: partner_id is then required. With channel "direct",
// partner_id must be absent or null. Omitted channel = direct; omitted owner_id = the caller
// (the server fills it in); omitted contacts = none; omitted lang = the board's (kBoardLang).
struct CreateCustomer {
  std::string name;
  Money annual_value;
  Channel channel = Channel::direct;
  std::optional<Id> partner_id;
  std::optional<Id> owner_id;
  std::vector<Contact> contacts;
  std::optional<std::string> lang;  // zh-Hant | zh-Hans | en
  bool operator==(const CreateCustomer&) const = default;
};

struct PatchCustomer {
  std::optional<std::string> name;
  std::optional<Money> annual_value;
  std::optional<Channel> channel;
  Clearable<Id> partner_id;
  Clearable<Id> owner_id;
  std::optional<std::vector<Contact>> contacts;  // replaces the whole list
  std::optional<std::string> lang;
  bool empty() const;
  bool operator==(const PatchCustomer&) const = default;
};

Decoded<CreateRelease> decode_create_release(const nlohmann::json& j);
Decoded<PatchRelease> decode_patch_release(const nlohmann::json& j);
Decoded<CreateCustomer> decode_create_customer(const nlohmann::json& j);
Decoded<PatchCustomer> decode_patch_customer(const nlohmann::json& j);

// [SECTION] Users, sessions, tokens, inbox ---------------------------------------------------
// Logins: 2..64 characters of [a-z0-9._-], starting with a letter or digit.
// Passwords: 8..200 code points of valid UTF-8.
bool is_valid_login(std::string_view login);
// A practical check of an email address an admin types (not RFC 5321's full grammar), also
// the outbox's check before it mails: at most 254 bytes; exactly one "@"; a local part of 1..64
// bytes in dot-atom form (ASCII letters, digits and !#$%&'*+-/=?^_`{|}~, dots only between
// them: no quotes, spaces, angle brackets, commas or control characters, so it can never inject
// a header or a second recipient); a domain of at least two dot-separated labels of 1..63
// letters, digits and hyphens (no hyphen at either end), the last one not all digits. ASCII
// only: an internationalized domain is entered in its xn-- form; UTF-8 local parts and
// [IP literals] are refused.
bool is_valid_email(std::string_view email);

struct CreateUser {
  std::string login;
  std::string name;
  Role role = Role::viewer;
  std::string password;
  std::string email;  // optional, "" = none
  bool operator==(const CreateUser&) const = default;
};

struct PatchUser {
  std::optional<std::string> name;
  std::optional<Role> role;
  std::optional<std::string> password;
  std::optional<bool> active;
  std::optional<std::string> email;  // "" clears it
  bool empty() const;
  bool operator==(const PatchUser&) const = default;
};

// Sign-in checks only shape (strings, lengths): a malformed login is just a wrong login (401).
struct SignIn {
  std::string login;
  std::string password;
  bool operator==(const SignIn&) const = default;
};

struct CreateEmbedToken {
  std::string label;
  EmbedScope scope;
  bool operator==(const CreateEmbedToken&) const = default;
};

// POST /api/v1/inbox/read: {"ids": [..]} or {"all": true}.
struct MarkRead {
  std::vector<Id> ids;
  bool all = false;
  bool operator==(const MarkRead&) const = default;
};

Decoded<CreateUser> decode_create_user(const nlohmann::json& j);
Decoded<PatchUser> decode_patch_user(const nlohmann::json& j);
Decoded<SignIn> decode_sign_in(const nlohmann::json& j);
Decoded<CreateEmbedToken> decode_create_embed_token(const nlohmann::json& j);
Decoded<MarkRead> decode_mark_read(const nlohmann::json& j);

// [SECTION] The outbox: channels and a user's email choices
// A channel's secret: absent = generated for generic (shown once), none for the others;
// "" = unsigned. Slack, Teams and WeCom have no signing, so a secret there is an error.
inline constexpr std::size_t kMaxUrl = 2048;
inline constexpr std::size_t kMaxSecret = 200;
struct CreateWebhook {
  std::string url;
  WebhookFormat format = WebhookFormat::generic;
  std::vector<std::string> events;  // delivered event types; empty = all of them
  std::optional<std::string> area;
  std::optional<std::string> lang;    // absent: the board's language
  std::optional<std::string> secret;  // see above
  bool operator==(const CreateWebhook&) const = default;
};

struct PatchWebhook {
  std::optional<std::string> url;
  std::optional<WebhookFormat> format;
  std::optional<std::vector<std::string>> events;
  Clearable<std::string> area;
  std::optional<std::string> lang;
  std::optional<std::string> secret;  // "" = unsigned
  bool rotate_secret = false;         // generic: a new generated secret, shown once
  std::optional<bool> active;         // true also clears why the outbox stopped it
  bool empty() const;
  bool operator==(const PatchWebhook&) const = default;
};

// PATCH /api/v1/me/notifications: {lang?, digest_time? "HH:MM", utc_offset? "+08:00",
// email?: {"<event type>": "now"|"digest"|"off", ...}}.
struct PatchNotifications {
  std::optional<std::string> lang;
  std::optional<std::string> digest_time;
  std::optional<std::string> utc_offset;
  std::vector<std::pair<std::string, EmailMode>> email;  // the kinds named
  bool empty() const;
  bool operator==(const PatchNotifications&) const = default;
};

// Whether a format signs its messages with a secret (generic, DingTalk, Feishu).
bool format_signs(WebhookFormat f);

Decoded<CreateWebhook> decode_create_webhook(const nlohmann::json& j);
Decoded<PatchWebhook> decode_patch_webhook(const nlohmann::json& j);
Decoded<PatchNotifications> decode_patch_notifications(const nlohmann::json& j);

// [SECTION] Encoding (the client sends commands as JSON) ---------------------------------------
nlohmann::json to_json(const CreateItem& c);
nlohmann::json to_json(const PatchItem& c);
nlohmann::json to_json(const MergeItem& c);
nlohmann::json to_json(const CreateRequest& c);
nlohmann::json to_json(const CreateQuestion& c);
nlohmann::json to_json(const PatchQuestion& c);
nlohmann::json to_json(const AnswerQuestion& c);
nlohmann::json to_json(const CreateLibraryAnswer& c);
nlohmann::json to_json(const PatchLibraryAnswer& c);
nlohmann::json to_json(const CreateTold& c);
nlohmann::json to_json(const CreateRelease& c);
nlohmann::json to_json(const PatchRelease& c);
nlohmann::json to_json(const CreateCustomer& c);
nlohmann::json to_json(const PatchCustomer& c);
nlohmann::json to_json(const CreateUser& c);
nlohmann::json to_json(const PatchUser& c);
nlohmann::json to_json(const SignIn& c);
nlohmann::json to_json(const CreateEmbedToken& c);
nlohmann::json to_json(const MarkRead& c);

}  // namespace shipboard

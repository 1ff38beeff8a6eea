// The domain of Shipboard as plain data: items, customers, requests, questions, answers,
// releases, the told log, follows, notifications, events, users and roles. Names match the
// JSON fields of the API, the SQL columns and the UI text keys. No behaviour lives here
// beyond enum <-> string conversion; rules are in workflow, demand, permissions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace shipboard {

using Id = std::int64_t;

// [SECTION] Enumerations ------------------------------------------------------------------
enum class ItemKind { feature, improvement, bug };
enum class ItemStatus { under_review, planned, in_progress, beta, shipped, declined };
enum class Commitment { committed, tentative, none };
enum class Role { admin, pm, support, sales, viewer };
enum class Channel { direct, partner };
enum class ContactRole { champion, critic, decision_maker };
enum class Importance { nice, important, blocker };
enum class QuestionState { open, answered };
enum class ReleaseState { planned, in_progress, released };
enum class Tier { A, B, C };
// The body a delivery target expects: a generic signed JSON webhook or one chat vendor's bot.
enum class WebhookFormat { generic, slack, teams, wecom, dingtalk, feishu };

// Every status, in workflow order (kanban columns, filters, widths).
inline constexpr ItemStatus kAllItemStatuses[] = {ItemStatus::under_review, ItemStatus::planned,
                                                  ItemStatus::in_progress,  ItemStatus::beta,
                                                  ItemStatus::shipped,      ItemStatus::declined};
inline constexpr Commitment kAllCommitments[] = {Commitment::committed, Commitment::tentative,
                                                 Commitment::none};
// Every channel format, in the order the admin page offers them.
inline constexpr WebhookFormat kAllWebhookFormats[] = {
    WebhookFormat::generic, WebhookFormat::slack,    WebhookFormat::teams,
    WebhookFormat::wecom,   WebhookFormat::dingtalk, WebhookFormat::feishu};

std::string_view to_string(ItemKind v);
std::string_view to_string(ItemStatus v);
std::string_view to_string(Commitment v);
std::string_view to_string(Role v);
std::string_view to_string(Channel v);
std::string_view to_string(ContactRole v);
std::string_view to_string(Importance v);
std::string_view to_string(QuestionState v);
std::string_view to_string(ReleaseState v);
std::string_view to_string(Tier v);
std::string_view to_string(WebhookFormat v);

// Every spelling of an enum in order, "a, b, c", for "must be one of" errors: spellings(Role{}).
std::string spellings(ItemKind);
std::string spellings(ItemStatus);
std::string spellings(Commitment);
std::string spellings(Role);
std::string spellings(Channel);
std::string spellings(ContactRole);
std::string spellings(Importance);
std::string spellings(QuestionState);
std::string spellings(ReleaseState);
std::string spellings(Tier);
std::string spellings(WebhookFormat);

// parse_<enum>("planned") -> value, or nullopt for anything not spelled exactly.
std::optional<ItemKind> parse_item_kind(std::string_view s);
std::optional<ItemStatus> parse_item_status(std::string_view s);
std::optional<Commitment> parse_commitment(std::string_view s);
std::optional<Role> parse_role(std::string_view s);
std::optional<Channel> parse_channel(std::string_view s);
std::optional<ContactRole> parse_contact_role(std::string_view s);
std::optional<Importance> parse_importance(std::string_view s);
std::optional<QuestionState> parse_question_state(std::string_view s);
std::optional<ReleaseState> parse_release_state(std::string_view s);
std::optional<Tier> parse_tier(std::string_view s);
std::optional<WebhookFormat> parse_webhook_format(std::string_view s);

// Languages of customer-facing text (answer library, enablement packs, customers).
bool is_valid_lang(std::string_view s);  // "zh-Hant" | "zh-Hans" | "en"
inline constexpr std::string_view kAllLangs[] = {"zh-Hant", "zh-Hans", "en"};
// The board's language: the one its main customer answers are written in and the language a
// new customer gets. The server has no setting for it yet, so it is the board's first language.
inline constexpr std::string_view kBoardLang = "zh-Hant";

// [SECTION] Values ------------------------------------------------------------------------
// Money in integer minor units (fen, cents) and an ISO 4217 code.
struct Money {
  std::int64_t amount = 0;
  std::string currency = "CNY";
  bool operator==(const Money&) const = default;
};

// An ETA is a calendar date "2027-03-31" or a quarter "2027-Q1"; kept as its canonical text.
struct Eta {
  std::string text;
  bool operator==(const Eta&) const = default;
};
// Accepts "YYYY-MM-DD" (a real date) or "YYYY-Qn"; returns nullopt otherwise.
std::optional<Eta> parse_eta(std::string_view s);
// Last day an ETA covers ("2027-Q1" -> "2027-03-31"), for sorting and comparison.
std::string eta_end_date(const Eta& e);
// True for "YYYY-MM-DD" naming a real calendar date.
bool is_valid_date(std::string_view s);
// Days since 1970-01-01 of a valid "YYYY-MM-DD" (or of the date a "YYYY-MM-DDT..." timestamp
// starts with); nullopt otherwise. For placing dates on a time axis.
std::optional<std::int64_t> epoch_day(std::string_view date);
// Seconds since 1970-01-01T00:00:00Z of a "YYYY-MM-DDTHH:MM:SSZ" timestamp (as the API writes
// them); nullopt otherwise. For durations such as answer turnaround.
std::optional<std::int64_t> epoch_seconds(std::string_view timestamp);

// [SECTION] Entities ----------------------------------------------------------------------
// The answer's context: what status/release/ETA the customer answer was written for.
struct AnswerBasis {
  ItemStatus status = ItemStatus::under_review;
  std::optional<Id> release_id;
  std::optional<Eta> eta;
  bool operator==(const AnswerBasis&) const = default;
};

struct Item {
  Id id = 0;
  ItemKind kind = ItemKind::feature;
  std::string title;
  std::string description;
  std::string area;
  ItemStatus status = ItemStatus::under_review;
  std::optional<Id> release_id;
  std::optional<Eta> eta;
  Commitment commitment = Commitment::none;
  std::string customer_answer;  // in the board's language (kBoardLang)
  std::optional<AnswerBasis> answer_basis;  // set when the answer is written or confirmed
  bool answer_stale = false;                // derived: see workflow.hpp
  std::string internal_note;
  std::optional<Id> owner_id;
  std::optional<Id> created_by;
  std::optional<Id> merged_into;
  double demand_score = 0;  // derived: see demand.hpp
  std::int64_t request_count = 0;
  Money value_at_stake;  // sum of open requests' value at stake
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
  // The customer answer in other languages, keyed by lang ("en", "zh-Hans"); see
  // enablement.hpp for which one a customer gets.
  std::map<std::string, std::string> customer_answers;
  bool operator==(const Item&) const = default;
};

struct Contact {
  std::string name;
  std::string title;
  ContactRole role = ContactRole::champion;
  bool operator==(const Contact&) const = default;
};

struct Customer {
  Id id = 0;
  std::string name;
  Money annual_value;
  Tier tier = Tier::C;  // derived: see demand.hpp
  Channel channel = Channel::direct;
  std::optional<Id> partner_id;
  std::optional<Id> owner_id;
  std::vector<Contact> contacts;
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
  std::string lang = std::string(kBoardLang);  // what the customer reads: zh-Hant | zh-Hans | en
  bool operator==(const Customer&) const = default;
};

struct Request {
  Id id = 0;
  Id item_id = 0;
  Id customer_id = 0;
  Id created_by = 0;
  Importance importance = Importance::nice;
  Money value_at_stake;
  std::string quote;
  std::string created_at;
  // Denormalised for display (filled by the server from the customer; empty when unknown).
  std::string customer_name;
  std::optional<Tier> customer_tier;
  bool operator==(const Request&) const = default;
};

struct Answer {
  Id id = 0;
  Id question_id = 0;
  std::string body;
  Id author_id = 0;
  std::string created_at;
  bool operator==(const Answer&) const = default;
};

struct Question {
  Id id = 0;
  std::optional<Id> item_id;
  std::optional<Id> release_id;
  std::optional<Id> customer_id;
  std::string body;
  QuestionState state = QuestionState::open;
  Id asked_by = 0;
  std::vector<Answer> answers;
  std::int64_t version = 1;
  std::string created_at;
  std::string answered_at;
  bool operator==(const Question&) const = default;
};

// An entry of the answer library: canned, tagged, customer-facing wording.
struct LibraryAnswer {
  Id id = 0;
  std::string title;
  std::string body;
  std::vector<std::string> tags;
  std::optional<Id> item_id;
  std::string lang = "zh-Hant";
  Id author_id = 0;
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
  bool operator==(const LibraryAnswer&) const = default;
};

struct Release {
  Id id = 0;
  std::string name;
  std::string planned_date;  // YYYY-MM-DD or ""
  std::string shipped_date;  // YYYY-MM-DD or ""
  ReleaseState state = ReleaseState::planned;
  std::string notes;
  std::string faq;
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
  bool operator==(const Release&) const = default;
};

// "This salesperson told this customer this", with what the item said at that moment.
struct Told {
  Id id = 0;
  Id user_id = 0;
  Id customer_id = 0;
  std::optional<Id> item_id;
  std::optional<Id> answer_id;
  std::string text;  // the wording that was copied
  std::optional<AnswerBasis> basis;
  std::string created_at;
  // The language of `text` when it is the item's answer ("" for entries from before languages:
  // the main answer). Staleness compares the text with the item's answer in this language.
  std::string lang;
  std::optional<Commitment> commitment;  // the item's commitment when told (unknown before 007)
  bool operator==(const Told&) const = default;
};

struct Follow {
  Id user_id = 0;
  Id item_id = 0;
  bool operator==(const Follow&) const = default;
};

struct Notification {
  Id id = 0;
  Id user_id = 0;
  Id event_id = 0;
  std::string kind;  // event type that caused it, e.g. "item.status_changed"
  std::optional<Id> item_id;
  std::string text;  // short summary, in the item's language
  bool read = false;
  std::string created_at;
  // What the entry links to or tells, per kind: release.shipped {release_id}; told.stale
  // {customer_id, customer_name, item_id, item_title, told_text, told_at, now}; else {}.
  nlohmann::json payload = nlohmann::json::object();
  bool operator==(const Notification&) const = default;
};

struct User {
  Id id = 0;
  std::string login;
  std::string name;
  Role role = Role::viewer;
  bool active = true;
  std::int64_t version = 1;
  std::string created_at;
  std::string email;  // "" when unknown; from the company account's claims where it signs in
  bool operator==(const User&) const = default;
};

// What an embed token may read: the whole board, or the items of one product area.
struct EmbedScope {
  std::string area;  // empty = "board"
  bool operator==(const EmbedScope&) const = default;
};
// "board" or "area:<name>" (name: 1..200 code points, valid UTF-8); nullopt otherwise.
std::optional<EmbedScope> parse_embed_scope(std::string_view s);
std::string to_string(const EmbedScope& scope);

struct EmbedToken {
  Id id = 0;
  std::string label;
  EmbedScope scope;
  Id created_by = 0;
  bool revoked = false;
  std::string created_at;
  bool operator==(const EmbedToken&) const = default;
};

// One entry of the event log: every change is one. `type` is "<entity>.<verb>", e.g.
// "item.created", "item.status_changed"; `data` holds what changed (see workflow.hpp).
// Every kind of event the server appends: an Event's `type`, the SSE event name of the stream
// and the `kind` of a notification. The one list; the browser layers get it from here (the
// client passes it to web/platform.js, embed pages carry it in data-event-types).
enum class EventType {
  item_created,
  item_updated,
  item_status_changed,
  item_eta_changed,
  item_answer_changed,
  item_answer_confirmed,
  item_merged,
  item_demand_changed,
  request_created,
  question_created,
  question_updated,
  question_answered,
  answer_created,
  answer_updated,
  release_created,
  release_updated,
  release_shipped,
  customer_created,
  customer_updated,
  told_created,
  told_stale,  // a told entry went out of date: the teller is prompted to tell again
  user_created,
  user_updated,
  embed_token_created,
  embed_token_revoked,
  api_token_created,
  api_token_revoked,
  webhook_created,
  webhook_updated,
  webhook_deleted,
  board_imported
};
inline constexpr EventType kAllEventTypes[] = {
    EventType::item_created,        EventType::item_updated,
    EventType::item_status_changed, EventType::item_eta_changed,
    EventType::item_answer_changed, EventType::item_answer_confirmed,
    EventType::item_merged,         EventType::item_demand_changed,
    EventType::request_created,     EventType::question_created,
    EventType::question_updated,    EventType::question_answered,
    EventType::answer_created,      EventType::answer_updated,
    EventType::release_created,     EventType::release_updated,
    EventType::release_shipped,     EventType::customer_updated,    EventType::told_created,
    EventType::told_stale,
    EventType::user_created,        EventType::user_updated,
    EventType::embed_token_created, EventType::embed_token_revoked,
    EventType::api_token_created,   EventType::api_token_revoked,
    EventType::webhook_created,     EventType::webhook_updated,
    EventType::webhook_deleted,     EventType::board_imported};
std::string_view to_string(EventType v);  // "item.status_changed"
std::optional<EventType> parse_event_type(std::string_view s);
// Whether the event concerns an item (item.*): it carries the item's version and changes.
bool is_item_event(EventType v);
// What an embed page listens to: item and release events (it shows items and releases only).
bool is_embed_event(EventType v);
// The names of `types` joined by `sep` (for the browser layers).
std::string event_type_names(bool embed_only, char sep);

struct Event {
  Id id = 0;
  std::string type;    // to_string(EventType); kept as text so an unknown future type decodes
  std::string entity;  // "item" | "request" | "question" | "answer" | "release" | ...
  Id entity_id = 0;
  std::string at;  // RFC 3339 UTC
  std::optional<Id> actor_id;
  nlohmann::json data = nlohmann::json::object();
  bool operator==(const Event&) const = default;
};

}  // namespace shipboard

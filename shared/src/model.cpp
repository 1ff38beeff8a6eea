// Enum <-> string conversion and ETA/date parsing for the domain model.
#include "shipboard/model.hpp"

#include "enum_names.hpp"
#include "shipboard/json_reader.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace shipboard {
namespace {

using enum_names::join_names;
using enum_names::name_of;
using enum_names::Names;
using enum_names::parse_name;

constexpr Names<ItemKind, 3> kItemKinds{{{ItemKind::feature, "feature"},
                                         {ItemKind::improvement, "improvement"},
                                         {ItemKind::bug, "bug"}}};
constexpr Names<ItemStatus, 6> kItemStatuses{{{ItemStatus::under_review, "under_review"},
                                              {ItemStatus::planned, "planned"},
                                              {ItemStatus::in_progress, "in_progress"},
                                              {ItemStatus::beta, "beta"},
                                              {ItemStatus::shipped, "shipped"},
                                              {ItemStatus::declined, "declined"}}};
constexpr Names<Commitment, 3> kCommitments{{{Commitment::committed, "committed"},
                                             {Commitment::tentative, "tentative"},
                                             {Commitment::none, "none"}}};
constexpr Names<Role, 5> kRoles{{{Role::admin, "admin"},
                                 {Role::pm, "pm"},
                                 {Role::support, "support"},
                                 {Role::sales, "sales"},
                                 {Role::viewer, "viewer"}}};
constexpr Names<Channel, 2> kChannels{{{Channel::direct, "direct"}, {Channel::partner, "partner"}}};
constexpr Names<ContactRole, 3> kContactRoles{{{ContactRole::champion, "champion"},
                                               {ContactRole::critic, "critic"},
                                               {ContactRole::decision_maker, "decision_maker"}}};
constexpr Names<Importance, 3> kImportances{{{Importance::nice, "nice"},
                                             {Importance::important, "important"},
                                             {Importance::blocker, "blocker"}}};
constexpr Names<QuestionState, 2> kQuestionStates{
    {{QuestionState::open, "open"}, {QuestionState::answered, "answered"}}};
constexpr Names<ReleaseState, 3> kReleaseStates{{{ReleaseState::planned, "planned"},
                                                 {ReleaseState::in_progress, "in_progress"},
                                                 {ReleaseState::released, "released"}}};
constexpr Names<Tier, 3> kTiers{{{Tier::A, "A"}, {Tier::B, "B"}, {Tier::C, "C"}}};
constexpr Names<WebhookFormat, 6> kWebhookFormats{{{WebhookFormat::generic, "generic"},
                                                   {WebhookFormat::slack, "slack"},
                                                   {WebhookFormat::teams, "teams"},
                                                   {WebhookFormat::wecom, "wecom"},
                                                   {WebhookFormat::dingtalk, "dingtalk"},
                                                   {WebhookFormat::feishu, "feishu"}}};

constexpr Names<EventType, 31> kEventTypes{
    {{EventType::item_created, "item.created"},
     {EventType::item_updated, "item.updated"},
     {EventType::item_status_changed, "item.status_changed"},
     {EventType::item_eta_changed, "item.eta_changed"},
     {EventType::item_answer_changed, "item.answer_changed"},
     {EventType::item_answer_confirmed, "item.answer_confirmed"},
     {EventType::item_merged, "item.merged"},
     {EventType::item_demand_changed, "item.demand_changed"},
     {EventType::request_created, "request.created"},
     {EventType::question_created, "question.created"},
     {EventType::question_updated, "question.updated"},
     {EventType::question_answered, "question.answered"},
     {EventType::answer_created, "answer.created"},
     {EventType::answer_updated, "answer.updated"},
     {EventType::release_created, "release.created"},
     {EventType::release_updated, "release.updated"},
     {EventType::release_shipped, "release.shipped"},
     {EventType::customer_created, "customer.created"},
     {EventType::customer_updated, "customer.updated"},
     {EventType::told_created, "told.created"},
     {EventType::told_stale, "told.stale"},
     {EventType::user_created, "user.created"},
     {EventType::user_updated, "user.updated"},
     {EventType::embed_token_created, "embed_token.created"},
     {EventType::embed_token_revoked, "embed_token.revoked"},
     {EventType::api_token_created, "api_token.created"},
     {EventType::api_token_revoked, "api_token.revoked"},
     {EventType::webhook_created, "webhook.created"},
     {EventType::webhook_updated, "webhook.updated"},
     {EventType::webhook_deleted, "webhook.deleted"},
     {EventType::board_imported, "board.imported"}}};


bool digits(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && s[0] != '-' && s[0] != '+';
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

std::string_view to_string(ItemKind v) {
  return name_of(kItemKinds, v);
}
std::string_view to_string(ItemStatus v) {
  return name_of(kItemStatuses, v);
}
std::string_view to_string(Commitment v) {
  return name_of(kCommitments, v);
}
std::string_view to_string(Role v) {
  return name_of(kRoles, v);
}
std::string_view to_string(Channel v) {
  return name_of(kChannels, v);
}
std::string_view to_string(ContactRole v) {
  return name_of(kContactRoles, v);
}
std::string_view to_string(Importance v) {
  return name_of(kImportances, v);
}
std::string_view to_string(QuestionState v) {
  return name_of(kQuestionStates, v);
}
std::string_view to_string(ReleaseState v) {
  return name_of(kReleaseStates, v);
}
std::string_view to_string(Tier v) {
  return name_of(kTiers, v);
}
std::string_view to_string(WebhookFormat v) {
  return name_of(kWebhookFormats, v);
}

std::string_view to_string(EventType v) {
  return name_of(kEventTypes, v);
}
std::optional<EventType> parse_event_type(std::string_view s) {
  return parse_name(kEventTypes, s);
}
bool is_item_event(EventType v) {
  return to_string(v).rfind("item.", 0) == 0;
}
bool is_embed_event(EventType v) {
  return is_item_event(v) || v == EventType::release_created || v == EventType::release_updated ||
         v == EventType::release_shipped;
}
std::string event_type_names(bool embed_only, char sep) {
  std::string out;
  for (EventType t : kAllEventTypes) {
    if (embed_only && !is_embed_event(t)) continue;
    if (!out.empty()) out += sep;
    out += to_string(t);
  }
  return out;
}

std::string spellings(ItemKind) {
  return join_names(kItemKinds);
}
std::string spellings(ItemStatus) {
  return join_names(kItemStatuses);
}
std::string spellings(Commitment) {
  return join_names(kCommitments);
}
std::string spellings(Role) {
  return join_names(kRoles);
}
std::string spellings(Channel) {
  return join_names(kChannels);
}
std::string spellings(ContactRole) {
  return join_names(kContactRoles);
}
std::string spellings(Importance) {
  return join_names(kImportances);
}
std::string spellings(QuestionState) {
  return join_names(kQuestionStates);
}
std::string spellings(ReleaseState) {
  return join_names(kReleaseStates);
}
std::string spellings(Tier) {
  return join_names(kTiers);
}
std::string spellings(WebhookFormat) {
  return join_names(kWebhookFormats);
}

std::optional<ItemKind> parse_item_kind(std::string_view s) {
  return parse_name(kItemKinds, s);
}
std::optional<ItemStatus> parse_item_status(std::string_view s) {
  return parse_name(kItemStatuses, s);
}
std::optional<Commitment> parse_commitment(std::string_view s) {
  return parse_name(kCommitments, s);
}
std::optional<Role> parse_role(std::string_view s) {
  return parse_name(kRoles, s);
}
std::optional<Channel> parse_channel(std::string_view s) {
  return parse_name(kChannels, s);
}
std::optional<ContactRole> parse_contact_role(std::string_view s) {
  return parse_name(kContactRoles, s);
}
std::optional<Importance> parse_importance(std::string_view s) {
  return parse_name(kImportances, s);
}
std::optional<QuestionState> parse_question_state(std::string_view s) {
  return parse_name(kQuestionStates, s);
}
std::optional<ReleaseState> parse_release_state(std::string_view s) {
  return parse_name(kReleaseStates, s);
}
std::optional<Tier> parse_tier(std::string_view s) {
  return parse_name(kTiers, s);
}
std::optional<WebhookFormat> parse_webhook_format(std::string_view s) {
  return parse_name(kWebhookFormats, s);
}

bool is_valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y, m, d;
  if (!digits(s.substr(0, 4), y) || !digits(s.substr(5, 2), m) || !digits(s.substr(8, 2), d))
    return false;
  if (y < 1970 || y > 9999 || m < 1 || m > 12) return false;
  return d >= 1 && d <= days_in_month(y, m);
}

std::optional<std::int64_t> epoch_day(std::string_view date) {
  const std::string_view d = date.substr(0, 10);
  if (!is_valid_date(d) || (date.size() > 10 && date[10] != 'T')) return std::nullopt;
  int y = 0, m = 0, day = 0;
  digits(d.substr(0, 4), y);
  digits(d.substr(5, 2), m);
  digits(d.substr(8, 2), day);
  y -= m <= 2;  // days from civil (H. Hinnant); y >= 1969 here, so no negative eras
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return std::int64_t(era) * 146097 + doe - 719468;
}

std::optional<std::int64_t> epoch_seconds(std::string_view t) {
  int h = 0, mi = 0, sec = 0;
  if (t.size() != 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z' ||
      !digits(t.substr(11, 2), h) || !digits(t.substr(14, 2), mi) ||
      !digits(t.substr(17, 2), sec) || h > 23 || mi > 59 || sec > 60) {
    return std::nullopt;
  }
  const auto day = epoch_day(t);
  if (!day) return std::nullopt;
  return *day * 86400 + h * 3600 + mi * 60 + sec;
}

std::optional<Eta> parse_eta(std::string_view s) {
  if (is_valid_date(s)) return Eta{std::string(s)};
  int y, q;
  if (s.size() == 7 && s[4] == '-' && s[5] == 'Q' && digits(s.substr(0, 4), y) &&
      digits(s.substr(6, 1), q) && y >= 1970 && q >= 1 && q <= 4)
    return Eta{std::string(s)};
  return std::nullopt;
}

std::string eta_end_date(const Eta& e) {
  if (e.text.size() == 10) return e.text;
  static constexpr std::string_view kQuarterEnds[] = {"-03-31", "-06-30", "-09-30", "-12-31"};
  return e.text.substr(0, 4) + std::string(kQuarterEnds[e.text[6] - '1']);
}

bool is_valid_lang(std::string_view s) {
  return s == "zh-Hant" || s == "zh-Hans" || s == "en";
}

std::optional<EmbedScope> parse_embed_scope(std::string_view s) {
  if (s == "board") return EmbedScope{};
  constexpr std::string_view kArea = "area:";
  if (s.substr(0, kArea.size()) != kArea) return std::nullopt;
  std::string_view name = s.substr(kArea.size());
  if (name.empty() || name.size() > 800 || !is_valid_utf8(name)) return std::nullopt;
  if (name.find('\0') != std::string_view::npos) return std::nullopt;
  if (utf8_length(name) > limits::kShortText) return std::nullopt;
  return EmbedScope{std::string(name)};
}

std::string to_string(const EmbedScope& scope) {
  return scope.area.empty() ? std::string("board") : "area:" + scope.area;
}

}  // namespace shipboard

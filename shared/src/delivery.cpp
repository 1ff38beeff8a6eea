// The outbox's domain words, retry schedule and digest times; see delivery.hpp.
#include "shipboard/delivery.hpp"

#include "enum_names.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

namespace shipboard {
namespace {

using enum_names::join_names;
using enum_names::name_of;
using enum_names::Names;
using enum_names::parse_name;

constexpr Names<DeliveryChannel, 2> kChannels{
    {{DeliveryChannel::webhook, "webhook"}, {DeliveryChannel::email, "email"}}};
constexpr Names<DeliveryState, 3> kStates{{{DeliveryState::pending, "pending"},
                                           {DeliveryState::delivered, "delivered"},
                                           {DeliveryState::failed, "failed"}}};
constexpr Names<EmailMode, 3> kModes{
    {{EmailMode::now, "now"}, {EmailMode::digest, "digest"}, {EmailMode::off, "off"}}};

bool two_digits(std::string_view s, int& out) {
  if (s.size() != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return false;
  out = (s[0] - '0') * 10 + (s[1] - '0');
  return true;
}

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

}  // namespace

std::string_view to_string(DeliveryChannel v) {
  return name_of(kChannels, v);
}
std::string_view to_string(DeliveryState v) {
  return name_of(kStates, v);
}
std::string_view to_string(EmailMode v) {
  return name_of(kModes, v);
}
std::string spellings(DeliveryState) {
  return join_names(kStates);
}
std::string spellings(EmailMode) {
  return join_names(kModes);
}
std::optional<DeliveryChannel> parse_delivery_channel(std::string_view s) {
  return parse_name(kChannels, s);
}
std::optional<DeliveryState> parse_delivery_state(std::string_view s) {
  return parse_name(kStates, s);
}
std::optional<EmailMode> parse_email_mode(std::string_view s) {
  return parse_name(kModes, s);
}

bool is_delivered_event(EventType v) {
  return std::find(std::begin(kDeliveredEventTypes), std::end(kDeliveredEventTypes), v) !=
         std::end(kDeliveredEventTypes);
}

std::string delivered_event_names() {
  std::string out;
  for (EventType t : kDeliveredEventTypes)
    out += (out.empty() ? "" : ", ") + std::string(to_string(t));
  return out;
}

std::int64_t retry_delay_seconds(int attempts, double jitter) {
  std::int64_t base = kFirstRetrySeconds;
  for (int i = 1; i < attempts && base < kMaxRetrySeconds; ++i) base *= 2;
  base = std::min(base, kMaxRetrySeconds);
  jitter = std::clamp(jitter, 0.0, 0.999999);
  std::int64_t extra = static_cast<std::int64_t>(jitter * static_cast<double>(base) / 4.0);
  return std::min(base + extra, kMaxRetrySeconds);
}

bool gives_up(std::int64_t created, std::int64_t next) {
  return next - created > kGiveUpSeconds;
}

std::optional<int> parse_clock(std::string_view s) {
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || !two_digits(s.substr(0, 2), h) ||
      !two_digits(s.substr(3, 2), m) || h > 23 || m > 59)
    return std::nullopt;
  return h * 60 + m;
}

std::optional<int> parse_utc_offset(std::string_view s) {
  if (s == "Z") return 0;
  int h = 0, m = 0;
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
      !two_digits(s.substr(1, 2), h) || !two_digits(s.substr(4, 2), m) || m > 59)
    return std::nullopt;
  int minutes = (h * 60 + m) * (s[0] == '-' ? -1 : 1);
  if (minutes < -12 * 60 || minutes > 14 * 60) return std::nullopt;
  return minutes;
}

std::int64_t last_digest_at(std::int64_t now, int clock_minutes, int offset_minutes) {
  const std::int64_t local = now + offset_minutes * 60;
  std::int64_t day = local / 86400;
  if (local % 86400 < 0) --day;
  std::int64_t at = day * 86400 + clock_minutes * 60;  // local seconds
  if (at > local) at -= 86400;
  return at - offset_minutes * 60;
}

std::string timestamp_of(std::int64_t t) {
  std::int64_t days = t / 86400, secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  int y = 0, mo = 0, d = 0;
  civil_from_days(days, y, mo, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

}  // namespace shipboard

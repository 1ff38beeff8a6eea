// The outbox's domain: which events go out to email, chat and webhooks, the states of a
// delivery, a user's email choice per kind (at once, daily digest, off), the retry schedule
// (exponential from 10 s to 6 h with jitter, given up after 24 h) and digest times. Pure: the
// caller passes the time and the random jitter; the server's worker does the sending.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shipboard/model.hpp"

namespace shipboard {

enum class DeliveryChannel { webhook, email };
enum class DeliveryState { pending, delivered, failed };
enum class EmailMode { now, digest, off };
inline constexpr EmailMode kAllEmailModes[] = {EmailMode::now, EmailMode::digest, EmailMode::off};

std::string_view to_string(DeliveryChannel v);
std::string_view to_string(DeliveryState v);
std::string_view to_string(EmailMode v);
std::string spellings(DeliveryState);
std::string spellings(EmailMode);
std::optional<DeliveryChannel> parse_delivery_channel(std::string_view s);
std::optional<DeliveryState> parse_delivery_state(std::string_view s);
std::optional<EmailMode> parse_email_mode(std::string_view s);

// The events that reach people outside the board: what already lands in someone's inbox.
inline constexpr EventType kDeliveredEventTypes[] = {
    EventType::item_status_changed, EventType::item_eta_changed,  EventType::item_answer_changed,
    EventType::item_merged,         EventType::question_answered, EventType::release_shipped};
bool is_delivered_event(EventType v);
// "item.status_changed, item.eta_changed, ..." for "must be one of" errors.
std::string delivered_event_names();
// The kind a webhook test sends (not a board event).
inline constexpr std::string_view kTestDeliveryType = "webhook.test";

// [SECTION] Retry schedule
inline constexpr std::int64_t kFirstRetrySeconds = 10;
inline constexpr std::int64_t kMaxRetrySeconds = 6 * 3600;
inline constexpr std::int64_t kGiveUpSeconds = 24 * 3600;
// Seconds until the next attempt after `attempts` failed ones (1, 2, ...): 10 s doubling up
// to 6 h, plus up to a quarter more by `jitter` in [0, 1) so receivers that failed together
// are not retried together; always within [10 s, 6 h].
std::int64_t retry_delay_seconds(int attempts, double jitter);
// Whether a delivery enqueued at `created` (epoch seconds) is given up at `now` instead of
// being retried at `next` (the next attempt would be more than 24 h after it was enqueued).
bool gives_up(std::int64_t created, std::int64_t next);

// [SECTION] Daily digests
// "09:00" -> 540 (minutes after midnight); nullopt unless HH:MM with 00-23 and 00-59.
std::optional<int> parse_clock(std::string_view s);
// "+08:00" / "-05:30" / "Z" -> minutes east of UTC; nullopt outside -12:00..+14:00.
std::optional<int> parse_utc_offset(std::string_view s);
// The latest digest moment at or before `now` (epoch seconds) for a digest at `clock_minutes`
// local time in a zone `offset_minutes` east of UTC.
std::int64_t last_digest_at(std::int64_t now, int clock_minutes, int offset_minutes);
// "YYYY-MM-DDTHH:MM:SSZ" of epoch seconds (the API's timestamps).
std::string timestamp_of(std::int64_t epoch_seconds);

}  // namespace shipboard

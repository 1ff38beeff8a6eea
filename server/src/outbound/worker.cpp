// The delivery worker and how a delivery becomes a request; see worker.hpp.
#include "outbound/worker.hpp"

#include <chrono>
#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "outbound/chat_formats.hpp"
#include "outbound/http_client.hpp"
#include "outbound/mail.hpp"
#include "outbound/message.hpp"
#include "outbound/signatures.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/delivery.hpp"

namespace shipboard::server::outbound {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::pair<DeliveryChannel, Id>> target_of(const store::Delivery& d) {
  if (d.channel == DeliveryChannel::webhook && d.webhook_id)
    return std::pair{d.channel, *d.webhook_id};
  if (d.channel == DeliveryChannel::email && d.user_id) return std::pair{d.channel, *d.user_id};
  return std::nullopt;
}

}  // namespace

std::string unsubscribe_token(const std::string& key, Id user, const std::string& kind) {
  return hmac_sha256_hex(key, "unsubscribe:" + std::to_string(user) + ":" + kind);
}

std::string unsubscribe_url(const std::string& public_url, const std::string& key, Id user,
                            const std::string& kind) {
  return public_url + "/unsubscribe?u=" + std::to_string(user) + "&k=" + kind +
         "&t=" + unsubscribe_token(key, user, kind);
}

RenderedMail render_delivery_mail(const User& user, const store::NotificationSettings& settings,
                                  const std::vector<store::Delivery>& batch,
                                  const WorkerOptions& options) {
  RenderedMail r;
  if (batch.empty() || !options.smtp) {
    r.error = "email is not configured";
    return r;
  }
  if (!user.active) {
    r.error = "the user is disabled";
    return r;
  }
  if (user.email.empty() || !is_valid_email(user.email)) {
    r.error = "the user has no email address";
    return r;
  }
  const bool digest = batch.front().digest;
  std::vector<ChatMessage> messages;
  std::string ids;
  for (const auto& d : batch) {
    json payload = json::parse(d.payload, nullptr, false);
    if (!payload.is_object()) payload = json::object();
    messages.push_back(message_for(payload, d.event_type, settings.lang, options.public_url));
    ids += (ids.empty() ? "" : ",") + std::to_string(d.id);
  }
  const std::string kind = digest ? "all" : batch.front().event_type;
  const std::string unsubscribe =
      options.public_url.empty()
          ? std::string()
          : unsubscribe_url(options.public_url, options.unsubscribe_key, user.id, kind);
  EmailContent content = render_email(messages, settings.lang, digest, unsubscribe);
  r.mail.from = options.smtp->from;
  r.mail.to = user.email;
  r.mail.to_name = user.name;
  r.mail.subject = content.subject;
  r.mail.text = content.text;
  r.mail.html = content.html;
  r.mail.list_unsubscribe_url = unsubscribe;
  r.mail.extra_headers = {{"Auto-Submitted", "auto-generated"}, {"X-Shipboard-Delivery", ids}};
  // The same deliveries sent again carry the same Message-ID: a mail client shows it once.
  r.message_id = "shipboard-delivery-" + std::to_string(batch.front().id) +
                 (batch.size() > 1 ? "-" + std::to_string(batch.size()) : "");
  return r;
}

RenderedRequest render_webhook_request(const store::Webhook& w, const store::Delivery& d,
                                       const std::string& public_url, std::int64_t now) {
  json payload = json::parse(d.payload, nullptr, false);
  if (!payload.is_object()) payload = json::object();
  const ChatMessage m = message_for(payload, d.event_type, w.lang, public_url);
  RenderedRequest r;
  r.url = w.url;
  r.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  if (w.format == WebhookFormat::generic) {
    json body{{"delivery", d.id},
              {"type", d.event_type},
              {"event", payload.value("event", json(nullptr))},
              {"message", json::parse(render_chat(WebhookFormat::generic, m))}};
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    const std::string ts = std::to_string(now);
    r.headers.emplace_back("X-Shipboard-Event", d.event_type);
    r.headers.emplace_back("X-Shipboard-Delivery", std::to_string(d.id));
    r.headers.emplace_back("X-Shipboard-Timestamp", ts);
    if (!w.secret.empty())
      r.headers.emplace_back("X-Shipboard-Signature", generic_signature(w.secret, ts, r.body));
    return r;
  }
  r.body = render_chat(w.format, m);
  if (!w.secret.empty() && w.format == WebhookFormat::dingtalk)
    r.url = dingtalk_signed_url(w.url, w.secret, now * 1000);
  if (!w.secret.empty() && w.format == WebhookFormat::feishu)
    r.body = feishu_signed_body(r.body, w.secret, now);
  return r;
}

store::DeliveryOutcome judge_answer(long status, const std::string& body, const std::string& error,
                                    bool refused) {
  using Kind = store::DeliveryOutcome::Kind;
  store::DeliveryOutcome o;
  if (status) o.status = static_cast<int>(status);
  if (refused) {
    o.kind = Kind::failed;  // the address will not become allowed by waiting
    o.error = error;
    return o;
  }
  if (!error.empty() || status == 0) {
    o.kind = Kind::retry;
    o.error = error.empty() ? "no answer" : error;
    return o;
  }
  if (status == 410) {
    o.kind = Kind::gone;
    o.error = "410 Gone: the receiver says this channel no longer exists";
    return o;
  }
  if (status < 200 || status >= 300) {
    o.kind = Kind::retry;
    o.error = "HTTP " + std::to_string(status) + ": " + body.substr(0, 200);
    return o;
  }
  // WeCom and DingTalk answer {"errcode": n}, Feishu {"code": n}; 0 is success.
  auto j = json::parse(body, nullptr, false);
  if (j.is_object())
    for (const char* key : {"errcode", "code", "StatusCode"})
      if (j.contains(key) && j[key].is_number_integer() && j[key].get<long>() != 0) {
        o.kind = Kind::retry;
        o.error = std::string(key) + " " + std::to_string(j[key].get<long>()) + ": " +
                  str(j, j.contains("errmsg") ? "errmsg" : "msg");
        return o;
      }
  o.kind = Kind::delivered;
  return o;
}

Worker::Worker(store::Store& store, WorkerOptions options)
    : store_(store), options_(std::move(options)) {}

Worker::~Worker() {
  stop();
}

std::int64_t Worker::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Worker::start() {
  store_.release_delivery_leases();
  dispatcher_ = std::thread([this] { dispatch_loop(); });
  for (int i = 0; i < std::max(1, options_.senders); ++i)
    senders_.emplace_back([this] { send_loop(); });
}

void Worker::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  work_cv_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  for (auto& t : senders_)
    if (t.joinable()) t.join();
}

void Worker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_one();
}

void Worker::dispatch_loop() {
  while (!stopping_) {
    try {
      const std::string at = timestamp_of(now());
      store::BusyTargets busy;
      {
        std::lock_guard lock(mutex_);
        for (const auto& [channel, id] : in_flight_)
          (channel == DeliveryChannel::webhook ? busy.webhooks : busy.users).push_back(id);
      }
      std::vector<store::Delivery> due = store_.due_deliveries(at, 100, busy);
      std::vector<Batch> take;
      {
        std::lock_guard lock(mutex_);
        std::map<Target, std::size_t> picked;  // target -> its batch in `take`
        for (auto& d : due) {
          if (d.channel == DeliveryChannel::email && !options_.smtp) continue;
          const auto target = target_of(d);
          if (!target || in_flight_.count(*target)) continue;
          auto at_batch = picked.find(*target);
          if (at_batch != picked.end()) {
            // A user's digest deliveries due together are one mail; anything else waits.
            Batch& b = take[at_batch->second];
            if (d.channel == DeliveryChannel::email && d.digest && b.deliveries.front().digest)
              b.deliveries.push_back(std::move(d));
            continue;
          }
          picked[*target] = take.size();
          take.push_back(Batch{*target, {std::move(d)}});
        }
      }
      std::vector<Id> ids;
      for (const auto& b : take)
        for (const auto& d : b.deliveries) ids.push_back(d.id);
      auto leased = store_.lease_deliveries(ids, at, timestamp_of(now() + options_.lease_seconds));
      const std::set<Id> got(leased.begin(), leased.end());
      {
        std::lock_guard lock(mutex_);
        for (auto& b : take) {
          std::vector<store::Delivery> mine;
          for (auto& d : b.deliveries)
            if (got.count(d.id)) {
              ++d.attempts;
              mine.push_back(std::move(d));
            }
          if (mine.empty()) continue;  // another process took them
          in_flight_.insert(b.target);
          queue_.push_back(Batch{b.target, std::move(mine)});
        }
      }
      work_cv_.notify_all();
    } catch (const std::exception&) {
      // The store is busy or closing; look again at the next tick.
    }
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                 [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

void Worker::send_loop() {
  while (true) {
    Batch b;
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      b = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      if (b.deliveries.front().channel == DeliveryChannel::email)
        attempt_email(b);
      else
        attempt(b.deliveries.front());
    } catch (const std::exception&) {
      // Left leased: the lease runs out and the delivery is tried again.
    }
    {
      std::lock_guard lock(mutex_);
      in_flight_.erase(b.target);
      woken_ = true;
    }
    cv_.notify_one();
  }
}

void Worker::schedule_retry(store::DeliveryOutcome& o, const store::Delivery& d, std::int64_t t) {
  using Kind = store::DeliveryOutcome::Kind;
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::int64_t next =
      t + retry_delay_seconds(d.attempts, std::uniform_real_distribution<double>(0, 1)(rng));
  const std::int64_t queued =
      epoch_seconds(d.queued_at.empty() ? d.created_at : d.queued_at).value_or(t);
  if (gives_up(queued, next)) {
    o.kind = Kind::failed;
    o.error = "given up after 24 h and " + std::to_string(d.attempts) + " attempts: " + o.error;
  } else {
    o.next_attempt_at = timestamp_of(next);
  }
}

void Worker::attempt_email(const Batch& b) {
  using Kind = store::DeliveryOutcome::Kind;
  const std::int64_t t = now();
  const Id user_id = *b.deliveries.front().user_id;
  auto finish_all = [&](store::DeliveryOutcome o) {
    for (const auto& d : b.deliveries) {
      store::DeliveryOutcome each = o;
      if (each.kind == Kind::retry) schedule_retry(each, d, t);
      store_.finish_delivery(d.id, each, timestamp_of(now()));
    }
  };
  auto user = store_.user(user_id);
  store::DeliveryOutcome o;
  if (!user) {
    o.kind = Kind::failed;
    o.error = "no such user";
    return finish_all(o);
  }
  RenderedMail m =
      render_delivery_mail(*user, store_.notification_settings(user_id), b.deliveries, options_);
  std::string mime;
  if (m.error.empty()) {
    try {
      mime = compose_mime(m.mail, rfc5322_date(t), m.message_id);
    } catch (const std::invalid_argument& e) {
      m.error = e.what();
    }
  }
  if (!m.error.empty()) {
    o.kind = Kind::failed;  // waiting changes nothing: an admin must fix the user or the config
    o.error = m.error;
    return finish_all(o);
  }
  MailResult r = send_mail(*options_.smtp, "", m.mail.to, mime);
  if (r.smtp_code) o.status = static_cast<int>(r.smtp_code);
  if (r.ok) {
    o.kind = Kind::delivered;
  } else {
    o.kind = r.permanent ? Kind::failed : Kind::retry;
    o.error = r.error.empty() ? "SMTP " + std::to_string(r.smtp_code) : r.error;
  }
  finish_all(o);
}

void Worker::attempt(const store::Delivery& d) {
  using Kind = store::DeliveryOutcome::Kind;
  auto w = store_.webhook(*d.webhook_id);
  if (!w) return;  // deleted meanwhile, with its deliveries
  const std::int64_t t = now();
  RenderedRequest rr = render_webhook_request(*w, d, options_.public_url, t);
  Request req;
  req.method = "POST";
  req.url = rr.url;
  req.headers = rr.headers;
  req.body = rr.body;
  Limits limits;
  limits.guard = &options_.guard;
  limits.max_body_bytes = 64 * 1024;
  Response res = send(req, limits);
  store::DeliveryOutcome o = judge_answer(res.status, res.body, res.error, res.refused);
  if (o.kind == Kind::retry) schedule_retry(o, d, t);
  store_.finish_delivery(d.id, o, timestamp_of(now()));
}

}  // namespace shipboard::server::outbound

// The delivery worker and how a delivery becomes a request; see worker.hpp.
#include "outbound/worker.hpp"

#include <chrono>
#include <random>

#include <nlohmann/json.hpp>

#include "outbound/chat_formats.hpp"
#include "outbound/http_client.hpp"
#include "outbound/signatures.hpp"
#include "shipboard/delivery.hpp"

namespace shipboard::server::outbound {
namespace {

using nlohmann::json;

struct Words {
  const char* status[6];
  const char* commitment[3];
  const char* status_label;
  const char* eta;
  const char* release;
  const char* moved;     // "%s → %s"
  const char* new_eta;   // ETA changed
  const char* answer;    // customer answer changed
  const char* merged;    // merged into
  const char* answered;  // question answered
  const char* shipped;   // release shipped
  const char* test;
  const char* open;
};
const Words kHant{{"評估中", "已排入計畫", "開發中", "測試版", "已上線", "不做"},
                  {"可以承諾", "暫定，先別承諾", "不可承諾"},
                  "狀態",
                  "預計上線",
                  "目標版本",
                  "狀態更新",
                  "時程更新",
                  "給客戶的答覆已更新",
                  "已合併到",
                  "問題已回覆",
                  "版本已發布",
                  "Shipboard 測試訊息",
                  "在 Shipboard 開啟"};
const Words kHans{{"评估中", "已排入计划", "开发中", "测试版", "已上线", "不做"},
                  {"可以承诺", "暂定，先别承诺", "不可承诺"},
                  "状态",
                  "预计上线",
                  "目标版本",
                  "状态更新",
                  "时程更新",
                  "给客户的答复已更新",
                  "已合并到",
                  "问题已回复",
                  "版本已发布",
                  "Shipboard 测试消息",
                  "在 Shipboard 打开"};
const Words kEn{{"Under review", "Planned", "In progress", "Beta", "Shipped", "Declined"},
                {"may be promised", "tentative, do not promise yet", "do not promise"},
                "Status",
                "ETA",
                "Target release",
                "Status changed",
                "ETA changed",
                "Customer answer changed",
                "Merged into",
                "Question answered",
                "Release shipped",
                "Shipboard test message",
                "Open on Shipboard"};
const Words& words(const std::string& lang) {
  return lang == "zh-Hans" ? kHans : lang == "en" ? kEn : kHant;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ChatMessage message_for(const json& payload, const std::string& type, const std::string& lang,
                        const std::string& public_url) {
  const Words& w = words(lang);
  ChatMessage m;
  m.event_type = type;
  m.link_label = w.open;
  const json item = payload.value("item", json::object());
  if (item.is_object() && item.contains("id")) {
    m.item_title = str(item, "title");
    auto status = parse_item_status(str(item, "status")).value_or(ItemStatus::under_review);
    auto commitment = parse_commitment(str(item, "commitment")).value_or(Commitment::none);
    m.facts.emplace_back(w.status_label, w.status[static_cast<int>(status)]);
    if (!str(item, "eta").empty()) m.facts.emplace_back(w.eta, str(item, "eta"));
    if (item.contains("release") && item["release"].is_object())
      m.facts.emplace_back(w.release, str(item["release"], "name"));
    m.commitment = w.commitment[static_cast<int>(commitment)];
    m.customer_answer = str(item, "customer_answer");
    if (!public_url.empty())
      m.link = public_url + "/#/items/" + std::to_string(item["id"].get<Id>());
  }
  if (type == "item.status_changed")
    m.headline = std::string(w.moved) + ": " + m.item_title + " → " + m.facts.front().second;
  else if (type == "item.eta_changed")
    m.headline = std::string(w.new_eta) + ": " + m.item_title;
  else if (type == "item.answer_changed")
    m.headline = std::string(w.answer) + ": " + m.item_title;
  else if (type == "item.merged")
    m.headline =
        str(payload.value("merged", json::object()), "title") + " " + w.merged + " " + m.item_title;
  else if (type == "question.answered") {
    const json q = payload.value("question", json::object());
    m.headline = std::string(w.answered) + ": " + str(q, "body");
    if (m.customer_answer.empty()) m.customer_answer = str(q, "answer");
  } else if (type == "release.shipped") {
    const json r = payload.value("release", json::object());
    m.headline = std::string(w.shipped) + ": " + str(r, "name");
    m.item_title = str(r, "name");
    for (const auto& it : r.value("items", json::array()))
      m.facts.emplace_back("#" + std::to_string(it.value("id", Id{0})), str(it, "title"));
    if (!public_url.empty())
      m.link = public_url + "/#/releases/" + std::to_string(r.value("id", Id{0}));
  } else {
    m.headline = w.test;
  }
  return m;
}

}  // namespace

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
      std::vector<store::Delivery> due = store_.due_deliveries(at, 100);
      std::vector<store::Delivery> take;
      {
        std::lock_guard lock(mutex_);
        std::set<std::string> picked;
        for (auto& d : due) {
          if (d.channel != DeliveryChannel::webhook || !d.webhook_id) continue;  // email: later
          const std::string target = "webhook:" + std::to_string(*d.webhook_id);
          if (in_flight_.count(target) || picked.count(target)) continue;
          picked.insert(target);
          take.push_back(std::move(d));
        }
      }
      std::vector<Id> ids;
      for (auto& d : take) ids.push_back(d.id);
      auto leased = store_.lease_deliveries(ids, at, timestamp_of(now() + options_.lease_seconds));
      {
        std::lock_guard lock(mutex_);
        for (auto& d : take)
          if (std::find(leased.begin(), leased.end(), d.id) != leased.end()) {
            in_flight_.insert("webhook:" + std::to_string(*d.webhook_id));
            ++d.attempts;
            queue_.push_back(std::move(d));
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
    store::Delivery d;
    {
      std::unique_lock lock(mutex_);
      work_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      d = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      attempt(d);
    } catch (const std::exception&) {
      // Left leased: the lease runs out and the delivery is tried again.
    }
    {
      std::lock_guard lock(mutex_);
      in_flight_.erase("webhook:" + std::to_string(*d.webhook_id));
      woken_ = true;
    }
    cv_.notify_one();
  }
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
  if (o.kind == Kind::retry) {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    const std::int64_t next =
        t + retry_delay_seconds(d.attempts, std::uniform_real_distribution<double>(0, 1)(rng));
    const std::int64_t queued = epoch_seconds(d.created_at).value_or(t);
    if (gives_up(queued, next)) {
      o.kind = Kind::failed;
      o.error = "given up after 24 h and " + std::to_string(d.attempts) + " attempts: " + o.error;
    } else {
      o.next_attempt_at = timestamp_of(next);
    }
  }
  store_.finish_delivery(d.id, o, timestamp_of(now()));
}

}  // namespace shipboard::server::outbound

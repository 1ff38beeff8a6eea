// EventFeed: new events read once per write generation and serialised once per audience for
// every open stream (see event_feed.hpp).
#include "http/event_feed.hpp"

#include <algorithm>

#include "shipboard/codec.hpp"

namespace shipboard::server {
namespace {

std::string frame(const Event& e, Audience audience) {
  return "id: " + std::to_string(e.id) + "\nevent: " + e.type + "\ndata: " +
         to_json(e, audience).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n\n";
}

}  // namespace

EventFeed::EventFeed(store::Store& store, std::size_t keep)
    : store_(store), keep_(std::max<std::size_t>(keep, 1)) {
  newest_ = floor_ = store_.last_event_id();
}

EventFeed::EntryPtr EventFeed::make_entry(Event e) {
  auto entry = std::make_shared<Entry>();
  entry->full = frame(e, Audience::full);
  entry->restricted = frame(e, Audience::restricted);
  entry->event = std::move(e);
  return entry;
}

void EventFeed::refresh_locked(std::uint64_t generation) {
  constexpr int kBatch = 500;
  for (;;) {
    auto events = store_.events_after(newest_, kBatch);
    for (auto& e : events) {
      newest_ = e.id;
      recent_.push_back(make_entry(std::move(e)));
    }
    if (static_cast<int>(events.size()) < kBatch) break;
  }
  while (recent_.size() > keep_) {
    floor_ = recent_.front()->event.id;
    recent_.pop_front();
  }
  read_generation_ = generation;
  read_at_ = std::chrono::steady_clock::now();
}

std::vector<EventFeed::EntryPtr> EventFeed::after(Id last, std::uint64_t generation, int limit,
                                                  std::chrono::milliseconds max_age) {
  std::vector<EntryPtr> out;
  {
    std::lock_guard lock(mutex_);
    if (generation != read_generation_ || std::chrono::steady_clock::now() - read_at_ > max_age)
      refresh_locked(generation);
    if (last >= floor_) {
      auto it = std::upper_bound(recent_.begin(), recent_.end(), last,
                                 [](Id id, const EntryPtr& e) { return id < e->event.id; });
      for (; it != recent_.end() && static_cast<int>(out.size()) < limit; ++it) out.push_back(*it);
      return out;
    }
  }
  // Resuming from before what the feed keeps: this stream reads the store itself.
  for (auto& e : store_.events_after(last, limit)) out.push_back(make_entry(std::move(e)));
  return out;
}

}  // namespace shipboard::server

// The live streams' shared reader (P3 in docs/performance.md): with a thousand open streams,
// each reading and serialising every new event itself cost ~200 ms of CPU per change. The feed
// reads new events from the store once per write generation (single flight, under its mutex)
// and keeps the most recent ones with their SSE frames built once per audience; streams copy
// the frames they may see. A stream resuming from before what the feed keeps reads the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "shipboard/model.hpp"
#include "store/store.hpp"

namespace shipboard::server {

class EventFeed {
 public:
  struct Entry {
    Event event;
    std::string full;        // "id: …\nevent: …\ndata: …\n\n" for the full audience
    std::string restricted;  // the same for viewers and embeds (internal fields stripped)
  };
  using EntryPtr = std::shared_ptr<const Entry>;

  // Starts after the store's newest event; keeps at most `keep` recent entries.
  EventFeed(store::Store& store, std::size_t keep = 4096);

  // Up to `limit` events after `last`. Reads the store when `generation` (the hub's, read
  // before calling) is newer than the last read, or that read is older than `max_age` (writes
  // by another server process have no generation).
  std::vector<EntryPtr> after(Id last, std::uint64_t generation, int limit,
                              std::chrono::milliseconds max_age = std::chrono::milliseconds(500));

  static EntryPtr make_entry(Event e);

 private:
  void refresh_locked(std::uint64_t generation);
  store::Store& store_;
  std::size_t keep_;
  std::mutex mutex_;
  std::deque<EntryPtr> recent_;  // ascending ids
  Id newest_ = 0;                // newest id read from the store
  Id floor_ = 0;                 // the feed holds every event after this id
  std::uint64_t read_generation_ = 0;
  std::chrono::steady_clock::time_point read_at_{};
};

}  // namespace shipboard::server

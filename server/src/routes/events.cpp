// Live events: GET /api/v1/events as Server-Sent Events. Events are read from the event table
// (so any server process can serve any stream), resumed after Last-Event-ID, woken by the
// in-process hub and polled once a second for other writers, with heartbeat comments.
// Each open stream holds one worker thread (cpp-httplib); --max-threads bounds them.
#include "routes/route.hpp"

namespace shipboard::server {
namespace {

void stream_events(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/events", "stream_events", stream_events, reads(Action::read_events)},
};

// What a restricted audience (viewers, embeds) may see of an event: never customers, requests
// or users, and no data that could carry internal fields.
bool visible(const Principal& p, const Event& e) {
  if (p.audience() == Audience::full) return true;
  if (e.entity == "release") return true;
  if (e.entity != "item") return false;
  // An area-scoped embed sees only its area's items (the event carries the item's area).
  if (auto area = p.embed_area()) return e.data.value("area", std::string()) == *area;
  return true;
}

void stream_events(App& app, const Principal& p, const Req& req, Res& res) {
  std::int64_t last = 0;
  // [hardening] A Last-Event-ID that is present must be an event id, even when its value
  // comes out empty (e.g. "%00"): never silently a fresh stream.
  bool resuming = req.has_header("Last-Event-ID");
  std::string resume = req.get_header_value("Last-Event-ID");
  if (!resuming && req.has_param("last_event_id")) {
    resuming = true;
    resume = req.get_param_value("last_event_id");
  }
  if (resuming && (resume.empty() || resume.size() > 18 ||
                   resume.find_first_not_of("0123456789") != std::string::npos))
    return problem(res, 400, "Bad Request", "Last-Event-ID must be an event id");
  if (resuming) {
    try {
      std::size_t used = 0;
      last = std::stoll(resume, &used);
      if (used != resume.size() || last < 0) throw std::invalid_argument("id");
    } catch (...) {
      return problem(res, 400, "Bad Request", "Last-Event-ID must be an event id");
    }
  } else {
    last = app.store().last_event_id();  // a fresh stream starts from now
  }
  // Streams have their own budget (http/stream_budget.hpp): past it, 429, and the worker that
  // would have held the stream stays free for requests.
  std::string refused;
  auto slot = app.streams().acquire(p.credential, req.remote_addr, refused);
  if (!slot) {
    res.set_header("Retry-After", "30");
    const std::string what = refused == "caller" ? "this session or token"
                             : refused == "peer" ? "this address"
                                                 : "the server";
    return problem(res, 429, "Too Many Requests",
                   "too many open event streams for " + what + "; close a tab or try again later");
  }
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Accel-Buffering", "no");
  auto heartbeat = std::chrono::seconds(app.config().sse_heartbeat_s);
  struct Stream {
    std::int64_t last;
    std::uint64_t generation;
    bool started = false;
    std::unique_ptr<StreamBudget::Slot> slot;  // given back when the stream ends
  };
  auto state =
      std::make_shared<Stream>(Stream{last, app.hub().generation(), false, std::move(slot)});
  res.set_chunked_content_provider(
      "text/event-stream", [&app, p, state, heartbeat](std::size_t, httplib::DataSink& sink) {
        auto since_beat = std::chrono::steady_clock::now();
        if (!state->started) {
          state->started = true;
          if (!sink.write("retry: 2000\n\n", 13)) return false;
        }
        while (!app.hub().stopping()) {
          if (!sink.is_writable()) return false;
          // Shared reads and frames (event_feed.hpp); read the generation first.
          const auto generation = app.hub().generation();
          auto events = app.feed().after(state->last, generation, 200);
          if (!events.empty()) {
            std::string out;
            const bool full = p.audience() == Audience::full;
            for (const auto& e : events) {
              state->last = e->event.id;
              if (!visible(p, e->event)) continue;
              out += full ? e->full : e->restricted;
            }
            if (!out.empty()) return sink.write(out.data(), out.size());
            continue;
          }
          if (std::chrono::steady_clock::now() - since_beat >= heartbeat) {
            return sink.write(": heartbeat\n\n", 13);
          }
          state->generation = app.hub().wait(generation, std::chrono::milliseconds(1000));
        }
        // Shutting down: browsers reconnect in a second (to this server restarted, or to another
        // process behind the proxy) and resume from Last-Event-ID.
        sink.write("retry: 1000\n\n", 13);
        sink.done();
        return true;
      });
}

}  // namespace

std::span<const Route> event_routes() {
  return kRoutes;
}

}  // namespace shipboard::server

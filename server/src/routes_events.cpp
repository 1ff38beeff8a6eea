// Live events: GET /api/v1/events as Server-Sent Events. Events are read from the event table
// (so any server process can serve any stream), resumed after Last-Event-ID, woken by the
// in-process hub and polled once a second for other writers, with heartbeat comments.
// Each open stream holds one worker thread (cpp-httplib); --max-threads bounds them.
#include "app.hpp"
#include "http.hpp"

namespace shipboard::server {
namespace {

// What a restricted audience (viewers, embeds) may see of an event: never customers, requests
// or users, and no data that could carry internal fields.
bool visible(const Principal& p, const Event& e) {
  if (p.audience() == Audience::full) return true;
  if (e.entity == "release") return true;
  if (e.entity != "item") return false;
  // An area-scoped embed sees only its area's items (the event carries the item's area).
  if (p.kind == Principal::Kind::embed && p.embed_scope.rfind("area:", 0) == 0)
    return e.data.value("area", std::string()) == p.embed_scope.substr(5);
  return true;
}

}  // namespace

void register_event_routes(App& app) {
  app.http().Get("/api/v1/events", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::read_events, res)) return;
    std::int64_t last = 0;
    std::string resume = req.get_header_value("Last-Event-ID");
    if (resume.empty() && req.has_param("last_event_id")) resume = req.get_param_value("last_event_id");
    if (!resume.empty()) {
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
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");
    auto heartbeat = std::chrono::seconds(app.config().sse_heartbeat_s);
    struct Stream {
      std::int64_t last;
      std::uint64_t generation;
      bool started = false;
    };
    auto state = std::make_shared<Stream>(Stream{last, app.hub().generation()});
    res.set_chunked_content_provider(
        "text/event-stream",
        [&app, p, state, heartbeat](std::size_t, httplib::DataSink& sink) {
          auto since_beat = std::chrono::steady_clock::now();
          if (!state->started) {
            state->started = true;
            if (!sink.write("retry: 2000\n\n", 13)) return false;
          }
          while (!app.hub().stopping()) {
            if (!sink.is_writable()) return false;
            auto events = app.store().events_after(state->last, 200);
            if (!events.empty()) {
              std::string out;
              for (const auto& e : events) {
                state->last = e.id;
                if (!visible(p, e)) continue;
                out += "id: " + std::to_string(e.id) + "\nevent: " + e.type + "\ndata: " +
                       to_json(e, p.audience()).dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace) +
                       "\n\n";
              }
              if (!out.empty()) return sink.write(out.data(), out.size());
              continue;
            }
            if (std::chrono::steady_clock::now() - since_beat >= heartbeat) {
              return sink.write(": heartbeat\n\n", 13);
            }
            state->generation = app.hub().wait(state->generation, std::chrono::milliseconds(1000));
          }
          sink.done();
          return true;
        });
  });
}

}  // namespace shipboard::server

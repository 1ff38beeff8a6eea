// One conflict path for the record forms (releases, customers): PATCH a form's changes with
// If-Match, where a 200 stores the record and closes the form and a 412 keeps the record as it is
// now for the diff and re-apply; POST a new record.
#pragma once

#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"

namespace shipboard::client {


// PATCH a form's changes to `path` with If-Match `version`: a 200 stores the record and closes
// the form; a 412 carries the record as it is now (`current`, as for items), kept for the diff
// and re-apply without another request; anything else keeps the form and shows the problem.
template <class Form, class Decode, class Store>
void send_patch(AppState& app, Form& (*form)(AppState&), const std::string& path,
                const std::string& body, std::int64_t version, Decode decode, Store store) {
  Form& e = form(app);
  e.saving = true;
  const Id id = e.id;
  http_request_if_match(
      "PATCH", path, body, app.csrf_token, if_match(version),
      [&app, form, id, decode, store](HttpResponse r) {
        Form& ed = form(app);
        if (ed.id != id) return;
        ed.saving = false;
        if (r.status == 200) {
          auto d = decode(nlohmann::json::parse(r.body, nullptr, false));
          if (d.ok()) store(app, *d.value);
          ed.id = 0;
          ed.conflict.reset();
          ed.saved_flash = true;
          app.animate_until_ms = now_ms() + 1600;
        } else if (r.status == 412) {
          auto body = nlohmann::json::parse(r.body, nullptr, false);
          auto d = decode(body.is_object() && body.contains("current") ? body["current"]
                                                                         : nlohmann::json());
          if (!d.ok()) {
            ed.error = problem_text(r);
            return;
          }
          ed.conflict = *d.value;
          store(app, *d.value);
        } else {
          ed.error = problem_text(r);
        }
      });
}

// POST a new record from a form; on 201 `created` gets the decoded record and the form closes,
// otherwise the form keeps what was typed and shows the server's reason.
template <class Form, class Record, class Decode, class Created>
void send_create(AppState& app, Form& (*form)(AppState&), const std::string& path,
                 const std::string& body, Decode decode, Created created) {
  Form& e = form(app);
  e.error.clear();
  e.saving = true;
  http_request("POST", path, body, app.csrf_token, [&app, form, decode, created](HttpResponse r) {
    Form& ed = form(app);
    if (ed.id != kNewRecord) return;  // cancelled meanwhile
    ed.saving = false;
    Decoded<Record> d = decode(nlohmann::json::parse(r.body, nullptr, false));
    if (r.status != 201 || !d.ok()) {
      ed.error = problem_text(r);
      return;
    }
    ed = Form{};
    ed.saved_flash = true;
    app.animate_until_ms = now_ms() + 1600;
    created(app, *d.value);
  });
}

}  // namespace shipboard::client

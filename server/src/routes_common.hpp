// Small pieces the route files share: mapping a store outcome to its HTTP status.
#pragma once

#include <httplib.h>

#include "http.hpp"
#include "store/store.hpp"

namespace shipboard::server {

// Writes the problem for a non-ok outcome and returns false; true when ok.
inline bool respond_outcome(store::Outcome o, const std::string& detail, const FieldErrors& errors,
                            httplib::Response& res) {
  switch (o) {
    case store::Outcome::ok: return true;
    case store::Outcome::not_found: problem(res, 404, "Not Found", detail); break;
    case store::Outcome::forbidden: problem(res, 403, "Forbidden", detail); break;
    case store::Outcome::conflict: problem(res, 409, "Conflict", detail, errors); break;
    case store::Outcome::precondition_failed:
      problem(res, 412, "Precondition Failed", detail);
      break;
    case store::Outcome::invalid:
      // A bad cursor is a malformed query (400); anything else is a well-formed but invalid
      // body (422).
      if (!errors.empty() && errors.front().field == "cursor")
        problem(res, 400, "Bad Request", detail, errors);
      else
        problem(res, 422, "Unprocessable Content", detail, errors);
      break;
  }
  return false;
}

template <class T>
bool store_ok(const store::Result<T>& r, httplib::Response& res) {
  return respond_outcome(r.outcome, r.detail, r.errors, res);
}

}  // namespace shipboard::server

// The native stand-in for the browser (platform.hpp implemented in stub_platform.cpp): HTTP
// requests are recorded and answered by the test with canned server JSON, the clipboard,
// location hash, title and localStorage are captured, and the clock is the test's.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "platform/platform.hpp"

namespace shipboard::client::stub {

struct Call {
  std::string method, path, body, csrf, if_match;
  HttpCallback callback;
};

struct World {
  std::vector<Call> pending;  // requests not answered yet, in order sent
  std::vector<Call> sent;     // every request (callbacks moved out), for assertions
  std::string clipboard;      // what the app copied last
  int clipboard_writes = 0;
  std::string hash;                       // location.hash
  std::vector<std::string> hash_changes;  // hashes set but not delivered (hashchange) yet
  std::string title;
  std::vector<std::string> navigations;  // pages loaded with navigate_page (the app left)
  std::string page_lang;
  std::map<std::string, std::string> storage;
  std::string a11y;   // the last published mirror list
  double now = 1000;  // ms
  int wakes = 0;
  int live_connects = 0;
  int first_data_frames = 0;
  std::string preferred = "en";
};

World& world();
void reset();
// Answers the oldest pending request whose method matches and whose path starts with
// `path_prefix`; false when there is none.
bool reply(const std::string& method, const std::string& path_prefix, int status,
           const std::string& body);
// Whether such a request is pending (without answering it).
const Call* find_pending(const std::string& method, const std::string& path_prefix);

}  // namespace shipboard::client::stub

// Percent-encoding for URLs, the same on server (embed page links) and client (query
// parameters): one function, so both sides agree on what is left as it is.
#pragma once

#include <string>
#include <string_view>

namespace shipboard {

// A query component: ASCII letters, digits and -_.~ stay; every other byte (UTF-8 included)
// becomes %XX with upper-case hex. "直播 live" -> "%E7%9B%B4%E6%92%AD%20live".
std::string url_encode(std::string_view text);

}  // namespace shipboard

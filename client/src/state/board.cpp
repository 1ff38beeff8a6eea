// The board (#/board): the item list with the server-side filters and sort.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"
#include "shipboard/url.hpp"

namespace shipboard::client {

using nlohmann::json;

std::string board_query(const BoardFilters& f) {
  std::string q = "/api/v1/items?limit=500&sort=" + f.sort;
  if (f.status_mask) {
    std::string list;
    for (ItemStatus st : kAllItemStatuses) {
      if (f.status_mask & (1 << static_cast<int>(st)))
        list += (list.empty() ? "" : ",") + std::string(to_string(st));
    }
    q += "&status=" + url_encode(list);
  }
  if (!f.area.empty()) q += "&area=" + url_encode(f.area);
  if (f.release) q += "&release=" + std::to_string(f.release);
  if (f.tier >= 0) q += std::string("&tier=") + "ABC"[f.tier];
  if (f.mine) q += "&mine=1";
  return q;
}

void board_load(AppState& app) {
  BoardState& b = app.board;
  b.sent = b.filters;
  b.state = LoadState::loading;
  const int seq = ++b.seq;
  http_request("GET", board_query(b.filters), "", "", [&app, seq](HttpResponse r) {
    BoardState& bs = app.board;
    if (seq != bs.seq) return;  // the filters changed again meanwhile
    auto items = decode_list<Item>(r, [](const json& j) { return decode_item(j); });
    if (!items) {
      bs.state = LoadState::failed;
      return;
    }
    bs.items = std::move(*items);
    bs.state = LoadState::loaded;
  });
}

}  // namespace shipboard::client

// The PM's question queue (#/queue): open questions by priority and their answers; new requests
// to triage (Plan / Decline) with the board's most alike items as possible duplicates; merging a
// duplicate into another item.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"
#include "shipboard/search_text.hpp"

namespace shipboard::client {

using nlohmann::json;

void queue_load(AppState& app) {
  if (app_can(app, int(Action::merge_items))) triage_load(app);
  if (app.queue.state != LoadState::loaded) app.queue.state = LoadState::loading;
  http_request("GET", "/api/v1/questions?state=open&sort=priority&limit=200", "", "",
               [&app](HttpResponse r) {
                 if (r.status != 200) { app.queue.state = LoadState::failed; return; }
                 app.queue.questions =
                     decode_list<Question>(r, [](const json& e) { return decode_question(e); })
                         .value_or(std::vector<Question>{});
                 app.queue.state = LoadState::loaded;
               });
}

void queue_answer(AppState& app, Id question_id) {
  QuestionQueue& in = app.queue;
  auto it = in.drafts.find(question_id);
  if (it == in.drafts.end() || it->second.empty() || in.sending) return;
  AnswerQuestion a;
  a.body = it->second.data();
  a.to_library = in.to_library[question_id];
  in.sending = question_id;
  http_request("POST", "/api/v1/questions/" + std::to_string(question_id) + "/answers",
               to_json(a).dump(), app.csrf_token, [&app, question_id](HttpResponse r) {
                 app.queue.sending = 0;
                 if (r.status == 200 || r.status == 201) {
                   app.queue.drafts.erase(question_id);
                   queue_load(app);
                 }
               });
}

// [SECTION] Triage and merging duplicates -----------------------------------------------------
namespace {

// The similarity tokens of every item on the loaded board that is not merged away.
using BoardTokens = std::vector<std::pair<Id, std::vector<std::string>>>;
BoardTokens board_tokens(const AppState& app) {
  BoardTokens out;
  for (const Item& it : app.items.items) {
    if (!it.merged_into) out.emplace_back(it.id, similarity_tokens(it.title));
  }
  return out;
}

// The board items most alike to `mine` (similarity ≥ 0.34: a third of the title's words /
// bigrams shared), at most 3, most alike first; `self` left out.
std::vector<Id> most_alike(const std::vector<std::string>& mine, Id self, const BoardTokens& board) {
  constexpr double kAlike = 0.34;
  constexpr std::size_t kMost = 3;
  std::vector<std::pair<double, Id>> alike;
  for (const auto& [id, tokens] : board) {
    if (id == self) continue;
    const double s = similarity(mine, tokens);
    if (s >= kAlike) alike.emplace_back(s, id);
  }
  std::stable_sort(alike.begin(), alike.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Id> out;
  for (std::size_t i = 0; i < alike.size() && i < kMost; ++i) out.push_back(alike[i].second);
  return out;
}

}  // namespace

void triage_load(AppState& app) {
  QuestionQueue& in = app.queue;
  if (in.triage_state != LoadState::loaded) in.triage_state = LoadState::loading;
  http_request("GET", "/api/v1/items?status=under_review&sort=value&limit=100", "", "",
               [&app](HttpResponse r) {
                 QuestionQueue& st = app.queue;
                 if (r.status != 200) { st.triage_state = LoadState::failed; return; }
                 st.triage = decode_list<Item>(r, [](const json& e) { return decode_item(e); }).value_or(std::vector<Item>{});
                 st.duplicates.clear();
                 const BoardTokens board = board_tokens(app);  // once, not once per request
                 for (const Item& it : st.triage) {
                   st.duplicates[it.id] = most_alike(similarity_tokens(it.title), it.id, board);
                 }
                 st.triage_state = LoadState::loaded;
               });
}

std::vector<Id> similar_items(const AppState& app, const Item& item) {
  return most_alike(similarity_tokens(item.title), item.id, board_tokens(app));
}

void triage_set_status(AppState& app, Id item_id, ItemStatus status) {
  QuestionQueue& in = app.queue;
  if (in.triage_busy) return;
  const auto it = std::find_if(in.triage.begin(), in.triage.end(),
                               [&](const Item& i) { return i.id == item_id; });
  if (it == in.triage.end()) return;
  PatchItem patch;
  patch.status = status;
  in.triage_busy = item_id;
  in.triage_notice.reset();
  http_request_if_match(
      "PATCH", "/api/v1/items/" + std::to_string(item_id), to_json(patch).dump(), app.csrf_token,
      if_match(it->version), [&app, item_id](HttpResponse r) {
        QuestionQueue& st = app.queue;
        st.triage_busy = 0;
        if (r.status == 200) {
          if (Decoded<Item> d = decode_item(parse_or_null(r.body)); d.ok()) {
            app_upsert_item(app, *d.value);
          }
          std::erase_if(st.triage, [&](const Item& i) { return i.id == item_id; });
          return;
        }
        st.triage_notice = r.status == 412 ? Text::triage_changed : Text::save_failed;
        triage_load(app);
      });
}

void merge_open(AppState& app, Id from, Id into) {
  MergeDialog& m = app.merge;
  m = MergeDialog{};
  m.from = from;
  m.into = into;
  m.open_requested = true;
  if (const Item* it = app_find_item(app, from)) m.alike = similar_items(app, *it);
}

std::vector<const Item*> merge_candidates(const AppState& app) {
  constexpr std::size_t kShown = 50;
  const MergeDialog& m = app.merge;
  std::vector<const Item*> out;
  const auto take = [&](const Item& it) {
    if (it.id == m.from || it.merged_into || !matches_query(it.title, m.query)) return;
    if (std::find(out.begin(), out.end(), &it) == out.end()) out.push_back(&it);
  };
  for (const Id id : m.alike) {  // the likely targets first
    if (const Item* it = app_find_item(app, id)) take(*it);
  }
  for (const Item& it : app.items.items) {
    if (out.size() >= kShown) break;
    take(it);
  }
  return out;
}

void merge_send(AppState& app) {
  MergeDialog& m = app.merge;
  if (!m.from || !m.into || m.sending) return;
  m.sending = true;
  m.error.clear();
  const Id from = m.from;
  const Id into = m.into;
  MergeItem cmd;
  cmd.into = into;
  http_request("POST", "/api/v1/items/" + std::to_string(from) + "/merge", to_json(cmd).dump(),
               app.csrf_token, [&app, from, into](HttpResponse r) {
                 MergeDialog& md = app.merge;
                 if (md.from == from) md.sending = false;
                 if (r.status != 200) {
                   if (md.from == from) md.error = problem_text(r);
                   return;
                 }
                 if (Decoded<Item> d = decode_item(parse_or_null(r.body)); d.ok()) {
                   app_upsert_item(app, *d.value);  // the item it went into (new demand)
                 }
                 for (auto* list : {&app.items.items, &app.board.items}) {
                   for (Item& it : *list) {
                     if (it.id == from) it.merged_into = into;  // the live event brings the rest
                   }
                 }
                 app.search.results_dirty = true;
                 std::erase_if(app.queue.triage, [&](const Item& i) { return i.id == from; });
                 if (md.from == from) md = MergeDialog{};
                 if (app.route.view == View::item && app.route.item_id == from) {
                   app_navigate(app, Route{View::item, into});
                 }
               });
}

}  // namespace shipboard::client

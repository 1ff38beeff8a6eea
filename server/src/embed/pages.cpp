// Renders the embed pages and status badges (embed_pages.hpp). Input is always the restricted
// JSON form, and every string that came from the board goes through escape(). Pages carry no
// inline script or style: /embed.css styles them and /embed-view.js (CSP script-src 'self')
// sizes the iframe and keeps the view live.
//
// Index: [SECTION] text helpers  [SECTION] labels  [SECTION] page pieces  [SECTION] pages
//        [SECTION] badges
#include "embed/pages.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "shipboard/model.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard::server::embed {
namespace {
using nlohmann::json;

// [SECTION] text helpers ----------------------------------------------------------------
// One code point at s[i] (advancing i); U+FFFD for a malformed sequence.
char32_t next_cp(std::string_view s, std::size_t& i) {
  std::uint32_t cp = decode_utf8(s, i);
  return cp == kInvalidCodePoint ? 0xFFFD : cp;
}

// At most `max` code points, with an ellipsis when cut.
std::string truncate(std::string_view s, std::size_t max) {
  std::string out;
  std::size_t i = 0, n = 0;
  while (i < s.size()) {
    if (n == max) {
      out += "\u2026";
      break;
    }
    append_utf8(out, next_cp(s, i));
    ++n;
  }
  return out;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
Id id_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<Id>() : 0;
}

// [SECTION] labels ------------------------------------------------------------------------
struct Labels {
  const char* status[6];      // under_review planned in_progress beta shipped declined
  const char* commitment[3];  // committed tentative none
  const char* release_state[3];
  const char* col_status;
  const char* col_release;
  const char* col_eta;
  const char* col_commitment;
  const char* col_answer;
  const char* stale;
  const char* none;
  const char* roadmap;
  const char* no_items;
  const char* planned_date;
  const char* shipped_date;
  const char* search;
  const char* search_hint;
  const char* no_results;
  const char* results;  // "%d"
  const char* merged;
  const char* e400;
  const char* e401;
  const char* e401_detail;
  const char* e404;
  const char* open;
};

const Labels kHant{{"評估中", "已排入計畫", "開發中", "測試版", "已上線", "不做"},
                   {"可承諾", "暫定", "無"},
                   {"規劃中", "進行中", "已發布"},
                   "狀態",
                   "目標版本",
                   "預計上線",
                   "承諾程度",
                   "給客戶的答覆",
                   "（狀態已變，答覆待產品經理確認）",
                   "—",
                   "產品路線圖",
                   "目前沒有項目。",
                   "預計發布",
                   "發布日期",
                   "搜尋",
                   "搜尋需求，例如「直播」",
                   "找不到符合的項目。",
                   "%d 項符合",
                   "已合併到",
                   "搜尋字詞太長。",
                   "需要授權",
                   "這個嵌入需要有效的嵌入權杖，或先登入 Shipboard。",
                   "找不到這個項目。",
                   "在 Shipboard 開啟"};
const Labels kHans{{"评估中", "已排入计划", "开发中", "测试版", "已上线", "不做"},
                   {"可承诺", "暂定", "无"},
                   {"规划中", "进行中", "已发布"},
                   "状态",
                   "目标版本",
                   "预计上线",
                   "承诺程度",
                   "给客户的答复",
                   "（状态已变，答复待产品经理确认）",
                   "—",
                   "产品路线图",
                   "目前没有项目。",
                   "预计发布",
                   "发布日期",
                   "搜索",
                   "搜索需求，例如“直播”",
                   "找不到符合的项目。",
                   "%d 项符合",
                   "已合并到",
                   "搜索词太长。",
                   "需要授权",
                   "这个嵌入需要有效的嵌入令牌，或先登录 Shipboard。",
                   "找不到这个项目。",
                   "在 Shipboard 打开"};
const Labels kEn{{"Under review", "Planned", "In progress", "Beta", "Shipped", "Declined"},
                 {"Committed", "Tentative", "None"},
                 {"Planned", "In progress", "Released"},
                 "Status",
                 "Target release",
                 "ETA",
                 "Commitment",
                 "Customer answer",
                 "(status changed; the PM has not confirmed this answer yet)",
                 "—",
                 "Roadmap",
                 "No items yet.",
                 "Planned for",
                 "Released on",
                 "Search",
                 "Search items, e.g. \"live\"",
                 "Nothing matches.",
                 "%d matching",
                 "Merged into",
                 "The search text is too long.",
                 "Sign-in required",
                 "This embed needs a valid embed token, or sign in to Shipboard first.",
                 "No such item.",
                 "Open in Shipboard"};

const Labels& labels(Lang lang) {
  return lang == Lang::zh_hans ? kHans : lang == Lang::en ? kEn : kHant;
}

}  // namespace

std::string_view status_label(ItemStatus status, Lang lang) {
  return labels(lang).status[static_cast<int>(status)];
}

namespace {

// Indexes into the label tables, in the core's enum order; anything unknown reads as the first.
int status_index(const std::string& s) {
  return static_cast<int>(parse_item_status(s).value_or(ItemStatus::under_review));
}
int commitment_index(const std::string& s) {
  return static_cast<int>(parse_commitment(s).value_or(Commitment::none));
}
int release_state_index(const std::string& s) {
  return static_cast<int>(parse_release_state(s).value_or(ReleaseState::planned));
}
// Safe as a class name: always one of the core's status spellings.
std::string status_class(const std::string& s) {
  return std::string(to_string(parse_item_status(s).value_or(ItemStatus::under_review)));
}

// [SECTION] page pieces -------------------------------------------------------------------
std::string link(const PageContext& ctx, const std::string& path) {
  return path + (ctx.link_query.empty() ? "" : "?" + ctx.link_query);
}

std::string head(const PageContext& ctx, const std::string& title, const std::string& view,
                 const std::string& watch) {
  std::string out = "<!doctype html>\n<html lang=\"";
  out += lang_tag(ctx.lang);
  out +=
      "\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<title>";
  out += escape(title);
  out +=
      " \u00b7 Shipboard</title><link rel=\"stylesheet\" href=\"/embed.css\">"
      "<script src=\"/embed-view.js\" defer></script></head>\n<body";
  if (!ctx.parent_origin.empty()) out += " data-parent=\"" + escape(ctx.parent_origin) + "\"";
  // The events the page listens to, from the core's one list (embed-view.js reads them).
  out += " data-event-types=\"" + escape(event_type_names(true, ' ')) + "\"";
  out += "><main id=\"sb-embed\" class=\"sb-view-" + view + "\" data-view=\"" + view +
         "\" data-watch=\"" + escape(watch) + "\">\n";
  return out;
}

std::string tail(const PageContext& ctx) {
  return "</main><footer><a href=\"/\" target=\"_blank\" rel=\"noopener\">" +
         std::string(labels(ctx.lang).open) + "</a></footer></body></html>\n";
}

std::string status_badge(const PageContext& ctx, const json& item) {
  std::string st = str(item, "status");
  return std::string("<span class=\"sb-badge sb-st-") + status_class(st) + "\">" +
         labels(ctx.lang).status[status_index(st)] + "</span>";
}

std::string release_name(const PageContext& ctx, const json& item) {
  Id rid = id_of(item, "release_id");
  if (rid == 0) return labels(ctx.lang).none;
  auto it = ctx.release_names.find(rid);
  return it == ctx.release_names.end() ? "#" + std::to_string(rid) : it->second;
}

std::string eta_text(const PageContext& ctx, const json& item) {
  std::string eta = str(item, "eta");
  return eta.empty() ? labels(ctx.lang).none : eta;
}

std::string commitment_text(const PageContext& ctx, const json& item) {
  return labels(ctx.lang).commitment[commitment_index(str(item, "commitment"))];
}

// One line of a list: badge, linked title, ETA and commitment.
std::string item_row(const PageContext& ctx, const json& item) {
  const auto& L = labels(ctx.lang);
  std::string id = std::to_string(id_of(item, "id"));
  std::string out = "<li class=\"sb-row\" data-item=\"" + id + "\">" + status_badge(ctx, item);
  out += " <a class=\"sb-title\" href=\"" + escape(link(ctx, "/embed/items/" + id)) + "\">" +
         escape(str(item, "title")) + "</a>";
  out += " <span class=\"sb-meta\"><span title=\"" + std::string(L.col_eta) + "\">" +
         escape(eta_text(ctx, item)) + "</span> \u00b7 <span class=\"sb-cm sb-cm-" +
         std::to_string(commitment_index(str(item, "commitment"))) + "\">" +
         commitment_text(ctx, item) + "</span></span></li>\n";
  return out;
}

std::string release_heading(const PageContext& ctx, const json& r, bool linked, int level) {
  const auto& L = labels(ctx.lang);
  std::string h = "h" + std::to_string(level);
  std::string id = std::to_string(id_of(r, "id"));
  std::string name = escape(str(r, "name"));
  std::string out = "<" + h + " class=\"sb-release\">";
  out += linked ? "<a href=\"" + escape(link(ctx, "/embed/releases/" + id)) + "\">" + name + "</a>"
                : name;
  out += " <span class=\"sb-rstate\">" +
         std::string(L.release_state[release_state_index(str(r, "state"))]) + "</span>";
  std::string shipped = str(r, "shipped_date"), planned = str(r, "planned_date");
  if (!shipped.empty())
    out += " <span class=\"sb-meta\">" + std::string(L.shipped_date) + " " + escape(shipped) +
           "</span>";
  else if (!planned.empty())
    out += " <span class=\"sb-meta\">" + std::string(L.planned_date) + " " + escape(planned) +
           "</span>";
  out += "</" + h + ">\n";
  return out;
}

std::string item_list(const PageContext& ctx, const std::vector<json>& items) {
  if (items.empty())
    return "<p class=\"sb-empty\">" + std::string(labels(ctx.lang).no_items) + "</p>\n";
  std::string out = "<ul class=\"sb-list\">\n";
  for (const auto& it : items) out += item_row(ctx, it);
  return out + "</ul>\n";
}

}  // namespace

// [SECTION] text helpers (public) -------------------------------------------------------------
std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "zh-Hant") return Lang::zh_hant;
  if (s == "zh-Hans") return Lang::zh_hans;
  if (s == "en") return Lang::en;
  return std::nullopt;
}

Lang lang_from_accept(std::string_view h) {
  std::string lower;
  for (char c : h.substr(0, 200))
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto first = lower.substr(0, lower.find_first_of(",;"));
  if (first.rfind("zh", 0) == 0) {
    if (first.find("hans") != std::string::npos || first.find("cn") != std::string::npos ||
        first.find("sg") != std::string::npos)
      return Lang::zh_hans;
    return Lang::zh_hant;
  }
  if (first.rfind("en", 0) == 0) return Lang::en;
  return Lang::zh_hant;
}

std::string_view lang_tag(Lang lang) {
  return lang == Lang::zh_hans ? "zh-Hans" : lang == Lang::en ? "en" : "zh-Hant";
}

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = next_cp(s, i);
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters other than tab/newline are not allowed in XML 1.0.
        if (cp < 0x20 && cp != '\t' && cp != '\n')
          out += ' ';
        else
          append_utf8(out, cp);
    }
  }
  return out;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

double text_width(std::string_view s, double narrow, double wide) {
  double w = 0;
  std::size_t i = 0;
  while (i < s.size()) w += is_wide(next_cp(s, i)) ? wide : narrow;
  return w;
}

// [SECTION] pages -------------------------------------------------------------------------
std::string item_page(const PageContext& ctx, const json& item) {
  const auto& L = labels(ctx.lang);
  Id id = id_of(item, "id");
  std::string watch = "item:" + std::to_string(id);
  if (Id rid = id_of(item, "release_id")) watch += " release:" + std::to_string(rid);
  std::string out = head(ctx, str(item, "title"), "item", watch);
  out += "<article class=\"sb-item\" data-item=\"" + std::to_string(id) + "\">\n";
  out += "<h1 class=\"sb-h\">" + status_badge(ctx, item) + " <span class=\"sb-title\">" +
         escape(str(item, "title")) + "</span> <span class=\"sb-id\">#" + std::to_string(id) +
         "</span></h1>\n<dl class=\"sb-facts\">";
  out += "<div><dt>" + std::string(L.col_status) + "</dt><dd class=\"sb-status\">" +
         L.status[status_index(str(item, "status"))] + "</dd></div>";
  std::string rel = escape(release_name(ctx, item));
  if (Id rid = id_of(item, "release_id"))
    rel = "<a href=\"" + escape(link(ctx, "/embed/releases/" + std::to_string(rid))) + "\">" + rel +
          "</a>";
  out +=
      "<div><dt>" + std::string(L.col_release) + "</dt><dd class=\"sb-rel\">" + rel + "</dd></div>";
  out += "<div><dt>" + std::string(L.col_eta) + "</dt><dd class=\"sb-eta\">" +
         escape(eta_text(ctx, item)) + "</dd></div>";
  out += "<div><dt>" + std::string(L.col_commitment) + "</dt><dd class=\"sb-commitment\">" +
         commitment_text(ctx, item) + "</dd></div></dl>\n";
  if (Id into = id_of(item, "merged_into")) {
    out += "<p class=\"sb-merged\">" + std::string(L.merged) + " <a href=\"" +
           escape(link(ctx, "/embed/items/" + std::to_string(into))) + "\">#" +
           std::to_string(into) + "</a></p>\n";
  }
  std::string answer = str(item, "customer_answer");
  if (!answer.empty()) {
    out += "<section class=\"sb-answer\"><h2>" + std::string(L.col_answer) + "</h2><p>" +
           escape(answer) + "</p>";
    if (item.value("answer_stale", false))
      out += "<p class=\"sb-stale\">" + std::string(L.stale) + "</p>";
    out += "</section>\n";
  }
  out += "</article>\n";
  return out + tail(ctx);
}

std::string release_page(const PageContext& ctx, const json& release,
                         const std::vector<json>& items) {
  std::string watch = "release:" + std::to_string(id_of(release, "id")) + " item:*";
  std::string out = head(ctx, str(release, "name"), "release", watch);
  out += release_heading(ctx, release, false, 1);
  out += item_list(ctx, items);
  return out + tail(ctx);
}

std::string roadmap_page(const PageContext& ctx, const std::vector<RoadmapRelease>& releases) {
  const auto& L = labels(ctx.lang);
  std::string out = head(ctx, L.roadmap, "roadmap", "release:* item:*");
  out += "<h1 class=\"sb-h\">" + std::string(L.roadmap) + "</h1>\n";
  if (releases.empty()) out += "<p class=\"sb-empty\">" + std::string(L.no_items) + "</p>\n";
  for (const auto& r : releases) {
    out += "<section class=\"sb-rm\">" + release_heading(ctx, r.release, true, 2);
    out += item_list(ctx, r.items) + "</section>\n";
  }
  return out + tail(ctx);
}

std::string search_page(const PageContext& ctx, const std::string& q,
                        const std::vector<SearchResult>& results, bool searched) {
  const auto& L = labels(ctx.lang);
  std::string watch;
  for (const auto& r : results)
    if (r.entity == "item" || r.entity == "release")
      watch += (watch.empty() ? "" : " ") + r.entity + ":" + std::to_string(r.id);
  std::string out = head(ctx, L.search, "search", watch);
  out +=
      "<form class=\"sb-search\" method=\"get\" action=\"/embed/search\" role=\"search\">"
      "<input type=\"search\" name=\"q\" maxlength=\"200\" value=\"" +
      escape(q) + "\" placeholder=\"" + escape(L.search_hint) + "\" aria-label=\"" + L.search +
      "\">";
  if (!ctx.token.empty())
    out += "<input type=\"hidden\" name=\"token\" value=\"" + escape(ctx.token) + "\">";
  out += "<input type=\"hidden\" name=\"lang\" value=\"" + std::string(lang_tag(ctx.lang)) + "\">";
  if (!ctx.parent_origin.empty())
    out += "<input type=\"hidden\" name=\"parent\" value=\"" + escape(ctx.parent_origin) + "\">";
  out += "<button type=\"submit\">" + std::string(L.search) + "</button></form>\n";
  if (searched) {
    char count[64];
    std::snprintf(count, sizeof count, L.results, static_cast<int>(results.size()));
    out += "<p class=\"sb-count\">" +
           (results.empty() ? std::string(L.no_results) : std::string(count)) + "</p>\n";
    out += "<ul class=\"sb-list\">\n";
    for (const auto& r : results) {
      if (r.entity == "item") {
        out += item_row(ctx, r.item);
      } else if (r.entity == "release") {
        out += "<li class=\"sb-row\" data-release=\"" + std::to_string(r.id) +
               "\"><a class=\"sb-title\" href=\"" +
               escape(link(ctx, "/embed/releases/" + std::to_string(r.id))) + "\">" +
               escape(r.title) + "</a></li>\n";
      } else {
        out += "<li class=\"sb-row sb-lib\"><span class=\"sb-title\">" + escape(r.title) +
               "</span> <span class=\"sb-meta\">" + escape(truncate(r.excerpt, 120)) +
               "</span></li>\n";
      }
    }
    out += "</ul>\n";
  }
  return out + tail(ctx);
}

std::string message_page(const PageContext& ctx, int status) {
  const auto& L = labels(ctx.lang);
  std::string title = status == 401 ? L.e401 : status == 404 ? L.e404 : L.e400;
  std::string out = head(ctx, title, "message", "");
  out += "<p class=\"sb-msg sb-msg-" + std::to_string(status) + "\"><strong>" + title + "</strong>";
  if (status == 401) out += "<br>" + std::string(L.e401_detail);
  out += "</p>\n";
  return out + tail(ctx);
}

// [SECTION] badges ------------------------------------------------------------------------
namespace {

const char* status_colour(const std::string& s) {
  static const char* const colours[] = {"#6e7781", "#0969da", "#8250df",
                                        "#bf8700", "#1a7f37", "#cf222e"};
  return colours[status_index(s)];
}

// A two-part badge: `left` on grey, `right` on `colour`; widths estimated for CJK and fixed
// with textLength so every renderer fits the text to the box. `title` is the tooltip.
std::string two_part(Lang lang, const std::string& left, const std::string& right,
                     const char* colour, const std::string& title) {
  constexpr double kNarrow = 6.5, kWide = 12, kPad = 6;
  double lw = std::ceil(text_width(left, kNarrow, kWide));
  double rw = std::ceil(text_width(right, kNarrow, kWide));
  int lbox = static_cast<int>(lw + 2 * kPad), rbox = static_cast<int>(rw + 2 * kPad);
  int w = lbox + rbox;
  auto num = [](double v) { return std::to_string(static_cast<int>(v)); };
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(w) +
                    "\" height=\"20\" role=\"img\" aria-label=\"" + escape(left + ": " + right) +
                    "\" xml:lang=\"" + std::string(lang_tag(lang)) + "\">";
  out += "<title>" + escape(title) + "</title>";
  out += "<rect width=\"" + num(lbox) + "\" height=\"20\" rx=\"3\" fill=\"#555\"/>";
  out += "<rect x=\"" + num(lbox) + "\" width=\"" + num(rbox) +
         "\" height=\"20\" rx=\"3\" fill=\"" + colour + "\"/>";
  out += "<rect x=\"" + num(lbox) + "\" width=\"4\" height=\"20\" fill=\"" + colour + "\"/>";
  out +=
      "<g fill=\"#fff\" font-family=\"Verdana,'Noto Sans CJK TC','Noto Sans CJK SC',"
      "'Microsoft JhengHei','PingFang TC',sans-serif\" font-size=\"11\">";
  out += "<text x=\"" + num(kPad) + "\" y=\"14\" textLength=\"" + num(lw) +
         "\" lengthAdjust=\"spacingAndGlyphs\">" + escape(left) + "</text>";
  out += "<text x=\"" + num(lbox + kPad) + "\" y=\"14\" textLength=\"" + num(rw) +
         "\" lengthAdjust=\"spacingAndGlyphs\">" + escape(right) + "</text></g></svg>\n";
  return out;
}

}  // namespace

std::string badge(Lang lang, const json& item) {
  const auto& L = labels(lang);
  std::string st = str(item, "status");
  std::string left =
      "#" + std::to_string(id_of(item, "id")) + " " + truncate(str(item, "title"), 24);
  std::string eta = str(item, "eta");
  std::string right = L.status[status_index(st)];
  right += " \u00b7 " + (eta.empty() ? std::string(L.none) : eta);
  right += " \u00b7 " + std::string(L.commitment[commitment_index(str(item, "commitment"))]);
  std::string title = "#" + std::to_string(id_of(item, "id")) + " " + str(item, "title") +
                      " \u2014 " + L.col_status + ": " + L.status[status_index(st)] + ", " +
                      L.col_eta + ": " + (eta.empty() ? std::string(L.none) : eta) + ", " +
                      L.col_commitment + ": " +
                      L.commitment[commitment_index(str(item, "commitment"))];
  return two_part(lang, left, right, status_colour(st), title);
}

std::string message_badge(Lang lang, int status) {
  const auto& L = labels(lang);
  std::string msg = status == 401 ? L.e401 : status == 404 ? L.e404 : L.e400;
  return two_part(lang, "Shipboard", msg, "#6e7781", msg);
}

}  // namespace shipboard::server::embed

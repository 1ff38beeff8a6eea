// Server-rendered embed pages and status badges (docs/embedding.md): compact read-only HTML
// for <iframe>s on intranet pages and an SVG badge for wikis that allow only images. Pure
// functions over the *restricted* JSON forms of items and releases (shipboard/codec.hpp), so
// nothing internal can reach a page; every text is HTML/XML-escaped here. No httplib.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "shipboard/model.hpp"

namespace shipboard::server::embed {

enum class Lang { zh_hant, zh_hans, en };
std::optional<Lang> parse_lang(std::string_view s);  // "zh-Hant" | "zh-Hans" | "en"
// From an Accept-Language header: zh-CN/zh-SG/zh-Hans -> zh_hans, zh* -> zh_hant, en* -> en,
// otherwise zh_hant (the board's first language).
Lang lang_from_accept(std::string_view header);
std::string_view lang_tag(Lang lang);

// What an item status is called in `lang` (the board's words; also used by mail and chat).
std::string_view status_label(ItemStatus status, Lang lang);

// &, <, >, " and ' as entities; invalid UTF-8 bytes become U+FFFD. Safe in HTML text,
// attribute values and XML.
std::string escape(std::string_view text);
// Estimated rendered width: wide (CJK, full-width) code points count `wide`, others `narrow`.
double text_width(std::string_view utf8, double narrow, double wide);
bool is_wide(char32_t cp);

// What every page of one request shares.
struct PageContext {
  Lang lang = Lang::zh_hant;
  std::string link_query;     // appended to in-embed links: "token=..&lang=..&parent=.." (encoded)
  std::string token;          // the embed token, for the search form's hidden field ("" if none)
  std::string parent_origin;  // a validated --embed-origins entry, or ""
  std::map<Id, std::string> release_names;  // for "target release" labels
};

// Restricted item JSON -> pages. `items` / `release` are to_json(..., Audience::restricted).
std::string item_page(const PageContext& ctx, const nlohmann::json& item);
std::string release_page(const PageContext& ctx, const nlohmann::json& release,
                         const std::vector<nlohmann::json>& items);
struct RoadmapRelease {
  nlohmann::json release;
  std::vector<nlohmann::json> items;
};
std::string roadmap_page(const PageContext& ctx, const std::vector<RoadmapRelease>& releases);
struct SearchResult {
  std::string entity;  // "item" | "release" | "answer"
  Id id = 0;
  nlohmann::json item;  // restricted item JSON for entity == "item"
  std::string title;
  std::string excerpt;
};
std::string search_page(const PageContext& ctx, const std::string& q,
                        const std::vector<SearchResult>& results, bool searched);
// 400, 401 or 404 page, in the context's language.
std::string message_page(const PageContext& ctx, int status);

// The SVG badge of a restricted item JSON, and the badge for 401/404.
std::string badge(Lang lang, const nlohmann::json& item);
std::string message_badge(Lang lang, int status);

}  // namespace shipboard::server::embed

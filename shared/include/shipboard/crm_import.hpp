// CRM data in and out as CSV (issue 15, part 4): what the core knows about it. The importable
// fields of each kind, the headers that map themselves to them (English and Chinese, both
// scripts), the words a CRM writes for importance, channel, contact role, item kind and status
// (English, Traditional and Simplified Chinese), amounts as people type them ("¥1,200,000",
// "120萬", "1200000.50") into minor units, the contacts cell, the cell neutralising against
// spreadsheet formulas, and the score that tells GB18030 from Big5 text. Pure: the server does
// the bytes (iconv, libcsv) and the database.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shipboard/model.hpp"

namespace shipboard {

enum class ImportKind { customers, requests, items };
inline constexpr ImportKind kAllImportKinds[] = {ImportKind::customers, ImportKind::requests,
                                                 ImportKind::items};
std::string_view to_string(ImportKind v);
std::optional<ImportKind> parse_import_kind(std::string_view s);
std::string spellings(ImportKind);

// The fields of a kind a CSV column may map to, in the order an export writes them. The
// targets of a saved mapping (PUT /api/v1/import-mappings/{source}) are these names.
//   customers: id, external_id, name, annual_value, currency, channel, partner, owner, lang,
//              contacts
//   requests:  id, customer_external_id, customer, item_id, item_title, importance,
//              value_at_stake, currency, quote
//   items:     id, title, kind, area, description, status
std::span<const std::string_view> import_fields(ImportKind kind);
bool is_import_field(ImportKind kind, std::string_view field);

// A header folded for matching: normalize_for_search (case, width, Traditional -> Simplified),
// then spaces, '_', '-', '.', '/', '(' and ')' dropped. "Annual Value" and "annual_value" fold
// alike; so do 客戶名稱 and 客户名称.
std::string fold_header(std::string_view header);
// The field a header names by itself: a field's own name, or a common CRM or Chinese header
// of it (Salesforce "Account Name", HubSpot "Record ID", 客戶名稱, 年度金額, 負責人, ...).
std::optional<std::string_view> field_for_header(ImportKind kind, std::string_view header);
// The header synonyms (folded) of a kind, for the docs and tests: (folded header, field).
struct HeaderSynonym {
  std::string_view header;  // folded, as fold_header writes it
  std::string_view field;
};
std::span<const HeaderSynonym> header_synonyms(ImportKind kind);

// Domain words as CRMs write them; nullopt for anything else. Case and surrounding spaces do
// not matter; Traditional and Simplified are both read.
//   importance: nice / important / blocker, 一般 / 重要 / 阻斷 (阻断), 普通, 關鍵 (关键), ...
//   channel:    direct / partner, 直銷 (直销) / 代理, 渠道, 經銷 (经销), 合作夥伴 ...
//   contact role: champion / critic / decision_maker, 接納者 / 不滿者 / 權力者 (either script)
//   item kind: feature / improvement / bug, 功能 / 改進 (改进) / 缺陷, 錯誤 ...
//   item status: the status names, 評估中 / 已規劃 / 進行中 / 測試 / 已上線 / 已拒絕 ...
std::optional<Importance> parse_importance_word(std::string_view s);
std::optional<Channel> parse_channel_word(std::string_view s);
std::optional<ContactRole> parse_contact_role_word(std::string_view s);
std::optional<ItemKind> parse_item_kind_word(std::string_view s);
std::optional<ItemStatus> parse_item_status_word(std::string_view s);
// An ISO 4217 code in any case ("cny") or a Chinese or symbol name of one (人民幣, 元, RMB, 美元,
// US$, 新台幣, NT$, 港幣, HK$, €, £, ¥ = CNY).
std::optional<std::string> parse_currency_word(std::string_view s);

// An amount as people type it, into minor units (× 100 for every currency): "1,200,000",
// "1200000.50", "¥1,200,000", "CNY 1200", "1,200 USD", "120萬" / "120万" (× 10,000), "1.5億"
// (× 10^8). The currency is the one the text names, else `currency` (a currency column or the
// default); when both are given they must agree. `error` says why it is not an amount.
struct AmountText {
  std::optional<Money> money;
  std::string error;
};
AmountText parse_amount_text(std::string_view text, std::string_view currency);
// Minor units as the plain major amount an import reads back: 120000050 -> "1200000.50",
// 100 -> "1" (no separators, no symbol; two decimals only when there are cents).
std::string format_amount(std::int64_t minor);

// The contacts cell: contacts separated by ';' or line breaks, each "name|title|role" (title and
// role may be left out; role in any spelling parse_contact_role_word reads, default champion).
// `error` names the contact that is wrong.
struct ContactsText {
  std::vector<Contact> contacts;
  std::string error;
};
ContactsText parse_contacts_text(std::string_view text);
// The cell an export writes: "name|title|role; name|title|role".
std::string format_contacts(const std::vector<Contact>& contacts);

// Spreadsheet formula injection: a cell starting with = + - @ (or a tab or carriage return) is
// written with a leading apostrophe, so Excel shows it as text; reading a cell takes that
// apostrophe back off (only before one of those characters), so an export imports unchanged.
std::string neutralise_cell(std::string_view cell);
std::string unneutralise_cell(std::string_view cell);

// How much a decoded text looks like Chinese as people write it: the number of its characters
// that are among about 1,000 of the most common Hanzi (compared folded to Simplified, so a
// Traditional text scores like its Simplified twin). Text decoded with the wrong one of GB18030
// and Big5 turns into rare characters and scores low (docs/decisions/008-csv-encodings.md).
std::int64_t common_hanzi_score(std::string_view utf8);

}  // namespace shipboard

// The CRM import's fields, header synonyms, domain words, amounts, contacts cell, formula
// neutralising and the common-Hanzi score (see crm_import.hpp). Every word list is written
// folded (lower case, Simplified), as normalize_for_search leaves it; core_tests checks that.
#include "shipboard/crm_import.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "enum_names.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/search_text.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard {
namespace {

constexpr enum_names::Names<ImportKind, 3> kKinds{{{ImportKind::customers, "customers"},
                                                   {ImportKind::requests, "requests"},
                                                   {ImportKind::items, "items"}}};

constexpr std::string_view kCustomerFields[] = {"id",      "external_id", "name",  "annual_value",
                                                "currency", "channel",    "partner", "owner",
                                                "lang",    "contacts"};
constexpr std::string_view kRequestFields[] = {
    "id",         "customer_external_id", "customer", "item_id", "item_title",
    "importance", "value_at_stake",       "currency", "quote"};
constexpr std::string_view kItemFields[] = {"id",   "title",       "kind",
                                            "area", "description", "status"};

// Headers (folded) that name a field by themselves: Salesforce, HubSpot, 纷享销客 (fxiaoke) and
// the Chinese a sales team types into Excel.
constexpr HeaderSynonym kCustomerSynonyms[] = {
    {"shipboardid", "id"},
    {"externalid", "external_id"},
    {"crmid", "external_id"},
    {"accountid", "external_id"},
    {"recordid", "external_id"},
    {"companyid", "external_id"},
    {"客户编号", "external_id"},
    {"客户id", "external_id"},
    {"客户代码", "external_id"},
    {"客户编码", "external_id"},
    {"外部编号", "external_id"},
    {"accountname", "name"},
    {"companyname", "name"},
    {"company", "name"},
    {"customer", "name"},
    {"customername", "name"},
    {"客户名称", "name"},
    {"客户", "name"},
    {"客户全称", "name"},
    {"公司名称", "name"},
    {"公司", "name"},
    {"名称", "name"},
    {"annualvalue", "annual_value"},
    {"annualrevenue", "annual_value"},
    {"value", "annual_value"},
    {"amount", "annual_value"},
    {"年度金额", "annual_value"},
    {"年度价值", "annual_value"},
    {"年金额", "annual_value"},
    {"年营收", "annual_value"},
    {"年度合同额", "annual_value"},
    {"金额", "annual_value"},
    {"currency", "currency"},
    {"currencycode", "currency"},
    {"币种", "currency"},
    {"币别", "currency"},
    {"货币", "currency"},
    {"channel", "channel"},
    {"saleschannel", "channel"},
    {"渠道类型", "channel"},
    {"销售渠道", "channel"},
    {"通路", "channel"},
    {"渠道", "channel"},
    {"partner", "partner"},
    {"reseller", "partner"},
    {"partnername", "partner"},
    {"合作伙伴", "partner"},
    {"代理商", "partner"},
    {"经销商", "partner"},
    {"owner", "owner"},
    {"accountowner", "owner"},
    {"ownerlogin", "owner"},
    {"companyowner", "owner"},
    {"负责人", "owner"},
    {"业务员", "owner"},
    {"业务", "owner"},
    {"销售", "owner"},
    {"lang", "lang"},
    {"language", "lang"},
    {"语言", "lang"},
    {"contacts", "contacts"},
    {"联系人", "contacts"},
};
constexpr HeaderSynonym kRequestSynonyms[] = {
    {"requestid", "id"},
    {"customerexternalid", "customer_external_id"},
    {"accountid", "customer_external_id"},
    {"客户编号", "customer_external_id"},
    {"客户id", "customer_external_id"},
    {"customer", "customer"},
    {"customername", "customer"},
    {"accountname", "customer"},
    {"客户", "customer"},
    {"客户名称", "customer"},
    {"itemid", "item_id"},
    {"需求编号", "item_id"},
    {"item", "item_title"},
    {"itemtitle", "item_title"},
    {"title", "item_title"},
    {"需求", "item_title"},
    {"需求标题", "item_title"},
    {"功能", "item_title"},
    {"importance", "importance"},
    {"priority", "importance"},
    {"重要性", "importance"},
    {"优先级", "importance"},
    {"重要程度", "importance"},
    {"valueatstake", "value_at_stake"},
    {"amount", "value_at_stake"},
    {"dealvalue", "value_at_stake"},
    {"金额", "value_at_stake"},
    {"商机金额", "value_at_stake"},
    {"涉及金额", "value_at_stake"},
    {"currency", "currency"},
    {"币种", "currency"},
    {"币别", "currency"},
    {"quote", "quote"},
    {"note", "quote"},
    {"原话", "quote"},
    {"客户原话", "quote"},
    {"备注", "quote"},
};
constexpr HeaderSynonym kItemSynonyms[] = {
    {"itemid", "id"},
    {"title", "title"},
    {"name", "title"},
    {"标题", "title"},
    {"名称", "title"},
    {"需求", "title"},
    {"kind", "kind"},
    {"type", "kind"},
    {"类型", "kind"},
    {"area", "area"},
    {"productarea", "area"},
    {"产品线", "area"},
    {"模块", "area"},
    {"领域", "area"},
    {"description", "description"},
    {"描述", "description"},
    {"说明", "description"},
    {"status", "status"},
    {"状态", "status"},
};

template <class E>
struct Word {
  std::string_view word;  // folded
  E value;
};

constexpr Word<Importance> kImportanceWords[] = {
    {"nice", Importance::nice},           {"nice to have", Importance::nice},
    {"low", Importance::nice},            {"一般", Importance::nice},
    {"普通", Importance::nice},           {"低", Importance::nice},
    {"important", Importance::important}, {"high", Importance::important},
    {"重要", Importance::important},      {"高", Importance::important},
    {"blocker", Importance::blocker},     {"critical", Importance::blocker},
    {"阻断", Importance::blocker},        {"关键", Importance::blocker},
    {"必须", Importance::blocker},
};
constexpr Word<Channel> kChannelWords[] = {
    {"direct", Channel::direct},  {"直销", Channel::direct},  {"直签", Channel::direct},
    {"直接", Channel::direct},    {"partner", Channel::partner}, {"reseller", Channel::partner},
    {"代理", Channel::partner},   {"渠道", Channel::partner}, {"经销", Channel::partner},
    {"合作伙伴", Channel::partner}, {"代理商", Channel::partner}, {"经销商", Channel::partner},
};
constexpr Word<ContactRole> kContactRoleWords[] = {
    {"champion", ContactRole::champion},
    {"critic", ContactRole::critic},
    {"decision_maker", ContactRole::decision_maker},
    {"decision maker", ContactRole::decision_maker},
    {"接纳者", ContactRole::champion},
    {"支持者", ContactRole::champion},
    {"不满者", ContactRole::critic},
    {"反对者", ContactRole::critic},
    {"权力者", ContactRole::decision_maker},
    {"决策者", ContactRole::decision_maker},
};
constexpr Word<ItemKind> kItemKindWords[] = {
    {"feature", ItemKind::feature},         {"功能", ItemKind::feature},
    {"新功能", ItemKind::feature},          {"需求", ItemKind::feature},
    {"improvement", ItemKind::improvement}, {"改进", ItemKind::improvement},
    {"优化", ItemKind::improvement},        {"bug", ItemKind::bug},
    {"缺陷", ItemKind::bug},                {"错误", ItemKind::bug},
    {"问题", ItemKind::bug},
};
constexpr Word<ItemStatus> kItemStatusWords[] = {
    {"under_review", ItemStatus::under_review}, {"under review", ItemStatus::under_review},
    {"评估中", ItemStatus::under_review},       {"待评估", ItemStatus::under_review},
    {"planned", ItemStatus::planned},           {"已规划", ItemStatus::planned},
    {"规划中", ItemStatus::planned},            {"in_progress", ItemStatus::in_progress},
    {"in progress", ItemStatus::in_progress},   {"进行中", ItemStatus::in_progress},
    {"开发中", ItemStatus::in_progress},        {"beta", ItemStatus::beta},
    {"测试", ItemStatus::beta},                 {"测试中", ItemStatus::beta},
    {"shipped", ItemStatus::shipped},           {"已上线", ItemStatus::shipped},
    {"已发布", ItemStatus::shipped},            {"declined", ItemStatus::declined},
    {"已拒绝", ItemStatus::declined},           {"不做", ItemStatus::declined},
};

struct CurrencyWord {
  std::string_view word;  // folded
  std::string_view code;
};
// Symbols and names a text may carry before or after the number.
constexpr CurrencyWord kCurrencyWords[] = {
    {"¥", "CNY"},     {"￥", "CNY"},    {"rmb", "CNY"},   {"元", "CNY"},   {"人民币", "CNY"},
    {"us$", "USD"},   {"usd$", "USD"},  {"$", "USD"},     {"美元", "USD"}, {"美金", "USD"},
    {"nt$", "TWD"},   {"新台币", "TWD"}, {"台币", "TWD"}, {"hk$", "HKD"},  {"港币", "HKD"},
    {"港元", "HKD"},  {"€", "EUR"},     {"欧元", "EUR"},  {"£", "GBP"},    {"英镑", "GBP"},
    {"日元", "JPY"},  {"円", "JPY"},
};

std::string trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  // U+3000 ideographic space, at either end
  constexpr std::string_view kIdeo = "\xE3\x80\x80";
  while (s.size() >= 3 && s.substr(0, 3) == kIdeo) s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == kIdeo) s.remove_suffix(3);
  return std::string(s);
}

// A word folded for comparison: normalised, trimmed, inner runs of spaces made one.
std::string fold_word(std::string_view s) {
  std::string n = normalize_for_search(trim(s));
  std::string out;
  bool space = false;
  for (char c : n) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

template <class E, std::size_t N>
std::optional<E> find_word(const Word<E> (&words)[N], std::string_view s) {
  std::string f = fold_word(s);
  if (f.empty()) return std::nullopt;
  for (const auto& w : words)
    if (w.word == f) return w.value;
  // "decision-maker", "in-progress": a hyphen reads as an underscore or a space.
  std::string alt = f;
  std::replace(alt.begin(), alt.end(), '-', ' ');
  for (const auto& w : words)
    if (w.word == alt) return w.value;
  std::replace(alt.begin(), alt.end(), ' ', '_');
  for (const auto& w : words)
    if (w.word == alt) return w.value;
  return std::nullopt;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string_view to_string(ImportKind v) {
  return enum_names::name_of(kKinds, v);
}
std::optional<ImportKind> parse_import_kind(std::string_view s) {
  return enum_names::parse_name(kKinds, s);
}
std::string spellings(ImportKind) {
  return enum_names::join_names(kKinds);
}

std::span<const std::string_view> import_fields(ImportKind kind) {
  switch (kind) {
    case ImportKind::customers:
      return kCustomerFields;
    case ImportKind::requests:
      return kRequestFields;
    case ImportKind::items:
      return kItemFields;
  }
  return {};
}

bool is_import_field(ImportKind kind, std::string_view field) {
  auto f = import_fields(kind);
  return std::find(f.begin(), f.end(), field) != f.end();
}

std::span<const HeaderSynonym> header_synonyms(ImportKind kind) {
  switch (kind) {
    case ImportKind::customers:
      return kCustomerSynonyms;
    case ImportKind::requests:
      return kRequestSynonyms;
    case ImportKind::items:
      return kItemSynonyms;
  }
  return {};
}

std::string fold_header(std::string_view header) {
  std::string n = normalize_for_search(trim(unneutralise_cell(header)));
  std::string out;
  for (char c : n)
    if (c != ' ' && c != '_' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')' &&
        c != '\t')
      out += c;
  // U+FEFF (a BOM left at the start of a header) is not a character of any header.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (out.rfind(kBom, 0) == 0) out.erase(0, kBom.size());
  return out;
}

std::optional<std::string_view> field_for_header(ImportKind kind, std::string_view header) {
  std::string f = fold_header(header);
  if (f.empty()) return std::nullopt;
  for (std::string_view field : import_fields(kind))
    if (fold_header(field) == f) return field;
  for (const auto& s : header_synonyms(kind))
    if (s.header == f) return s.field;
  return std::nullopt;
}

std::optional<Importance> parse_importance_word(std::string_view s) {
  return find_word(kImportanceWords, s);
}
std::optional<Channel> parse_channel_word(std::string_view s) {
  return find_word(kChannelWords, s);
}
std::optional<ContactRole> parse_contact_role_word(std::string_view s) {
  return find_word(kContactRoleWords, s);
}
std::optional<ItemKind> parse_item_kind_word(std::string_view s) {
  return find_word(kItemKindWords, s);
}
std::optional<ItemStatus> parse_item_status_word(std::string_view s) {
  return find_word(kItemStatusWords, s);
}

std::optional<std::string> parse_currency_word(std::string_view s) {
  std::string f = fold_word(s);
  if (f.empty()) return std::nullopt;
  if (f.size() == 3 && std::all_of(f.begin(), f.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    std::string code = f;
    for (auto& c : code) c = static_cast<char>(c - 'a' + 'A');
    return code;
  }
  for (const auto& w : kCurrencyWords)
    if (w.word == f) return std::string(w.code);
  return std::nullopt;
}

AmountText parse_amount_text(std::string_view text, std::string_view currency) {
  AmountText out;
  const std::string original = trim(text);
  auto fail = [&](std::string why) {
    out.money.reset();
    out.error = std::move(why);
    return out;
  };
  // Width-folded and lower-cased: "１２００" reads as "1200", "ＵＳＤ" as "usd".
  std::string s = fold_word(original);
  if (s.empty()) return fail("no amount");
  std::optional<std::string> named;  // the currency the text names
  // A leading or trailing currency: a symbol, a name or a three-letter code.
  auto take_currency = [&](bool leading) -> bool {
    std::string best;
    std::string best_code;
    for (const auto& w : kCurrencyWords) {
      if (w.word.size() <= best.size() || w.word.size() > s.size()) continue;
      bool hit = leading ? s.compare(0, w.word.size(), w.word) == 0
                         : s.compare(s.size() - w.word.size(), w.word.size(), w.word) == 0;
      if (hit) {
        best = std::string(w.word);
        best_code = std::string(w.code);
      }
    }
    if (best.empty() && s.size() > 3) {
      std::string_view part =
          leading ? std::string_view(s).substr(0, 3) : std::string_view(s).substr(s.size() - 3);
      if (std::all_of(part.begin(), part.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        best = std::string(part);
        best_code = best;
        for (auto& c : best_code) c = static_cast<char>(c - 'a' + 'A');
      }
    }
    if (best.empty()) return false;
    if (named && *named != best_code) return false;
    named = best_code;
    s = leading ? s.substr(best.size()) : s.substr(0, s.size() - best.size());
    s = trim(s);
    return true;
  };
  take_currency(true);
  // A trailing unit: 万 (10^4), 亿 (10^8); then a trailing currency (元, USD), in either order.
  int unit_zeros = 0;
  auto take_unit = [&]() {
    constexpr std::string_view kWan = "万", kYi = "亿";
    if (s.size() >= kWan.size() && s.compare(s.size() - kWan.size(), kWan.size(), kWan) == 0) {
      unit_zeros = 4;
      s = trim(s.substr(0, s.size() - kWan.size()));
      return true;
    }
    if (s.size() >= kYi.size() && s.compare(s.size() - kYi.size(), kYi.size(), kYi) == 0) {
      unit_zeros = 8;
      s = trim(s.substr(0, s.size() - kYi.size()));
      return true;
    }
    return false;
  };
  take_currency(false);
  if (unit_zeros == 0) take_unit();
  if (!named) take_currency(false);
  if (!s.empty() && s[0] == '-') return fail("a negative amount: '" + original + "'");
  // The number: digits with optional thousands separators, an optional decimal part.
  std::string int_part, frac_part;
  bool seen_point = false, seen_comma = false;
  std::size_t group = 0;  // digits since the last comma
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (is_digit(c)) {
      (seen_point ? frac_part : int_part) += c;
      if (!seen_point) ++group;
      continue;
    }
    if (c == ',' && !seen_point) {
      if (int_part.empty() || (seen_comma && group != 3) || (!seen_comma && group > 3))
        return fail("not an amount: '" + original + "'");
      seen_comma = true;
      group = 0;
      continue;
    }
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    return fail("not an amount: '" + original + "'");
  }
  if (seen_comma && group != 3) return fail("not an amount: '" + original + "'");
  if (int_part.empty() && frac_part.empty()) return fail("not an amount: '" + original + "'");
  if (seen_point && frac_part.empty()) return fail("not an amount: '" + original + "'");
  // minor = number × 10^unit_zeros × 100; the fraction may have at most unit_zeros + 2 digits.
  const std::size_t scale = static_cast<std::size_t>(unit_zeros) + 2;
  if (frac_part.size() > scale)
    return fail("more than " + std::to_string(scale) + " decimals: '" + original + "'");
  std::string digits = int_part + frac_part + std::string(scale - frac_part.size(), '0');
  std::size_t first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  if (digits.size() > 19) return fail("too large: '" + original + "'");
  unsigned long long minor = 0;
  for (char c : digits) minor = minor * 10 + static_cast<unsigned>(c - '0');
  if (minor > static_cast<unsigned long long>(limits::kMaxMoneyMinor))
    return fail("too large: '" + original + "'");
  std::string code;
  std::string column = trim(currency);
  if (!column.empty()) {
    auto c = parse_currency_word(column);
    if (!c) return fail("not a currency: '" + column + "'");
    code = *c;
  }
  if (named && !code.empty() && *named != code)
    return fail("the amount is in " + *named + " but the currency is " + code);
  if (code.empty()) code = named ? *named : "CNY";
  out.money = Money{static_cast<std::int64_t>(minor), code};
  out.error.clear();
  return out;
}

std::string format_amount(std::int64_t minor) {
  if (minor < 0) return "-" + format_amount(-minor);
  std::string out = std::to_string(minor / 100);
  if (auto cents = minor % 100; cents != 0) {
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
  }
  return out;
}

ContactsText parse_contacts_text(std::string_view text) {
  ContactsText out;
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == ';' || c == '\n' || c == '\r') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  // "；" (full-width semicolon) separates contacts too.
  std::vector<std::string> split;
  for (const auto& p : parts) {
    std::size_t at = 0, pos;
    while ((pos = p.find("\xEF\xBC\x9B", at)) != std::string::npos) {
      split.push_back(p.substr(at, pos - at));
      at = pos + 3;
    }
    split.push_back(p.substr(at));
  }
  for (const auto& p : split) {
    std::string t = trim(p);
    if (t.empty()) continue;
    std::vector<std::string> f;
    std::size_t at = 0, pos;
    while ((pos = t.find('|', at)) != std::string::npos) {
      f.push_back(trim(t.substr(at, pos - at)));
      at = pos + 1;
    }
    f.push_back(trim(t.substr(at)));
    if (f.size() > 3) {
      out.error = "a contact is name|title|role, got '" + t + "'";
      return out;
    }
    Contact k;
    k.name = f[0];
    if (k.name.empty()) {
      out.error = "a contact without a name: '" + t + "'";
      return out;
    }
    if (utf8_length(k.name) > limits::kShortText) {
      out.error = "a contact's name is longer than 200 characters";
      return out;
    }
    if (f.size() > 1) k.title = f[1];
    if (utf8_length(k.title) > limits::kShortText) {
      out.error = "a contact's title is longer than 200 characters";
      return out;
    }
    if (f.size() > 2 && !f[2].empty()) {
      auto r = parse_contact_role_word(f[2]);
      if (!r) {
        out.error = "not a contact role: '" + f[2] + "' (" + spellings(ContactRole{}) + ")";
        return out;
      }
      k.role = *r;
    }
    out.contacts.push_back(std::move(k));
  }
  if (out.contacts.size() > 100) out.error = "more than 100 contacts";
  return out;
}

std::string format_contacts(const std::vector<Contact>& contacts) {
  std::string out;
  for (const auto& k : contacts) {
    if (!out.empty()) out += "; ";
    out += k.name + "|" + k.title + "|" + std::string(to_string(k.role));
  }
  return out;
}

std::string neutralise_cell(std::string_view cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r'))
    return "'" + std::string(cell);
  return std::string(cell);
}

std::string unneutralise_cell(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' &&
      (cell[1] == '=' || cell[1] == '+' || cell[1] == '-' || cell[1] == '@' || cell[1] == '\t' ||
       cell[1] == '\r'))
    return std::string(cell.substr(1));
  return std::string(cell);
}

std::int64_t common_hanzi_score(std::string_view utf8) {
  // About a thousand of the most frequent characters of written Chinese, and the words of
  // sales and CRM sheets, in Simplified (text is compared folded, so Traditional counts too).
  static constexpr std::string_view kCommon =
      "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学"
      "对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面"
      "公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部"
      "正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关"
      "并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安"
      "表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共"
      "风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管"
      "夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品"
      "士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研"
      "像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济"
      "喜离虽坏兴切府客户销售订单合同额项目负责联系话址编号类型状态渠道理经监采购产需要阻断直播频企"
      "集团有限股份银行险证券医学政省县镇街楼层室座号码电邮箱备注价格折扣优惠发票税款付账期季度周月"
      "日年份营收入支出成本利润预算签约续费试用上线版本模块权限审批流程报表导出导入数据分析统计图表"
      "通知消息推送登录账号密码用户角色部门员工经理总裁董事长主任秘书助理顾问工程师开发测试运维设计"
      "市场营销品牌渠道代理经销伙伴直营门店仓库物流配送库存货品订购退换维修服务支持培训文档手册问题";
  std::vector<std::uint32_t> common;
  for (std::size_t i = 0; i < kCommon.size();) common.push_back(fold_codepoint(decode_utf8(kCommon, i)));
  std::sort(common.begin(), common.end());
  std::int64_t score = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    std::uint32_t cp = decode_utf8(utf8, i);
    if (cp == kInvalidCodePoint || !is_cjk(cp)) continue;
    if (std::binary_search(common.begin(), common.end(), fold_codepoint(cp))) ++score;
  }
  return score;
}

}  // namespace shipboard

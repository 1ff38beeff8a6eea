// Every string the UI shows, keyed by id, in Traditional Chinese, Simplified Chinese and
// English. Views call tr(Text::...) and never hold literal UI text; domain values (status,
// kind, commitment) map to their ids here too, under the same names as in the core and API.
#pragma once

#include <string_view>

#include "shipboard/model.hpp"

namespace shipboard::client {

enum class Lang { zh_Hant, zh_Hans, en };

enum class Text {
  app_title,
  loading,
  sign_in_title,
  sign_in_hint,
  login,
  password,
  sign_in,
  signing_in,
  sign_in_failed,
  network_error,
  sign_out,
  signed_in_as,
  language,
  refresh,
  items_title,
  items_count,  // printf format with one %d
  items_loading,
  items_error,
  items_empty,
  filter_hint,
  col_title,
  col_kind,
  col_status,
  col_release,
  col_eta,
  col_commitment,
  col_customer_answer,
  copy,
  copied,
  answer_stale,
  none_value,
  kind_feature,
  kind_improvement,
  kind_bug,
  status_under_review,
  status_planned,
  status_in_progress,
  status_beta,
  status_shipped,
  status_declined,
  commitment_committed,
  commitment_tentative,
  commitment_none,
  lang_name,  // the language's own name, for the language menu
  count_
};

void set_language(Lang lang);
Lang language();
// BCP 47 tag of a language: "zh-Hant", "zh-Hans", "en".
std::string_view language_tag(Lang lang);
// "zh-Hant" / "zh-TW" / "zh-HK" -> zh_Hant; "zh", "zh-CN", "zh-Hans" -> zh_Hans; else en.
Lang parse_language(std::string_view tag);

const char* tr(Text id);
const char* tr(Text id, Lang lang);
const char* tr(ItemKind v);
const char* tr(ItemStatus v);
const char* tr(Commitment v);

}  // namespace shipboard::client

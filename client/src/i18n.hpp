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
  nav_search,
  nav_board,
  nav_inbox,
  search_hint,
  search_count,
  search_server_pending,
  search_no_results,
  search_other_hits,
  entity_question,
  entity_release,
  entity_answer,
  open_item,
  back,
  item_loading,
  item_not_found,
  field_description,
  field_area,
  field_demand,
  field_value_at_stake,
  field_updated,
  section_requests,
  section_questions,
  section_history,
  col_customer,
  col_tier,
  col_importance,
  col_value,
  col_quote,
  importance_nice,
  importance_important,
  importance_blocker,
  no_requests,
  no_questions,
  no_history,
  question_open,
  question_answered,
  ask_hint,
  ask_button,
  follow,
  following,
  edit_title,
  eta_hint,
  confirm_answer,
  save,
  saving,
  saved,
  save_failed,
  conflict_title,
  conflict_reapply,
  conflict_discard,
  inbox_title,
  inbox_empty,
  answer_hint,
  send_answer,
  to_library,
  copy_for,
  copy_no_record,
  told_recorded,
  offline,
  live,
  stale_hint,
  ev_created,
  ev_status_changed,
  ev_eta_changed,
  ev_answer_changed,
  ev_answer_confirmed,
  ev_other,
  asked_about_release,
  general_question,
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
const char* tr(Importance v);

}  // namespace shipboard::client

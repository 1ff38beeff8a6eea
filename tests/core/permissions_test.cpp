// The role x action table and the ownership rules, checked against api.md's "who" column.
#include <catch2/catch.hpp>

#include "shipboard/permissions.hpp"

using namespace shipboard;

TEST_CASE("the table follows the API's who column") {
  for (Role r : kAllRoles) {
    CHECK(allowed(r, Action::list_items));
    CHECK(allowed(r, Action::search));
    CHECK(allowed(r, Action::read_inbox));
  }
  CHECK(allowed(Role::sales, Action::create_item));
  CHECK(allowed(Role::support, Action::create_request));
  CHECK_FALSE(allowed(Role::viewer, Action::create_item));
  CHECK_FALSE(allowed(Role::admin, Action::create_item));
  CHECK(allowed(Role::pm, Action::merge_items));
  CHECK_FALSE(allowed(Role::sales, Action::merge_items));
  CHECK_FALSE(allowed(Role::viewer, Action::read_history));
  CHECK_FALSE(allowed(Role::viewer, Action::follow));
  CHECK(allowed(Role::admin, Action::follow));
  CHECK(allowed(Role::pm, Action::answer_question));
  CHECK_FALSE(allowed(Role::sales, Action::answer_question));
  CHECK(allowed(Role::sales, Action::create_told));
  CHECK_FALSE(allowed(Role::pm, Action::create_told));
  CHECK(allowed(Role::sales, Action::create_customer));
  CHECK_FALSE(allowed(Role::support, Action::create_customer));
  CHECK_FALSE(allowed(Role::viewer, Action::list_customers));
  CHECK(allowed(Role::admin, Action::manage_users));
  CHECK_FALSE(allowed(Role::pm, Action::manage_users));
  CHECK_FALSE(allowed(Role::pm, Action::manage_embed_tokens));
}

TEST_CASE("audiences and embeds") {
  CHECK(audience_for(Role::viewer) == Audience::restricted);
  for (Role r : {Role::admin, Role::pm, Role::support, Role::sales})
    CHECK(audience_for(r) == Audience::full);
  CHECK(embed_allowed(Action::read_item));
  CHECK(embed_allowed(Action::list_releases));
  CHECK_FALSE(embed_allowed(Action::create_item));
  CHECK_FALSE(embed_allowed(Action::list_customers));
  CHECK_FALSE(embed_allowed(Action::see_internal));
  Item it;
  it.area = "媒體";
  CHECK(embed_scope_covers(EmbedScope{}, it));
  CHECK(embed_scope_covers(EmbedScope{"媒體"}, it));
  CHECK_FALSE(embed_scope_covers(EmbedScope{"auth"}, it));
}

TEST_CASE("every action has a name and a row in the printed matrix") {
  for (Action a : kAllActions) {
    auto name = to_string(a);
    REQUIRE_FALSE(name.empty());
    CHECK(parse_action(name) == a);
  }
  auto md = permission_matrix_markdown();
  CHECK(md.find("| manage_users | yes | - | - | - | - | - |") != std::string::npos);
  CHECK(md.find("| list_items | yes | yes | yes | yes | yes | yes |") != std::string::npos);
}

TEST_CASE("item creation and patching by role and ownership") {
  CreateItem bare;
  bare.title = "x";
  CHECK(may_create_item(Role::sales, bare));
  CreateItem with_status = bare;
  with_status.status = ItemStatus::planned;
  CHECK_FALSE(may_create_item(Role::sales, with_status));
  CHECK(may_create_item(Role::pm, with_status));
  CHECK_FALSE(may_create_item(Role::viewer, bare));

  Item it;
  it.id = 1;
  it.created_by = 10;
  it.status = ItemStatus::under_review;
  PatchItem title;
  title.title = "better title";
  PatchItem status;
  status.status = ItemStatus::planned;
  PatchItem confirm;
  confirm.confirm_answer = true;

  CHECK(may_patch_item(Role::sales, 10, it, title));         // the author, under review
  CHECK_FALSE(may_patch_item(Role::sales, 11, it, title));   // not the author
  CHECK_FALSE(may_patch_item(Role::sales, 10, it, status));  // pm field
  CHECK_FALSE(may_patch_item(Role::sales, 10, it, confirm));
  CHECK(may_patch_item(Role::pm, 99, it, status));
  CHECK(may_patch_item(Role::pm, 99, it, title));
  CHECK_FALSE(may_patch_item(Role::admin, 10, it, status));
  CHECK_FALSE(may_patch_item(Role::viewer, 10, it, title));
  PatchItem mixed = title;
  mixed.status = ItemStatus::planned;
  CHECK_FALSE(may_patch_item(Role::support, 10, it, mixed));

  it.status = ItemStatus::planned;  // after triage the author can no longer edit
  CHECK_FALSE(may_patch_item(Role::sales, 10, it, title));
}

TEST_CASE("questions and customers by ownership") {
  Question q;
  q.asked_by = 10;
  CHECK(may_edit_question(Role::sales, 10, q));
  CHECK_FALSE(may_edit_question(Role::sales, 11, q));
  CHECK(may_edit_question(Role::pm, 11, q));
  q.state = QuestionState::answered;
  CHECK_FALSE(may_edit_question(Role::sales, 10, q));
  CHECK_FALSE(may_edit_question(Role::viewer, 10, q));

  Customer c;
  c.owner_id = 10;
  CHECK(may_patch_customer(Role::sales, 10, c));
  CHECK_FALSE(may_patch_customer(Role::sales, 11, c));
  CHECK(may_patch_customer(Role::pm, 11, c));
  CHECK_FALSE(may_patch_customer(Role::support, 10, c));
}

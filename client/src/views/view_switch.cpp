// The one place that decides what a frame shows: the top bar, then the sign-in form or the view
// the route names, then the dialogs that float over any view; and after each frame, the first
// frame that showed data reported to the shell.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"
#include "imgui.h"
#include "views/views.hpp"

namespace shipboard::client {

using nlohmann::json;

void app_after_frame(AppState& app) {
  if (!app.first_data_frame_reported && app.items_drawn_this_frame) {
    app.first_data_frame_reported = true;
    shell_first_data_frame(static_cast<int>(app.items.items.size()));
  }
  app.items_drawn_this_frame = false;
}

// [SECTION] Frame ------------------------------------------------------------------------
void app_draw(AppState& app) {
  live_flush(app);  // what the live events since the last frame could not carry
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("##shipboard", nullptr, flags);
  draw_top_bar(app);
  switch (app.screen) {
    case Screen::starting: ImGui::TextDisabled("%s", tr(Text::loading)); break;
    case Screen::sign_in: draw_sign_in(app); break;
    case Screen::signed_in:
      switch (app.route.view) {
        case View::search: draw_search(app); break;
        case View::board: draw_board(app); break;
        case View::item: draw_item_page(app); break;
        case View::queue: draw_question_queue(app); break;
        case View::releases: draw_releases(app); break;
        case View::release: draw_release(app); break;
        case View::customers: draw_customers(app); break;
        case View::insights: draw_insights(app); break;
        case View::notifications: draw_notifications(app); break;
        case View::admin: draw_admin(app); break;
      }
      app.rendered_view = route_hash(app.route);
      app.rendered_ready = view_ready(app);
      // Any view showing its data counts as the first data frame (a deep link to #/admin too).
      if (app.rendered_ready && app.items.state == LoadState::loaded) app.items_drawn_this_frame = true;
      break;
  }
  draw_copy_dialog(app);
  draw_merge_dialog(app);
  draw_new_request_dialog(app);
  ImGui::End();
}

}  // namespace shipboard::client

#include "rooms/stage.h"

#include <string>

namespace hallcast {

Checked<v1::StageChange> stageChange(const v1::SetStage& request, const PollBook& polls, const v1::User& actor) {
  const v1::StageView view = request.view();
  if (view == v1::STAGE_VIEW_UNSPECIFIED || !v1::StageView_IsValid(view)) {
    return Rejection{v1::ERROR_CODE_INVALID_ARGUMENT, "view must be QUESTIONS, POLL or NEXT_SESSION"};
  }
  if (view == v1::STAGE_VIEW_POLL) {
    const v1::Poll* poll = polls.find(request.poll_id());
    if (!poll) {
      return Rejection{v1::ERROR_CODE_NOT_FOUND, "no poll " + std::to_string(request.poll_id()) + " in this room"};
    }
    if (poll->state() == v1::POLL_STATE_DRAFT) {
      return Rejection{v1::ERROR_CODE_FAILED_PRECONDITION,
                       "poll " + std::to_string(request.poll_id()) + " is a draft: open it before showing it"};
    }
  } else if (request.poll_id() != 0) {
    return Rejection{v1::ERROR_CODE_INVALID_ARGUMENT, "poll_id is for the POLL view only"};
  }
  v1::StageChange change;
  change.set_view(view);
  change.set_poll_id(request.poll_id());
  *change.mutable_actor() = actor;
  return change;
}

v1::StageChange defaultStage() {
  v1::StageChange stage;
  stage.set_view(v1::STAGE_VIEW_QUESTIONS);
  return stage;
}

}  // namespace hallcast

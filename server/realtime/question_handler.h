#pragma once
// Q&A requests: ask, vote, withdraw, list, moderate. The rules are the
// QuestionBoard's (rooms/); here they are authorised, stored and answered.

#include "realtime/hub_context.h"

namespace hallcast {

class QuestionHandler {
 public:
  explicit QuestionHandler(HubContext& hub) : hub_(hub) {}

  void ask(Request& rq, const v1::AskQuestion& ask);
  void vote(Request& rq, const v1::VoteQuestion& vote);
  void withdraw(Request& rq, const v1::WithdrawQuestion& withdraw);
  void list(Request& rq, const v1::ListQuestions& list);
  void moderate(Request& rq, const v1::ModerateQuestion& moderate);

 private:
  HubContext& hub_;
};

}  // namespace hallcast

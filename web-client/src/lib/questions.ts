// Which questions an attendee sees in the Q&A tab, and in what order. Pure.
//
// Everyone sees the approved (visible) questions; the person who asked also
// sees their own while they wait for a moderator, or after a rejection.
// Unanswered questions come first (the ones still open), answered ones after.
import { QuestionStatus, type Question } from "../gen/hallcast/v1/interaction_pb";

export type QuestionSort = "popular" | "recent";

export function shownQuestions(all: Iterable<Question>, myUserId: string | undefined, sort: QuestionSort): Question[] {
  const shown = [...all].filter(
    (q) =>
      q.status === QuestionStatus.VISIBLE ||
      (myUserId !== undefined && q.author?.userId === myUserId &&
        (q.status === QuestionStatus.PENDING || q.status === QuestionStatus.REJECTED)),
  );
  const byOrder = sort === "popular"
    ? (a: Question, b: Question) => b.votes - a.votes || compareIds(a, b)
    : (a: Question, b: Question) => compareIds(b, a);
  return shown.sort((a, b) => Number(a.answered) - Number(b.answered) || byOrder(a, b));
}

// Question ids are the seqs of the events that asked them: older is smaller.
function compareIds(a: Question, b: Question): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// The label of a question's state for its list item (data-status).
export function questionState(q: Question): "pending" | "visible" | "rejected" | "answered" {
  if (q.status === QuestionStatus.PENDING) return "pending";
  if (q.status === QuestionStatus.REJECTED) return "rejected";
  return q.answered ? "answered" : "visible";
}

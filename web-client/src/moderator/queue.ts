// The moderator's Q&A queue: the room's questions split into the tabs the
// console shows, each in the order a moderator works through it. Pure, so
// that the ordering rules are unit-tested.
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { QuestionStatus, type Question } from "../gen/hallcast/v1/interaction_pb";

export type QueueTab = "pending" | "approved" | "answered" | "rejected";
export const QUEUE_TABS: readonly QueueTab[] = ["pending", "approved", "answered", "rejected"];

export type Queue = Record<QueueTab, Question[]>;

function askedMs(q: Question): number {
  return q.askedAt ? timestampMs(q.askedAt) : 0;
}

// Older first; ids (the seq that asked them) break ties and stand in for a
// missing time, since they grow with time too.
function byAge(a: Question, b: Question): number {
  return askedMs(a) - askedMs(b) || Number(a.id - b.id);
}

// pending: waiting for approval, oldest first (first come, first served);
// approved: visible and not yet answered, most votes first (what the room
// wants answered next), ties older first — or, at a press conference
// (`approvedOrder` "asked"), in the order asked: journalists get the floor
// in turn; answered: most recently asked first; rejected: oldest first.
// Withdrawn questions are gone for everyone.
export function splitQueue(questions: Iterable<Question>, approvedOrder: "votes" | "asked" = "votes"): Queue {
  const queue: Queue = { pending: [], approved: [], answered: [], rejected: [] };
  for (const q of questions) {
    if (q.status === QuestionStatus.PENDING) queue.pending.push(q);
    else if (q.status === QuestionStatus.REJECTED) queue.rejected.push(q);
    else if (q.status === QuestionStatus.VISIBLE) (q.answered ? queue.answered : queue.approved).push(q);
  }
  queue.pending.sort(byAge);
  queue.approved.sort(approvedOrder === "asked" ? byAge : (a, b) => b.votes - a.votes || byAge(a, b));
  queue.answered.sort((a, b) => byAge(b, a));
  queue.rejected.sort(byAge);
  return queue;
}

// The question that gets the floor next: the first approved one that is not
// being answered now.
export function nextInLine(approved: readonly Question[], pinnedId: bigint): Question | undefined {
  return approved.find((q) => q.id !== pinnedId);
}

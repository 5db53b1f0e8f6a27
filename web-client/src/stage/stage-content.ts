// What the stage display shows, from the room's state and the program. Pure,
// so that it runs in unit tests.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { QuestionStatus, type Question } from "../gen/hallcast/v1/interaction_pb";
import type { Room } from "../gen/hallcast/v1/program_pb";

// The questions waiting to be answered that the hall should see below the
// one being answered: approved, not answered, not the pinned one; most
// votes first, older first on a tie.
export function topQuestions(all: Iterable<Question>, pinnedId: bigint, count: number): Question[] {
  return [...all]
    .filter((q) => q.status === QuestionStatus.VISIBLE && !q.answered && q.id !== pinnedId)
    .sort((a, b) => b.votes - a.votes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count);
}

// The program's next sessions: the rooms whose start is the earliest one
// after `now` (parallel panels start together), in program order.
export function nextSessions(rooms: readonly Room[], now: Date): Room[] {
  const upcoming = rooms.filter((r) => r.schedule?.start && timestampDate(r.schedule.start).getTime() > now.getTime());
  if (upcoming.length === 0) return [];
  const first = Math.min(...upcoming.map((r) => timestampDate(r.schedule!.start!).getTime()));
  return upcoming.filter((r) => timestampDate(r.schedule!.start!).getTime() === first);
}

// RoomView: the room's questions, polls, pins and settings from Joined.state,
// the events after it, tallies and sanctions.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  PollChange_Kind,
  PollState,
  QuestionChange_Kind,
  QuestionModeration,
  QuestionStatus,
  RoomEventSchema,
  SanctionKind,
  SanctionSchema,
  StageChangeSchema,
  StageView,
  TallySchema,
  type RoomEvent,
} from "../gen/hallcast/v1/interaction_pb";
import { JoinedSchema } from "../gen/hallcast/v1/realtime_pb";
import { RoomView } from "./room-view";

const question = (id: number, text: string, votes = 0, status = QuestionStatus.VISIBLE) => ({
  id: BigInt(id), text, votes, status, author: { userId: "u1", displayName: "Ann" },
});

function joinedWith(headSeq: number) {
  return create(JoinedSchema, {
    roomId: "r",
    headSeq: BigInt(headSeq),
    state: {
      premoderation: true,
      questions: [question(3, "Why?", 2), question(5, "How?", 0)],
      pinnedQuestionId: 5n,
      polls: [{ id: 4n, question: "Tea?", options: ["yes", "no"], state: PollState.OPEN, votes: [1, 0], totalVotes: 1 }],
      myQuestionVotes: [3n],
      myPollVotes: [{ pollId: 4n, option: 0 }],
    },
  });
}

function event(seq: number, body: MessageInitShape<typeof RoomEventSchema>["body"]): RoomEvent {
  return create(RoomEventSchema, { roomId: "r", seq: BigInt(seq), body });
}

describe("RoomView", () => {
  it("takes the whole state from the join", () => {
    const room = new RoomView("r");
    room.applyJoined(joinedWith(6));
    expect([...room.questions.keys()]).toEqual([3n, 5n]);
    expect(room.pinnedQuestion?.text).toBe("How?");
    expect(room.currentPoll?.question).toBe("Tea?");
    expect(room.myQuestionVotes.has(3n)).toBe(true);
    expect(room.myPollVotes.get(4n)).toBe(0);
    expect(room.premoderation).toBe(true);
    expect(room.stage).toEqual({ view: StageView.QUESTIONS, pollId: 0n }); // no choice yet
  });

  it("follows what the stage display shows", () => {
    const room = new RoomView("r");
    const joined = joinedWith(6);
    joined.state!.stage = create(StageChangeSchema, { view: StageView.POLL, pollId: 4n });
    room.applyJoined(joined);
    expect(room.stage).toEqual({ view: StageView.POLL, pollId: 4n });
    room.applyEvent(event(7, { case: "stage", value: { view: StageView.NEXT_SESSION } }));
    expect(room.stage).toEqual({ view: StageView.NEXT_SESSION, pollId: 0n });
  });

  it("does not let a resume's replay of older events undo the joined state", () => {
    const room = new RoomView("r");
    room.applyJoined(joinedWith(6));
    room.applyJoined(joinedWith(6)); // the resume: events up to 6 follow
    const stale = create(RoomEventSchema, {
      roomId: "r", seq: 3n,
      body: { case: "question", value: { kind: QuestionChange_Kind.ASKED, question: question(3, "Why?", 0) } },
    });
    room.applyEvent(stale);
    expect(room.questions.get(3n)?.votes).toBe(2);
  });

  it("applies questions asked, moderated, pinned and withdrawn after the join", () => {
    const room = new RoomView("r");
    room.applyJoined(joinedWith(6));
    room.applyEvent(event(7, { case: "question", value: { kind: QuestionChange_Kind.ASKED, question: question(7, "When?") } }));
    room.applyEvent(event(8, {
      case: "question",
      value: { kind: QuestionChange_Kind.MODERATED, moderation: QuestionModeration.PIN, question: question(7, "When?"), pinnedQuestionId: 7n },
    }));
    expect(room.pinnedQuestion?.text).toBe("When?");
    // An attendee's view of a rejection: id and status only.
    room.applyEvent(event(9, {
      case: "question",
      value: { kind: QuestionChange_Kind.MODERATED, moderation: QuestionModeration.REJECT, question: { id: 3n, status: QuestionStatus.REJECTED } },
    }));
    expect(room.questions.get(3n)).toMatchObject({ text: "Why?", status: QuestionStatus.REJECTED });
    room.applyEvent(event(10, { case: "question", value: { kind: QuestionChange_Kind.WITHDRAWN, question: { id: 5n, status: QuestionStatus.WITHDRAWN } } }));
    expect(room.questions.has(5n)).toBe(false);
  });

  it("follows polls, tallies and settings", () => {
    const room = new RoomView("r");
    room.applyJoined(joinedWith(6));
    room.applyTally(create(TallySchema, {
      roomId: "r",
      questions: [{ questionId: 5n, votes: 9 }],
      polls: [{ id: 4n, votes: [3, 4], totalVotes: 7 }],
    }));
    expect(room.questions.get(5n)?.votes).toBe(9);
    expect(room.polls.get(4n)).toMatchObject({ question: "Tea?", votes: [3, 4], totalVotes: 7 });
    room.applyEvent(event(7, {
      case: "poll",
      value: { kind: PollChange_Kind.CLOSED, poll: { id: 4n, question: "Tea?", options: ["yes", "no"], state: PollState.CLOSED, votes: [3, 5], totalVotes: 8 } },
    }));
    expect(room.currentPoll).toMatchObject({ state: PollState.CLOSED, totalVotes: 8 });
    room.applyEvent(event(8, { case: "settings", value: { premoderation: false, slowModeSeconds: 30 } }));
    expect(room.slowModeSeconds).toBe(30);
    expect(room.premoderation).toBe(false);
  });

  it("knows when this person is muted, and for how long", () => {
    const room = new RoomView("r");
    room.applyJoined(joinedWith(6));
    const until = { seconds: BigInt(Math.floor(Date.UTC(2030, 0, 1) / 1000)), nanos: 0 };
    room.applySanction(create(SanctionSchema, { kind: SanctionKind.MUTE, target: { userId: "me" }, roomId: "r", until }), "me");
    expect(room.isMuted(new Date(Date.UTC(2029, 0, 1)))).toBe(true);
    expect(room.isMuted(new Date(Date.UTC(2031, 0, 1)))).toBe(false);
    room.applySanction(create(SanctionSchema, { kind: SanctionKind.UNMUTE, target: { userId: "me" }, roomId: "r" }), "me");
    expect(room.isMuted()).toBe(false);
    // Another room's mute is not this room's.
    room.applySanction(create(SanctionSchema, { kind: SanctionKind.MUTE, target: { userId: "me" }, roomId: "other" }), "me");
    expect(room.isMuted()).toBe(false);
  });
});

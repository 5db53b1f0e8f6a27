// The stage display's pure parts: which questions it lists, the program's
// next sessions and countdown, and the reaction meter.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { QuestionSchema, QuestionStatus, ReactionsSchema } from "../gen/hallcast/v1/interaction_pb";
import { RoomSchema } from "../gen/hallcast/v1/program_pb";
import { ReactionMeter } from "./reaction-meter";
import { countdown } from "../lib/program";
import { nextSessions, topQuestions } from "./stage-content";

const q = (id: number, votes: number, status = QuestionStatus.VISIBLE, answered = false) =>
  create(QuestionSchema, { id: BigInt(id), text: `q${id}`, votes, status, answered });

const room = (id: string, start: string) =>
  create(RoomSchema, { id, schedule: { start: timestampFromDate(new Date(start)), end: timestampFromDate(new Date(start)) } });

describe("stage content", () => {
  it("lists approved, unanswered questions by votes, without the pinned one", () => {
    const all = [q(1, 3), q(2, 9), q(3, 9), q(4, 20, QuestionStatus.PENDING), q(5, 30, QuestionStatus.VISIBLE, true), q(6, 1)];
    expect(topQuestions(all, 0n, 3).map((x) => x.id)).toEqual([2n, 3n, 1n]);
    expect(topQuestions(all, 2n, 3).map((x) => x.id)).toEqual([3n, 1n, 6n]);
  });

  it("finds the sessions that start next, together", () => {
    const rooms = [room("a", "2026-12-08T09:00:00Z"), room("b", "2026-12-08T14:00:00Z"), room("c", "2026-12-08T14:00:00Z")];
    expect(nextSessions(rooms, new Date("2026-12-08T10:00:00Z")).map((r) => r.id)).toEqual(["b", "c"]);
    expect(nextSessions(rooms, new Date("2026-12-08T08:00:00Z")).map((r) => r.id)).toEqual(["a"]);
    expect(nextSessions(rooms, new Date("2026-12-09T00:00:00Z"))).toEqual([]);
  });

  it("counts down in minutes, then hours", () => {
    const now = new Date("2026-12-08T10:00:00Z");
    expect(countdown(new Date("2026-12-08T10:05:09Z"), now)).toBe("05:09");
    expect(countdown(new Date("2026-12-08T12:05:09Z"), now)).toBe("2:05:09");
    expect(countdown(new Date("2026-12-08T09:00:00Z"), now)).toBe("00:00");
  });
});

describe("ReactionMeter", () => {
  const reactions = (counts: [string, number][]) =>
    create(ReactionsSchema, { roomId: "r", counts: counts.map(([emoji, count]) => ({ emoji, count })), windowMs: 200 });

  it("sums the last window per emoji and forgets older reactions", () => {
    const meter = new ReactionMeter(10_000, 50);
    meter.add(reactions([["👏", 2], ["❤️", 1]]), 0);
    meter.add(reactions([["👏", 48]]), 5_000);
    const at6 = meter.levels(6_000);
    expect(at6.find((l) => l.emoji === "👏")).toMatchObject({ count: 50, level: 1 });
    expect(at6.find((l) => l.emoji === "❤️")?.count).toBe(1);
    expect(at6.find((l) => l.emoji === "🤔")).toMatchObject({ count: 0, level: 0 });
    const at12 = meter.levels(12_000);
    expect(at12.find((l) => l.emoji === "👏")?.count).toBe(48);
    expect(at12.find((l) => l.emoji === "❤️")?.count).toBe(0);
  });

  it("shows a single reaction and saturates a storm", () => {
    const meter = new ReactionMeter(10_000, 50);
    meter.add(reactions([["🎉", 1]]), 0);
    meter.add(reactions([["💡", 5000]]), 0);
    const levels = meter.levels(1);
    expect(levels.find((l) => l.emoji === "🎉")!.level).toBeGreaterThan(0.1);
    expect(levels.find((l) => l.emoji === "💡")!.level).toBe(1);
  });
});

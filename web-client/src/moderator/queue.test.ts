import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { QuestionSchema, QuestionStatus } from "../gen/hallcast/v1/interaction_pb";
import { nextInLine, splitQueue } from "./queue";

const q = (id: number, status: QuestionStatus, extra: { votes?: number; answered?: boolean; at?: number } = {}) =>
  create(QuestionSchema, {
    id: BigInt(id),
    text: `q${id}`,
    status,
    votes: extra.votes ?? 0,
    answered: extra.answered ?? false,
    askedAt: extra.at === undefined ? undefined : timestampFromMs(extra.at),
  });
const ids = (list: { id: bigint }[]) => list.map((x) => Number(x.id));

describe("splitQueue", () => {
  it("puts each question in one tab by status and answered mark", () => {
    const queue = splitQueue([
      q(1, QuestionStatus.PENDING),
      q(2, QuestionStatus.VISIBLE),
      q(3, QuestionStatus.VISIBLE, { answered: true }),
      q(4, QuestionStatus.REJECTED),
      q(5, QuestionStatus.WITHDRAWN),
    ]);
    expect(ids(queue.pending)).toEqual([1]);
    expect(ids(queue.approved)).toEqual([2]);
    expect(ids(queue.answered)).toEqual([3]);
    expect(ids(queue.rejected)).toEqual([4]);
  });

  it("sorts pending oldest first, by time, then id", () => {
    const queue = splitQueue([
      q(7, QuestionStatus.PENDING, { at: 3000 }),
      q(3, QuestionStatus.PENDING, { at: 5000 }),
      q(9, QuestionStatus.PENDING, { at: 1000 }),
      q(8, QuestionStatus.PENDING, { at: 3000 }),
    ]);
    expect(ids(queue.pending)).toEqual([9, 7, 8, 3]);
  });

  it("sorts approved by votes, ties older first", () => {
    const queue = splitQueue([
      q(1, QuestionStatus.VISIBLE, { votes: 2, at: 1000 }),
      q(2, QuestionStatus.VISIBLE, { votes: 5, at: 2000 }),
      q(3, QuestionStatus.VISIBLE, { votes: 2, at: 500 }),
      q(4, QuestionStatus.VISIBLE, { votes: 0, at: 100 }),
    ]);
    expect(ids(queue.approved)).toEqual([2, 3, 1, 4]);
  });

  it("at a press conference, sorts approved in the order asked and gives the floor in turn", () => {
    const queue = splitQueue([
      q(1, QuestionStatus.VISIBLE, { votes: 2, at: 1000 }),
      q(2, QuestionStatus.VISIBLE, { votes: 5, at: 2000 }),
      q(3, QuestionStatus.VISIBLE, { votes: 9, at: 500 }),
    ], "asked");
    expect(ids(queue.approved)).toEqual([3, 1, 2]);
    expect(Number(nextInLine(queue.approved, 0n)?.id)).toBe(3);
    expect(Number(nextInLine(queue.approved, 3n)?.id)).toBe(1);
    expect(nextInLine([], 0n)).toBeUndefined();
  });

  it("sorts answered newest first", () => {
    const queue = splitQueue([
      q(1, QuestionStatus.VISIBLE, { answered: true, at: 1000 }),
      q(2, QuestionStatus.VISIBLE, { answered: true, at: 3000 }),
    ]);
    expect(ids(queue.answered)).toEqual([2, 1]);
  });

  it("is empty for no questions", () => {
    expect(splitQueue([])).toEqual({ pending: [], approved: [], answered: [], rejected: [] });
  });
});

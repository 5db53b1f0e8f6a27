import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { QuestionSchema, QuestionStatus } from "../gen/hallcast/v1/interaction_pb";
import { questionState, shownQuestions } from "./questions";

const q = (id: number, votes: number, extra: Partial<{ status: QuestionStatus; answered: boolean; author: string }> = {}) =>
  create(QuestionSchema, {
    id: BigInt(id), text: `q${id}`, votes,
    status: extra.status ?? QuestionStatus.VISIBLE,
    answered: extra.answered ?? false,
    author: { userId: extra.author ?? "someone" },
  });

describe("shownQuestions", () => {
  const all = [
    q(1, 2), q(2, 5), q(3, 2), q(4, 9, { answered: true }),
    q(5, 0, { status: QuestionStatus.PENDING, author: "me" }),
    q(6, 0, { status: QuestionStatus.PENDING }),
    q(7, 0, { status: QuestionStatus.REJECTED, author: "me" }),
    q(8, 0, { status: QuestionStatus.REJECTED }),
  ];

  it("sorts by votes, older first on ties, answered last", () => {
    expect(shownQuestions(all, "me", "popular").map((x) => Number(x.id))).toEqual([2, 1, 3, 5, 7, 4]);
  });

  it("sorts by time, newest first, answered last", () => {
    expect(shownQuestions(all, "me", "recent").map((x) => Number(x.id))).toEqual([7, 5, 3, 2, 1, 4]);
  });

  it("hides other people's pending and rejected questions", () => {
    expect(shownQuestions(all, "other", "recent").map((x) => Number(x.id))).toEqual([3, 2, 1, 4]);
    expect(shownQuestions(all, undefined, "recent").map((x) => Number(x.id))).toEqual([3, 2, 1, 4]);
  });

  it("labels each state", () => {
    expect(all.map(questionState)).toEqual(["visible", "visible", "visible", "answered", "pending", "pending", "rejected", "rejected"]);
  });
});

import { describe, expect, it } from "vitest";
import { checkDraft, pollBars } from "./polls";

describe("pollBars", () => {
  it("gives each option its share of the votes", () => {
    expect(pollBars({ options: ["a", "b", "c"], votes: [1, 3, 0], totalVotes: 4 })).toEqual([
      { label: "a", votes: 1, percent: 25 },
      { label: "b", votes: 3, percent: 75 },
      { label: "c", votes: 0, percent: 0 },
    ]);
  });

  it("shows 0 % everywhere before the first vote, and fills missing counts", () => {
    expect(pollBars({ options: ["yes", "no"], votes: [], totalVotes: 0 })).toEqual([
      { label: "yes", votes: 0, percent: 0 },
      { label: "no", votes: 0, percent: 0 },
    ]);
  });

  it("falls back to the sum when the total is missing", () => {
    expect(pollBars({ options: ["a", "b"], votes: [1, 2], totalVotes: 0 }).map((b) => b.percent)).toEqual([33, 67]);
  });
});

describe("checkDraft", () => {
  it("trims and drops blank options", () => {
    expect(checkDraft("  Lunch? ", [" yes ", "", "no", "  "])).toEqual({ ok: true, question: "Lunch?", options: ["yes", "no"] });
  });

  it("wants a question and 2..6 options of at most 100 characters", () => {
    expect(checkDraft(" ", ["a", "b"])).toEqual({ ok: false, problem: "question" });
    expect(checkDraft("x".repeat(301), ["a", "b"])).toEqual({ ok: false, problem: "questionTooLong" });
    expect(checkDraft("q", ["a"])).toEqual({ ok: false, problem: "options" });
    expect(checkDraft("q", ["1", "2", "3", "4", "5", "6", "7"])).toEqual({ ok: false, problem: "options" });
    expect(checkDraft("q", ["a", "b".repeat(101)])).toEqual({ ok: false, problem: "optionTooLong" });
    // Characters, not UTF-16 units: 100 emoji are fine.
    expect(checkDraft("q", ["a", "🎉".repeat(100)]).ok).toBe(true);
  });
});

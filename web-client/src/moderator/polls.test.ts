import { describe, expect, it } from "vitest";
import { checkDraft } from "./polls";

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

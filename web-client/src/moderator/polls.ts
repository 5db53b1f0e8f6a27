// The checks a new poll must pass before the console sends it (the hub's
// limits: question 1..300 characters, 2..6 options of 1..100). Pure, so
// unit-tested.
import { codePoints } from "../lib/text";

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;
export const MAX_QUESTION_CHARS = 300;
export const MAX_OPTION_CHARS = 100;

export type DraftProblem = "question" | "questionTooLong" | "options" | "optionTooLong";

// The poll to send (trimmed, blank options dropped), or what is wrong with it.
export function checkDraft(question: string, options: readonly string[]):
  { ok: true; question: string; options: string[] } | { ok: false; problem: DraftProblem } {
  const q = question.trim();
  const opts = options.map((o) => o.trim()).filter((o) => o !== "");
  if (!q) return { ok: false, problem: "question" };
  if (codePoints(q) > MAX_QUESTION_CHARS) return { ok: false, problem: "questionTooLong" };
  if (opts.length < MIN_OPTIONS || opts.length > MAX_OPTIONS) return { ok: false, problem: "options" };
  if (opts.some((o) => codePoints(o) > MAX_OPTION_CHARS)) return { ok: false, problem: "optionTooLong" };
  return { ok: true, question: q, options: opts };
}

// Polls as the moderator console shows and creates them: the results as
// bars (share of the votes per option) and the checks a new poll must pass
// before it is sent (the hub's limits: question 1..300 characters, 2..6
// options of 1..100). Pure, so unit-tested.
import type { Poll } from "../gen/hallcast/v1/interaction_pb";

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;
export const MAX_QUESTION_CHARS = 300;
export const MAX_OPTION_CHARS = 100;

export interface Bar {
  label: string;
  votes: number;
  percent: number; // 0..100, rounded
}

// One bar per option; a poll with no votes yet has every bar at 0 %.
export function pollBars(poll: Pick<Poll, "options" | "votes" | "totalVotes">): Bar[] {
  const counted = poll.options.map((_, i) => poll.votes[i] ?? 0);
  const total = poll.totalVotes || counted.reduce((a, b) => a + b, 0);
  return poll.options.map((label, i) => ({
    label,
    votes: counted[i],
    percent: total ? Math.round((counted[i] * 100) / total) : 0,
  }));
}

export type DraftProblem = "question" | "questionTooLong" | "options" | "optionTooLong";

// The poll to send (trimmed, blank options dropped), or what is wrong with it.
export function checkDraft(question: string, options: readonly string[]):
  { ok: true; question: string; options: string[] } | { ok: false; problem: DraftProblem } {
  const q = question.trim();
  const opts = options.map((o) => o.trim()).filter((o) => o !== "");
  if (!q) return { ok: false, problem: "question" };
  if (Array.from(q).length > MAX_QUESTION_CHARS) return { ok: false, problem: "questionTooLong" };
  if (opts.length < MIN_OPTIONS || opts.length > MAX_OPTIONS) return { ok: false, problem: "options" };
  if (opts.some((o) => Array.from(o).length > MAX_OPTION_CHARS)) return { ok: false, problem: "optionTooLong" };
  return { ok: true, question: q, options: opts };
}

// A poll's results for display: each option's votes and whole-number
// percentage of the total. Pure.
import type { Poll } from "../gen/hallcast/v1/interaction_pb";

export interface OptionResult {
  option: string;
  votes: number;
  percent: number;
}

export function pollResults(poll: Poll): OptionResult[] {
  const total = poll.totalVotes || poll.votes.reduce((a, b) => a + b, 0);
  return poll.options.map((option, i) => {
    const votes = poll.votes[i] ?? 0;
    return { option, votes, percent: total ? Math.round((votes * 100) / total) : 0 };
  });
}

// Turns the hub's reaction sums (one Reactions event per window per room)
// into emoji that float up over the video: a few per emoji, not one per
// person, so that a thousand claps stay readable. Pure.
import type { Reactions } from "../gen/hallcast/v1/interaction_pb";

export const REACTION_EMOJI = ["👏", "❤️", "👍", "🎉", "💡", "🤔"] as const;

export interface Float {
  id: number;
  emoji: string;
  left: number; // percent of the stage's width
  delayMs: number;
}

// At most `perEmoji` floats of each emoji per window (1 for one reaction,
// growing with the log of the count), spread across the window.
export function floatsFor(reactions: Reactions, nextId: () => number, random: () => number = Math.random, perEmoji = 6): Float[] {
  const out: Float[] = [];
  const window = reactions.windowMs || 200;
  for (const { emoji, count } of reactions.counts) {
    if (count <= 0) continue;
    const n = Math.min(perEmoji, 1 + Math.floor(Math.log2(count)));
    for (let i = 0; i < n; i++) {
      out.push({ id: nextId(), emoji, left: 5 + random() * 85, delayMs: Math.floor((i * window) / n) });
    }
  }
  return out;
}

// The stage's reaction meter: how much the online audience reacted in the
// last few seconds, per emoji, from the hub's summed Reactions events. Pure:
// the caller passes the time.
import type { Reactions } from "../gen/hallcast/v1/interaction_pb";
import { REACTION_EMOJI } from "../lib/reaction-floats";

export interface MeterLevel {
  emoji: string;
  count: number; // reactions in the window
  level: number; // 0..1 of the meter's full scale
}

export class ReactionMeter {
  private readonly events: { at: number; emoji: string; count: number }[] = [];

  // windowMs: how far back the meter counts; fullScale: the count (per
  // window) that fills a bar, so that a few claps show and a storm saturates.
  constructor(private readonly windowMs = 10_000, private readonly fullScale = 50) {}

  add(reactions: Reactions, nowMs: number): void {
    for (const { emoji, count } of reactions.counts) {
      if (count > 0) this.events.push({ at: nowMs, emoji, count });
    }
    this.expire(nowMs);
  }

  // One level per emoji of the fixed set, in its order.
  levels(nowMs: number): MeterLevel[] {
    this.expire(nowMs);
    const counts = new Map<string, number>();
    for (const e of this.events) counts.set(e.emoji, (counts.get(e.emoji) ?? 0) + e.count);
    return REACTION_EMOJI.map((emoji) => {
      const count = counts.get(emoji) ?? 0;
      // Square root: 1 clap is visible, 50 fill the bar.
      return { emoji, count, level: Math.min(1, Math.sqrt(count / this.fullScale)) };
    });
  }

  private expire(nowMs: number): void {
    while (this.events.length > 0 && this.events[0].at <= nowMs - this.windowMs) this.events.shift();
  }
}

import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";

describe("Backoff", () => {
  it("doubles from the initial delay up to the maximum", () => {
    const b = new Backoff({ initialMs: 500, maxMs: 8000, jitter: 0 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(b.attempts).toBe(7);
  });

  it("starts again after a reset", () => {
    const b = new Backoff({ initialMs: 100, jitter: 0 });
    b.next();
    b.next();
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(100);
  });

  it("spreads each delay by at most the jitter, never past the maximum", () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 1500, jitter: 0.2, random: () => 0 });
    const high = new Backoff({ initialMs: 1000, maxMs: 1500, jitter: 0.2, random: () => 0.999999 });
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1200);
    expect(low.next()).toBe(1200); // 1500 - 20 %
    expect(high.next()).toBe(1500); // capped
  });
});

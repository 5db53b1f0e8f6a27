// Exponential backoff for reconnecting: initial, initial·factor, … up to max,
// each delay spread by ±jitter so that many clients do not come back at once.
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  jitter?: number; // 0..1, a share of the delay
  random?: () => number; // [0, 1)
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 15_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
  }

  // Failures since the last reset.
  get attempts(): number {
    return this.attempt;
  }

  // The delay before the next try.
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * Math.pow(this.factor, this.attempt));
    this.attempt++;
    const spread = base * this.jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(Math.min(this.maxMs, base + spread)));
  }

  // After a success: the next failure starts again from initialMs.
  reset(): void {
    this.attempt = 0;
  }
}

// What the latency benchmarks share: their command line and how samples
// are summed up.
import { parseArgs } from "node:util";

// --duration S (60), --warmup S, --json FILE, and `extra` options.
export function latencyOptions(warmupDefault, extra = {}) {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "60" },
      warmup: { type: "string", default: String(warmupDefault) },
      json: { type: "string" },
      ...extra,
    },
  });
  return { ...values, duration: Number(values.duration), warmup: Number(values.warmup) };
}

export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

export const summary = (xs) => ({ median: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs), samples: xs.length });

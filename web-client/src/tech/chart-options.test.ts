import { describe, expect, it } from "vitest";
import type uPlot from "uplot";
import { fromZero, graphOptions, sparklineOptions, timeWindow } from "./chart-options";

const u = {} as uPlot;
const call = (range: uPlot.Scale.Range, min: number | null, max: number | null) =>
  (range as (u: uPlot, min: number | null, max: number | null, key: string) => [number, number])(u, min, max, "x");

describe("chart scales", () => {
  it("ends the time window at the newest sample and bounds its span", () => {
    const w = timeWindow(60, 600);
    expect(call(w, 1000, 1010)).toEqual([950, 1010]); // young: at least a minute
    expect(call(w, 1000, 1300)).toEqual([1000, 1300]); // the data's span
    expect(call(w, 1000, 5000)).toEqual([4400, 5000]); // at most ten minutes
    expect(call(w, null, null)).toEqual([0, 60]);
  });
  it("starts values at zero with headroom, never an empty range", () => {
    const [lo, hi] = call(fromZero(), 50, 100);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(115);
    expect(call(fromZero(), 0, 0)).toEqual([0, 1]);
    expect(call(fromZero(), null, null)).toEqual([0, 1]);
  });
});

describe("chart options", () => {
  it("draws sparklines bare", () => {
    const o = sparklineOptions({ label: "kb/s", stroke: "#4cc2ff" }, 30, 60);
    expect(o.legend?.show).toBe(false);
    expect(o.axes?.every((a) => a.show === false)).toBe(true);
    expect(o.series.length).toBe(2);
  });
  it("gives graphs one series per line, local 24-hour times and a fixed range when asked", () => {
    const o = graphOptions({ lines: [{ label: "Ch 1", stroke: "#f00" }, { label: "Ch 2", stroke: "#0f0" }], maxSeconds: 600, timeLabel: "Time", locale: "en-GB", yRange: [-60, 0] });
    expect(o.series.map((s) => s.label)).toEqual(["Time", "Ch 1", "Ch 2"]);
    expect(call(o.scales!.y.range!, -20, -5)).toEqual([-60, 0]);
    const t = new Date(2026, 10, 26, 14, 3, 0).getTime() / 1000;
    const values = o.axes![0].values as (u: uPlot, splits: number[]) => string[];
    expect(values(u, [t, t + 15])).toEqual(["14:03", "14:03:15"]);
  });
});

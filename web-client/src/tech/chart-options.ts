// The uPlot options of the wall's charts: bare sparklines on the tiles and
// the detail view's graphs with time and value axes, for a dark screen.
import type uPlot from "uplot";
import { formatClock } from "./format";

const AXIS = { stroke: "#9aa5b1", grid: { stroke: "#ffffff14", width: 1 }, ticks: { stroke: "#ffffff24", width: 1 }, font: "11px system-ui, sans-serif" };

// The x scale ends at the newest sample and spans the data, at least
// `minSeconds` (a young history sits at the right, as it will scroll) and
// at most `maxSeconds`.
export function timeWindow(minSeconds: number, maxSeconds: number): uPlot.Scale.Range {
  return (_u, min, max) => {
    if (min == null || max == null) return [0, minSeconds];
    const span = Math.min(Math.max(max - min, minSeconds), maxSeconds);
    return [max - span, max];
  };
}

// y from `min` to a little above the highest value, never empty.
export function fromZero(min = 0): uPlot.Scale.Range {
  return (_u, _lo, hi) => [min, hi != null && hi > min ? hi * 1.15 : min + 1];
}

export interface LineSpec {
  label: string;
  stroke: string;
  fill?: boolean;
}

const line = (spec: LineSpec, width: number): uPlot.Series => ({
  label: spec.label,
  stroke: spec.stroke,
  width,
  fill: spec.fill ? `${spec.stroke}33` : undefined,
  points: { show: false },
  spanGaps: false,
});

// A window of up to `maxSeconds` that scrolls.
export function sparklineOptions(spec: LineSpec, minSeconds: number, maxSeconds: number): Omit<uPlot.Options, "width" | "height"> {
  return {
    pxAlign: false,
    cursor: { show: false },
    legend: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: { x: { time: true, range: timeWindow(minSeconds, maxSeconds) }, y: { range: fromZero() } },
    axes: [{ show: false }, { show: false }],
    series: [{}, line({ ...spec, fill: true }, 1.5)],
  };
}

export interface GraphSpec {
  lines: LineSpec[];
  maxSeconds: number;
  timeLabel: string; // the legend's label of the time
  locale: string; // times are local, 24-hour
  yRange?: [number, number]; // fixed (audio in dBFS); otherwise from zero up
}

export function graphOptions(spec: GraphSpec): Omit<uPlot.Options, "width" | "height"> {
  const clock = (seconds: number) => formatClock(seconds * 1000, spec.locale);
  const { yRange } = spec;
  return {
    cursor: { drag: { x: false, y: false } },
    legend: { show: true, live: true },
    scales: {
      x: { time: true, range: timeWindow(60, spec.maxSeconds) },
      y: { range: yRange ? () => yRange : fromZero() },
    },
    axes: [
      { ...AXIS, values: (_u, splits) => splits.map((s) => clock(s).slice(0, s % 60 === 0 ? 5 : 8)) },
      { ...AXIS, size: 48 },
    ],
    series: [{ label: spec.timeLabel, value: (_u, v) => (v == null ? "--" : clock(v)) }, ...spec.lines.map((s) => line(s, 1.5))],
  };
}

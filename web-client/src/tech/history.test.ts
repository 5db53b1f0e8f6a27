import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { FeedState, HealthReportSchema, type HealthReport } from "../gen/hallcast/v1/health_pb";
import { FeedHistory, Ring } from "./history";

const T0 = 1_790_000_000; // seconds

function report(t: number, feeds: { room: string; bitrate?: number; fps?: number; peaks?: number[]; age?: number; state?: FeedState }[]): HealthReport {
  return create(HealthReportSchema, {
    time: timestampFromMs(t * 1000),
    feeds: feeds.map((f) => ({
      roomId: f.room,
      state: f.state ?? FeedState.LIVE,
      inputBitrateBps: f.bitrate ?? 100_000,
      fps: f.fps ?? 25,
      audioPeakDbfs: f.peaks ?? [-20, -22],
      newestSegmentAgeSeconds: f.age ?? 1,
    })),
  });
}

describe("Ring", () => {
  it("keeps the newest items up to its capacity, oldest first", () => {
    const ring = new Ring<number>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.last()).toBeUndefined();
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.length).toBe(3);
    expect(ring.last()).toBe(5);
    ring.replaceLast(50);
    expect(ring.toArray()).toEqual([3, 4, 50]);
  });
  it("refuses a capacity of zero", () => {
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});

describe("FeedHistory", () => {
  it("keeps a bounded history per feed", () => {
    const history = new FeedHistory({ capacity: 5 });
    for (let i = 0; i < 8; i++) history.add(report(T0 + i, [{ room: "a", bitrate: i }, { room: "b", fps: i }]));
    expect(history.samples("a").map((s) => s.bitrate)).toEqual([3, 4, 5, 6, 7]);
    expect(history.samples("b").map((s) => s.fps)).toEqual([3, 4, 5, 6, 7]);
    expect(history.samples("nope")).toEqual([]);
  });

  it("replaces the sample of a report no newer than the last", () => {
    const history = new FeedHistory();
    history.add(report(T0, [{ room: "a", bitrate: 1 }]));
    history.add(report(T0, [{ room: "a", bitrate: 2 }]));
    history.add(report(T0 + 1, [{ room: "a", bitrate: 3 }]));
    expect(history.samples("a").map((s) => [s.t, s.bitrate])).toEqual([[T0, 2], [T0 + 1, 3]]);
  });

  it("gives chart columns of the last window", () => {
    const history = new FeedHistory();
    for (let i = 0; i < 100; i++) history.add(report(T0 + i, [{ room: "a", bitrate: i * 1000, fps: i }]));
    const c = history.columns("a", 60);
    expect(c.t.length).toBe(60);
    expect(c.t[0]).toBe(T0 + 40);
    expect(c.t.at(-1)).toBe(T0 + 99);
    expect(c.bitrate.at(-1)).toBe(99_000);
    expect(c.fps[0]).toBe(40);
    expect(c.peaks.length).toBe(2);
  });

  it("breaks the lines where the page lost the hub", () => {
    const history = new FeedHistory();
    history.add(report(T0, [{ room: "a" }]));
    history.add(report(T0 + 1, [{ room: "a" }]));
    history.add(report(T0 + 20, [{ room: "a" }]));
    const c = history.columns("a", 600);
    expect(c.t).toEqual([T0, T0 + 1, T0 + 10.5, T0 + 20]);
    expect(c.bitrate).toEqual([100_000, 100_000, null, 100_000]);
    expect(c.peaks[0]).toEqual([-20, -20, null, -20]);
  });

  it("draws silence at the meters' floor and a segment age of -1 as no data", () => {
    const history = new FeedHistory();
    history.add(report(T0, [{ room: "a", peaks: [-Infinity, -90], age: -1, state: FeedState.STARTING }]));
    history.add(report(T0 + 1, [{ room: "a", peaks: [-6], age: 0.5 }]));
    const c = history.columns("a", 60);
    expect(c.peaks).toEqual([[-60, -6], [-60, null]]);
    expect(c.segmentAge).toEqual([null, 0.5]);
    expect(history.samples("a")[0].state).toBe(FeedState.STARTING);
  });

  it("gives empty columns for a feed never seen", () => {
    expect(new FeedHistory().columns("x", 60)).toEqual({ t: [], bitrate: [], fps: [], peaks: [], segmentAge: [] });
  });
});

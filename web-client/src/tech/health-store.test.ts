import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { AlertKind, AlertSchema, FeedState, HealthReportSchema } from "../gen/hallcast/v1/health_pb";
import { ServerEventSchema } from "../gen/hallcast/v1/realtime_pb";
import { HealthStore } from "./health-store";

const T0 = 1_790_000_000_000;

const report = (ms: number, state: FeedState, alerts: { roomId: string; kind: AlertKind }[] = []) =>
  create(HealthReportSchema, {
    time: timestampFromMs(ms),
    feeds: [{ roomId: "hall", state, inputBitrateBps: 1e6, fps: 25 }],
    alerts: alerts.map((a) => ({ ...a, active: true, time: timestampFromMs(ms) })),
  });

describe("HealthStore", () => {
  it("takes health and alert events, and nothing else", () => {
    const store = new HealthStore();
    expect(store.applyEvent(create(ServerEventSchema, { kind: { case: "health", value: report(T0, FeedState.LIVE) } }))).toBe(true);
    expect(store.feed("hall")?.state).toBe(FeedState.LIVE);
    expect(store.feed("other")).toBeUndefined();
    const down = create(AlertSchema, { roomId: "hall", kind: AlertKind.FEED_DOWN, active: true, time: timestampFromMs(T0 + 1000) });
    expect(store.applyEvent(create(ServerEventSchema, { kind: { case: "alert", value: down } }))).toBe(true);
    expect(store.alerts.activeFor("hall").length).toBe(1);
    expect(store.applyEvent(create(ServerEventSchema, { kind: { case: "presence", value: { roomId: "hall", viewers: 3 } } }))).toBe(false);
    expect(store.version).toBe(2);
  });

  it("keeps history across reports and settles alerts from each report", () => {
    const store = new HealthStore();
    store.applyReport(report(T0, FeedState.DOWN, [{ roomId: "hall", kind: AlertKind.FEED_DOWN }]));
    store.applyReport(report(T0 + 1000, FeedState.LIVE));
    expect(store.history.samples("hall").map((s) => s.state)).toEqual([FeedState.DOWN, FeedState.LIVE]);
    expect(store.alerts.activeFor("hall")).toEqual([]);
    expect(store.alerts.list("hall").map((a) => a.active)).toEqual([false]);
  });
});

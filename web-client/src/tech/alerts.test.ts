import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { AlertKind, AlertSchema, Severity, type Alert } from "../gen/hallcast/v1/health_pb";
import { AlertLog, orderAlerts } from "./alerts";

const T0 = 1_790_000_000_000;

function alert(room: string, kind: AlertKind, active: boolean, atSeconds: number, severity = Severity.WARNING, channel = ""): Alert {
  return create(AlertSchema, {
    roomId: room,
    channel,
    kind,
    severity,
    active,
    message: `${room} ${AlertKind[kind]} ${active ? "raised" : "cleared"}`,
    since: timestampFromMs(T0),
    time: timestampFromMs(T0 + atSeconds * 1000),
  });
}

const names = (alerts: Alert[]) => alerts.map((a) => `${a.roomId}:${AlertKind[a.kind]}:${a.active ? "on" : "off"}`);

describe("orderAlerts", () => {
  it("puts active alerts first, most severe then newest, then cleared ones newest first", () => {
    const list = orderAlerts([
      alert("a", AlertKind.SILENCE, false, 5),
      alert("b", AlertKind.SILENCE, true, 1),
      alert("c", AlertKind.FEED_DOWN, true, 2, Severity.CRITICAL),
      alert("d", AlertKind.BLACK, true, 3),
      alert("e", AlertKind.BLACK, false, 9),
    ]);
    expect(names(list)).toEqual(["c:FEED_DOWN:on", "d:BLACK:on", "b:SILENCE:on", "e:BLACK:off", "a:SILENCE:off"]);
  });
});

describe("AlertLog", () => {
  it("moves a cleared alert from the active ones to the recent ones", () => {
    const log = new AlertLog();
    log.apply(alert("a", AlertKind.FEED_DOWN, true, 1, Severity.CRITICAL));
    log.apply(alert("b", AlertKind.SILENCE, true, 2));
    expect(names(log.list())).toEqual(["a:FEED_DOWN:on", "b:SILENCE:on"]);
    log.apply(alert("a", AlertKind.FEED_DOWN, false, 3, Severity.CRITICAL));
    expect(names(log.list())).toEqual(["b:SILENCE:on", "a:FEED_DOWN:off"]);
    expect(names(log.list("a"))).toEqual(["a:FEED_DOWN:off"]);
    expect(log.activeFor("a")).toEqual([]);
    expect(names(log.activeFor("b"))).toEqual(["b:SILENCE:on"]);
  });

  it("keeps a bounded number of cleared alerts", () => {
    const log = new AlertLog(2);
    for (let i = 0; i < 5; i++) log.apply(alert("a", AlertKind.BLACK, false, i));
    expect(log.list().length).toBe(2);
  });

  it("settles from a report's active list: missed raises added, missed clears cleared", () => {
    const log = new AlertLog();
    log.apply(alert("a", AlertKind.FEED_DOWN, true, 1));
    log.reconcile([alert("b", AlertKind.BLACK, true, 4)], T0 + 10_000);
    const list = log.list();
    expect(names(list)).toEqual(["b:BLACK:on", "a:FEED_DOWN:off"]);
    expect(Number(list[1].time?.seconds)).toBe((T0 + 10_000) / 1000);
    // The same report again changes nothing.
    log.reconcile([alert("b", AlertKind.BLACK, true, 4)], T0 + 11_000);
    expect(names(log.list())).toEqual(["b:BLACK:on", "a:FEED_DOWN:off"]);
  });
});

describe("interpretation alerts", () => {
  it("are one per channel of a room", () => {
    const log = new AlertLog();
    log.apply(alert("a", AlertKind.INTERPRETATION_SILENT, true, 1, Severity.WARNING, "en"));
    log.apply(alert("a", AlertKind.INTERPRETATION_SILENT, true, 2, Severity.WARNING, "fr"));
    expect(log.activeFor("a").map((a) => a.channel)).toEqual(["fr", "en"]);
    log.apply(alert("a", AlertKind.INTERPRETATION_SILENT, false, 3, Severity.WARNING, "en"));
    expect(log.activeFor("a").map((a) => a.channel)).toEqual(["fr"]);
    log.reconcile([], T0 + 10_000);
    expect(log.activeFor("a")).toEqual([]);
    expect(log.list("a").map((a) => `${a.channel}:${a.active}`)).toEqual(["fr:false", "en:false"]);
  });
});

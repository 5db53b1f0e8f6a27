import { describe, expect, it } from "vitest";
import { AlertKind, FeedState, Severity } from "../gen/hallcast/v1/health_pb";
import { FeedAction } from "../gen/hallcast/v1/realtime_pb";
import { en, zh } from "../i18n/tech";
import { alertKindKey, CHANNEL_QUIET_SECONDS, channelSignal, FEED_CONTROLS, severityName, severityRank, STATE_COLOURS, stateLabelKey, stateName } from "./feed-state";

describe("feed states", () => {
  it("names every state, and an unknown one", () => {
    expect(stateName(FeedState.LIVE)).toBe("live");
    expect(stateName(FeedState.STANDBY)).toBe("standby");
    expect(stateName(FeedState.BACKUP)).toBe("backup");
    expect(stateName(FeedState.DOWN)).toBe("down");
    expect(stateName(FeedState.STARTING)).toBe("starting");
    expect(stateName(FeedState.UNSPECIFIED)).toBe("unknown");
    expect(stateName(99 as FeedState)).toBe("unknown");
  });
  it("has a distinct colour for each state the hub reports", () => {
    const colours = ["live", "standby", "backup", "down", "starting"].map((n) => STATE_COLOURS[n as keyof typeof STATE_COLOURS]);
    expect(new Set(colours).size).toBe(5);
  });
  it("has a label in both languages for each state", () => {
    for (const name of ["starting", "live", "standby", "backup", "down", "unknown"] as const) {
      const key = stateLabelKey(name) as keyof typeof en;
      expect(en[key]).toBeTruthy();
      expect(zh[key]).toBeTruthy();
    }
  });
});

describe("alerts", () => {
  it("ranks severities", () => {
    expect(severityName(Severity.CRITICAL)).toBe("critical");
    expect(severityName(Severity.UNSPECIFIED)).toBe("info");
    expect(severityRank(Severity.CRITICAL)).toBeGreaterThan(severityRank(Severity.WARNING));
    expect(severityRank(Severity.WARNING)).toBeGreaterThan(severityRank(Severity.INFO));
  });
  it("labels every kind", () => {
    const kinds = [
      AlertKind.FEED_DOWN, AlertKind.BACKUP_ON_AIR, AlertKind.SILENCE, AlertKind.BLACK, AlertKind.BITRATE_COLLAPSE, AlertKind.STORAGE,
      AlertKind.INTERPRETATION_SILENT,
    ];
    expect(new Set(kinds.map(alertKindKey)).size).toBe(kinds.length);
    for (const key of kinds.map(alertKindKey)) {
      expect(en[key as keyof typeof en]).toBeTruthy();
      expect(zh[key as keyof typeof zh]).toBeTruthy();
    }
    expect(alertKindKey(AlertKind.UNSPECIFIED)).toBe("tech.alert.other");
  });
});

describe("controls", () => {
  it("asks before anything that takes the hall feed off air, not before automatic", () => {
    const confirming = FEED_CONTROLS.filter((c) => c.confirm).map((c) => c.action);
    expect(confirming).toEqual([FeedAction.RESTART, FeedAction.FORCE_STANDBY, FeedAction.USE_BACKUP]);
    expect(FEED_CONTROLS.map((c) => c.testId)).toEqual(["feed-restart", "feed-standby", "feed-backup", "feed-auto"]);
  });
});

describe("interpretation channels", () => {
  it("are ok while the booth is on air and speaking, quiet while silent or filled with silence, down when failed", () => {
    expect(channelSignal({ state: FeedState.LIVE, silenceSeconds: 0 })).toBe("ok");
    // Interpreters pause between sentences.
    expect(channelSignal({ state: FeedState.LIVE, silenceSeconds: CHANNEL_QUIET_SECONDS - 1 })).toBe("ok");
    expect(channelSignal({ state: FeedState.LIVE, silenceSeconds: CHANNEL_QUIET_SECONDS })).toBe("quiet");
    expect(channelSignal({ state: FeedState.STANDBY, silenceSeconds: 0 })).toBe("quiet");
    expect(channelSignal({ state: FeedState.DOWN, silenceSeconds: 30 })).toBe("down");
    expect(channelSignal({ state: FeedState.STARTING, silenceSeconds: 0 })).toBe("starting");
  });
});

// What the wall shows for a feed's state, an alert's severity and kind, and
// the controls: names (also the data-state / data-severity attributes the
// CSS colours by), colours (for the charts, which draw on a canvas) and the
// i18n keys of their labels.
import { AlertKind, FeedState, Severity, type InterpretationHealth } from "../gen/hallcast/v1/health_pb";
import { FeedAction } from "../gen/hallcast/v1/realtime_pb";
import type { MessageKey } from "../lib/i18n";

export type StateName = "starting" | "live" | "standby" | "backup" | "down" | "unknown";

export function stateName(state: FeedState): StateName {
  switch (state) {
    case FeedState.STARTING: return "starting";
    case FeedState.LIVE: return "live";
    case FeedState.STANDBY: return "standby";
    case FeedState.BACKUP: return "backup";
    case FeedState.DOWN: return "down";
    default: return "unknown";
  }
}

// Green on air, amber on the slate, blue on the backup, red when failed,
// grey before the first data: the same in tech.css ([data-state]).
export const STATE_COLOURS: Record<StateName, string> = {
  live: "#2a9d4a",
  standby: "#e0a100",
  backup: "#3a7bd5",
  down: "#d62828",
  starting: "#7a8691",
  unknown: "#7a8691",
};

export function stateLabelKey(name: StateName): MessageKey {
  return `tech.state.${name}`;
}

export type SeverityName = "info" | "warning" | "critical";

export function severityName(severity: Severity): SeverityName {
  if (severity === Severity.CRITICAL) return "critical";
  if (severity === Severity.WARNING) return "warning";
  return "info";
}

export function severityRank(severity: Severity): number {
  return { info: 0, warning: 1, critical: 2 }[severityName(severity)];
}

export function alertKindKey(kind: AlertKind): MessageKey {
  switch (kind) {
    case AlertKind.FEED_DOWN: return "tech.alert.feedDown";
    case AlertKind.BACKUP_ON_AIR: return "tech.alert.backupOnAir";
    case AlertKind.SILENCE: return "tech.alert.silence";
    case AlertKind.BLACK: return "tech.alert.black";
    case AlertKind.BITRATE_COLLAPSE: return "tech.alert.bitrateCollapse";
    case AlertKind.STORAGE: return "tech.alert.storage";
    case AlertKind.INTERPRETATION_SILENT: return "tech.alert.interpretationSilent";
    default: return "tech.alert.other";
  }
}

// An interpretation channel at a glance (the tile's indicator): "ok" while
// the booth's audio is on air and not silent, "quiet" while it is silent
// for CHANNEL_QUIET_SECONDS (the hub's default media.alerts.silence_seconds:
// interpreters pause between sentences) or the silence filler is on air,
// "down" when its feed failed, "starting" before any data.
export type ChannelSignal = "ok" | "quiet" | "down" | "starting";
export const CHANNEL_QUIET_SECONDS = 10;

export function channelSignal(channel: Pick<InterpretationHealth, "state" | "silenceSeconds">): ChannelSignal {
  switch (channel.state) {
    case FeedState.LIVE: return channel.silenceSeconds >= CHANNEL_QUIET_SECONDS ? "quiet" : "ok";
    case FeedState.STANDBY: return "quiet";
    case FeedState.DOWN: return "down";
    default: return "starting";
  }
}

// The controls of a feed, in the order shown. The first three take the hall
// feed off air (a restart cuts it for a moment), so they ask first.
export interface FeedControl {
  action: FeedAction;
  testId: string;
  label: MessageKey;
  confirm: MessageKey | undefined;
  done: MessageKey;
}

export const FEED_CONTROLS: readonly FeedControl[] = [
  { action: FeedAction.RESTART, testId: "feed-restart", label: "tech.control.restart", confirm: "tech.confirm.restart", done: "tech.done.restart" },
  { action: FeedAction.FORCE_STANDBY, testId: "feed-standby", label: "tech.control.standby", confirm: "tech.confirm.standby", done: "tech.done.standby" },
  { action: FeedAction.USE_BACKUP, testId: "feed-backup", label: "tech.control.backup", confirm: "tech.confirm.backup", done: "tech.done.backup" },
  { action: FeedAction.AUTOMATIC, testId: "feed-auto", label: "tech.control.auto", confirm: undefined, done: "tech.done.auto" },
];

// The alert list: the alerts active now and those cleared recently, from the
// WatchHealth answer, each Alert event (raised or cleared), and the active
// list every HealthReport carries (which also settles alerts that changed
// while the page was disconnected). Pure: times are passed in.
import { create } from "@bufbuild/protobuf";
import { timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import { AlertSchema, type Alert } from "../gen/hallcast/v1/health_pb";
import { severityRank } from "./feed-state";

// An interpretation channel's alert is its own (Alert.channel): one room may
// have a silent English channel and a silent French one at once.
const keyOf = (a: Alert) => `${a.roomId}\u0000${a.kind}\u0000${a.channel}`;
const timeOf = (a: Alert) => (a.time ? timestampMs(a.time) : 0);

// Active first, the most severe first and among equals the newest change
// first; then the cleared ones, newest first.
export function orderAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      Number(b.active) - Number(a.active) ||
      (a.active ? severityRank(b.severity) - severityRank(a.severity) : 0) ||
      timeOf(b) - timeOf(a),
  );
}

export class AlertLog {
  private readonly active = new Map<string, Alert>();
  private cleared: Alert[] = []; // newest first

  constructor(private readonly maxCleared = 30) {}

  // An alert raised or cleared.
  apply(alert: Alert): void {
    const key = keyOf(alert);
    if (alert.active) {
      this.active.set(key, alert);
      return;
    }
    this.active.delete(key);
    this.cleared = [alert, ...this.cleared].slice(0, this.maxCleared);
  }

  // The alerts active now (a report's): one no longer among them was
  // cleared without this page hearing of it, at `nowMs` at the latest.
  reconcile(activeNow: readonly Alert[], nowMs: number): void {
    const now = new Set(activeNow.map(keyOf));
    for (const [key, alert] of this.active) {
      if (!now.has(key)) this.apply(create(AlertSchema, { ...alert, active: false, time: timestampFromMs(nowMs) }));
    }
    for (const alert of activeNow) {
      const known = this.active.get(keyOf(alert));
      if (!known || timeOf(known) < timeOf(alert)) this.active.set(keyOf(alert), alert);
    }
  }

  // All of them (or one room's), in the list's order.
  list(roomId?: string): Alert[] {
    const all = [...this.active.values(), ...this.cleared];
    return orderAlerts(roomId === undefined ? all : all.filter((a) => a.roomId === roomId));
  }

  // The active alerts of one room.
  activeFor(roomId: string): Alert[] {
    return orderAlerts([...this.active.values()].filter((a) => a.roomId === roomId));
  }
}

// What the wall knows of the feeds: the newest HealthReport, each feed's
// history and the alert list, fed by the WatchHealth answer and the
// health / alert events. Kept by the page across reconnects and sign-ins,
// so the history graphs cover the whole time the page was open.
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { Alert, FeedHealth, HealthReport } from "../gen/hallcast/v1/health_pb";
import type { ServerEvent } from "../gen/hallcast/v1/realtime_pb";
import { AlertLog } from "./alerts";
import { FeedHistory } from "./history";

export const HISTORY_MINUTES = 10;

export class HealthStore {
  report: HealthReport | undefined;
  readonly history = new FeedHistory({ capacity: HISTORY_MINUTES * 60 });
  readonly alerts = new AlertLog();
  // Bumped on every change, for views that redraw when it moves.
  version = 0;

  applyReport(report: HealthReport): void {
    this.report = report;
    this.history.add(report);
    this.alerts.reconcile(report.alerts, report.time ? timestampMs(report.time) : 0);
    this.version++;
  }

  applyAlert(alert: Alert): void {
    this.alerts.apply(alert);
    this.version++;
  }

  // A ServerEvent from the hub: true when it was health news.
  applyEvent(event: ServerEvent): boolean {
    if (event.kind.case === "health") this.applyReport(event.kind.value);
    else if (event.kind.case === "alert") this.applyAlert(event.kind.value);
    else return false;
    return true;
  }

  feed(roomId: string): FeedHealth | undefined {
    return this.report?.feeds.find((f) => f.roomId === roomId);
  }
}

// The alert list: active alerts first (coloured by severity), then the
// recently cleared ones; each with the local time of its change, when its
// condition began, its room ("whole event" for one of no room, like the
// storage alert), its interpretation channel's language if it is about one,
// and the hub's message (English, as sent).
import type { Alert } from "../gen/hallcast/v1/health_pb";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { locale } from "../lib/i18n";
import { useT } from "../lib/lang-context";
import { alertKindKey, severityName } from "./feed-state";
import { formatClock } from "./format";

export function AlertList({ alerts, roomTitle, showRoom = true }: { alerts: readonly Alert[]; roomTitle: (id: string) => string; showRoom?: boolean }) {
  const { t, lang } = useT();
  const clock = (ts: Alert["time"]) => (ts ? formatClock(timestampMs(ts), locale(lang)) : "");
  return (
    <section class="alert-panel">
      <h2>{t("tech.alerts.title")}</h2>
      {alerts.length === 0 && <p class="empty" data-testid="alert-empty">{t("tech.alerts.empty")}</p>}
      <ol class="alert-list" data-testid="alert-list">
        {alerts.map((a) => (
          <li
            key={`${a.roomId}-${a.kind}-${a.channel}-${a.active}-${a.time?.seconds ?? 0}`}
            class={`alert-item ${a.active ? "active" : "cleared"}`}
            data-testid="alert-item"
            data-room={a.roomId}
            data-active={String(a.active)}
            data-severity={severityName(a.severity)}
            data-channel={a.channel || undefined}
          >
            <div class="alert-head">
              <time class="alert-time" data-testid="alert-time">{clock(a.time)}</time>
              <span class="alert-severity">{t(`tech.severity.${severityName(a.severity)}`)}</span>
              <strong class="alert-kind">{t(alertKindKey(a.kind))}</strong>
              {a.channel && <span class="alert-channel" data-testid="alert-channel">{a.channel.toUpperCase()}</span>}
              <span class="alert-status">{a.active ? t("tech.alerts.active") : t("tech.alerts.cleared")}</span>
            </div>
            <div class="alert-body">
              {showRoom && (
                <span class="alert-room" data-testid="alert-room">
                  {a.roomId ? roomTitle(a.roomId) : t("tech.alerts.eventWide")}
                </span>
              )}
              <span class="alert-message">{a.message}</span>
              {a.since && <span class="alert-since">{t("tech.alerts.since", { time: clock(a.since) })}</span>}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

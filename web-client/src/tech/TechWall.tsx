// The technician monitor wall (/tech, /tech/ROOM for one feed's detail):
// a dense grid of the feeds beside the alert list, for a control-table
// screen, fed by WatchHealth once signed in with a technician's or an
// admin's token.
import "uplot/dist/uPlot.min.css";
import "./tech.css";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { Role } from "../gen/hallcast/v1/common_pb";
import type { HubClient } from "../lib/hub-client";
import { locale } from "../lib/i18n";
import { useT } from "../lib/lang-context";
import { localizedTitle } from "../lib/program";
import { useProgram } from "../lib/use-program";
import { StaffGate } from "../shared/StaffGate";
import { useHubClient } from "../shared/use-hub-client";
import { AlertList } from "./AlertList";
import { FeedDetail } from "./FeedDetail";
import { FeedTile } from "./FeedTile";
import { FeedState } from "../gen/hallcast/v1/health_pb";
import { formatClock } from "./format";
import type { HealthStore } from "./health-store";
import { useHealth } from "./use-health";

const ROLES = [Role.TECHNICIAN, Role.ADMIN];
// Thumbnails are fetched again this often (the hub refreshes them every second or so).
const THUMB_SECONDS = 2;

export function TechWall({ roomId }: { roomId?: string }) {
  const client = useHubClient();
  const user = client.user;
  const signedIn = client.staffToken !== "" && client.state.kind === "online" && user !== undefined && ROLES.includes(user.role);
  // Outside the gate: the history survives reconnects, which re-show the gate.
  const { store, error } = useHealth(client, signedIn);
  return (
    <StaffGate client={client} roles={ROLES}>
      <TechApp client={client} store={store} error={error} roomId={roomId} />
    </StaffGate>
  );
}

function TechApp({ client, store, error, roomId }: { client: HubClient; store: HealthStore; error?: string; roomId?: string }) {
  const { t, lang } = useT();
  const { program } = useProgram(60_000);
  const titles = new Map(program?.rooms.map((r) => [r.id, localizedTitle(r.title, lang)]) ?? []);
  const roomTitle = (id: string) => titles.get(id) || id;
  const report = store.report;
  const reportMs = report?.time ? timestampMs(report.time) : 0;
  const tick = Math.floor(reportMs / 1000 / THUMB_SECONDS) * THUMB_SECONDS;
  const feeds = report?.feeds ?? [];
  const live = feeds.filter((f) => f.state === FeedState.LIVE).length;

  return (
    <div class="tech" data-testid="tech-app" data-room={roomId ?? ""}>
      <header class="tech-bar">
        <h1>{t("tech.title")}</h1>
        {report && <span class="tech-summary" data-testid="tech-summary">{t("tech.summary", { live, total: feeds.length })}</span>}
        {report && <span class="tech-updated" data-testid="tech-updated">{t("tech.updated", { time: formatClock(reportMs, locale(lang)) })}</span>}
      </header>
      {error && <p class="chat-error" role="alert" data-testid="tech-error">{t("tech.watchError", { error })}</p>}
      {!report && !error && <p class="notice">{t("tech.waiting")}</p>}
      {report && roomId && <FeedDetail client={client} store={store} roomId={roomId} roomTitle={roomTitle} tick={tick} />}
      {report && !roomId && (
        <div class="tech-wall">
          <div class="feed-grid" data-testid="feed-grid">
            {feeds.length === 0 && <p class="notice">{t("tech.noFeeds")}</p>}
            {feeds.map((feed) => (
              <FeedTile key={feed.roomId} client={client} store={store} feed={feed} title={roomTitle(feed.roomId)} tick={tick} />
            ))}
          </div>
          <AlertList alerts={store.alerts.list()} roomTitle={roomTitle} />
        </div>
      )}
    </div>
  );
}

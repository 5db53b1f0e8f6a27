// One feed's detail view (/tech/ROOM): its tile's live view larger, its
// controls, every fact of its health, its interpretation channels, history
// graphs and its alerts.
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { techPath } from "../lib/route";
import { AlertList } from "./AlertList";
import { AudioMeter } from "./AudioMeter";
import { detailFields } from "./detail-fields";
import { FeedControls } from "./FeedControls";
import { FeedStatus } from "./FeedStatus";
import { FeedThumb } from "./FeedThumb";
import { stateName } from "./feed-state";
import { formatBitrate, formatFps } from "./format";
import { HISTORY_MINUTES, type HealthStore } from "./health-store";
import { HistoryGraphs } from "./HistoryGraphs";
import { InterpretationChannels } from "./Interpretation";
import { WhipPublisher } from "./WhipPublisher";

interface DetailProps {
  client: HubClient;
  store: HealthStore;
  roomId: string;
  roomTitle: (id: string) => string;
  tick: number;
}

export function FeedDetail({ client, store, roomId, roomTitle, tick }: DetailProps) {
  const { t } = useT();
  const feed = store.feed(roomId);
  const back = <a class="back" href={techPath()} data-testid="tech-back">{t("tech.back")}</a>;
  if (!feed) {
    return (
      <div class="feed-detail" data-testid="feed-detail" data-room={roomId}>
        {back}
        <p class="notice" data-testid="feed-not-found">{t("tech.detail.notFound", { id: roomId })}</p>
      </div>
    );
  }
  const title = roomTitle(roomId);
  const windowSeconds = HISTORY_MINUTES * 60;
  return (
    <div class="feed-detail" data-testid="feed-detail" data-room={roomId} data-state={stateName(feed.state)}>
      {back}
      <header class="detail-head">
        <h1>{title}</h1>
        <FeedStatus feed={feed} />
        <span data-testid="feed-bitrate">{formatBitrate(feed.inputBitrateBps)}</span>
        <span data-testid="feed-fps">{t("tech.fpsValue", { n: formatFps(feed.fps) })}</span>
      </header>
      <div class="detail-top">
        <div class="detail-live">
          <FeedThumb snapshot={feed.snapshot} tick={tick} label={title} />
          <AudioMeter peaks={feed.audioPeakDbfs} rms={feed.audioRmsDbfs} />
          <FeedControls client={client} roomId={roomId} roomTitle={title} forced={feed.forced} />
        </div>
        <section class="detail-fields">
          <h2>{t("tech.detail.fields")}</h2>
          <dl data-testid="feed-fields">
            {detailFields(feed, t("tech.field.transcoded")).map((f) => (
              <div key={f.key}><dt>{t(f.key)}</dt><dd>{f.value}</dd></div>
            ))}
          </dl>
        </section>
      </div>
      <InterpretationChannels channels={feed.interpretation} />
      {feed.sourceUri.startsWith("whip://") && <WhipPublisher client={client} roomId={roomId} />}
      <section class="detail-history">
        <h2>{t("tech.detail.history", { minutes: HISTORY_MINUTES })}</h2>
        <HistoryGraphs columns={store.history.columns(roomId, windowSeconds)} maxSeconds={windowSeconds} />
      </section>
      <AlertList alerts={store.alerts.list(roomId)} roomTitle={roomTitle} showRoom={false} />
    </div>
  );
}

// One feed on the wall: thumbnail, state, bitrate and frame-rate sparklines
// of the last minute, audio meters, its interpretation channels' indicators,
// segment age, reconnects, last error, its active alerts and its controls.
import type { FeedHealth } from "../gen/hallcast/v1/health_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { techPath } from "../lib/route";
import { AudioMeter } from "./AudioMeter";
import { Chart } from "./Chart";
import { sparklineOptions } from "./chart-options";
import { FeedControls } from "./FeedControls";
import { FeedStatus } from "./FeedStatus";
import { FeedThumb } from "./FeedThumb";
import { alertKindKey, severityName, stateName } from "./feed-state";
import { formatBitrate, formatFps, formatSeconds } from "./format";
import type { HealthStore } from "./health-store";
import { InterpretationIndicators } from "./Interpretation";

// The last minute; a younger history is stretched over half a minute at least.
export const SPARKLINE_SECONDS = 60;
const SPARKLINE_MIN_SECONDS = 30;
// Module-level: a chart's options are fixed when it is made.
const BITRATE_SPARK = sparklineOptions({ label: "kb/s", stroke: "#4cc2ff" }, SPARKLINE_MIN_SECONDS, SPARKLINE_SECONDS);
const FPS_SPARK = sparklineOptions({ label: "fps", stroke: "#b48cff" }, SPARKLINE_MIN_SECONDS, SPARKLINE_SECONDS);

interface TileProps {
  client: HubClient;
  store: HealthStore;
  feed: FeedHealth;
  title: string;
  tick: number;
}

export function FeedTile({ client, store, feed, title, tick }: TileProps) {
  const { t } = useT();
  const columns = store.history.columns(feed.roomId, SPARKLINE_SECONDS);
  const kbps = columns.bitrate.map((v) => (v === null ? null : v / 1000));
  const alerts = store.alerts.activeFor(feed.roomId);
  return (
    <article class="feed-tile" data-testid="feed-tile" data-room={feed.roomId} data-state={stateName(feed.state)}>
      <header class="tile-head">
        <h2 title={feed.roomId}>{title}</h2>
        <a class="tile-detail" href={techPath(feed.roomId)} data-testid="feed-detail-link">{t("tech.openDetail")}</a>
      </header>
      <a class="thumb-link" href={techPath(feed.roomId)} tabIndex={-1}>
        <FeedThumb snapshot={feed.snapshot} tick={tick} label={title} />
      </a>
      <FeedStatus feed={feed} />
      <div class="sparks">
        <div class="spark">
          <div class="spark-head">
            <span class="spark-label">{t("tech.bitrate")}</span>
            <span class="spark-value" data-testid="feed-bitrate">{formatBitrate(feed.inputBitrateBps)}</span>
          </div>
          <Chart options={BITRATE_SPARK} data={[columns.t, kbps]} height={28} testId="sparkline" name="bitrate" />
        </div>
        <div class="spark">
          <div class="spark-head">
            <span class="spark-label">{t("tech.fps")}</span>
            <span class="spark-value" data-testid="feed-fps">{t("tech.fpsValue", { n: formatFps(feed.fps) })}</span>
          </div>
          <Chart options={FPS_SPARK} data={[columns.t, columns.fps]} height={28} testId="sparkline" name="fps" />
        </div>
      </div>
      <AudioMeter peaks={feed.audioPeakDbfs} rms={feed.audioRmsDbfs} />
      <InterpretationIndicators channels={feed.interpretation} />
      <dl class="tile-facts">
        <div><dt>{t("tech.segmentAge")}</dt><dd data-testid="feed-segment-age">{formatSeconds(feed.newestSegmentAgeSeconds)}</dd></div>
        <div><dt>{t("tech.reconnects")}</dt><dd data-testid="feed-reconnects">{String(feed.reconnects)}</dd></div>
      </dl>
      {feed.lastError && (
        <p class="last-error" data-testid="feed-error" title={feed.lastError}>
          {t("tech.lastError")}: {feed.lastError}
        </p>
      )}
      {alerts.length > 0 && (
        <ul class="tile-alerts">
          {alerts.map((a) => (
            <li key={`${a.kind}-${a.channel}`} data-testid="feed-alert" data-severity={severityName(a.severity)} data-channel={a.channel || undefined}>
              {t(alertKindKey(a.kind))}{a.channel && ` (${a.channel.toUpperCase()})`}
            </li>
          ))}
        </ul>
      )}
      <FeedControls client={client} roomId={feed.roomId} roomTitle={title} forced={feed.forced} />
    </article>
  );
}

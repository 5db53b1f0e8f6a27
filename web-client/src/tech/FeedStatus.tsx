// A feed's state badge (coloured per FeedState), what is on air, and the
// forced mark when a technician pinned the source.
import type { FeedHealth } from "../gen/hallcast/v1/health_pb";
import type { MessageKey } from "../lib/i18n";
import { useT } from "../lib/lang-context";
import { stateLabelKey, stateName } from "./feed-state";

const SOURCES: Record<string, MessageKey> = { live: "tech.source.live", backup: "tech.source.backup", slate: "tech.source.slate" };

export function FeedStatus({ feed }: { feed: FeedHealth }) {
  const { t } = useT();
  const name = stateName(feed.state);
  const source = SOURCES[feed.onAir];
  return (
    <span class="feed-status">
      <span class="state-badge" data-testid="feed-state" data-state={name}>{t(stateLabelKey(name))}</span>
      {feed.onAir && <span class="on-air" data-testid="feed-on-air">{t("tech.onAir", { source: source ? t(source) : feed.onAir })}</span>}
      {feed.forced === "standby" && <span class="forced" data-testid="feed-forced">{t("tech.forced.standby")}</span>}
      {feed.forced === "backup" && <span class="forced" data-testid="feed-forced">{t("tech.forced.backup")}</span>}
    </span>
  );
}

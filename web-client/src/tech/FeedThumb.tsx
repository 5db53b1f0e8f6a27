// A feed's live thumbnail: the hub's JPEG snapshot, fetched again every
// `tick` (the report's time; ?t= defeats caches). A failed load shows a
// placeholder until the next tick tries again.
import { useState } from "preact/hooks";
import { useT } from "../lib/lang-context";

export function FeedThumb({ snapshot, tick, label }: { snapshot: string; tick: number; label: string }) {
  const { t } = useT();
  const [failedAt, setFailedAt] = useState<number | undefined>();
  if (!snapshot || failedAt === tick) {
    return <div class="feed-thumb placeholder" data-testid="feed-thumb-none">{t("tech.noPicture")}</div>;
  }
  return (
    <img class="feed-thumb" data-testid="feed-thumb" alt={label} src={`${snapshot}?t=${tick}`} onError={() => setFailedAt(tick)} />
  );
}

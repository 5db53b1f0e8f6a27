// Peak meters of a feed's audio, one bar per channel, with the RMS level as
// a darker inner bar. Widths go through Preact's style prop (the CSSOM),
// which the CSP allows where a style="" attribute would be blocked.
import { useT } from "../lib/lang-context";
import { formatDbfs, meterLevel, meterPercent } from "./format";

export function AudioMeter({ peaks, rms }: { peaks: readonly number[]; rms: readonly number[] }) {
  const { t } = useT();
  if (peaks.length === 0) {
    return <p class="audio-meter none" data-testid="audio-meter" data-channels="0">{t("tech.noAudio")}</p>;
  }
  return (
    <div class="audio-meter" data-testid="audio-meter" data-channels={peaks.length} aria-label={t("tech.audio")}>
      {peaks.map((peak, ch) => (
        <div class="meter-row" key={ch} data-testid="audio-channel" data-dbfs={Number.isFinite(peak) ? peak.toFixed(1) : "-inf"}>
          <span class="meter-label">{t("tech.channel", { n: ch + 1 })}</span>
          <span class="meter-track">
            <span class={`meter-peak ${meterLevel(peak)}`} style={{ width: `${meterPercent(peak)}%` }} />
            {rms[ch] !== undefined && <span class="meter-rms" style={{ width: `${meterPercent(rms[ch])}%` }} />}
          </span>
          <span class="meter-value">{formatDbfs(peak)}</span>
        </div>
      ))}
    </div>
  );
}

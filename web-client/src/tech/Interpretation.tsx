// A room's simultaneous interpretation channels on the wall: on a tile, one
// indicator per channel ("EN ●", coloured by channelSignal); in the detail
// view, each channel with its state, level meter and facts, the way the
// hall feed shows them. The hub keeps a channel's rendition going with
// silence while its booth is off air, so viewers never lose the picture:
// these are what tells the technician that the listeners hear nothing.
import type { InterpretationHealth } from "../gen/hallcast/v1/health_pb";
import { useT } from "../lib/lang-context";
import { AudioMeter } from "./AudioMeter";
import { interpretationFields } from "./detail-fields";
import { CHANNEL_QUIET_SECONDS, channelSignal, stateLabelKey, stateName } from "./feed-state";
import { formatSeconds } from "./format";

type Channels = { channels: readonly InterpretationHealth[] };

// "EN", "ZH-HANT": short enough for a 220 px tile.
const shortLanguage = (channel: InterpretationHealth) => (channel.language || channel.name).toUpperCase();

export function InterpretationIndicators({ channels }: Channels) {
  const { t } = useT();
  if (channels.length === 0) return null;
  return (
    <ul class="tile-interpretation" data-testid="interpretation-indicators" aria-label={t("tech.interpretation.tile")}>
      {channels.map((c) => {
        const signal = channelSignal(c);
        const params = { name: c.name || c.language, state: t(stateLabelKey(stateName(c.state))), time: formatSeconds(c.silenceSeconds) };
        const text = c.silenceSeconds >= CHANNEL_QUIET_SECONDS
          ? t("tech.interpretation.silentFor", params)
          : t("tech.interpretation.signal", params);
        return (
          <li key={c.language} data-testid="interpretation-indicator" data-channel={c.language} data-signal={signal} title={text} aria-label={text}>
            {shortLanguage(c)} <span class="signal-dot" aria-hidden="true">●</span>
          </li>
        );
      })}
    </ul>
  );
}

export function InterpretationChannels({ channels }: Channels) {
  const { t } = useT();
  if (channels.length === 0) return null;
  return (
    <section class="detail-interpretation" data-testid="interpretation-channels">
      <h2>{t("tech.interpretation.title")}</h2>
      <div class="interp-grid">
        {channels.map((c) => {
          const name = stateName(c.state);
          return (
            <article key={c.language} class="interp-channel" data-testid="interpretation-channel" data-channel={c.language} data-state={name} data-signal={channelSignal(c)}>
              <header class="interp-head">
                <h3>{c.name || c.language}</h3>
                <span class="interp-lang">{c.language}</span>
                <span class="state-badge" data-testid="interpretation-state" data-state={name}>{t(stateLabelKey(name))}</span>
              </header>
              <AudioMeter peaks={c.audioPeakDbfs} rms={c.audioRmsDbfs} />
              <dl data-testid="interpretation-fields">
                {interpretationFields(c).map((f) => (
                  <div key={f.key}><dt>{t(f.key)}</dt><dd>{f.value}</dd></div>
                ))}
              </dl>
            </article>
          );
        })}
      </div>
    </section>
  );
}

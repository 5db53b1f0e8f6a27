// The themed exhibition's booths: a card per booth (logo, name, what it
// shows) linking to its page, where visitors chat with the exhibitor's
// staff. Shown on the landing page and on the exhibition's room page.
import type { Room } from "../gen/hallcast/v1/program_pb";
import { useT } from "../lib/lang-context";
import { localizedTitle } from "../lib/program";
import { roomPath } from "../lib/route";

export function BoothLogo({ room }: { room: Room }) {
  return room.logo
    ? <img class="booth-logo" src={room.logo} alt="" loading="lazy" />
    : <span class="booth-logo placeholder" aria-hidden="true">{localizedTitle(room.title, "en").slice(0, 1)}</span>;
}

export function BoothList({ booths }: { booths: readonly Room[] }) {
  const { t, lang } = useT();
  if (booths.length === 0) return null;
  return (
    <section class="booths" aria-label={t("booths.title")} data-testid="booths">
      <h2>{t("booths.title")}</h2>
      <ul>
        {booths.map((b) => (
          <li key={b.id} data-booth={b.id}>
            <a href={roomPath(b.id)} title={t("booths.visit")}>
              <BoothLogo room={b} />
              <span class="booth-text">
                <span class="booth-name">{localizedTitle(b.title, lang)}</span>
                {b.description && <span class="booth-description">{localizedTitle(b.description, lang)}</span>}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useState } from "preact/hooks";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { RoomStatus, type Room } from "../gen/hallcast/v1/program_pb";
import { useT } from "../lib/lang-context";
import { boothsOf, countdown, formatSchedule, groupRooms, interpretationNames, localizedTitle, statusKey } from "../lib/program";
import { useNow } from "../lib/use-now";
import { locale } from "../lib/i18n";
import { roomPath } from "../lib/route";
import { useProgram } from "../lib/use-program";
import { BoothList } from "./Booths";

export function StatusBadge({ status }: { status: RoomStatus }) {
  const { t } = useT();
  const key = statusKey(status);
  if (!key) return null;
  const cls = status === RoomStatus.LIVE ? "badge live" : "badge";
  return <span class={cls} data-testid="status">{t(key)}</span>;
}

const DAY_MS = 86_400_000;

// Under an upcoming room: how long until it starts (within a day), or that
// it is about to (started, the hall not on air yet). Ticks every second.
export function StartsIn({ room }: { room: Room }) {
  const { t } = useT();
  const now = useNow(1_000);
  if (room.status !== RoomStatus.UPCOMING || !room.schedule?.start) return null;
  const start = timestampDate(room.schedule.start);
  const left = start.getTime() - now.getTime();
  if (left > DAY_MS) return null;
  return (
    <span class="starts-in" data-testid="starts-in">
      {left > 0 ? t("status.startsIn", { time: countdown(start, now) }) : t("status.startingSoon")}
    </span>
  );
}

// The languages of a room's simultaneous interpretation, when it has any
// (the player's audio menu switches between them).
export function Interpretation({ room }: { room: Room }) {
  const { t } = useT();
  const languages = interpretationNames(room);
  if (!languages) return null;
  return <p class="interpretation" data-testid="interpretation">{t("room.interpretation", { languages })}</p>;
}

function Thumbnail({ room, tick }: { room: Room; tick: number }) {
  const [failed, setFailed] = useState(false);
  if (failed) return <div class="thumb placeholder" aria-hidden="true" />;
  return (
    <img
      class="thumb"
      alt=""
      loading="lazy"
      src={`/api/v1/rooms/${encodeURIComponent(room.id)}/snapshot.jpg?t=${tick}`}
      onError={() => setFailed(true)}
    />
  );
}

export function Landing() {
  const { t, lang } = useT();
  const { program, error } = useProgram();
  if (!program) {
    return <p class="notice">{error ? t("landing.error", { error }) : t("landing.loading")}</p>;
  }
  const event = program.event;
  const tz = event?.timeZone ?? "UTC";
  const tick = Number(program.serverTime?.seconds ?? 0n);
  const groups = groupRooms(program.rooms);
  return (
    <div class="landing">
      <section class="hero">
        <h1 data-testid="event-title">{localizedTitle(event?.title, lang)}</h1>
        {event?.theme && <p class="theme">{localizedTitle(event.theme, lang)}</p>}
        <p class="meta">
          {event?.venue && <span>{event.venue} · </span>}
          <span>{t("schedule.tz", { tz })}</span>
        </p>
      </section>
      {groups.length === 0 && <p class="notice">{t("landing.empty")}</p>}
      {groups.map((group) => (
        <section class="group" key={group.key} data-group={group.key}>
          <h2>{t(group.title)}</h2>
          <ul class="rooms">
            {group.rooms.map((room) => (
              <li class="room-card" key={room.id} data-room={room.id}>
                <a href={roomPath(room.id)} aria-label={localizedTitle(room.title, lang)}>
                  <Thumbnail key={tick} room={room} tick={tick} />
                  <div class="room-info">
                    <h3>{localizedTitle(room.title, lang)}</h3>
                    <p class="schedule">{formatSchedule(room.schedule?.start, room.schedule?.end, room.schedule?.timeZone || tz, locale(lang))}</p>
                    <p class="room-meta">
                      <StatusBadge status={room.status} />
                      <StartsIn room={room} />
                      {room.replay && <span class="badge replay" data-testid="replay-badge">{t("status.replay")}</span>}
                      <span class="viewers" data-testid="viewers">{t("viewers", { n: room.viewers })}</span>
                    </p>
                    <Interpretation room={room} />
                  </div>
                </a>
              </li>
            ))}
          </ul>
          {group.rooms.map((room) => <BoothList key={room.id} booths={boothsOf(program.rooms, room.id)} />)}
        </section>
      ))}
    </div>
  );
}

import { useEffect, useState } from "preact/hooks";
import { useT } from "../lib/lang-context";
import { formatSchedule, localizedTitle } from "../lib/program";
import { locale } from "../lib/i18n";
import { useProgram } from "../lib/use-program";
import { useHubClient } from "../shared/use-hub-client";
import { StatusBadge } from "./Landing";
import { Player } from "./Player";
import { PollCard } from "./PollCard";
import { FloatingReactions, ReactionsBar } from "./Reactions";
import { SidePanel } from "./SidePanel";

export function RoomPage({ roomId }: { roomId: string }) {
  const { t, lang } = useT();
  const { program, error } = useProgram();
  const client = useHubClient([roomId]);

  const room = program?.rooms.find((r) => r.id === roomId);
  useEffect(() => {
    if (room) document.title = `${localizedTitle(room.title, lang)} — hallcast`;
  }, [room, lang]);

  if (program && !room) return <p class="notice">{t("room.notFound", { id: roomId })}</p>;
  const tz = room?.schedule?.timeZone || program?.event?.timeZone || "UTC";
  const viewers = client.viewers.get(roomId) ?? room?.viewers ?? 0;
  const view = client.rooms.get(roomId);
  const [dismissed, setDismissed] = useState<string | undefined>();
  const announcement = view?.announcement !== dismissed ? view?.announcement : undefined;
  const nowAnswering = view?.pinnedQuestion;
  return (
    <div class="room-page" data-room={roomId}>
      <nav><a href="/">{t("room.back")}</a></nav>
      {announcement && (
        <p class="announcement" role="status">
          <span data-testid="announcement">{announcement}</span>
          <button type="button" class="link" onClick={() => setDismissed(announcement)}>{t("announcement.dismiss")}</button>
        </p>
      )}
      <div class="room-layout">
        <div class="stage">
          <div class="screen">
            {room ? <Player src={room.masterPlaylist || room.playlist || `/live/${roomId}/index.m3u8`} whep={`/whep/${roomId}`} /> : <div class="player" />}
            <FloatingReactions client={client} roomId={roomId} />
          </div>
          <ReactionsBar client={client} roomId={roomId} />
          {nowAnswering && (
            <p class="now-answering" data-testid="now-answering" role="status">
              <span class="badge live">{t("qa.nowAnswering")}</span> {nowAnswering.text}
            </p>
          )}
          <div class="room-head">
            <h1 data-testid="room-title">{room ? localizedTitle(room.title, lang) : roomId}</h1>
            <p class="room-meta">
              {room && <StatusBadge status={room.status} />}
              <span class="viewers" data-testid="room-viewers">{t("viewers", { n: viewers })}</span>
              {room && <span class="schedule">{formatSchedule(room.schedule?.start, room.schedule?.end, tz, locale(lang))}</span>}
            </p>
            {error && !program && <p class="notice">{t("landing.error", { error })}</p>}
          </div>
          <PollCard client={client} roomId={roomId} />
        </div>
        <SidePanel client={client} roomId={roomId} />
      </div>
    </div>
  );
}

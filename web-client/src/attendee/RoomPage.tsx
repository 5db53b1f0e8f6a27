import { useEffect, useState } from "preact/hooks";
import { useT } from "../lib/lang-context";
import { RoomKind, RoomStatus } from "../gen/hallcast/v1/program_pb";
import { boothsOf, formatSchedule, localizedTitle } from "../lib/program";
import { roomPath } from "../lib/route";
import { locale } from "../lib/i18n";
import { useProgram } from "../lib/use-program";
import { useHubClient } from "../shared/use-hub-client";
import { BoothList, BoothLogo } from "./Booths";
import { Interpretation, StartsIn, StatusBadge } from "./Landing";
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
  // A booth: its exhibition to go back to; a player only when it has a feed.
  const exhibition = room?.parentRoomId ? program?.rooms.find((r) => r.id === room.parentRoomId) : undefined;
  const booth = room?.kind === RoomKind.BOOTH;
  const hasVideo = !room || !!room.playlist;
  // A recorded session that has ended plays as a replay, from its start.
  const replay = room?.status === RoomStatus.ENDED && room.replay ? room.replay : undefined;
  return (
    <div class="room-page" data-room={roomId}>
      <nav>
        {exhibition
          ? <a href={roomPath(exhibition.id)} data-testid="booth-back">{t("booth.back", { name: localizedTitle(exhibition.title, lang) })}</a>
          : <a href="/">{t("room.back")}</a>}
      </nav>
      {announcement && (
        <p class="announcement" role="status">
          <span data-testid="announcement">{announcement}</span>
          <button type="button" class="link" onClick={() => setDismissed(announcement)}>{t("announcement.dismiss")}</button>
        </p>
      )}
      <div class="room-layout">
        <div class="stage">
          {hasVideo && (
            <div class="screen">
              {!room ? <div class="player" />
                : replay ? <Player key="replay" src={replay} language={room.language} />
                : <Player key="live" src={room.masterPlaylist || room.playlist} whep={`/whep/${roomId}`} language={room.language} />}
              <FloatingReactions client={client} roomId={roomId} />
            </div>
          )}
          {booth && room && (
            <div class="booth-head" data-testid="booth-head">
              <BoothLogo room={room} />
              <div>
                {room.description && <p class="booth-description" data-testid="booth-description">{localizedTitle(room.description, lang)}</p>}
                <p class="hint">{t("booth.chatHint")}</p>
              </div>
            </div>
          )}
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
              {room && <StartsIn room={room} />}
              {replay && <span class="badge replay" data-testid="replay-badge">{t("status.replay")}</span>}
              <span class="viewers" data-testid="room-viewers">{t("viewers", { n: viewers })}</span>
              {room && <span class="schedule">{formatSchedule(room.schedule?.start, room.schedule?.end, tz, locale(lang))}</span>}
            </p>
            {room && <Interpretation room={room} />}
            {error && !program && <p class="notice">{t("landing.error", { error })}</p>}
          </div>
          <PollCard client={client} roomId={roomId} />
          {room?.kind === RoomKind.EXHIBITION && program && <BoothList booths={boothsOf(program.rooms, room.id)} />}
        </div>
        <SidePanel client={client} roomId={roomId} pressOnly={room?.pressOnlyQuestions ?? false} />
      </div>
    </div>
  );
}

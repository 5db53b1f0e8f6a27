// The moderator console (/moderator, /moderator/ROOM): every room at a
// glance beside the chosen room's settings, Q&A queue, chat, polls and
// announcements. The console joins the chosen room only: as a moderator it
// gets the room's whole state (pending questions, authors, sanctions).
// Exhibitors' staff sign in here too and moderate their booth's chat.
import { useEffect } from "preact/hooks";
import { navigate } from "../App";
import { Role } from "../gen/hallcast/v1/common_pb";
import { RoomKind } from "../gen/hallcast/v1/program_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { localizedTitle } from "../lib/program";
import { moderatorPath } from "../lib/route";
import { useProgram } from "../lib/use-program";
import { StaffGate } from "../shared/StaffGate";
import { useHubClient } from "../shared/use-hub-client";
import { AnnouncePanel } from "./AnnouncePanel";
import { ChatPanel } from "./ChatPanel";
import { PollsPanel } from "./PollsPanel";
import { QueuePanel } from "./QueuePanel";
import { RoomList } from "./RoomList";
import { SettingsPanel } from "./SettingsPanel";
import { StagePanel } from "./StagePanel";
import "./moderator.css";

export function ModeratorApp({ roomId }: { roomId?: string }) {
  const client = useHubClient(roomId ? [roomId] : []);
  return (
    <StaffGate client={client} roles={[Role.MODERATOR, Role.ADMIN, Role.EXHIBITOR]}>
      <Console client={client} roomId={roomId} />
    </StaffGate>
  );
}

function Console({ client, roomId }: { client: HubClient; roomId: string | undefined }) {
  const { t, lang } = useT();
  // Status and the viewers of the rooms not joined come from the program.
  const { program, error } = useProgram(5_000);
  const room = roomId ? client.rooms.get(roomId) : undefined;
  const info = program?.rooms.find((r) => r.id === roomId);
  // A token for one room (an exhibitor's booth) opens on that room.
  const only = client.tokenRooms.length === 1 ? client.tokenRooms[0] : undefined;
  useEffect(() => {
    if (!roomId && only) navigate(moderatorPath(only));
  }, [roomId, only]);
  return (
    <div class="moderator" data-testid="moderator-app">
      <RoomList client={client} program={program} error={error} selected={roomId} />
      {program && roomId && !info ? (
        <p class="notice" data-testid="mod-no-room">{t("room.notFound", { id: roomId })}</p>
      ) : room ? (
        <div class="mod-room" data-testid="mod-room" data-room={room.roomId} key={room.roomId}>
          <header class="mod-room-head">
            <h1 data-testid="mod-room-title">{info ? localizedTitle(info.title, lang) : room.roomId}</h1>
            <SettingsPanel client={client} room={room} />
          </header>
          {/* Two columns that grow on their own: a long queue leaves no gap beside the chat. */}
          <div class="mod-grid">
            <div class="mod-col">
              <QueuePanel client={client} room={room} pressOnly={info?.pressOnlyQuestions ?? false} />
              <PollsPanel client={client} room={room} />
              {info?.kind !== RoomKind.BOOTH && <StagePanel client={client} room={room} />}
            </div>
            <div class="mod-col">
              <ChatPanel client={client} room={room} />
              <AnnouncePanel client={client} roomId={room.roomId} />
            </div>
          </div>
        </div>
      ) : (
        <div class="mod-room">
          <p class="notice" data-testid="mod-pick-room">{t("mod.pickRoom")}</p>
          <AnnouncePanel client={client} roomId={undefined} />
        </div>
      )}
    </div>
  );
}

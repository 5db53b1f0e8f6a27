// Every room of the program at a glance: live status and viewers (the hub's
// Presence counts for the room this console joined, the program's count,
// refreshed every few seconds, for the others). Links navigate in the page.
// A token limited to some rooms (an exhibitor's booth) lists those only.
import { QuestionStatus } from "../gen/hallcast/v1/interaction_pb";
import type { Program } from "../gen/hallcast/v1/program_pb";
import { StatusBadge } from "../attendee/Landing";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { localizedTitle } from "../lib/program";
import { moderatorPath } from "../lib/route";

// Questions waiting for approval, known for the rooms this console joined.
function pending(client: HubClient, roomId: string): number {
  let n = 0;
  for (const q of client.rooms.get(roomId)?.questions.values() ?? []) if (q.status === QuestionStatus.PENDING) n++;
  return n;
}

export function RoomList({ client, program, error, selected }: {
  client: HubClient; program: Program | undefined; error: string | undefined; selected: string | undefined;
}) {
  const { t, lang } = useT();
  return (
    <nav class="mod-rooms" aria-label={t("mod.rooms")}>
      <h2>{t("mod.rooms")}</h2>
      {!program && <p class="notice">{error ? t("landing.error", { error }) : t("landing.loading")}</p>}
      <ul>
        {program?.rooms.filter((room) => client.tokenRooms.length === 0 || client.tokenRooms.includes(room.id)).map((room) => (
          <li key={room.id} data-room={room.id}>
            <a href={moderatorPath(room.id)} data-testid="room-link" data-room={room.id}
              class={room.id === selected ? "current" : undefined} aria-current={room.id === selected ? "page" : undefined}>
              <span class="mod-room-title">{localizedTitle(room.title, lang)}</span>
              <span class="room-meta">
                <StatusBadge status={room.status} />
                <span data-testid="room-viewers">{t("viewers", { n: client.viewers.get(room.id) ?? room.viewers })}</span>
                {pending(client, room.id) > 0 && (
                  <span class="badge" data-testid="room-pending">{t("mod.rooms.pending", { n: pending(client, room.id) })}</span>
                )}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

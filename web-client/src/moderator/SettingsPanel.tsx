// The room's audience settings: pre-moderation of questions and chat slow
// mode. They show what the hub last said (its RoomSettings events), so a
// change made by another moderator shows here too.
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import type { RoomView } from "../lib/room-view";
import { useRequest } from "../shared/use-request";
import { ActionError } from "./ActionError";

export const SLOW_MODE_CHOICES = [0, 10, 30, 60, 120, 300] as const;

export function SettingsPanel({ client, room }: { client: HubClient; room: RoomView }) {
  const { t } = useT();
  const action = useRequest(client);
  const roomId = room.roomId;
  // A value set elsewhere (another console) that is not among the choices.
  const choices = SLOW_MODE_CHOICES.includes(room.slowModeSeconds as never)
    ? SLOW_MODE_CHOICES : [...SLOW_MODE_CHOICES, room.slowModeSeconds];
  return (
    <section class="mod-panel mod-settings" aria-label={t("mod.settings")}>
      <label class="switch">
        <input type="checkbox" data-testid="premoderation" checked={room.premoderation} disabled={action.busy}
          onChange={(ev) => {
            const premoderation = (ev.target as HTMLInputElement).checked;
            void action.run({ case: "changeRoomSettings", value: { roomId, premoderation } });
          }} />
        {t("mod.premoderation")}
      </label>
      <label>
        {t("mod.slowMode")}{" "}
        <select data-testid="slow-mode" value={String(room.slowModeSeconds)} disabled={action.busy}
          onChange={(ev) => {
            const slowModeSeconds = Number((ev.target as HTMLSelectElement).value);
            void action.run({ case: "changeRoomSettings", value: { roomId, slowModeSeconds } });
          }}>
          {choices.map((s) => (
            <option key={s} value={String(s)}>{s === 0 ? t("mod.slowMode.off") : t("mod.slowMode.seconds", { n: s })}</option>
          ))}
        </select>
      </label>
      <ActionError error={action.error} />
    </section>
  );
}

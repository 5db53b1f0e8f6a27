// Who is muted in this room (or everywhere) or banned now, with the end of
// each and a button to lift it: the chat only shows the people who wrote
// lately, and a mute outlives their messages.
import { timestampDate, timestampMs } from "@bufbuild/protobuf/wkt";
import { SanctionKind, type Sanction } from "../gen/hallcast/v1/interaction_pb";
import type { HubClient } from "../lib/hub-client";
import { locale } from "../lib/i18n";
import { useT } from "../lib/lang-context";
import type { RoomView } from "../lib/room-view";
import { useRequest } from "../shared/use-request";
import { ActionError } from "./ActionError";

export function SanctionList({ client, room }: { client: HubClient; room: RoomView }) {
  const { t, lang } = useT();
  const now = Date.now();
  const active = room.sanctions.filter((s) => !s.until || timestampMs(s.until) > now);
  if (active.length === 0) return null;
  const when = new Intl.DateTimeFormat(locale(lang), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return (
    <details class="mod-sanctions" data-testid="sanctions">
      <summary>{t("mod.sanctions", { n: active.length })}</summary>
      <ul class="mod-list">
        {active.map((s) => <SanctionLine key={String(s.seq)} client={client} sanction={s} when={when} />)}
      </ul>
    </details>
  );
}

function SanctionLine({ client, sanction: s, when }: { client: HubClient; sanction: Sanction; when: Intl.DateTimeFormat }) {
  const { t } = useT();
  const action = useRequest(client);
  const ban = s.kind === SanctionKind.BAN;
  const lift = () => void action.run({
    case: "imposeSanction",
    value: { kind: ban ? SanctionKind.UNBAN : SanctionKind.UNMUTE, userId: s.target?.userId ?? "", roomId: s.roomId },
  });
  return (
    <li data-user-id={s.target?.userId ?? ""}>
      <span class="author">{s.target?.displayName || s.target?.userId}</span>{" "}
      <span class="badge">{t(ban ? "mod.chat.banned" : "mod.chat.muted")}</span>{" "}
      <span class="mod-meta">
        {s.until ? t("mod.sanction.until", { time: when.format(timestampDate(s.until)) }) : t("mod.chat.untilLifted")}
        {!s.roomId && !ban && ` · ${t("mod.sanction.everywhere")}`}
      </span>{" "}
      <button type="button" data-testid="s-lift" disabled={action.busy} onClick={lift}>
        {t(ban ? "mod.chat.unban" : "mod.chat.unmute")}
      </button>
      <ActionError error={action.error} />
    </li>
  );
}

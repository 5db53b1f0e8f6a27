// The room's chat as a moderator sees it: each message with delete, pin,
// mute (for a while or until lifted) and ban, the pinned message on top,
// and who is muted or banned now, and a line to answer in the chat (an
// exhibitor's staff talk with visitors here). Messages are rendered as text.
import { useEffect, useRef, useState } from "preact/hooks";
import { SanctionKind } from "../gen/hallcast/v1/interaction_pb";
import type { ChatItem } from "../lib/chat-log";
import type { HubClient } from "../lib/hub-client";
import { locale } from "../lib/i18n";
import { useT } from "../lib/lang-context";
import type { RoomView } from "../lib/room-view";
import { SanctionList } from "./SanctionList";
import { isStaff, restrictions, type Restriction } from "./sanctions";
import { useRequest } from "../shared/use-request";
import { ActionError } from "./ActionError";

// Mute lengths offered, in seconds (0: until lifted).
export const MUTE_CHOICES = [600, 3600, 0] as const;

export function ChatPanel({ client, room }: { client: HubClient; room: RoomView }) {
  const { t, lang } = useT();
  const unpin = useRequest(client);
  const list = useRef<HTMLOListElement>(null);
  const messages = room.chat.messages.filter((m) => !m.pending);
  const count = messages.length;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);
  const time = new Intl.DateTimeFormat(locale(lang), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const restricted = restrictions(room.sanctions, Date.now());
  const pinned = room.pinnedChat;
  return (
    <section class="mod-panel mod-chat" aria-label={t("mod.chat")}>
      <h2>{t("mod.chat")}</h2>
      {pinned && (
        <div class="mod-now" data-testid="mod-pinned-chat">
          <p><strong>{t("mod.chat.pinned")}</strong> <span class="author">{pinned.authorName}</span>: <span>{pinned.text}</span></p>
          <button type="button" data-testid="m-unpin" disabled={unpin.busy}
            onClick={() => void unpin.run({ case: "pinChat", value: { roomId: room.roomId, chatSeq: 0n } })}>
            {t("mod.chat.unpin")}
          </button>
          <ActionError error={unpin.error} />
        </div>
      )}
      <ol class="mod-list mod-messages" ref={list} data-testid="mod-messages">
        {messages.length === 0 && <li class="empty">{t("chat.empty")}</li>}
        {messages.map((m) => (
          <ChatLine key={String(m.seq)} client={client} roomId={room.roomId} message={m} time={time}
            restriction={restricted.get(m.authorId)} pinned={pinned?.seq === m.seq} />
        ))}
      </ol>
      <ChatReply client={client} roomId={room.roomId} />
      <SanctionList client={client} room={room} />
    </section>
  );
}

function ChatReply({ client, roomId }: { client: HubClient; roomId: string }) {
  const { t } = useT();
  const [draft, setDraft] = useState("");
  return (
    <form class="mod-chat-reply" onSubmit={(ev) => {
      ev.preventDefault();
      const text = draft.trim();
      if (!text) return;
      client.sendChat(roomId, text);
      setDraft("");
    }}>
      <input data-testid="m-chat-input" value={draft} maxLength={client.maxChatChars} placeholder={t("mod.chat.reply")}
        aria-label={t("mod.chat.reply")} onInput={(ev) => setDraft((ev.target as HTMLInputElement).value)} />
      <button type="submit" data-testid="m-chat-send" disabled={!draft.trim()}>{t("chat.send")}</button>
    </form>
  );
}

function ChatLine({ client, roomId, message: m, time, restriction, pinned }: {
  client: HubClient; roomId: string; message: ChatItem; time: Intl.DateTimeFormat; restriction: Restriction | undefined; pinned: boolean;
}) {
  const { t } = useT();
  const action = useRequest(client);
  const [open, setOpen] = useState<"mute" | "ban" | undefined>();
  const sanction = async (kind: SanctionKind, durationSeconds = 0) => {
    // Mutes are for this room; bans are event-wide (the hub wants room_id empty).
    const ban = kind === SanctionKind.BAN || kind === SanctionKind.UNBAN;
    if (await action.run({ case: "imposeSanction", value: { kind, userId: m.authorId, roomId: ban ? "" : roomId, durationSeconds } })) {
      setOpen(undefined);
    }
  };
  const canSanction = m.authorId !== "" && !isStaff(m.authorId);
  // Bans are event-wide: for tokens that cover every room (not a booth's).
  const canBan = canSanction && client.tokenRooms.length === 0;
  return (
    <li class={`msg${m.deleted ? " deleted" : ""}`} data-seq={String(m.seq)} data-user-id={m.authorId}>
      <span class="author">{m.authorName}</span>
      {m.time && <time>{time.format(m.time)}</time>}
      {restriction?.muted && <span class="badge" data-testid="m-muted">{t("mod.chat.muted")}</span>}
      {restriction?.banned && <span class="badge live" data-testid="m-banned">{t("mod.chat.banned")}</span>}
      <p class="text">{m.deleted ? t("chat.deleted") : m.text}</p>
      {/* A deleted message's author may still need muting: only delete and pin go. */}
      <div class="mod-actions">
        {!m.deleted && (
          <button type="button" data-testid="m-delete" disabled={action.busy}
            onClick={() => void action.run({ case: "deleteChat", value: { roomId, chatSeq: m.seq } })}>{t("mod.chat.delete")}</button>
        )}
        {!pinned && !m.deleted && (
          <button type="button" data-testid="m-pin" disabled={action.busy}
            onClick={() => void action.run({ case: "pinChat", value: { roomId, chatSeq: m.seq } })}>{t("mod.chat.pin")}</button>
        )}
        {canSanction && (restriction?.muted
          ? <button type="button" data-testid="m-unmute" disabled={action.busy} onClick={() => void sanction(SanctionKind.UNMUTE)}>{t("mod.chat.unmute")}</button>
          : <button type="button" data-testid="m-mute" aria-expanded={open === "mute"} onClick={() => setOpen(open === "mute" ? undefined : "mute")}>{t("mod.chat.mute")}</button>)}
        {canBan && (restriction?.banned
          ? <button type="button" data-testid="m-unban" disabled={action.busy} onClick={() => void sanction(SanctionKind.UNBAN)}>{t("mod.chat.unban")}</button>
          : <button type="button" data-testid="m-ban" aria-expanded={open === "ban"} onClick={() => setOpen(open === "ban" ? undefined : "ban")}>{t("mod.chat.ban")}</button>)}
      </div>
      {open === "mute" && (
        <div class="mod-actions mod-choices">
          <span>{t("mod.chat.muteFor", { name: m.authorName })}</span>
          {MUTE_CHOICES.map((s) => (
            <button key={s} type="button" data-testid="m-mute-for" data-seconds={s} disabled={action.busy}
              onClick={() => void sanction(SanctionKind.MUTE, s)}>
              {s === 0 ? t("mod.chat.untilLifted") : s < 3600 ? t("mod.minutes", { n: s / 60 }) : t("mod.hours", { n: s / 3600 })}
            </button>
          ))}
        </div>
      )}
      {open === "ban" && (
        <div class="mod-actions mod-choices">
          <span>{t("mod.chat.banConfirm", { name: m.authorName })}</span>
          <button type="button" class="danger" data-testid="m-ban-confirm" disabled={action.busy}
            onClick={() => void sanction(SanctionKind.BAN)}>{t("mod.chat.ban")}</button>
          <button type="button" class="link" onClick={() => setOpen(undefined)}>{t("mod.cancel")}</button>
        </div>
      )}
      <ActionError error={action.error} />
    </li>
  );
}

import { useEffect, useRef, useState } from "preact/hooks";
import { Role } from "../gen/hallcast/v1/common_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { locale } from "../lib/i18n";
import { codePoints } from "../lib/text";

export function ConnectionBadge({ client }: { client: HubClient }) {
  const { t } = useT();
  const [, setNow] = useState(0);
  const state = client.state;
  useEffect(() => {
    if (state.kind !== "reconnecting") return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [state]);
  let text: string;
  switch (state.kind) {
    case "online": text = t("conn.online"); break;
    case "reconnecting": text = t("conn.reconnecting", { s: Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000)) }); break;
    default: text = t("conn.connecting");
  }
  return <span class={`conn conn-${state.kind}`} data-testid="conn-state" data-state={state.kind} role="status">{text}</span>;
}

// The room's chat. Every user-written string is rendered as a text node.
export function Chat({ client, roomId }: { client: HubClient; roomId: string }) {
  const { t, lang } = useT();
  const [draft, setDraft] = useState("");
  const [renaming, setRenaming] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);

  const room = client.rooms.get(roomId);
  const log = room?.chat;
  const muted = room?.isMuted() ?? false;
  const messages = log?.messages ?? [];
  const me = client.user;
  const count = messages.length;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const tooLong = codePoints(draft.trim()) > client.maxChatChars;
  const send = (ev: Event) => {
    ev.preventDefault();
    const text = draft.trim();
    if (!text || tooLong) return;
    client.sendChat(roomId, text);
    setDraft("");
  };
  const time = new Intl.DateTimeFormat(locale(lang), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

  return (
    <section class="chat" aria-label={t("chat.title")}>
      <div class="me" data-testid="me" data-user-id={me?.userId ?? ""}>
        {renaming === null ? (
          <>
            <span>{t("chat.you", { name: me?.displayName ?? client.displayName })}</span>
            <button type="button" class="link" data-testid="rename" onClick={() => setRenaming(me?.displayName ?? client.displayName)}>
              {t("chat.rename")}
            </button>
          </>
        ) : (
          <form
            class="rename"
            onSubmit={(ev) => {
              ev.preventDefault();
              client.rename(renaming);
              setRenaming(null);
            }}
          >
            <input
              data-testid="rename-input"
              value={renaming}
              maxLength={64}
              onInput={(ev) => setRenaming((ev.target as HTMLInputElement).value)}
            />
            <button type="submit">{t("chat.rename.save")}</button>
            <button type="button" class="link" onClick={() => setRenaming(null)}>{t("chat.rename.cancel")}</button>
          </form>
        )}
      </div>
      {room?.pinnedChat && (
        <p class="pinned-chat" data-testid="pinned-chat">
          <span class="badge">{t("chat.pinned")}</span> <span class="author">{room.pinnedChat.authorName}</span> {room.pinnedChat.text}
        </p>
      )}
      <ol class="messages" ref={list} data-testid="messages" aria-live="polite">
        {messages.length === 0 && <li class="empty">{t("chat.empty")}</li>}
        {messages.map((m) => (
          <li
            key={m.pending ? `p-${m.clientMessageId}` : String(m.seq)}
            class={`msg${m.authorId && m.authorId === me?.userId ? " mine" : ""}${m.pending ? " pending" : ""}`}
            data-seq={String(m.seq)}
          >
            <span class="author">{m.authorName}</span>
            <RoleBadge role={m.authorRole} />
            {m.time && <time>{time.format(m.time)}</time>}
            <p class="text">{m.deleted ? t("chat.deleted") : m.text}</p>
            {m.pending && <span class="sending">{t("chat.sending")}</span>}
          </li>
        ))}
      </ol>
      {client.lastError && <p class="chat-error" role="alert">{t("conn.error", { message: client.lastError })}</p>}
      {muted && (
        <p class="chat-error" role="status" data-testid="muted">
          {room?.mutedUntil ? t("chat.mutedUntil", { time: time.format(room.mutedUntil) }) : t("chat.muted")}
        </p>
      )}
      {room && room.slowModeSeconds > 0 && <p class="hint">{t("chat.slowMode", { s: room.slowModeSeconds })}</p>}
      <form class="composer" onSubmit={send}>
        <input
          data-testid="chat-input"
          value={draft}
          placeholder={t("chat.placeholder")}
          aria-label={t("chat.placeholder")}
          onInput={(ev) => setDraft((ev.target as HTMLInputElement).value)}
        />
        <button type="submit" data-testid="chat-send" disabled={!draft.trim() || tooLong || muted}>{t("chat.send")}</button>
      </form>
      {tooLong && <p class="chat-error">{t("chat.tooLong", { n: client.maxChatChars })}</p>}
    </section>
  );
}

// Who speaks for the event (or, in a booth, for the exhibitor) is marked.
function RoleBadge({ role }: { role: Role }) {
  const { t } = useT();
  const key =
    role === Role.EXHIBITOR ? "chat.role.exhibitor"
    : role === Role.MODERATOR || role === Role.ADMIN ? "chat.role.moderator"
    : undefined;
  return key ? <span class="badge role" data-testid="role-badge" data-role={key.slice("chat.role.".length)}>{t(key)}</span> : null;
}

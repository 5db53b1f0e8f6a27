// An announcement, shown prominently to everyone in this room or, ticked,
// in every room (the hub allows that to moderators of every room only; a
// room-limited token gets its refusal shown here).
import { useState } from "preact/hooks";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { codePoints } from "../lib/text";
import { useRequest } from "../shared/use-request";
import { ActionError } from "./ActionError";

const MAX_CHARS = 500;

export function AnnouncePanel({ client, roomId }: { client: HubClient; roomId: string | undefined }) {
  const { t } = useT();
  const action = useRequest(client);
  const [text, setText] = useState("");
  const [all, setAll] = useState(!roomId);
  const [sent, setSent] = useState<string | undefined>();
  const toAll = all || !roomId;
  const tooLong = codePoints(text.trim()) > MAX_CHARS;
  const send = async (ev: Event) => {
    ev.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || tooLong) return;
    setSent(undefined);
    const done = await action.run({ case: "announce", value: { roomId: toAll ? "" : roomId, text: trimmed } });
    if (done) {
      setText("");
      setSent(toAll ? t("mod.announce.sentAll") : t("mod.announce.sentRoom"));
    }
  };
  return (
    <section class="mod-panel mod-announce" aria-label={t("mod.announce")}>
      <h2>{t("mod.announce")}</h2>
      <form onSubmit={send}>
        <textarea data-testid="announce-input" rows={2} value={text} placeholder={t("mod.announce.placeholder")}
          aria-label={t("mod.announce.placeholder")} onInput={(ev) => setText((ev.target as HTMLTextAreaElement).value)} />
        <div class="mod-row">
          {/* Every room at once: for tokens that cover every room. */}
          {client.tokenRooms.length === 0 && (
            <label>
              <input type="checkbox" data-testid="announce-all" checked={toAll} disabled={!roomId}
                onChange={(ev) => setAll((ev.target as HTMLInputElement).checked)} />
              {t("mod.announce.all")}
            </label>
          )}
          <button type="submit" class="primary" data-testid="announce-send" disabled={!text.trim() || tooLong || action.busy}>
            {t("mod.announce.send")}
          </button>
        </div>
      </form>
      {tooLong && <p class="mod-error">{t("mod.tooLong", { n: MAX_CHARS })}</p>}
      {sent && <p class="mod-ok" role="status" data-testid="announce-sent">{sent}</p>}
      <ActionError error={action.error} />
    </section>
  );
}

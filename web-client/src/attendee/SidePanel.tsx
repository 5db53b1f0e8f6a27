// Beside the video: the chat and the Q&A as two tabs, with the connection's
// state (online / reconnecting in N s) above both.
import { useState } from "preact/hooks";
import { QuestionStatus } from "../gen/hallcast/v1/interaction_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { Chat, ConnectionBadge } from "./Chat";
import { QnA } from "./QnA";

export function SidePanel({ client, roomId, pressOnly = false }: { client: HubClient; roomId: string; pressOnly?: boolean }) {
  const { t } = useT();
  const [tab, setTab] = useState<"chat" | "qa">("chat");
  const room = client.rooms.get(roomId);
  let open = 0;
  for (const q of room?.questions.values() ?? []) if (q.status === QuestionStatus.VISIBLE && !q.answered) open++;
  return (
    <div class="side">
      <header class="side-head">
        <div class="tabs" role="tablist">
          <button type="button" role="tab" data-testid="tab-chat" aria-selected={tab === "chat"} onClick={() => setTab("chat")}>
            {t("chat.title")}
          </button>
          <button type="button" role="tab" data-testid="tab-qa" aria-selected={tab === "qa"} onClick={() => setTab("qa")}>
            {t("qa.title")}{open > 0 && <span class="count">{open}</span>}
          </button>
        </div>
        <ConnectionBadge client={client} />
      </header>
      {tab === "chat" ? <Chat client={client} roomId={roomId} /> : <QnA client={client} roomId={roomId} pressOnly={pressOnly} />}
    </div>
  );
}

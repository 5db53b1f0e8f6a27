// The room's Q&A queue in tabs (see queue.ts for what goes where and in
// which order), with the counts on the tabs and the "now answering"
// question above them. At a press conference the approved questions are in
// the order asked, and one button gives the floor to the next journalist
// (the one answering now is marked answered, the next is pinned).
import { useState } from "preact/hooks";
import { QuestionModeration } from "../gen/hallcast/v1/interaction_pb";
import type { HubClient } from "../lib/hub-client";
import { locale } from "../lib/i18n";
import { useT } from "../lib/lang-context";
import type { RoomView } from "../lib/room-view";
import { QuestionItem } from "./QuestionItem";
import { useRequest } from "../shared/use-request";
import { ActionError } from "./ActionError";
import { nextInLine, QUEUE_TABS, splitQueue, type QueueTab } from "./queue";

export function QueuePanel({ client, room, pressOnly = false }: { client: HubClient; room: RoomView; pressOnly?: boolean }) {
  const { t, lang } = useT();
  const [tab, setTab] = useState<QueueTab>("pending");
  const floor = useRequest(client);
  const queue = splitQueue(room.questions.values(), pressOnly ? "asked" : "votes");
  const next = nextInLine(queue.approved, room.pinnedQuestionId);
  const giveFloor = async () => {
    if (!next) return;
    const roomId = room.roomId;
    const current = room.pinnedQuestionId;
    if (current && !(await floor.run({ case: "moderateQuestion", value: { roomId, questionId: current, action: QuestionModeration.ANSWER } }))) return;
    await floor.run({ case: "moderateQuestion", value: { roomId, questionId: next.id, action: QuestionModeration.PIN } });
  };
  const time = new Intl.DateTimeFormat(locale(lang), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const pinned = room.pinnedQuestion;
  const shown = queue[tab];
  return (
    <section class="mod-panel mod-queue" aria-label={t("mod.queue")}>
      <h2>{t("mod.queue")}</h2>
      {pinned && (
        <p class="mod-now" data-testid="mod-now-answering">
          <strong>{t("mod.q.nowAnswering")}</strong> <span>{pinned.text}</span>
        </p>
      )}
      {pressOnly && (
        <p class="mod-floor">
          <span class="mod-meta">{t("mod.q.pressOrder")}</span>{" "}
          <button type="button" class="primary" data-testid="q-next-floor" disabled={!next || floor.busy} onClick={() => void giveFloor()}>
            {t("mod.q.nextFloor")}
          </button>
        </p>
      )}
      <ActionError error={floor.error} />
      <div class="mod-tabs" role="tablist">
        {QUEUE_TABS.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} data-testid={`queue-tab-${name}`}
            data-count={queue[name].length} class={tab === name ? "current" : undefined} onClick={() => setTab(name)}>
            {t(`mod.tab.${name}`)} <span class="count">{queue[name].length}</span>
          </button>
        ))}
      </div>
      <ol class="mod-list" data-testid="queue" data-tab={tab}>
        {shown.length === 0 && <li class="empty">{t("mod.queue.empty")}</li>}
        {shown.map((q) => (
          <QuestionItem key={String(q.id)} client={client} roomId={room.roomId} question={q} tab={tab}
            pinned={q.id === room.pinnedQuestionId} time={time} />
        ))}
      </ol>
    </section>
  );
}

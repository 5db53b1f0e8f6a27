// One question in the moderator's queue: its text, who asked (named even
// when anonymous, marked so), votes and time, and what can be done to it in
// its tab. Editing and replying happen inline; the hub's refusal shows
// under the question.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useState } from "preact/hooks";
import { QuestionModeration, type Question } from "../gen/hallcast/v1/interaction_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import type { QueueTab } from "./queue";
import { useRequest } from "../shared/use-request";
import { ActionError } from "./ActionError";
import { personLabel } from "../lib/people";

type Mode = { kind: "edit" | "reply"; text: string } | undefined;

export function QuestionItem({ client, roomId, question: q, tab, pinned, time }: {
  client: HubClient; roomId: string; question: Question; tab: QueueTab; pinned: boolean; time: Intl.DateTimeFormat;
}) {
  const { t } = useT();
  const action = useRequest(client);
  const [mode, setMode] = useState<Mode>();
  const moderate = (a: QuestionModeration, text = "") =>
    action.run({ case: "moderateQuestion", value: { roomId, questionId: q.id, action: a, text } });
  const button = (testid: string, label: string, a: QuestionModeration) => (
    <button type="button" data-testid={testid} disabled={action.busy} onClick={() => void moderate(a)}>{label}</button>
  );
  const submit = async (ev: Event) => {
    ev.preventDefault();
    if (!mode) return;
    const done = await moderate(mode.kind === "edit" ? QuestionModeration.EDIT : QuestionModeration.REPLY, mode.text.trim());
    if (done) setMode(undefined);
  };
  const author = personLabel(q.author) || t("mod.q.unknownAuthor");
  return (
    <li class={`mod-question${pinned ? " pinned" : ""}`} data-question-id={String(q.id)} data-testid="queue-item">
      {mode ? (
        <form class="mod-inline" onSubmit={submit}>
          <textarea data-testid={mode.kind === "edit" ? "q-edit-input" : "q-reply-input"} rows={2} value={mode.text}
            aria-label={t(mode.kind === "edit" ? "mod.q.edit" : "mod.q.reply")}
            onInput={(ev) => setMode({ ...mode, text: (ev.target as HTMLTextAreaElement).value })} />
          <div class="mod-row">
            <button type="submit" class="primary" data-testid="q-save" disabled={action.busy || (mode.kind === "edit" && !mode.text.trim())}>
              {t("mod.save")}
            </button>
            <button type="button" class="link" onClick={() => setMode(undefined)}>{t("mod.cancel")}</button>
          </div>
        </form>
      ) : (
        <p class="q-text">{q.text}</p>
      )}
      {q.reply && !mode && <p class="q-reply"><strong>{t("mod.q.replied")}</strong> {q.reply}</p>}
      <p class="mod-meta">
        <span class="q-author">{author}</span>
        {q.anonymous && <span class="badge" data-testid="q-anonymous">{t("mod.q.anonymous")}</span>}
        {q.edited && <span class="badge">{t("mod.q.edited")}</span>}
        {pinned && <span class="badge live" data-testid="q-pinned">{t("mod.q.pinnedBadge")}</span>}
        <span class="q-votes" data-testid="q-votes">{t("mod.q.votes", { n: q.votes })}</span>
        {q.askedAt && <time>{time.format(timestampDate(q.askedAt))}</time>}
      </p>
      {!mode && (
        <div class="mod-actions">
          {(tab === "pending" || tab === "rejected") && button("q-approve", t("mod.q.approve"), QuestionModeration.APPROVE)}
          {tab !== "rejected" && tab !== "answered" && button("q-reject", t("mod.q.reject"), QuestionModeration.REJECT)}
          {tab === "approved" && button("q-answer", t("mod.q.answer"), QuestionModeration.ANSWER)}
          {tab === "answered" && button("q-unanswer", t("mod.q.unanswer"), QuestionModeration.UNANSWER)}
          {(tab === "approved" || tab === "answered") && (pinned
            ? button("q-unpin", t("mod.q.unpin"), QuestionModeration.UNPIN)
            : button("q-pin", t("mod.q.pin"), QuestionModeration.PIN))}
          <button type="button" data-testid="q-edit" onClick={() => setMode({ kind: "edit", text: q.text })}>{t("mod.q.edit")}</button>
          {tab !== "pending" && tab !== "rejected" && (
            <button type="button" data-testid="q-reply" onClick={() => setMode({ kind: "reply", text: q.reply })}>{t("mod.q.reply")}</button>
          )}
        </div>
      )}
      <ActionError error={action.error} />
    </li>
  );
}

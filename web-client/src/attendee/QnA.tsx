// The room's Q&A tab: ask (optionally anonymously), upvote, sort by popular
// or recent; answered questions and the moderators' replies stay visible.
// The person who asked sees their own question while it waits for approval.
// In a press conference (pressOnly) only accredited press ask, under their
// name and outlet; everyone else sees why, and journalists sign in here.
import { useState } from "preact/hooks";
import { Role } from "../gen/hallcast/v1/common_pb";
import type { Question } from "../gen/hallcast/v1/interaction_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { personLabel } from "../lib/people";
import { questionState, shownQuestions, type QuestionSort } from "../lib/questions";
import { codePoints } from "../lib/text";
import { useRequest } from "../shared/use-request";

export function QnA({ client, roomId, pressOnly = false }: { client: HubClient; roomId: string; pressOnly?: boolean }) {
  const { t } = useT();
  const [sort, setSort] = useState<QuestionSort>("popular");
  const [draft, setDraft] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const ask = useRequest(client);
  const vote = useRequest(client);
  const room = client.rooms.get(roomId);
  const me = client.user?.userId;
  const questions = room ? shownQuestions(room.questions.values(), me, sort) : [];
  const tooLong = codePoints(draft.trim()) > client.maxQuestionChars;
  const muted = room?.isMuted() ?? false;
  const press = client.user?.role === Role.PRESS;

  const submit = async (ev: Event) => {
    ev.preventDefault();
    const text = draft.trim();
    if (!text || tooLong) return;
    const result = await ask.run({ case: "askQuestion", value: { roomId, text, anonymous: anonymous && !pressOnly } });
    if (result) setDraft("");
  };
  const toggleVote = (q: Question) => {
    const up = !room?.myQuestionVotes.has(q.id);
    void vote.run({ case: "voteQuestion", value: { roomId, questionId: q.id, up } }).then((result) => {
      if (result?.case === "voted") room?.recordQuestionVote(q.id, up, result.value.votes);
    });
  };

  return (
    <section class="qna" aria-label={t("qa.title")}>
      {pressOnly && !press ? <PressSignIn client={client} /> : (
      <form class="ask" onSubmit={submit}>
        {pressOnly && (
          <p class="hint" data-testid="qa-press-user">
            {t("qa.press.askingAs", { name: personLabel(client.user) })}{" "}
            <button type="button" class="link" data-testid="qa-press-sign-out" onClick={() => client.setStaffToken("")}>{t("qa.press.signOut")}</button>
          </p>
        )}
        <textarea
          data-testid="qa-input"
          rows={2}
          value={draft}
          placeholder={t("qa.placeholder")}
          aria-label={t("qa.placeholder")}
          disabled={muted}
          onInput={(ev) => setDraft((ev.target as HTMLTextAreaElement).value)}
        />
        <div class="ask-row">
          {!pressOnly && (
            <label class="check">
              <input type="checkbox" data-testid="qa-anonymous" checked={anonymous}
                onChange={(ev) => setAnonymous((ev.target as HTMLInputElement).checked)} />
              {t("qa.anonymous")}
            </label>
          )}
          <button type="submit" data-testid="qa-submit" disabled={!draft.trim() || tooLong || ask.busy || muted}>
            {t("qa.ask")}
          </button>
        </div>
        {tooLong && <p class="form-error">{t("chat.tooLong", { n: client.maxQuestionChars })}</p>}
        {room?.premoderation && <p class="hint">{t("qa.premoderated")}</p>}
        {ask.error && <p class="form-error" role="alert" data-testid="qa-error">{ask.error}</p>}
      </form>
      )}
      {vote.error && <p class="form-error" role="alert" data-testid="qa-error">{vote.error}</p>}
      <div class="sort" role="group" aria-label={t("qa.sort")}>
        <button type="button" data-testid="qa-sort-popular" aria-pressed={sort === "popular"} onClick={() => setSort("popular")}>
          {t("qa.sort.popular")}
        </button>
        <button type="button" data-testid="qa-sort-recent" aria-pressed={sort === "recent"} onClick={() => setSort("recent")}>
          {t("qa.sort.recent")}
        </button>
      </div>
      <ol class="questions" data-testid="questions">
        {questions.length === 0 && <li class="empty">{t("qa.empty")}</li>}
        {questions.map((q) => {
          const state = questionState(q);
          const voted = room?.myQuestionVotes.has(q.id) ?? false;
          const pinned = room?.pinnedQuestionId === q.id;
          return (
            <li key={String(q.id)} class={`question ${state}${pinned ? " pinned" : ""}`} data-question-id={String(q.id)} data-status={state}>
              <button
                type="button"
                class="upvote"
                data-testid="q-upvote"
                aria-pressed={voted}
                aria-label={t(voted ? "qa.unvote" : "qa.upvote")}
                disabled={state !== "visible" && state !== "answered"}
                onClick={() => toggleVote(q)}
              >
                ▲ <span class="q-votes">{q.votes}</span>
              </button>
              <div class="q-body">
                <p class="q-text">{q.text}</p>
                <p class="q-meta">
                  <span class="q-author">{q.anonymous || !q.author?.displayName ? t("qa.anonymousAuthor") : personLabel(q.author)}</span>
                  {pinned && <span class="badge live">{t("qa.nowAnswering")}</span>}
                  {state === "answered" && <span class="badge">{t("qa.answered")}</span>}
                  {state === "pending" && <span class="badge">{t("qa.pending")}</span>}
                  {state === "rejected" && <span class="badge">{t("qa.rejected")}</span>}
                  {q.edited && <span>{t("qa.edited")}</span>}
                </p>
                {q.reply && <p class="q-reply">{t("qa.reply", { text: q.reply })}</p>}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

// Why an attendee cannot ask here, and the sign-in of accredited press: the
// press token (from `hallcast token --role press`) is kept for this tab, as
// staff tokens are; the hub's refusal shows when it is not valid.
function PressSignIn({ client }: { client: HubClient }) {
  const { t } = useT();
  const [draft, setDraft] = useState("");
  return (
    <div class="ask press-only" data-testid="qa-press-only">
      <p class="hint">{t("qa.pressOnly")}</p>
      <details>
        <summary data-testid="qa-press-open">{t("qa.press.signIn")}</summary>
        <form
          class="press-sign-in"
          onSubmit={(ev) => {
            ev.preventDefault();
            if (draft.trim()) client.setStaffToken(draft.trim());
            setDraft("");
          }}
        >
          <input data-testid="qa-press-token" aria-label={t("qa.press.token")} placeholder={t("qa.press.token")}
            autocomplete="off" spellcheck={false} value={draft} onInput={(ev) => setDraft((ev.target as HTMLInputElement).value)} />
          <button type="submit" data-testid="qa-press-sign-in" disabled={!draft.trim()}>{t("qa.press.submit")}</button>
        </form>
        {client.staffError && <p class="form-error" role="alert" data-testid="qa-press-error">{client.staffError}</p>}
      </details>
    </div>
  );
}

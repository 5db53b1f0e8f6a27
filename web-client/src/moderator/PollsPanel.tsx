// The room's polls: a form for a new one (a draft, then opened), and each
// poll, newest first, with its state, open / close, and live results (the
// hub's Tally events update the counts while it is open).
import { useState } from "preact/hooks";
import { PollState, type Poll } from "../gen/hallcast/v1/interaction_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import type { RoomView } from "../lib/room-view";
import { PollResults } from "./PollResults";
import { checkDraft, MAX_OPTIONS, MIN_OPTIONS } from "./polls";
import { useRequest } from "../shared/use-request";
import { ActionError } from "./ActionError";

export function PollsPanel({ client, room }: { client: HubClient; room: RoomView }) {
  const { t } = useT();
  const polls = [...room.polls.values()].sort((a, b) => Number(b.id - a.id));
  return (
    <section class="mod-panel mod-polls" aria-label={t("mod.polls")}>
      <h2>{t("mod.polls")}</h2>
      <NewPoll client={client} roomId={room.roomId} />
      <ol class="mod-list">
        {polls.map((p) => <PollItem key={String(p.id)} client={client} roomId={room.roomId} poll={p} />)}
      </ol>
    </section>
  );
}

function NewPoll({ client, roomId }: { client: HubClient; roomId: string }) {
  const { t } = useT();
  const action = useRequest(client);
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState<string[]>(["", ""]);
  const [problem, setProblem] = useState<string | undefined>();
  const create = async (ev: Event) => {
    ev.preventDefault();
    const draft = checkDraft(question, options);
    if (!draft.ok) {
      setProblem(t(`mod.poll.problem.${draft.problem}`));
      return;
    }
    setProblem(undefined);
    if (await action.run({ case: "createPoll", value: { roomId, question: draft.question, options: draft.options } })) {
      setQuestion("");
      setOptions(["", ""]);
    }
  };
  const setOption = (i: number, value: string) => setOptions(options.map((o, j) => (j === i ? value : o)));
  return (
    <form class="mod-new-poll" onSubmit={create}>
      <input data-testid="poll-question" value={question} placeholder={t("mod.poll.question")} aria-label={t("mod.poll.question")}
        onInput={(ev) => setQuestion((ev.target as HTMLInputElement).value)} />
      {options.map((o, i) => (
        <div class="mod-row" key={i}>
          <input data-testid="poll-option-input" value={o} placeholder={t("mod.poll.option", { n: i + 1 })}
            aria-label={t("mod.poll.option", { n: i + 1 })} onInput={(ev) => setOption(i, (ev.target as HTMLInputElement).value)} />
          {options.length > MIN_OPTIONS && (
            <button type="button" class="link" data-testid="poll-option-remove" aria-label={t("mod.poll.removeOption", { n: i + 1 })}
              onClick={() => setOptions(options.filter((_, j) => j !== i))}>×</button>
          )}
        </div>
      ))}
      <div class="mod-row">
        {options.length < MAX_OPTIONS && (
          <button type="button" data-testid="poll-option-add" onClick={() => setOptions([...options, ""])}>{t("mod.poll.addOption")}</button>
        )}
        <button type="submit" class="primary" data-testid="poll-create" disabled={action.busy}>{t("mod.poll.create")}</button>
      </div>
      {problem && <p class="mod-error" role="alert">{problem}</p>}
      <ActionError error={action.error} />
    </form>
  );
}

const STATE_KEY = {
  [PollState.UNSPECIFIED]: "mod.poll.draft",
  [PollState.DRAFT]: "mod.poll.draft",
  [PollState.OPEN]: "mod.poll.open",
  [PollState.CLOSED]: "mod.poll.closed",
} as const;

const STATE_ATTR = { [PollState.UNSPECIFIED]: "draft", [PollState.DRAFT]: "draft", [PollState.OPEN]: "open", [PollState.CLOSED]: "closed" } as const;

function PollItem({ client, roomId, poll }: { client: HubClient; roomId: string; poll: Poll }) {
  const { t } = useT();
  const action = useRequest(client);
  const change = (state: PollState) => void action.run({ case: "changePoll", value: { roomId, pollId: poll.id, state } });
  return (
    <li class="mod-poll" data-poll-id={String(poll.id)} data-state={STATE_ATTR[poll.state]}>
      <p class="mod-row">
        <strong class="poll-q">{poll.question}</strong>
        <span class={poll.state === PollState.OPEN ? "badge live" : "badge"}>{t(STATE_KEY[poll.state])}</span>
      </p>
      <PollResults poll={poll} />
      <div class="mod-actions">
        {poll.state === PollState.DRAFT && (
          <button type="button" class="primary" data-testid="poll-open" disabled={action.busy} onClick={() => change(PollState.OPEN)}>{t("mod.poll.doOpen")}</button>
        )}
        {poll.state === PollState.OPEN && (
          <button type="button" data-testid="poll-close" disabled={action.busy} onClick={() => change(PollState.CLOSED)}>{t("mod.poll.doClose")}</button>
        )}
      </div>
      <ActionError error={action.error} />
    </li>
  );
}

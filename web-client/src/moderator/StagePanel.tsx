// What the hall's stage display shows (/stage/ROOM, opened on the projector):
// the questions (the "now answering" one large), a poll's results, or the
// program's next session. It shows what the hub last said (the room's stage
// events), so another moderator's choice shows here too.
import { PollState, StageView } from "../gen/hallcast/v1/interaction_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import type { RoomView } from "../lib/room-view";
import { stagePath } from "../lib/route";
import { useRequest } from "../shared/use-request";
import { ActionError } from "./ActionError";

export function StagePanel({ client, room }: { client: HubClient; room: RoomView }) {
  const { t } = useT();
  const action = useRequest(client);
  const roomId = room.roomId;
  // Attendees (and so the hall) see open and closed polls only.
  const polls = [...room.polls.values()].filter((p) => p.state !== PollState.DRAFT).sort((a, b) => Number(b.id - a.id));
  const show = (view: StageView, pollId = 0n) => void action.run({ case: "setStage", value: { roomId, view, pollId } });
  const current = room.stage;
  const choice = (view: StageView, label: string, testId: string) => (
    <button type="button" data-testid={testId} aria-pressed={current.view === view} disabled={action.busy} onClick={() => show(view)}>
      {label}
    </button>
  );
  return (
    <section class="mod-panel mod-stage" aria-label={t("mod.stage")} data-testid="mod-stage" data-view={current.view} data-poll={String(current.pollId)}>
      <h2>{t("mod.stage")}</h2>
      <div class="mod-stage-choices" role="group">
        {choice(StageView.QUESTIONS, t("mod.stage.questions"), "stage-show-questions")}
        <label class={current.view === StageView.POLL ? "mod-stage-poll active" : "mod-stage-poll"}>
          {t("mod.stage.poll")}{" "}
          <select data-testid="stage-show-poll" disabled={action.busy || polls.length === 0}
            value={current.view === StageView.POLL ? String(current.pollId) : ""}
            onChange={(ev) => {
              const id = (ev.target as HTMLSelectElement).value;
              if (id) show(StageView.POLL, BigInt(id));
            }}>
            <option value="">{t("mod.stage.pickPoll")}</option>
            {polls.map((p) => <option key={String(p.id)} value={String(p.id)}>{p.question}</option>)}
          </select>
        </label>
        {choice(StageView.NEXT_SESSION, t("mod.stage.next"), "stage-show-next")}
      </div>
      <a href={stagePath(roomId)} target="_blank" rel="noopener" data-testid="stage-open">{t("mod.stage.open")}</a>
      <ActionError error={action.error} />
    </section>
  );
}

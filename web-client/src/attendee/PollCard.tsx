// The room's current poll: its options to vote while it is open (a vote can
// be changed until it closes), and the results once this person voted or
// the poll closed. Counts arrive live in the hub's tallies.
import { PollState } from "../gen/hallcast/v1/interaction_pb";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { pollResults } from "../lib/poll-results";
import { useRequest } from "../shared/use-request";

export function PollCard({ client, roomId }: { client: HubClient; roomId: string }) {
  const { t } = useT();
  const vote = useRequest(client);
  const room = client.rooms.get(roomId);
  const poll = room?.currentPoll;
  if (!room || !poll) return null;
  const open = poll.state === PollState.OPEN;
  const mine = room.myPollVotes.get(poll.id);
  const showResults = !open || mine !== undefined;
  const results = pollResults(poll);
  const choose = async (option: number) => {
    const result = await vote.run({ case: "votePoll", value: { roomId, pollId: poll.id, option } });
    if (result) room.recordPollVote(poll.id, option);
  };
  return (
    <section class="poll" data-testid="poll" data-poll-id={String(poll.id)} data-state={open ? "open" : "closed"} aria-label={t("poll.title")}>
      <header>
        <h2>{t(open ? "poll.title" : "poll.closed")}</h2>
        <p class="poll-question">{poll.question}</p>
      </header>
      <ol class="poll-options">
        {results.map((r, i) => (
          <li key={i} class={mine === i ? "chosen" : ""}>
            <button type="button" data-testid="poll-option" data-index={i} disabled={!open || vote.busy} aria-pressed={mine === i} onClick={() => choose(i)}>
              <span class="poll-option-text">{r.option}</span>
              {showResults && <span class="poll-result" data-testid="poll-result">{r.percent}% · {r.votes}</span>}
            </button>
            {showResults && (
              <span class="poll-bar" aria-hidden="true">
                <span style={{ width: `${r.percent}%` }} />
              </span>
            )}
          </li>
        ))}
      </ol>
      <p class="poll-total">{t("poll.total", { n: poll.totalVotes })}</p>
      {vote.error && <p class="form-error" role="alert">{vote.error}</p>}
    </section>
  );
}

// A poll's results as a bar chart: one bar per option, its width the
// option's share (set through the style prop, which the page's CSP allows),
// and the total.
import type { Poll } from "../gen/hallcast/v1/interaction_pb";
import { useT } from "../lib/lang-context";
import { pollResults } from "../lib/poll-results";

export function PollResults({ poll }: { poll: Poll }) {
  const { t } = useT();
  return (
    <div class="poll-results" data-testid="poll-results">
      <ol>
        {pollResults(poll).map((bar, i) => (
          <li key={i} data-index={i} data-votes={bar.votes}>
            <span class="bar-label">{bar.option}</span>
            <span class="bar-track"><span class="bar-fill" style={{ width: `${bar.percent}%` }} /></span>
            <span class="bar-count">{t("mod.poll.count", { n: bar.votes, p: bar.percent })}</span>
          </li>
        ))}
      </ol>
      <p class="mod-meta" data-testid="poll-total">{t("mod.poll.total", { n: poll.totalVotes })}</p>
    </div>
  );
}

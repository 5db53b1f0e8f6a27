// The stage display (/stage/ID): a full-screen page for the hall's projector
// or the moderator's confidence monitor. It shows what the room's moderators
// chose (RoomView.stage: the questions, a poll, or the next session), the
// online viewer count and a reaction meter. No controls: it joins the room
// like an attendee, follows its events, and reconnects by itself (HubClient).
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useEffect, useRef, useState } from "preact/hooks";
import { PollState, StageView, type Poll } from "../gen/hallcast/v1/interaction_pb";
import type { Room } from "../gen/hallcast/v1/program_pb";
import type { HubClient } from "../lib/hub-client";
import { locale } from "../lib/i18n";
import { useT } from "../lib/lang-context";
import { personLabel } from "../lib/people";
import { pollResults } from "../lib/poll-results";
import { countdown, formatSchedule, localizedTitle } from "../lib/program";
import type { RoomView } from "../lib/room-view";
import { roomPath } from "../lib/route";
import { useNow } from "../lib/use-now";
import { useProgram } from "../lib/use-program";
import { useHubClient } from "../shared/use-hub-client";
import { ReactionMeter, type MeterLevel } from "./reaction-meter";
import { nextSessions, topQuestions } from "./stage-content";
import "./stage.css";

const TOP_QUESTIONS = 3;

export function StageDisplay({ roomId }: { roomId: string }) {
  const { t, lang } = useT();
  const client = useHubClient([roomId]);
  const { program } = useProgram(30_000);
  const now = useNow(1_000);
  useWakeLock();

  const info = program?.rooms.find((r) => r.id === roomId);
  const view = client.rooms.get(roomId);
  const viewers = client.viewers.get(roomId) ?? info?.viewers ?? 0;
  const title = info ? localizedTitle(info.title, lang) : roomId;
  useEffect(() => {
    document.title = `${title} — hallcast`;
  }, [title]);

  const shown = view?.stage.view ?? StageView.QUESTIONS;
  return (
    <div class="sd" data-testid="stage" data-view={viewName(shown)} data-room={roomId}>
      <header class="sd-head">
        <h1 class="sd-title" data-testid="stage-title">{title}</h1>
        {client.state.kind !== "online" && <span class="sd-offline" data-testid="stage-offline">{t("stage.reconnecting")}</span>}
        <span class="sd-viewers" data-testid="stage-viewers" data-viewers={viewers}>{t("stage.online", { n: viewers })}</span>
      </header>
      <section class="sd-main">
        {view && shown === StageView.POLL && <PollView poll={view.polls.get(view.stage.pollId) ?? view.currentPoll} />}
        {view && shown === StageView.NEXT_SESSION && (
          <NextSession rooms={program?.rooms ?? []} now={now} timeZone={program?.event?.timeZone ?? "UTC"} />
        )}
        {view && shown === StageView.QUESTIONS && <QuestionsView room={view} />}
      </section>
      <ReactionMeterBar client={client} roomId={roomId} now={now} />
    </div>
  );
}

function viewName(view: StageView): string {
  if (view === StageView.POLL) return "poll";
  if (view === StageView.NEXT_SESSION) return "next";
  return "questions";
}

function QuestionsView({ room }: { room: RoomView }) {
  const { t } = useT();
  const pinned = room.pinnedQuestion;
  const top = topQuestions(room.questions.values(), room.pinnedQuestionId, TOP_QUESTIONS);
  return (
    <div class="sd-questions">
      {pinned && (
        <figure class="sd-pinned" data-testid="stage-pinned" data-question={String(pinned.id)}>
          <figcaption class="sd-label">{t("stage.nowAnswering")}</figcaption>
          <blockquote class="sd-pinned-text">{pinned.text}</blockquote>
          <p class="sd-author">— {pinned.anonymous || !pinned.author ? t("stage.anonymous") : personLabel(pinned.author)}</p>
        </figure>
      )}
      {top.length > 0 ? (
        <div class={pinned ? "sd-top sd-top-small" : "sd-top"}>
          <h2 class="sd-label">{t("stage.topQuestions")}</h2>
          <ol data-testid="stage-top">
            {top.map((q) => (
              <li key={String(q.id)} data-question={String(q.id)}>
                <span class="sd-q-text">{q.text}</span>
                <span class="sd-q-votes">{t("stage.votes", { n: q.votes })}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : (
        !pinned && <p class="sd-hint">{t("stage.noQuestions", { url: `${location.host}${roomPath(room.roomId)}` })}</p>
      )}
    </div>
  );
}

function PollView({ poll }: { poll: Poll | undefined }) {
  const { t } = useT();
  if (!poll) return <p class="sd-hint">{t("stage.poll.none")}</p>;
  return (
    <div class="sd-poll" data-testid="stage-poll" data-poll={String(poll.id)} data-total={poll.totalVotes}>
      <h2 class="sd-poll-question">{poll.question}</h2>
      <ol class="sd-bars">
        {pollResults(poll).map((bar, i) => (
          <li key={i} data-index={i} data-votes={bar.votes}>
            <span class="sd-bar-label">{bar.option}</span>
            <span class="sd-bar-track"><span class="sd-bar-fill" style={{ width: `${bar.percent}%` }} /></span>
            <span class="sd-bar-percent">{bar.percent}%</span>
          </li>
        ))}
      </ol>
      <p class="sd-poll-total">
        {t("stage.poll.total", { n: poll.totalVotes })}
        {poll.state === PollState.CLOSED && <> · {t("stage.poll.closed")}</>}
      </p>
    </div>
  );
}

function NextSession({ rooms, now, timeZone }: { rooms: readonly Room[]; now: Date; timeZone: string }) {
  const { t, lang } = useT();
  const next = nextSessions(rooms, now);
  if (next.length === 0) return <p class="sd-hint" data-testid="stage-next">{t("stage.next.none")}</p>;
  const start = timestampDate(next[0].schedule!.start!);
  return (
    <div class="sd-next" data-testid="stage-next">
      <p class="sd-label">{t("stage.next")}</p>
      <ul>
        {next.map((r) => (
          <li key={r.id} data-room={r.id}>
            <span class="sd-next-title">{localizedTitle(r.title, lang)}</span>
            <span class="sd-next-time">{formatSchedule(r.schedule?.start, r.schedule?.end, r.schedule?.timeZone || timeZone, locale(lang))}</span>
          </li>
        ))}
      </ul>
      <p class="sd-countdown" data-testid="stage-countdown">{t("stage.next.startsIn", { time: countdown(start, now) })}</p>
    </div>
  );
}

function ReactionMeterBar({ client, roomId, now }: { client: HubClient; roomId: string; now: Date }) {
  const { t } = useT();
  const meter = useRef(new ReactionMeter());
  const [levels, setLevels] = useState<MeterLevel[]>(() => meter.current.levels(Date.now()));
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.kind.case !== "reactions" || event.kind.value.roomId !== roomId) return;
        meter.current.add(event.kind.value, Date.now());
        setLevels(meter.current.levels(Date.now()));
      }),
    [client, roomId],
  );
  // Levels fall as reactions age out, even when none arrive.
  useEffect(() => setLevels(meter.current.levels(now.getTime())), [now]);
  return (
    <footer class="sd-meter" aria-label={t("stage.reactions")} data-testid="stage-meter">
      {levels.map((l) => (
        <span key={l.emoji} class="sd-meter-item" data-emoji={l.emoji} data-count={l.count}>
          <span class="sd-meter-emoji">{l.emoji}</span>
          <span class="sd-meter-track"><span class="sd-meter-fill" style={{ width: `${Math.round(l.level * 100)}%` }} /></span>
        </span>
      ))}
    </footer>
  );
}

// A projector must not go to sleep: keep the screen on while the page is
// shown (the lock is released when the tab is hidden; take it again).
function useWakeLock(): void {
  useEffect(() => {
    let lock: { release(): Promise<void> } | undefined;
    const take = () => {
      if (document.visibilityState !== "visible") return;
      (navigator as Navigator & { wakeLock?: { request(type: "screen"): Promise<{ release(): Promise<void> }> } }).wakeLock
        ?.request("screen")
        .then((l) => (lock = l))
        .catch(() => undefined); // not allowed here (no user gesture, insecure origin): the OS settings decide
    };
    take();
    document.addEventListener("visibilitychange", take);
    return () => {
      document.removeEventListener("visibilitychange", take);
      void lock?.release();
    };
  }, []);
}

// Everything a room shows besides the video, built from what the hub sends:
// the chat (ChatLog), the questions, the polls, the pinned question and chat
// message, the room's settings and this person's own votes and mute. Pure
// bookkeeping, no I/O, so it runs in unit tests.
//
// A JoinRoom's Ack carries the room's whole current state (RoomState) as of
// its head_seq; sequenced events up to that seq that arrive after it (a
// resume's replay) only feed the chat, events after it change the state.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import {
  PollState,
  QuestionChange_Kind,
  QuestionModeration,
  QuestionStatus,
  type ChatMessage,
  type Poll,
  type Question,
  type RoomEvent,
  type Sanction,
  SanctionKind,
  StageView,
  type Tally,
} from "../gen/hallcast/v1/interaction_pb";
import type { Joined } from "../gen/hallcast/v1/realtime_pb";
import { ChatLog } from "./chat-log";

export interface PinnedChat {
  seq: bigint;
  authorName: string;
  text: string;
}

export interface StageShown {
  view: StageView;
  pollId: bigint;
}

export class RoomView {
  readonly roomId: string;
  readonly chat: ChatLog;
  readonly questions = new Map<bigint, Question>();
  readonly polls = new Map<bigint, Poll>();
  readonly myQuestionVotes = new Set<bigint>();
  readonly myPollVotes = new Map<bigint, number>();
  pinnedQuestionId = 0n;
  pinnedChat: PinnedChat | undefined;
  // What the hall's stage display shows (/stage/ID), as a moderator chose.
  stage: StageShown = { view: StageView.QUESTIONS, pollId: 0n };
  premoderation = false;
  slowModeSeconds = 0;
  muted = false;
  mutedUntil: Date | undefined;
  // Sanctions in force that concern this room (moderators only).
  sanctions: Sanction[] = [];
  private stateSeq = 0n;

  constructor(roomId: string, chatLimit = 300) {
    this.roomId = roomId;
    this.chat = new ChatLog(roomId, chatLimit);
  }

  get announcement(): string | undefined {
    return this.chat.announcement;
  }

  // The open poll shown to attendees (the newest one open), else the newest closed one.
  get currentPoll(): Poll | undefined {
    const polls = [...this.polls.values()].sort((a, b) => Number(b.id - a.id));
    return polls.find((p) => p.state === PollState.OPEN) ?? polls.find((p) => p.state === PollState.CLOSED);
  }

  get pinnedQuestion(): Question | undefined {
    return this.pinnedQuestionId ? this.questions.get(this.pinnedQuestionId) : undefined;
  }

  applyJoined(joined: Joined): void {
    this.chat.applyJoined(joined);
    this.stateSeq = joined.headSeq;
    const state = joined.state;
    if (!state) return;
    this.premoderation = state.premoderation;
    this.slowModeSeconds = state.slowModeSeconds;
    this.questions.clear();
    for (const q of state.questions) this.questions.set(q.id, q);
    this.pinnedQuestionId = state.pinnedQuestionId;
    this.pinnedChat = state.pinnedChat?.body.case === "chat" ? pinned(state.pinnedChat.seq, state.pinnedChat.body.value) : undefined;
    this.polls.clear();
    for (const p of state.polls) this.polls.set(p.id, p);
    this.myQuestionVotes.clear();
    for (const id of state.myQuestionVotes) this.myQuestionVotes.add(id);
    this.myPollVotes.clear();
    for (const v of state.myPollVotes) this.myPollVotes.set(v.pollId, v.option);
    this.muted = state.muted;
    this.mutedUntil = state.mutedUntil ? timestampDate(state.mutedUntil) : undefined;
    this.sanctions = [...state.sanctions];
    this.stage = stageShown(state.stage);
  }

  // A sequenced event; false when it was already seen.
  applyEvent(event: RoomEvent): boolean {
    if (!this.chat.applyEvent(event)) return false;
    if (event.seq <= this.stateSeq) return true; // already in the joined state
    const body = event.body;
    switch (body.case) {
      case "question": {
        const change = body.value;
        const q = change.question;
        if (q) {
          if (change.kind === QuestionChange_Kind.WITHDRAWN || q.status === QuestionStatus.WITHDRAWN) {
            this.questions.delete(q.id);
          } else {
            this.questions.set(q.id, mergeQuestion(this.questions.get(q.id), q));
          }
        }
        if (change.moderation === QuestionModeration.PIN || change.moderation === QuestionModeration.UNPIN) {
          this.pinnedQuestionId = change.pinnedQuestionId;
        }
        break;
      }
      case "poll": {
        const poll = body.value.poll;
        if (poll) this.polls.set(poll.id, poll); // CLOSED carries the final results
        break;
      }
      case "chatPinned":
        this.pinnedChat = body.value.chatSeq && body.value.message ? pinned(body.value.chatSeq, body.value.message) : undefined;
        break;
      case "chatDeleted":
        if (this.pinnedChat?.seq === body.value.chatSeq) this.pinnedChat = undefined;
        break;
      case "stage":
        this.stage = stageShown(body.value);
        break;
      case "settings":
        this.premoderation = body.value.premoderation;
        this.slowModeSeconds = body.value.slowModeSeconds;
        break;
      default:
        break;
    }
    return true;
  }

  // Coalesced vote counts.
  applyTally(tally: Tally): void {
    for (const qv of tally.questions) {
      const q = this.questions.get(qv.questionId);
      if (q) this.questions.set(q.id, { ...q, votes: qv.votes });
    }
    for (const p of tally.polls) {
      const known = this.polls.get(p.id);
      this.polls.set(p.id, known ? { ...known, votes: p.votes, totalVotes: p.totalVotes } : p);
    }
  }

  // A sanction that names this person (attendees) or this room (moderators).
  applySanction(sanction: Sanction, myUserId: string | undefined): void {
    if (sanction.roomId && sanction.roomId !== this.roomId) return;
    const target = sanction.target?.userId;
    if (target && target === myUserId) {
      if (sanction.kind === SanctionKind.MUTE) {
        this.muted = true;
        this.mutedUntil = sanction.until ? timestampDate(sanction.until) : undefined;
      } else if (sanction.kind === SanctionKind.UNMUTE) {
        this.muted = false;
        this.mutedUntil = undefined;
      }
    }
    this.sanctions = this.sanctions.filter((s) => s.target?.userId !== target || (s.roomId || "") !== (sanction.roomId || ""));
    if (sanction.kind === SanctionKind.MUTE || sanction.kind === SanctionKind.BAN) this.sanctions.push(sanction);
  }

  // Whether a mute is still in force at `now`.
  isMuted(now: Date = new Date()): boolean {
    if (!this.muted) return false;
    return !this.mutedUntil || this.mutedUntil.getTime() > now.getTime();
  }

  recordQuestionVote(questionId: bigint, up: boolean, votes: number): void {
    if (up) this.myQuestionVotes.add(questionId);
    else this.myQuestionVotes.delete(questionId);
    const q = this.questions.get(questionId);
    if (q) this.questions.set(questionId, { ...q, votes });
  }

  recordPollVote(pollId: bigint, option: number): void {
    this.myPollVotes.set(pollId, option);
  }
}

// A moderation event for attendees may carry an id and a status only (a
// rejected question); keep what was known of the rest.
function mergeQuestion(known: Question | undefined, update: Question): Question {
  if (!known || update.text) return update;
  return { ...known, status: update.status };
}

function pinned(seq: bigint, message: ChatMessage): PinnedChat {
  return { seq, authorName: message.author?.displayName ?? "", text: message.text };
}

function stageShown(stage: { view: StageView; pollId: bigint } | undefined): StageShown {
  const view = stage?.view || StageView.QUESTIONS; // UNSPECIFIED reads as QUESTIONS
  return { view, pollId: stage?.pollId ?? 0n };
}

// What a room's chat shows, built from the hub's sequenced RoomEvents: pure
// bookkeeping, no I/O. It remembers the last seq seen, so that a reconnect
// resumes with JoinRoom{since_seq} and nothing is shown twice, and the
// messages sent but not yet acknowledged, which are sent again (same
// client_message_id) after a reconnect.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Role } from "../gen/hallcast/v1/common_pb";
import type { RoomEvent } from "../gen/hallcast/v1/interaction_pb";
import type { Joined } from "../gen/hallcast/v1/realtime_pb";
import { personLabel } from "./people";

export interface ChatItem {
  seq: bigint; // 0n while pending
  clientMessageId: string;
  authorId: string;
  authorName: string;
  authorRole: Role; // staff and exhibitors get a badge beside their name
  text: string;
  time: Date | undefined;
  deleted: boolean;
  pending: boolean;
}

export interface Outgoing {
  clientMessageId: string;
  text: string;
}

export class ChatLog {
  readonly roomId: string;
  private readonly limit: number;
  private items: ChatItem[] = [];
  private pendingItems: ChatItem[] = [];
  private seen: bigint | undefined; // highest seq applied; undefined: never joined
  announcement: string | undefined;

  constructor(roomId: string, limit = 300) {
    this.roomId = roomId;
    this.limit = limit;
  }

  // The since_seq of the next JoinRoom: undefined on the first join.
  get sinceSeq(): bigint | undefined {
    return this.seen;
  }

  // Confirmed messages, oldest first, then the pending ones.
  get messages(): readonly ChatItem[] {
    return this.pendingItems.length ? [...this.items, ...this.pendingItems] : this.items;
  }

  // Messages to send again after a reconnect, in the order they were written.
  get outbox(): Outgoing[] {
    return this.pendingItems.map((p) => ({ clientMessageId: p.clientMessageId, text: p.text }));
  }

  // The hub acknowledged a JoinRoom. A first join, or a resume older than the
  // replay window, carries the recent events: the log starts again from them.
  // A resume within the window carries none; the missed events follow.
  applyJoined(joined: Joined): void {
    if (this.seen === undefined || joined.missedEvents) {
      this.items = [];
      this.seen = undefined;
      for (const event of joined.recent) this.applyEvent(event);
      // Events this person may not see count too: the next resume starts after them.
      if (this.seen === undefined || joined.headSeq > this.seen) this.seen = joined.headSeq;
    }
  }

  // The hub stored a message of ours as `seq`. Its echo normally arrives as a
  // RoomEvent; one already behind us (a message sent again after a
  // reconnect, acknowledged with its original seq) is no longer pending.
  applyAccepted(clientMessageId: string, seq: bigint): void {
    if (this.seen !== undefined && seq <= this.seen) this.dropPending(clientMessageId);
  }

  // Applies a sequenced event; false when it was already seen (a duplicate).
  applyEvent(event: RoomEvent): boolean {
    if (this.seen !== undefined && event.seq <= this.seen) return false;
    this.seen = event.seq;
    const body = event.body;
    if (body.case === "chat") {
      const chat = body.value;
      const item: ChatItem = {
        seq: event.seq,
        clientMessageId: chat.clientMessageId,
        authorId: chat.author?.userId ?? "",
        authorName: personLabel(chat.author),
        authorRole: chat.author?.role ?? Role.UNSPECIFIED,
        text: chat.text,
        time: event.time ? timestampDate(event.time) : undefined,
        deleted: chat.deleted,
        pending: false,
      };
      if (chat.clientMessageId) {
        this.pendingItems = this.pendingItems.filter((p) => p.clientMessageId !== chat.clientMessageId);
      }
      this.items.push(item);
      if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    } else if (body.case === "chatDeleted") {
      const target = this.items.find((m) => m.seq === body.value.chatSeq);
      if (target) {
        target.deleted = true;
        target.text = "";
      }
    } else if (body.case === "announcement") {
      this.announcement = body.value.text;
    }
    return true;
  }

  // A message written here, shown as pending until its echo arrives.
  addPending(clientMessageId: string, text: string, authorId: string, authorName: string, authorRole = Role.UNSPECIFIED): void {
    this.pendingItems.push({
      seq: 0n, clientMessageId, authorId, authorName, authorRole, text, time: undefined, deleted: false, pending: true,
    });
  }

  // The hub refused a message: it is not sent again.
  dropPending(clientMessageId: string): void {
    this.pendingItems = this.pendingItems.filter((p) => p.clientMessageId !== clientMessageId);
  }
}

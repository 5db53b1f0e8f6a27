// The WebSocket client against a scripted hub: a fake socket that decodes
// what the client sends and answers with real ServerMessage encodings, and
// fake timers, so reconnection and resume are checked step by step.
import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { beforeEach, describe, expect, it } from "vitest";
import { Role } from "../gen/hallcast/v1/common_pb";
import { RoomEventSchema } from "../gen/hallcast/v1/interaction_pb";
import {
  ClientMessageSchema,
  ErrorCode,
  ServerMessageSchema,
  type ClientMessage,
} from "../gen/hallcast/v1/realtime_pb";
import { ChatLog } from "./chat-log";
import { DISPLAY_NAME_KEY, HubClient, RESUME_TOKEN_KEY, STAFF_TOKEN_KEY, SUBPROTOCOL, type SocketLike, type StorageLike, type Timers } from "./hub-client";

class FakeSocket implements SocketLike {
  binaryType = "blob";
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: ClientMessage[] = [];
  closedByClient = false;
  constructor(readonly url: string, readonly protocol: string) {}
  send(data: Uint8Array): void {
    this.sent.push(fromBinary(ClientMessageSchema, data));
  }
  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }
  // The hub's side.
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: "" });
  }
  reply(events: MessageInitShape<typeof ServerMessageSchema>["events"]): void {
    const bytes = toBinary(ServerMessageSchema, create(ServerMessageSchema, { events }));
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
  last(): ClientMessage {
    return this.sent[this.sent.length - 1];
  }
}

class FakeTimers implements Timers {
  now = 0;
  private nextId = 1;
  private tasks = new Map<number, { at: number; fn: () => void; every?: number }>();
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.tasks.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(h: unknown) {
    this.tasks.delete(h as number);
  }
  setInterval(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.tasks.set(id, { at: this.now + ms, fn, every: ms });
    return id;
  }
  clearInterval(h: unknown) {
    this.tasks.delete(h as number);
  }
  advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      let due: [number, { at: number; fn: () => void; every?: number }] | undefined;
      for (const entry of this.tasks) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.now = due[1].at;
      if (due[1].every) due[1].at += due[1].every;
      else this.tasks.delete(due[0]);
      due[1].fn();
    }
    this.now = end;
  }
}

class MemoryStorage implements StorageLike {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

function chatEvent(seq: number, text: string, clientMessageId = "", userId = "u-other") {
  return create(RoomEventSchema, {
    roomId: "main-forum",
    seq: BigInt(seq),
    body: { case: "chat", value: { text, clientMessageId, author: { userId, displayName: userId, role: Role.ATTENDEE } } },
  });
}

describe("HubClient", () => {
  let sockets: FakeSocket[];
  let timers: FakeTimers;
  let storage: MemoryStorage;
  let ids: number;
  let client: HubClient;

  const socket = () => sockets[sockets.length - 1];
  // A client on fake sockets and timers (`session`: its sessionStorage).
  const makeClient = (session?: MemoryStorage) =>
    new HubClient({
      url: "ws://hub/ws",
      socket: (url, protocol) => {
        const s = new FakeSocket(url, protocol);
        sockets.push(s);
        return s;
      },
      storage,
      sessionStorage: session,
      timers,
      now: () => timers.now,
      backoff: { initialMs: 500, maxMs: 4000, jitter: 0 },
      newId: () => `cm-${++ids}`,
    });
  const welcome = (s: FakeSocket, token = "resume-1") => {
    const hello = s.last();
    expect(hello.body.case).toBe("hello");
    s.reply([{ kind: { case: "ack", value: { requestId: hello.requestId, result: { case: "welcome", value: { user: { userId: "u-me", displayName: "Ann" }, resumeToken: token, limits: { maxChatChars: 500 } } } } } }]);
  };
  const joined = (s: FakeSocket, init: Record<string, unknown>) => {
    const join = s.last();
    expect(join.body.case).toBe("joinRoom");
    s.reply([{ kind: { case: "ack", value: { requestId: join.requestId, result: { case: "joined", value: { roomId: "main-forum", ...init } } } } }]);
  };

  beforeEach(() => {
    sockets = [];
    timers = new FakeTimers();
    storage = new MemoryStorage();
    storage.setItem(DISPLAY_NAME_KEY, "Ann");
    ids = 0;
    client = makeClient();
    client.joinRoom("main-forum");
    client.start();
  });

  it("says Hello with the stored name, keeps the resume token and joins", () => {
    expect(socket().protocol).toBe(SUBPROTOCOL);
    expect(client.state.kind).toBe("connecting");
    socket().accept();
    const hello = socket().last();
    expect(hello.requestId).toBe(1n);
    expect(hello.body.case === "hello" && hello.body.value.displayName).toBe("Ann");
    expect(hello.body.case === "hello" && hello.body.value.resumeToken).toBe("");
    welcome(socket());
    expect(client.state.kind).toBe("online");
    expect(storage.getItem(RESUME_TOKEN_KEY)).toBe("resume-1");
    const join = socket().last();
    expect(join.requestId).toBe(2n);
    expect(join.body.case === "joinRoom" && join.body.value.sinceSeq).toBeUndefined();
    joined(socket(), { headSeq: 7n, viewers: 3, recent: [chatEvent(5, "你好 🎉"), chatEvent(6, "hi")] });
    expect(client.rooms.get("main-forum")!.chat.messages.map((m) => m.text)).toEqual(["你好 🎉", "hi"]);
    expect(client.rooms.get("main-forum")!.chat.sinceSeq).toBe(7n);
    expect(client.viewers.get("main-forum")).toBe(3);
  });

  it("reconnects with growing delays, then resumes after the last seq it saw", () => {
    socket().accept();
    welcome(socket());
    joined(socket(), { headSeq: 2n, recent: [chatEvent(1, "a"), chatEvent(2, "b")] });
    socket().reply([{ kind: { case: "roomEvent", value: chatEvent(3, "c") } }]);

    socket().drop();
    expect(client.state).toEqual({ kind: "reconnecting", retryAt: 500, attempt: 1 });
    timers.advance(499);
    expect(sockets.length).toBe(1);
    timers.advance(1);
    expect(sockets.length).toBe(2);
    socket().drop(); // the hub is still away
    expect(client.state).toMatchObject({ kind: "reconnecting", retryAt: 500 + 1000 });
    timers.advance(1000);
    socket().drop();
    expect(client.state).toMatchObject({ kind: "reconnecting", retryAt: 1500 + 2000 });
    timers.advance(2000);

    socket().accept();
    const hello = socket().last();
    expect(hello.body.case === "hello" && hello.body.value.resumeToken).toBe("resume-1");
    welcome(socket());
    const join = socket().last();
    expect(join.body.case === "joinRoom" && join.body.value.sinceSeq).toBe(3n);
    joined(socket(), { headSeq: 5n });
    // The replay follows the Ack; a duplicate is ignored.
    socket().reply([
      { kind: { case: "roomEvent", value: chatEvent(3, "c") } },
      { kind: { case: "roomEvent", value: chatEvent(4, "d") } },
      { kind: { case: "roomEvent", value: chatEvent(5, "e") } },
    ]);
    expect(client.rooms.get("main-forum")!.chat.messages.map((m) => m.text)).toEqual(["a", "b", "c", "d", "e"]);

    // Online again: the next failure starts from the initial delay.
    socket().drop();
    expect(client.state).toMatchObject({ kind: "reconnecting", attempt: 1 });
    expect((client.state as { retryAt: number }).retryAt - timers.now).toBe(500);
  });

  it("starts over from the recent events when the resume is older than the window", () => {
    socket().accept();
    welcome(socket());
    joined(socket(), { headSeq: 1n, recent: [chatEvent(1, "old")] });
    socket().drop();
    timers.advance(500);
    socket().accept();
    welcome(socket());
    joined(socket(), { headSeq: 2000n, missedEvents: true, recent: [chatEvent(1999, "x"), chatEvent(2000, "y")] });
    const log = client.rooms.get("main-forum")!.chat;
    expect(log.messages.map((m) => m.text)).toEqual(["x", "y"]);
    expect(log.sinceSeq).toBe(2000n);
  });

  it("sends a chat message again, with the same id, after a reconnect", () => {
    socket().accept();
    welcome(socket());
    joined(socket(), { headSeq: 0n });
    client.sendChat("main-forum", "第一 👍");
    const first = socket().last();
    expect(first.body.case === "sendChat" && first.body.value.clientMessageId).toBe("cm-1");
    expect(client.rooms.get("main-forum")!.chat.messages[0]).toMatchObject({ pending: true, text: "第一 👍" });

    socket().drop(); // before the Ack
    timers.advance(500);
    socket().accept();
    welcome(socket());
    joined(socket(), { headSeq: 0n });
    const again = socket().last();
    expect(again.body.case).toBe("sendChat");
    expect(again.body.case === "sendChat" && again.body.value.clientMessageId).toBe("cm-1");
    expect(again.body.case === "sendChat" && again.body.value.text).toBe("第一 👍");
    socket().reply([
      { kind: { case: "ack", value: { requestId: again.requestId, result: { case: "chatAccepted", value: { roomId: "main-forum", seq: 1n } } } } },
      { kind: { case: "roomEvent", value: chatEvent(1, "第一 👍", "cm-1", "u-me") } },
    ]);
    const messages = client.rooms.get("main-forum")!.chat.messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ pending: false, seq: 1n, authorId: "u-me" });
  });

  it("forgets a resume token the hub refuses and comes back as a new guest", () => {
    storage.setItem(RESUME_TOKEN_KEY, "expired");
    socket().accept();
    const hello = socket().last();
    socket().reply([{ kind: { case: "error", value: { requestId: hello.requestId, code: ErrorCode.UNAUTHENTICATED, message: "resume token expired" } } }]);
    expect(storage.getItem(RESUME_TOKEN_KEY)).toBeNull();
    expect(socket().closedByClient).toBe(true);
  });

  it("keeps why a staff token was refused while it goes on as a guest", () => {
    const session = new MemoryStorage();
    const staffClient = makeClient(session);
    client.stop();
    staffClient.setStaffToken("  bad.token  ");
    expect(session.getItem(STAFF_TOKEN_KEY)).toBe("bad.token");
    socket().accept();
    const hello = socket().last();
    expect(hello.body.case === "hello" && hello.body.value.token).toBe("bad.token");
    socket().reply([{ kind: { case: "error", value: { requestId: hello.requestId, code: ErrorCode.UNAUTHENTICATED, message: "the token's signature is not valid" } } }]);
    expect(session.getItem(STAFF_TOKEN_KEY)).toBeNull();
    socket().drop();
    timers.advance(500);
    socket().accept();
    welcome(socket()); // as a guest
    expect(staffClient.lastError).toBeUndefined();
    expect(staffClient.staffError).toBe("the token's signature is not valid");
    staffClient.setStaffToken("next.token");
    expect(staffClient.staffError).toBeUndefined();
    staffClient.stop();
  });

  it("stops for good", () => {
    socket().accept();
    welcome(socket());
    client.stop();
    expect(client.state.kind).toBe("closed");
    timers.advance(60_000);
    expect(sockets.length).toBe(1);
  });
});

describe("ChatLog", () => {
  it("keeps the bound, dropping the oldest", () => {
    const log = new ChatLog("main-forum", 2);
    log.applyEvent(chatEvent(1, "a"));
    log.applyEvent(chatEvent(2, "b"));
    log.applyEvent(chatEvent(3, "c"));
    expect(log.messages.map((m) => m.text)).toEqual(["b", "c"]);
  });

  it("blanks a message a moderator deleted and shows announcements", () => {
    const log = new ChatLog("main-forum");
    log.applyEvent(chatEvent(1, "rude"));
    log.applyEvent(create(RoomEventSchema, { roomId: "main-forum", seq: 2n, body: { case: "chatDeleted", value: { chatSeq: 1n } } }));
    log.applyEvent(create(RoomEventSchema, { roomId: "main-forum", seq: 3n, body: { case: "announcement", value: { text: "Break until 10:30" } } }));
    expect(log.messages[0]).toMatchObject({ deleted: true, text: "" });
    expect(log.announcement).toBe("Break until 10:30");
    expect(log.sinceSeq).toBe(3n);
  });

  it("counts events it may not see, so that a resume starts after them", () => {
    const log = new ChatLog("main-forum");
    log.applyEvent(chatEvent(1, "a"));
    expect(log.applyEvent(create(RoomEventSchema, { roomId: "main-forum", seq: 2n }))).toBe(true);
    expect(log.sinceSeq).toBe(2n);
    expect(log.applyEvent(chatEvent(2, "dup"))).toBe(false);
  });
});

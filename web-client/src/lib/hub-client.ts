// The WebSocket client of the hub: binary frames of ClientMessage and
// ServerMessage (the generated classes), a fresh request id per request,
// Hello with the display name and the guest's resume token (kept in
// localStorage, so a reload stays the same guest), JoinRoom with since_seq
// after a reconnect, and reconnection with exponential backoff. The socket,
// the timers and the storage are injected, so the logic runs in unit tests.
import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import type { User } from "../gen/hallcast/v1/common_pb";
import {
  ClientMessageSchema,
  ServerMessageSchema,
  ErrorCode,
  type Ack,
  type Error as HubError,
  type ServerEvent,
} from "../gen/hallcast/v1/realtime_pb";
import { Backoff, type BackoffOptions } from "./backoff";
import type { ChatLog } from "./chat-log";
import { RoomView } from "./room-view";
import { personLabel } from "./people";

export const SUBPROTOCOL = "hallcast.v1";
export const RESUME_TOKEN_KEY = "hallcast.resumeToken";
export const DISPLAY_NAME_KEY = "hallcast.displayName";
// Staff sign-in keeps its token for the tab only (never in a URL).
export const STAFF_TOKEN_KEY = "hallcast.staffToken";

// The part of WebSocket this client uses.
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "online" }
  | { kind: "reconnecting"; retryAt: number; attempt: number }
  | { kind: "closed" };

export interface HubClientOptions {
  url: string;
  socket?: (url: string, protocol: string) => SocketLike;
  storage?: StorageLike; // resume token, display name (localStorage)
  sessionStorage?: StorageLike; // staff token
  timers?: Timers;
  now?: () => number;
  backoff?: BackoffOptions;
  pingIntervalMs?: number;
  newId?: () => string;
}

const OPEN = 1;

// A request the hub refused (its Error), or one that could not be sent or
// was cut off by a disconnect (code UNSPECIFIED, message says which).
export class HubRequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
    this.name = "HubRequestError";
  }
}

export type RequestBody = MessageInitShape<typeof ClientMessageSchema>["body"];
export type AckResult = Ack["result"];

function defaultTimers(): Timers {
  return {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
    clearInterval: (h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>),
  };
}

function randomId(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

// "Guest 4821": the name a new guest starts with.
export function guestName(random: () => number = Math.random): string {
  return `Guest ${1000 + Math.floor(random() * 9000)}`;
}

export class HubClient {
  private readonly options: HubClientOptions;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly backoff: Backoff;
  private readonly newId: () => string;
  private socket: SocketLike | undefined;
  private nextRequestId = 1n;
  private pending = new Map<bigint, (event: ServerEvent | undefined) => void>();
  private retryTimer: unknown;
  private pingTimer: unknown;
  private stopped = false;
  private listeners = new Set<() => void>();
  private eventListeners = new Set<(event: ServerEvent) => void>();

  readonly rooms = new Map<string, RoomView>();
  readonly viewers = new Map<string, number>();
  state: ConnectionState = { kind: "connecting" };
  user: User | undefined;
  // The rooms a staff token is limited to (an exhibitor's: their booth);
  // empty: every room.
  tokenRooms: string[] = [];
  lastError: string | undefined;
  // Why the hub refused the staff token last tried (kept until the next
  // sign-in: the client goes on as a guest meanwhile, and its Welcome
  // clears lastError).
  staffError: string | undefined;
  maxChatChars = 500;
  maxQuestionChars = 300;
  // Bumped on every change, for views that compare snapshots.
  version = 0;

  constructor(options: HubClientOptions) {
    this.options = options;
    this.timers = options.timers ?? defaultTimers();
    this.now = options.now ?? (() => Date.now());
    this.backoff = new Backoff(options.backoff);
    this.newId = options.newId ?? randomId;
  }

  get displayName(): string {
    const stored = this.options.storage?.getItem(DISPLAY_NAME_KEY);
    if (stored) return stored;
    const name = guestName();
    this.options.storage?.setItem(DISPLAY_NAME_KEY, name);
    return name;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Every ServerEvent that is not a reply (room events, presence, tallies,
  // reactions, health, alerts, sanctions), after the client applied it.
  onEvent(listener: (event: ServerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  // Sends one request; resolves with the Ack's result, rejects with a
  // HubRequestError (the hub's Error, or offline / disconnected).
  call(body: RequestBody): Promise<AckResult> {
    return new Promise((resolve, reject) => {
      const sent = this.request(body, (event) => {
        if (!event) reject(new HubRequestError(ErrorCode.UNSPECIFIED, "disconnected before the hub answered"));
        else if (event.kind.case === "ack") resolve(event.kind.value.result);
        else if (event.kind.case === "error") {
          const e = event.kind.value;
          reject(new HubRequestError(e.code, e.message, e.retryAfterMs));
        }
      });
      if (!sent) reject(new HubRequestError(ErrorCode.UNSPECIFIED, "not connected to the hub"));
    });
  }

  // Signs in with a staff token (kept in sessionStorage for this tab) or,
  // with "", signs out; either way a new Hello follows.
  setStaffToken(token: string): void {
    const store = this.options.sessionStorage;
    this.staffError = undefined;
    if (token) store?.setItem(STAFF_TOKEN_KEY, token.trim());
    else store?.removeItem(STAFF_TOKEN_KEY);
    this.reconnectNow();
  }

  get staffToken(): string {
    return this.options.sessionStorage?.getItem(STAFF_TOKEN_KEY) ?? "";
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  // Closes for good: no reconnect.
  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.retryTimer);
    this.stopPing();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, "bye");
    }
    this.setState({ kind: "closed" });
  }

  // Joins now when online, and again after every reconnect.
  joinRoom(roomId: string): RoomView {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = new RoomView(roomId);
      this.rooms.set(roomId, room);
      if (this.state.kind === "online") this.sendJoin(room);
    }
    return room;
  }

  // Leaves a room (and stops rejoining it after reconnects).
  leaveRoom(roomId: string): void {
    if (!this.rooms.delete(roomId)) return;
    if (this.state.kind === "online") this.request({ case: "leaveRoom", value: { roomId } }, () => {});
    this.changed();
  }

  // Sends a chat message; it shows as pending until the hub's echo, and is
  // sent again with the same id after a reconnect.
  sendChat(roomId: string, text: string): string {
    const log = this.joinRoom(roomId).chat;
    const clientMessageId = this.newId();
    log.addPending(clientMessageId, text, this.user?.userId ?? "", this.user ? personLabel(this.user) : this.displayName, this.user?.role);
    if (this.state.kind === "online") this.sendChatRequest(log, clientMessageId, text);
    this.changed();
    return clientMessageId;
  }

  // A new display name: the hub learns it with a new Hello (same guest).
  rename(name: string): void {
    const trimmed = name.trim();
    if (!trimmed) return;
    this.options.storage?.setItem(DISPLAY_NAME_KEY, trimmed);
    this.reconnectNow();
  }

  // Drops the socket and connects again at once (as after a network change).
  reconnectNow(): void {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, "reconnect");
    }
    this.timers.clearTimeout(this.retryTimer);
    this.stopPing();
    this.failPending();
    this.open();
  }

  private open(): void {
    if (this.stopped) return;
    if (this.state.kind !== "reconnecting") this.setState({ kind: "connecting" });
    const factory = this.options.socket ?? ((url, protocol) => new WebSocket(url, protocol) as unknown as SocketLike);
    let socket: SocketLike;
    try {
      socket = factory(this.options.url, SUBPROTOCOL);
    } catch (err) {
      this.lastError = String(err);
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.binaryType = "arraybuffer";
    socket.onopen = () => this.hello();
    socket.onmessage = (ev) => this.receive(ev.data);
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.stopPing();
      this.failPending();
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.setState({ kind: "reconnecting", retryAt: this.now() + delay, attempt: this.backoff.attempts });
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.timers.setTimeout(() => this.open(), delay);
  }

  private hello(): void {
    const storage = this.options.storage;
    const resumeToken = storage?.getItem(RESUME_TOKEN_KEY) ?? "";
    const token = this.options.sessionStorage?.getItem(STAFF_TOKEN_KEY) ?? "";
    this.request({ case: "hello", value: { displayName: this.displayName, resumeToken, token } }, (event) => {
      if (!event) return;
      if (event.kind.case === "ack" && event.kind.value.result.case === "welcome") {
        const welcome = event.kind.value.result.value;
        this.user = welcome.user;
        this.tokenRooms = [...welcome.rooms];
        if (welcome.resumeToken) storage?.setItem(RESUME_TOKEN_KEY, welcome.resumeToken);
        if (welcome.limits?.maxChatChars) this.maxChatChars = welcome.limits.maxChatChars;
        if (welcome.limits?.maxQuestionChars) this.maxQuestionChars = welcome.limits.maxQuestionChars;
        this.lastError = undefined;
        this.backoff.reset();
        this.setState({ kind: "online" });
        this.startPing();
        for (const log of this.rooms.values()) this.sendJoin(log);
      } else if (event.kind.case === "error") {
        // A resume token the hub no longer accepts: start as a new guest.
        if (resumeToken) storage?.removeItem(RESUME_TOKEN_KEY);
        // A refused staff token is dropped too: the page asks for another.
        if (token && event.kind.value.code === ErrorCode.UNAUTHENTICATED) {
          this.options.sessionStorage?.removeItem(STAFF_TOKEN_KEY);
          this.staffError = event.kind.value.message;
        }
        this.lastError = event.kind.value.message;
        this.socket?.close(1000, "hello refused");
      }
    });
  }

  private sendJoin(room: RoomView): void {
    const sinceSeq = room.chat.sinceSeq;
    this.request({ case: "joinRoom", value: { roomId: room.roomId, sinceSeq } }, (event) => {
      if (event?.kind.case === "ack" && event.kind.value.result.case === "joined") {
        const joined = event.kind.value.result.value;
        room.applyJoined(joined);
        this.viewers.set(room.roomId, joined.viewers);
        for (const out of room.chat.outbox) this.sendChatRequest(room.chat, out.clientMessageId, out.text);
        this.changed();
      } else if (event?.kind.case === "error") {
        this.lastError = event.kind.value.message;
        this.changed();
      }
    });
  }

  private sendChatRequest(log: ChatLog, clientMessageId: string, text: string): void {
    this.request({ case: "sendChat", value: { roomId: log.roomId, text, clientMessageId } }, (event) => {
      if (event?.kind.case === "ack" && event.kind.value.result.case === "chatAccepted") {
        log.applyAccepted(clientMessageId, event.kind.value.result.value.seq);
      } else if (event?.kind.case === "error") {
        const error: HubError = event.kind.value;
        log.dropPending(clientMessageId);
        this.lastError = error.message;
      }
      this.changed();
    });
  }

  // Sends a request; `onReply` gets its Ack or Error, or undefined when the
  // connection ended first. False when there is no open socket.
  private request(body: RequestBody, onReply: (event: ServerEvent | undefined) => void): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return false;
    const requestId = this.nextRequestId++;
    this.pending.set(requestId, onReply);
    socket.send(toBinary(ClientMessageSchema, create(ClientMessageSchema, { requestId, body })));
    return true;
  }

  private receive(data: unknown): void {
    let bytes: Uint8Array;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (data instanceof Uint8Array) bytes = data;
    else return; // the hub sends binary frames only
    let message;
    try {
      message = fromBinary(ServerMessageSchema, bytes);
    } catch (err) {
      this.lastError = `bad frame from the hub: ${String(err)}`;
      this.changed();
      return;
    }
    for (const event of message.events) this.dispatch(event);
    this.changed();
  }

  private dispatch(event: ServerEvent): void {
    switch (event.kind.case) {
      case "ack":
      case "error": {
        const id = event.kind.value.requestId;
        const reply = this.pending.get(id);
        if (reply) {
          this.pending.delete(id);
          reply(event);
        } else if (event.kind.case === "error") {
          this.lastError = event.kind.value.message;
        }
        break;
      }
      case "roomEvent":
        this.rooms.get(event.kind.value.roomId)?.applyEvent(event.kind.value);
        break;
      case "presence":
        this.viewers.set(event.kind.value.roomId, event.kind.value.viewers);
        break;
      case "tally":
        this.rooms.get(event.kind.value.roomId)?.applyTally(event.kind.value);
        break;
      case "sanction":
        for (const room of this.rooms.values()) room.applySanction(event.kind.value, this.user?.userId);
        break;
      default:
        break; // reactions, health, alerts: for the views that listen
    }
    if (event.kind.case !== "ack" && event.kind.case !== "error") {
      for (const listener of this.eventListeners) listener(event);
    }
  }

  private failPending(): void {
    const replies = [...this.pending.values()];
    this.pending.clear();
    for (const reply of replies) reply(undefined);
  }

  private startPing(): void {
    this.stopPing();
    const interval = this.options.pingIntervalMs ?? 25_000;
    this.pingTimer = this.timers.setInterval(() => this.request({ case: "ping", value: {} }, () => {}), interval);
  }

  private stopPing(): void {
    if (this.pingTimer !== undefined) this.timers.clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

// ws://host/ws or wss://host/ws for the page's own origin.
export function hubSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`;
}

// The baseline hallcast is benchmarked against: the chat server a team would
// write in Node.js instead of the hub — ws for WebSockets, protobufjs for the
// messages, loaded at run time from the repository's proto/ files. It speaks
// the part of hallcast.v1 that the load generator uses (Hello, JoinRoom,
// SendChat, Ping) and keeps everything in memory. See README.md.
//
//   node server.mjs --listen 127.0.0.1:0 --rooms hall,panel-a
//
// Prints "listening on http://HOST:PORT" once it accepts connections and
// exits on SIGTERM or SIGINT.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import protobuf from "protobufjs";
import { WebSocketServer } from "ws";

const SUBPROTOCOL = "hallcast.v1";
const MAX_FRAME_BYTES = 64 * 1024; // the hub's default limits.max_frame_bytes
const MAX_CHAT_CHARS = 500; // the hub's default limits.max_chat_chars
const MAX_DISPLAY_NAME_CHARS = 64;
const RECENT_EVENTS = 50; // sent on a join, as the hub's limits.recent_events
// A client that stops reading is closed once this much waits for it (the
// hub's limits.send_queue_bytes), rather than let its buffer grow forever.
const SEND_QUEUE_BYTES = 4 * 1024 * 1024;
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_POLICY_VIOLATION = 1008;

const { values: options } = parseArgs({
  options: {
    listen: { type: "string", default: "127.0.0.1:8080" },
    rooms: { type: "string", default: "hall" },
    proto: { type: "string" },
  },
});

// ---------------------------------------------------------------- messages

const here = path.dirname(fileURLToPath(import.meta.url));
const protoDir = options.proto ?? path.resolve(here, "../../../proto");
const root = new protobuf.Root();
// Imports name files from proto/ ("hallcast/v1/common.proto"); protobufjs
// carries google/protobuf/*.proto itself.
root.resolvePath = (_origin, target) =>
  target.startsWith("google/protobuf/") ? target : path.join(protoDir, target);
root.loadSync("hallcast/v1/realtime.proto", { keepCase: true });
const ClientMessage = root.lookupType("hallcast.v1.ClientMessage");
const ServerMessage = root.lookupType("hallcast.v1.ServerMessage");
const ErrorCode = root.lookupEnum("hallcast.v1.ErrorCode").values;
const ROLE_ATTENDEE = root.lookupEnum("hallcast.v1.Role").values.ROLE_ATTENDEE;

const encode = (...events) => ServerMessage.encode({ events }).finish();

function now() {
  const ms = Date.now();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

class RequestError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const invalid = (message) => new RequestError(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, message);

// Trims, then checks emptiness, control characters and length in code points.
function checkText(text, maxChars, what, allowNewline) {
  const trimmed = text.replace(/\r\n/g, "\n").trim();
  if (trimmed === "") throw invalid(`${what} is empty`);
  const control = allowNewline ? /[\x00-\x08\x0b-\x1f\x7f]/ : /[\x00-\x08\x0a-\x1f\x7f]/;
  if (control.test(trimmed)) throw invalid(`${what} contains control characters`);
  let chars = 0;
  for (const _ of trimmed) ++chars;
  if (chars > maxChars) throw invalid(`${what} is ${chars} characters long; the limit is ${maxChars}`);
  return trimmed;
}

// ---------------------------------------------------------------- rooms

// Every room's events live in memory only: a restart starts each room at seq 1.
const rooms = new Map();
for (const id of options.rooms.split(",").map((r) => r.trim()).filter(Boolean)) {
  rooms.set(id, { id, seq: 0, members: new Set(), recent: [] });
}
if (rooms.size === 0) {
  console.error("--rooms: give at least one room id");
  process.exit(2);
}

function findRoom(roomId) {
  const room = rooms.get(roomId);
  if (!room) throw new RequestError(ErrorCode.ERROR_CODE_NOT_FOUND, `no room "${roomId}" in this event`);
  return room;
}

function send(ws, frame) {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > SEND_QUEUE_BYTES) {
    ws.close(CLOSE_POLICY_VIOLATION, "send queue overflow: the client is not reading");
    return;
  }
  ws.send(frame);
}

// ---------------------------------------------------------------- requests

const handlers = {
  hello(session, hello) {
    if (session.user) {
      throw new RequestError(ErrorCode.ERROR_CODE_FAILED_PRECONDITION, "Hello was already accepted");
    }
    session.user = {
      user_id: `u-${randomBytes(8).toString("hex")}`,
      display_name: checkText(hello.display_name, MAX_DISPLAY_NAME_CHARS, "display name", false),
      role: ROLE_ATTENDEE,
    };
    return {
      welcome: {
        session_id: session.id,
        user: session.user,
        server_time: now(),
        // No rate limit here: requests_per_second and request_burst stay 0.
        limits: { max_frame_bytes: MAX_FRAME_BYTES, max_chat_chars: MAX_CHAT_CHARS },
      },
    };
  },

  join_room(session, join) {
    const room = findRoom(join.room_id);
    room.members.add(session.ws);
    session.rooms.add(room);
    // No replay: a client resuming from a since_seq behind the head is told
    // it missed events and gets the recent ones, as after a long absence.
    const resuming = join.since_seq != null;
    const missed = resuming && Number(join.since_seq) < room.seq;
    return {
      joined: {
        room_id: room.id,
        head_seq: room.seq,
        viewers: room.members.size,
        missed_events: missed,
        recent: !resuming || missed ? room.recent : [],
        state: {},
      },
    };
  },

  send_chat(session, chat) {
    const room = findRoom(chat.room_id);
    if (!session.rooms.has(room)) {
      throw new RequestError(ErrorCode.ERROR_CODE_FAILED_PRECONDITION, `join room "${room.id}" before chatting`);
    }
    const text = checkText(chat.text, MAX_CHAT_CHARS, "chat message", true);
    const event = {
      room_id: room.id,
      seq: ++room.seq,
      time: now(),
      chat: { author: session.user, text, client_message_id: chat.client_message_id },
    };
    room.recent.push(event);
    if (room.recent.length > RECENT_EVENTS) room.recent.shift();
    // Encoded once, sent to every member (the sender too).
    const frame = encode({ room_event: event });
    for (const member of room.members) send(member, frame);
    return { chat_accepted: { room_id: room.id, seq: event.seq } };
  },

  ping() {
    return { pong: { server_time: now() } };
  },
};

function handle(session, data, isBinary) {
  let requestId = 0;
  try {
    if (!isBinary) {
      throw invalid("text frames are not accepted: send hallcast.v1.ClientMessage in binary frames");
    }
    let message;
    try {
      message = ClientMessage.decode(data);
    } catch (e) {
      throw invalid(`not a hallcast.v1.ClientMessage: ${e.message}`);
    }
    requestId = message.request_id;
    const body = message.body;
    if (!body) throw invalid("the request has no body");
    if (body !== "hello" && !session.user) {
      throw new RequestError(ErrorCode.ERROR_CODE_UNAUTHENTICATED, "send Hello before any other request");
    }
    const handler = handlers[body];
    if (!handler) throw invalid(`${body} is not supported by this server (Hello, JoinRoom, SendChat, Ping only)`);
    const result = handler(session, message[body]);
    send(session.ws, encode({ ack: { request_id: requestId, ...result } }));
  } catch (e) {
    if (!(e instanceof RequestError)) throw e;
    send(session.ws, encode({ error: { request_id: requestId, code: e.code, message: e.message } }));
  }
}

// ---------------------------------------------------------------- server

const http = createServer((_req, res) => {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("WebSocket only: /ws with the subprotocol hallcast.v1\n");
});
const wss = new WebSocketServer({
  server: http,
  path: "/ws",
  maxPayload: MAX_FRAME_BYTES,
  // A client without our subprotocol is accepted, then closed with the
  // reason (as the hub does), so that it can tell what was wrong.
  handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
});

wss.on("connection", (ws) => {
  if (ws.protocol !== SUBPROTOCOL) {
    ws.close(CLOSE_PROTOCOL_ERROR, `use the WebSocket subprotocol ${SUBPROTOCOL}`);
    return;
  }
  const session = { id: randomUUID(), ws, user: null, rooms: new Set() };
  ws.on("message", (data, isBinary) => handle(session, data, isBinary));
  ws.on("close", () => {
    for (const room of session.rooms) room.members.delete(ws);
    session.rooms.clear();
  });
  ws.on("error", () => ws.terminate());
});

const [host, port] = (() => {
  const at = options.listen.lastIndexOf(":");
  if (at < 0) throw new Error(`--listen HOST:PORT, not ${options.listen}`);
  return [options.listen.slice(0, at), Number(options.listen.slice(at + 1))];
})();
// The same accept queue as the hub's (libwebsockets listens with SOMAXCONN,
// 4096): Node's default of 511 would drop SYNs in a connect storm, and the
// comparison would time the kernel's retransmits rather than the server.
http.listen({ port, host, backlog: 4096 }, () => {
  console.log(`node-ws listening on http://${host}:${http.address().port}`);
});

function stop() {
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  http.close(() => process.exit(0));
  http.closeAllConnections();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

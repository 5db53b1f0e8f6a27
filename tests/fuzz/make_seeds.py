#!/usr/bin/python3
"""Writes the fuzzers' seed corpus (tests/fuzz/corpus/) from the protocol's
own classes, so that fuzzing starts from conversations the hub understands.

    /usr/bin/python3 tests/fuzz/make_seeds.py --proto-python build/tests/proto-python

(Debian's python3, which has python3-protobuf.)

The seeds are committed; run this again when the protocol grows. Inputs
that once broke a promise are added to the corpus by hand and kept.
"""

import argparse
import pathlib
import shutil
import struct
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# The client_message fuzzer's seats (see client_message_fuzzer.cpp).
ADA, BO, MODERATOR, ADMIN, NEWCOMER = range(5)
TEXT_FRAME = 0x80


def record(seat, message):
    data = message if isinstance(message, bytes) else message.SerializeToString()
    return bytes([seat]) + struct.pack("<H", len(data)) + data


def client_message_seeds(v1):
    def msg(request_id, **body):
        m = v1.ClientMessage(request_id=request_id)
        (name, value), = body.items()
        getattr(m, name).CopyFrom(value)
        return m

    room = "main-forum"
    seeds = {
        "hello-join-chat": [
            record(NEWCOMER, msg(1, hello=v1.Hello(display_name="Newcomer"))),
            record(NEWCOMER, msg(2, join_room=v1.JoinRoom(room_id=room))),
            record(NEWCOMER, msg(3, send_chat=v1.SendChat(room_id=room, text="hello", client_message_id="c1"))),
            record(NEWCOMER, msg(4, send_chat=v1.SendChat(room_id=room, text="hello", client_message_id="c1"))),
            record(NEWCOMER, msg(5, leave_room=v1.LeaveRoom(room_id=room))),
        ],
        "resume": [
            record(ADA, msg(3, send_chat=v1.SendChat(room_id=room, text="one"))),
            record(BO, msg(3, leave_room=v1.LeaveRoom(room_id=room))),
            record(BO, msg(4, join_room=v1.JoinRoom(room_id=room, since_seq=0))),
            record(BO, msg(5, join_room=v1.JoinRoom(room_id="panel-a", since_seq=7))),
        ],
        "questions": [
            record(ADA, msg(3, ask_question=v1.AskQuestion(room_id=room, text="Why?", anonymous=True))),
            record(BO, msg(3, vote_question=v1.VoteQuestion(room_id=room, question_id=1, up=True))),
            record(BO, msg(4, vote_question=v1.VoteQuestion(room_id=room, question_id=1, up=True))),
            record(MODERATOR, msg(3, moderate_question=v1.ModerateQuestion(
                room_id=room, question_id=1, action=v1.QUESTION_MODERATION_APPROVE, text="Why so?"))),
            record(MODERATOR, msg(4, moderate_question=v1.ModerateQuestion(
                room_id=room, question_id=1, action=v1.QUESTION_MODERATION_REPLY, text="Because."))),
            record(ADA, msg(4, list_questions=v1.ListQuestions(room_id=room, order=v1.QUESTION_ORDER_VOTES))),
            record(ADA, msg(5, withdraw_question=v1.WithdrawQuestion(room_id=room, question_id=1))),
        ],
        "moderation": [
            record(ADA, msg(3, send_chat=v1.SendChat(room_id=room, text="spam here"))),
            record(ADA, msg(4, send_chat=v1.SendChat(room_id=room, text="fine"))),
            record(MODERATOR, msg(3, pin_chat=v1.PinChat(room_id=room, chat_seq=1))),
            record(MODERATOR, msg(4, delete_chat=v1.DeleteChat(room_id=room, chat_seq=1))),
            record(MODERATOR, msg(5, change_room_settings=v1.ChangeRoomSettings(
                room_id=room, premoderation=True, slow_mode_seconds=5))),
            record(MODERATOR, msg(6, announce=v1.Announce(room_id=room, text="Break: 10 minutes"))),
            record(MODERATOR, msg(7, impose_sanction=v1.ImposeSanction(
                user_id="u-unknown", kind=v1.SANCTION_KIND_MUTE, duration_seconds=60))),
            record(ADMIN, msg(3, impose_sanction=v1.ImposeSanction(
                user_id="u-unknown", kind=v1.SANCTION_KIND_BAN))),
        ],
        "polls-reactions": [
            record(MODERATOR, msg(3, create_poll=v1.CreatePoll(
                room_id=room, question="Which?", options=["A", "B"]))),
            record(MODERATOR, msg(4, change_poll=v1.ChangePoll(room_id=room, poll_id=1, state=v1.POLL_STATE_OPEN))),
            record(ADA, msg(4, vote_poll=v1.VotePoll(room_id=room, poll_id=1, option=1))),
            record(MODERATOR, msg(5, change_poll=v1.ChangePoll(room_id=room, poll_id=1, state=v1.POLL_STATE_CLOSED))),
            record(BO, msg(3, react=v1.React(room_id=room, emoji="👏"))),
        ],
        "technician": [
            record(ADMIN, msg(3, watch_health=v1.WatchHealth())),
            record(ADMIN, msg(4, control_feed=v1.ControlFeed(room_id=room, action=v1.FEED_ACTION_FORCE_STANDBY))),
            record(ADMIN, msg(5, unwatch_health=v1.UnwatchHealth())),
            record(ADA, msg(3, ping=v1.Ping())),
        ],
        "bad-frames": [
            record(ADA, b"\xff\xff\xff"),
            record(ADA | TEXT_FRAME, b"hello"),
            record(BO, v1.ClientMessage(request_id=9).SerializeToString()),
            record(NEWCOMER, msg(1, send_chat=v1.SendChat(room_id=room, text="before hello"))),
            record(NEWCOMER, msg(2, hello=v1.Hello(display_name="x", resume_token="not.a.token"))),
            record(NEWCOMER, msg(3, hello=v1.Hello(token="eyJhbGciOiJub25lIn0.e30."))),
        ],
    }
    return {name: b"".join(records) for name, records in seeds.items()}


def http_route_seeds():
    lines = lambda *fields: "\n".join(fields).encode()
    return {
        "program": lines("GET", "/api/v1/program"),
        "health": lines("HEAD", "/healthz"),
        "metrics": lines("GET", "/metrics"),
        "index": lines("GET", "/"),
        "app-path": lines("GET", "/room/main-forum/"),
        "asset": lines("GET", "/assets/app.js"),
        "playlist": lines("GET", "/live/main-forum/index.m3u8", "_HLS_msn=3&_HLS_part=1"),
        "segment": lines("GET", "/live/panel-a/seg00000001.ts"),
        # panel-a's playlist is a live low-latency one (LivePlaylists).
        "blocking-reload": lines("GET", "/live/panel-a/index.m3u8", "_HLS_msn=1&_HLS_part=1"),
        "blocking-too-far": lines("GET", "/live/panel-a/index.m3u8", "_HLS_msn=9"),
        "hinted-part": lines("GET", "/live/panel-a/1-p8.ts"),
        "snapshot": lines("GET", "/api/v1/rooms/main-forum/snapshot.jpg"),
        "traversal": lines("GET", "/live/../secret"),
        "audit": lines("GET", "/api/v1/audit", "limit=10", "admin"),
        "questions-csv": lines("GET", "/api/v1/rooms/main-forum/questions.csv", "", "moderator"),
        "questions-json": lines("GET", "/api/v1/rooms/panel-a/questions.json", "", "Bearer x.y.z"),
        "foreign-origin": lines("GET", "/api/v1/program", "", "", "http://evil.example", "127.0.0.1:8080"),
        "post": lines("POST", "/api/v1/program"),
    }


# A configuration with every section, so that each reader is reached.
EVERY_SECTION = """event:
  id: forum
  title: {en: Forum, zh: 论坛}
  theme: {en: Theme, zh: 主题}
  venue: Beijing
  time_zone: Asia/Shanghai
rooms:
  - id: main-forum
    kind: main
    title: {en: Main, zh: 主论坛}
    schedule: {start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T12:00:00+08:00"}
    feed: {uri: "srt://:9000?mode=listener&passphrase=0123456789abcdef", backup: "rtsp://user:secret@127.0.0.1:8554/cam"}
    record: true
    ladder: [{height: 720, bitrate_kbps: 2500}, {height: 360, bitrate_kbps: 800}]
  - id: press
    kind: press
    title: {en: Press, zh: 发布会}
    schedule: {start: "2026-12-08T14:00:00+08:00", end: "2026-12-08T15:00:00+08:00"}
    feed: {uri: "rtmp://127.0.0.1/live/press"}
media:
  enabled: true
  segment_ms: 2000
  playlist_segments: 6
  feed_timeout_ms: 500
  snapshot_interval_ms: 5000
  recording_file_seconds: 1800
  alerts: {down_seconds: 3, silence_seconds: 10, black_seconds: 5, bitrate_drop_percent: 25}
limits: {max_frame_bytes: 65536, max_chat_chars: 500, requests_per_second: 5, request_burst: 20,
         send_queue_bytes: 4194304, replay_events: 1000, recent_events: 50, hello_timeout_seconds: 10,
         write_interval_ms: 0, ping_interval_seconds: 30, connections_per_ip: 1000}
storage: {sync: full}
access:
  secret: 0123456789abcdef0123456789abcdef
  allowed_origins: ["https://forum.example.org", "*"]
moderation: {blocked_words: [spam, "scam*"]}
cluster: {redis: "redis://127.0.0.1:6379/0", node_id: node-a, advertise_url: "http://127.0.0.1:8080"}
tls: {cert_file: hub.pem, key_file: hub.key}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proto-python", required=True, help="protoc's Python output (build/tests/proto-python)")
    args = parser.parse_args()
    sys.path.insert(0, args.proto_python)
    from hallcast.v1 import realtime_pb2 as realtime, interaction_pb2 as interaction, common_pb2 as common

    class V1:  # the package's messages and enums under one name, as in C++
        def __getattr__(self, name):
            for module in (realtime, interaction, common):
                if hasattr(module, name):
                    return getattr(module, name)
            raise AttributeError(name)

    corpus = HERE / "corpus"
    for fuzzer, seeds in (("client_message", client_message_seeds(V1())), ("http_route", http_route_seeds())):
        for name, data in seeds.items():
            (corpus / fuzzer).mkdir(parents=True, exist_ok=True)
            (corpus / fuzzer / f"seed-{name}").write_bytes(data)
    (corpus / "config").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "config" / "event.yaml", corpus / "config" / "seed-event.yaml")
    (corpus / "config" / "seed-every-section.yaml").write_text(EVERY_SECTION)
    (corpus / "hls_playlist").mkdir(parents=True, exist_ok=True)
    (corpus / "hls_playlist" / "seed-segments").write_bytes(bytes(range(256)) * 2)


if __name__ == "__main__":
    main()

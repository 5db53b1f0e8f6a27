#!/usr/bin/python3
"""The soak's interactive crowd (scripts/soak): attendees who chat, ask,
upvote, react and vote in polls, and a moderator who approves, answers and
pins questions and runs polls — each at a steady pace, within the hub's
default limits, over Python's websockets with protoc's classes.

Every request is matched with its answer. At the end it prints one JSON
object: requests sent, acknowledged, refused (by error code, with the
expected refusals — a second upvote, a vote on a closed poll — counted
apart), unanswered, and connections the hub closed.

    mixed_clients.py --port P --proto-python DIR --token MODERATOR_TOKEN
                     --rooms a,b --clients 40 --duration 600
"""

import argparse
import asyncio
import collections
import json
import random
import sys
import time

import websockets

ARGS = None
# Refusals the crowd provokes on purpose or by chance; not failures.
EXPECTED = {"ERROR_CODE_ALREADY_EXISTS", "ERROR_CODE_FAILED_PRECONDITION", "ERROR_CODE_NOT_FOUND"}


class Tally:
    def __init__(self):
        self.sent = 0
        self.acked = 0
        self.refused = collections.Counter()
        self.unanswered = 0
        self.closed = collections.Counter()
        self.examples = []

    def refuse(self, code, message):
        self.refused[code] += 1
        if code not in EXPECTED and len(self.examples) < 5:
            self.examples.append(f"{code}: {message}")


class Client:
    """One connection: a reader task matches answers to requests."""

    def __init__(self, tally, name, token=None):
        self.tally, self.name, self.token = tally, name, token
        self.next_id = 1
        self.waiting = {}
        self.questions = collections.defaultdict(list)  # room -> ids seen
        self.polls = {}  # room -> (id, state, options)

    async def run(self, rooms, until, act):
        uri = f"ws://127.0.0.1:{ARGS.port}/ws"
        try:
            async with websockets.connect(uri, subprotocols=["hallcast.v1"], max_size=2 ** 22) as ws:
                self.ws = ws
                reader = asyncio.create_task(self.read())
                hello = v1.ClientMessage()
                if self.token:
                    hello.hello.token = self.token
                else:
                    hello.hello.display_name = self.name
                await self.request(hello)
                for room in rooms:
                    join = v1.ClientMessage()
                    join.join_room.room_id = room
                    await self.request(join)
                while time.monotonic() < until:
                    await act(self, random.choice(rooms))
                reader.cancel()
        except websockets.exceptions.ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else 1006
            self.tally.closed[f"{code} {closed.rcvd.reason if closed.rcvd else ''}".strip()] += 1

    async def read(self):
        async for data in self.ws:
            message = v1.ServerMessage()
            message.ParseFromString(data)
            for event in message.events:
                kind = event.WhichOneof("kind")
                if kind in ("ack", "error"):
                    answer = getattr(event, kind)
                    future = self.waiting.pop(answer.request_id, None)
                    if future and not future.done():
                        future.set_result(event)
                elif kind == "room_event":
                    self.note(event.room_event)

    def note(self, event):
        which = event.WhichOneof("body")
        if which == "question":
            self.questions[event.room_id].append(event.question.question.id)
            del self.questions[event.room_id][:-50]
        elif which == "poll":
            poll = event.poll.poll
            self.polls[event.room_id] = (poll.id, poll.state, len(poll.options))

    async def request(self, message):
        message.request_id = self.next_id
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.waiting[message.request_id] = future
        self.tally.sent += 1
        await self.ws.send(message.SerializeToString())
        try:
            event = await asyncio.wait_for(future, 10)
        except asyncio.TimeoutError:
            self.waiting.pop(message.request_id, None)
            self.tally.unanswered += 1
            return None
        if event.HasField("ack"):
            self.tally.acked += 1
            return event.ack
        code = v1.ErrorCode.Name(event.error.code)
        self.tally.refuse(code, event.error.message)
        if code == "ERROR_CODE_RATE_LIMITED":
            await asyncio.sleep(event.error.retry_after_ms / 1000)
        return None


async def attendee(client, room):
    roll = random.random()
    m = v1.ClientMessage()
    if roll < 0.4:
        m.send_chat.room_id = room
        m.send_chat.text = random.choice(["你好!", "Great point", "Can you repeat that?", "👏👏", "Thanks"])
    elif roll < 0.5:
        m.ask_question.room_id = room
        m.ask_question.text = f"Question {random.randrange(10 ** 6)}: what comes next?"
        m.ask_question.anonymous = random.random() < 0.3
    elif roll < 0.7 and client.questions[room]:
        m.vote_question.room_id = room
        m.vote_question.question_id = random.choice(client.questions[room])
        m.vote_question.up = random.random() < 0.9
    elif roll < 0.8 and room in client.polls and client.polls[room][1] == v1.POLL_STATE_OPEN:
        poll_id, _, options = client.polls[room]
        m.vote_poll.room_id = room
        m.vote_poll.poll_id = poll_id
        m.vote_poll.option = random.randrange(options)
    else:
        m.react.room_id = room
        m.react.emoji = random.choice(["👏", "❤️", "👍", "🎉", "💡", "🤔"])
    await client.request(m)
    await asyncio.sleep(random.uniform(0.5, 1.5))


async def moderator(client, room):
    m = v1.ClientMessage()
    poll = client.polls.get(room)
    roll = random.random()
    if roll < 0.6 and client.questions[room]:
        m.moderate_question.room_id = room
        m.moderate_question.question_id = random.choice(client.questions[room])
        m.moderate_question.action = random.choice([
            v1.QUESTION_MODERATION_APPROVE, v1.QUESTION_MODERATION_ANSWER, v1.QUESTION_MODERATION_PIN,
            v1.QUESTION_MODERATION_REPLY, v1.QUESTION_MODERATION_REJECT])
        if m.moderate_question.action == v1.QUESTION_MODERATION_REPLY:
            m.moderate_question.text = "Answered on stage."
    elif poll is None or poll[1] == v1.POLL_STATE_CLOSED:
        m.create_poll.room_id = room
        m.create_poll.question = "Which session next?"
        m.create_poll.options.extend(["Panel A", "Panel B", "Exhibition"])
    else:
        m.change_poll.room_id = room
        m.change_poll.poll_id = poll[0]
        m.change_poll.state = v1.POLL_STATE_OPEN if poll[1] == v1.POLL_STATE_DRAFT else v1.POLL_STATE_CLOSED
    await client.request(m)
    await asyncio.sleep(random.uniform(1, 3))


async def main():
    tally = Tally()
    rooms = ARGS.rooms.split(",")
    until = time.monotonic() + ARGS.duration
    crowd = [Client(tally, f"Soak {i}").run(rooms, until, attendee) for i in range(ARGS.clients)]
    crowd.append(Client(tally, "Moderator", ARGS.token).run(rooms, until, moderator))
    await asyncio.gather(*crowd)
    print(json.dumps({
        "requests": tally.sent, "acknowledged": tally.acked,
        "refused_expected": sum(n for code, n in tally.refused.items() if code in EXPECTED),
        "refused_unexpected": {code: n for code, n in tally.refused.items() if code not in EXPECTED},
        "unanswered": tally.unanswered, "closed_by_hub": dict(tally.closed), "examples": tally.examples}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--proto-python", required=True)
    parser.add_argument("--token", required=True, help="a moderator's token")
    parser.add_argument("--rooms", required=True)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--duration", type=float, required=True)
    ARGS = parser.parse_args()
    sys.path.insert(0, ARGS.proto_python)
    from hallcast.v1 import common_pb2, interaction_pb2, realtime_pb2

    class V1:
        def __getattr__(self, name):
            for module in (realtime_pb2, interaction_pb2, common_pb2):
                if hasattr(module, name):
                    return getattr(module, name)
            raise AttributeError(name)

    v1 = V1()
    asyncio.run(main())

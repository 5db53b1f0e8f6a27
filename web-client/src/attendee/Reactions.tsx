// The reactions bar under the video and the emoji floating over it. A click
// sends React; what floats is everyone's reactions as the hub sums them
// (ServerEvent.reactions, a few times a second), this person's included.
import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorCode } from "../gen/hallcast/v1/realtime_pb";
import { HubRequestError, type HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { floatsFor, REACTION_EMOJI, type Float } from "../lib/reaction-floats";

const MAX_FLOATS = 40;

export function FloatingReactions({ client, roomId }: { client: HubClient; roomId: string }) {
  const [floats, setFloats] = useState<Float[]>([]);
  const nextId = useRef(0);
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.kind.case !== "reactions" || event.kind.value.roomId !== roomId) return;
        const added = floatsFor(event.kind.value, () => ++nextId.current);
        setFloats((now) => [...now, ...added].slice(-MAX_FLOATS));
      }),
    [client, roomId],
  );
  const done = (id: number) => setFloats((now) => now.filter((f) => f.id !== id));
  return (
    <div class="floats" aria-hidden="true" data-testid="floats">
      {floats.map((f) => (
        <span key={f.id} class="float-emoji" style={{ left: `${f.left}%`, animationDelay: `${f.delayMs}ms` }} onAnimationEnd={() => done(f.id)}>
          {f.emoji}
        </span>
      ))}
    </div>
  );
}

export function ReactionsBar({ client, roomId }: { client: HubClient; roomId: string }) {
  const { t } = useT();
  const [slowDown, setSlowDown] = useState(false);
  const react = (emoji: string) => {
    client.call({ case: "react", value: { roomId, emoji } }).catch((err) => {
      // Clicking faster than the hub takes requests: a short pause, no error text.
      if (err instanceof HubRequestError && err.code === ErrorCode.RATE_LIMITED) {
        setSlowDown(true);
        setTimeout(() => setSlowDown(false), Math.max(500, err.retryAfterMs));
      }
    });
  };
  return (
    <div class="reactions-bar" role="group" aria-label={t("reactions.label")} data-testid="reactions-bar">
      {REACTION_EMOJI.map((emoji) => (
        <button type="button" key={emoji} data-testid={`react-${emoji}`} disabled={slowDown || client.state.kind !== "online"} onClick={() => react(emoji)}>
          {emoji}
        </button>
      ))}
    </div>
  );
}

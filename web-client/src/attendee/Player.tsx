import type Hls from "hls.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { useT } from "../lib/lang-context";

type PlayerState = "loading" | "playing" | "retrying" | "error" | "unsupported";

// The room's HLS stream: hls.js where Media Source Extensions exist, the
// browser's own HLS (Safari, iOS) otherwise. Muted so that it may start by
// itself; the controls unmute. data-state and data-fatal-errors tell tests
// how it went.
export function Player({ src }: { src: string }) {
  const { t } = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<PlayerState>("loading");
  const [error, setError] = useState("");
  const [fatal, setFatal] = useState(0);

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    let hls: Hls | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let alive = true;
    const onPlaying = () => setState("playing");
    el.addEventListener("playing", onPlaying);
    const onMediaError = () => console.warn(`video error ${el.error?.code}: ${el.error?.message}`);
    el.addEventListener("error", onMediaError);

    // hls.js is loaded with the first room page, not with the program.
    const start = async () => {
      const { default: Hls } = await import("hls.js");
      if (!alive) return;
      if (Hls.isSupported()) {
        // The hub's playlists name no codecs; its audio is AAC-LC (the hint
        // keeps hls.js from guessing HE-AAC for low sample rates).
        hls = new Hls({ liveDurationInfinity: true, lowLatencyMode: false, defaultAudioCodec: "mp4a.40.2" });
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (!data.fatal) return;
          setFatal((n) => n + 1);
          console.warn(`hls.js fatal error: ${data.type} ${data.details}: ${data.error?.message ?? ""}`);
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
            hls?.recoverMediaError();
            return;
          }
          // The playlist may not exist yet (the room's pipeline is starting):
          // start over in a moment.
          setState(data.type === Hls.ErrorTypes.NETWORK_ERROR ? "retrying" : "error");
          setError(data.details);
          hls?.destroy();
          hls = undefined;
          retry = setTimeout(() => void start(), 3000);
        });
        hls.loadSource(src);
        hls.attachMedia(el);
        hls.on(Hls.Events.MANIFEST_PARSED, () => void el.play().catch(() => {}));
      } else if (el.canPlayType("application/vnd.apple.mpegurl")) {
        el.src = src;
        void el.play().catch(() => {});
      } else {
        setState("unsupported");
      }
    };
    void start();
    return () => {
      alive = false;
      clearTimeout(retry);
      el.removeEventListener("playing", onPlaying);
      el.removeEventListener("error", onMediaError);
      hls?.destroy();
    };
  }, [src]);

  return (
    <div class="player" data-state={state} data-fatal-errors={fatal}>
      <video ref={video} data-testid="video" controls muted autoplay playsInline />
      {state === "unsupported" && <p class="player-note">{t("player.unsupported")}</p>}
      {state === "retrying" && <p class="player-note">{t("player.retrying")}</p>}
      {state === "error" && <p class="player-note">{t("player.error", { error })}</p>}
    </div>
  );
}

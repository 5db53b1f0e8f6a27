// A whip:// room's feed from this browser (the technician's feed page, or
// a remote speaker given a technician token for the room): the camera and
// microphone previewed, then sent to the hub over WebRTC (WHIP) with the
// signed-in token; "Stop" ends the session and the slate goes on air.
import { useEffect, useRef, useState } from "preact/hooks";
import type { HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import { publishWhip, type WebRtcSession } from "../lib/webrtc";

type State = "idle" | "starting" | "live" | "error";

export function WhipPublisher({ client, roomId }: { client: HubClient; roomId: string }) {
  const { t } = useT();
  const preview = useRef<HTMLVideoElement>(null);
  const session = useRef<WebRtcSession | undefined>(undefined);
  const stream = useRef<MediaStream | undefined>(undefined);
  const [state, setState] = useState<State>("idle");
  const [error, setError] = useState("");

  const stop = () => {
    session.current?.close();
    session.current = undefined;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = undefined;
    if (preview.current) preview.current.srcObject = null;
  };
  useEffect(() => stop, []);

  const start = async () => {
    setError("");
    setState("starting");
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: true });
      if (preview.current) preview.current.srcObject = stream.current;
      session.current = await publishWhip(`/whip/${roomId}`, stream.current, client.staffToken);
      session.current.pc.addEventListener("connectionstatechange", () => {
        if (session.current?.pc.connectionState !== "failed") return;
        stop();
        setError(t("tech.whip.lost"));
        setState("error");
      });
      setState("live");
    } catch (e) {
      stop();
      setError((e as Error).message);
      setState("error");
    }
  };

  return (
    <section class="whip-publisher" data-testid="whip-publisher" data-state={state}>
      <h2>{t("tech.whip.title")}</h2>
      <p class="hint">{t("tech.whip.help")}</p>
      <video ref={preview} muted autoplay playsInline class="whip-preview" />
      {state === "live" ? (
        <button type="button" data-testid="whip-stop" onClick={() => { stop(); setState("idle"); }}>
          {t("tech.whip.stop")}
        </button>
      ) : (
        <button type="button" data-testid="whip-start" disabled={state === "starting"} onClick={() => void start()}>
          {t("tech.whip.start")}
        </button>
      )}
      {state === "live" && <p role="status">{t("tech.whip.live")}</p>}
      {error && <p class="chat-error" role="alert" data-testid="whip-error">{t("tech.whip.error", { error })}</p>}
    </section>
  );
}

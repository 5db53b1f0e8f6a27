import type Hls from "hls.js";
import type { LoadPolicy } from "hls.js";
import { useEffect, useRef, useState } from "preact/hooks";
import {
  AUDIO_LANGUAGE_KEY, hallLanguage, languageName, ORIGINAL, pickTrack, trackChoice, trackLabel, type AudioTrack,
} from "../lib/audio-tracks";
import { useT } from "../lib/lang-context";
import { playWhep } from "../lib/webrtc";

type PlayerState = "loading" | "starting" | "playing" | "retrying" | "error" | "unsupported";
type Mode = "hls" | "webrtc";

// The attendee's choice of low latency, kept across rooms and visits.
const kLowLatencyKey = "hallcast.lowLatency";
const savedMode = (): Mode => {
  try {
    return localStorage.getItem(kLowLatencyKey) === "1" ? "webrtc" : "hls";
  } catch {
    return "hls";
  }
};

// The attendee's audio language ("original" or a language), kept across
// rooms and visits like the low-latency switch.
const savedAudioChoice = (): string | null => {
  try {
    return localStorage.getItem(AUDIO_LANGUAGE_KEY);
  } catch {
    return null;
  }
};

// hls.js's audio tracks (hls.audioTracks) and the index of the one playing.
interface AudioMenu {
  tracks: AudioTrack[];
  active: number;
}
const NO_AUDIO_MENU: AudioMenu = { tracks: [], active: -1 };

// The room's HLS stream: hls.js where Media Source Extensions exist, the
// browser's own HLS (Safari, iOS) otherwise. The hub's playlists are
// Low-Latency HLS: hls.js loads their parts and stays the playlist's
// PART-HOLD-BACK behind the live edge (about a second). Muted so that it may
// start by itself; the controls unmute. data-state and data-fatal-errors
// tell tests how it went; data-latency, data-target-latency and data-parts
// what hls.js reports of its latency and the parts it loaded, and
// data-behind-wall-clock how old the picture is by its program date-time.
//
// The "low latency" switch plays the room over WebRTC (WHEP, `whep`)
// instead: well under a second behind the hall, for interpreters, remote
// speakers and moderators. A hub node takes a limited number of such
// viewers; when it refuses, the player says why and stays on HLS.
// data-mode says which plays, data-frames-decoded what WebRTC decoded.
//
// A room with simultaneous interpretation has alternate audio renditions in
// its master playlist: with more than one audio track, hls.js plays the one
// the attendee chose (audio-tracks.ts: saved, else the attendee's language
// when the hall, `language`, speaks another, else the original) and a menu
// switches. Not over WebRTC (WHEP carries the hall's sound only), nor with
// the browser's own HLS (Safari has its own menu). data-audio-tracks and
// data-audio-language say what hls.js has and plays.
// Until a room's first segment (a hub or room just started) its playlists
// answer 503 with Retry-After: 1. That is a room starting, not an error:
// asked again every second for up to a minute (hls.js's loader retries by
// itself, reporting nothing but to `onStarting`), without a fatal error.
// Other failures keep hls.js's own policy.
const kStartingRetries = 60;
function waitingWhileStarting(policy: LoadPolicy, onStarting: () => void): LoadPolicy {
  const errorRetry = policy.default.errorRetry;
  return {
    default: {
      ...policy.default,
      errorRetry: errorRetry && {
        ...errorRetry,
        retryDelayMs: 1000,
        backoff: "linear",
        shouldRetry: (_config, count, _timeout, response, retry) => {
          if (response?.code !== 503) return retry;
          onStarting();
          return count < kStartingRetries;
        },
      },
    },
  };
}

export function Player({ src, whep, language }: { src: string; whep?: string; language?: string }) {
  const { t, lang } = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<PlayerState>("loading");
  const [error, setError] = useState("");
  const [fatal, setFatal] = useState(0);
  const [latency, setLatency] = useState({ latency: "", target: "", parts: 0, behind: "" });
  const [mode, setMode] = useState<Mode>(() => (whep ? savedMode() : "hls"));
  const [webrtcError, setWebrtcError] = useState("");
  const [framesDecoded, setFramesDecoded] = useState(0);
  const [audio, setAudio] = useState<AudioMenu>(NO_AUDIO_MENU);
  const hlsRef = useRef<Hls>();
  // The audio choice in effect: the saved one until the attendee picks; it
  // outlives a restart of hls.js (where storage is unavailable too).
  const [initialAudioChoice] = useState(savedAudioChoice);
  const audioChoice = useRef(initialAudioChoice);
  // Read when a room's tracks appear; a change is no reason to restart hls.js.
  const languages = useRef({ hall: "", ui: lang });
  languages.current = { hall: language ?? "", ui: lang };

  const choose = (next: Mode) => {
    setWebrtcError("");
    setMode(next);
    try {
      localStorage.setItem(kLowLatencyKey, next === "webrtc" ? "1" : "0");
    } catch {
      // private browsing: not kept
    }
  };

  const chooseAudio = (index: number) => {
    const hls = hlsRef.current;
    const track = audio.tracks[index];
    if (!hls || !track) return;
    audioChoice.current = trackChoice(track);
    try {
      localStorage.setItem(AUDIO_LANGUAGE_KEY, audioChoice.current);
    } catch {
      // private browsing: kept for this page only
    }
    hls.audioTrack = index;
    setAudio({ tracks: audio.tracks, active: hls.audioTrack });
  };

  // WebRTC (WHEP) while the switch is on.
  useEffect(() => {
    const el = video.current;
    if (!el || mode !== "webrtc" || !whep) return;
    let alive = true;
    let playback: Awaited<ReturnType<typeof playWhep>> | undefined;
    setState("loading");
    const onPlaying = () => setState("playing");
    el.addEventListener("playing", onPlaying);
    const stats = setInterval(async () => {
      if (!playback) return;
      (await playback.pc.getStats()).forEach((s) => {
        if (s.type === "inbound-rtp" && s.kind === "video") setFramesDecoded(s.framesDecoded ?? 0);
      });
    }, 1000);
    playWhep(whep)
      .then((p) => {
        if (!alive) return p.close();
        playback = p;
        el.srcObject = p.stream;
        void el.play().catch(() => {});
        p.pc.addEventListener("connectionstatechange", () => {
          if (p.pc.connectionState === "failed" && alive) {
            setWebrtcError(t("player.lowLatencyLost"));
            setMode("hls");
          }
        });
      })
      .catch((e: Error) => {
        if (!alive) return;
        setWebrtcError(e.message);
        setMode("hls");  // not saved: the next visit tries again
      });
    return () => {
      alive = false;
      clearInterval(stats);
      el.removeEventListener("playing", onPlaying);
      playback?.close();
      el.srcObject = null;
      setFramesDecoded(0);
    };
  }, [mode, whep]);

  useEffect(() => {
    const el = video.current;
    if (!el || mode !== "hls") return;
    let hls: Hls | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let parts = 0;
    const report = setInterval(() => {
      if (!hls || !Number.isFinite(hls.latency)) return;
      // How far behind the wall clock the picture is, by the playlist's
      // program date-times (stamped when the hub packaged it).
      const date = hls.playingDate;
      const behind = date ? ((Date.now() - date.getTime()) / 1000).toFixed(2) : "";
      setLatency({ latency: hls.latency.toFixed(2), target: (hls.targetLatency ?? 0).toFixed(2), parts, behind });
    }, 1000);
    let alive = true;
    const onPlaying = () => setState("playing");
    el.addEventListener("playing", onPlaying);
    const onMediaError = () => console.warn(`video error ${el.error?.code}: ${el.error?.message}`);
    el.addEventListener("error", onMediaError);

    // A held LL-HLS reload may also end 503: "starting" only before playing.
    const onStarting = () => {
      if (alive && !el.currentTime) setState("starting");
    };

    // hls.js is loaded with the first room page, not with the program.
    const start = async () => {
      const { default: Hls } = await import("hls.js");
      if (!alive) return;
      if (Hls.isSupported()) {
        // The hub's playlists name no codecs; its audio is AAC-LC (the hint
        // keeps hls.js from guessing HE-AAC for low sample rates).
        // Up to 10 % faster while behind the target latency (after a stall),
        // rather than staying behind for good.
        const player = new Hls({
          manifestLoadPolicy: waitingWhileStarting(Hls.DefaultConfig.manifestLoadPolicy, onStarting),
          playlistLoadPolicy: waitingWhileStarting(Hls.DefaultConfig.playlistLoadPolicy, onStarting),
          liveDurationInfinity: true,
          lowLatencyMode: true,
          maxLiveSyncPlaybackRate: 1.1,
          defaultAudioCodec: "mp4a.40.2",
        });
        hls = player;
        hlsRef.current = player;
        const showTracks = () =>
          setAudio({ tracks: player.audioTracks.map(({ name, lang, url }) => ({ name, lang, url })), active: player.audioTrack });
        hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, (_event, data) => {
          // Chosen here, before hls.js falls back to the DEFAULT=YES track
          // (it does when none is chosen): the audio does not switch once
          // it has started.
          if (data.audioTracks.length > 1) {
            const { hall, ui } = languages.current;
            player.audioTrack = pickTrack(data.audioTracks, audioChoice.current, ui, hallLanguage(hall, data.audioTracks));
          }
          showTracks();
        });
        hls.on(Hls.Events.AUDIO_TRACK_SWITCHED, showTracks);
        hls.on(Hls.Events.FRAG_LOADED, (_event, data) => {
          if (data.part) parts += 1;
        });
        hls.on(Hls.Events.ERROR, (_event, data) => {
          // What went wrong with which segment or part: what an operator's
          // support needs from an attendee's console.
          const where = data.frag ? ` (segment ${data.frag.sn}${data.part ? ` part ${data.part.index}` : ""})` : "";
          if (!data.fatal) {
            console.info(`hls.js: ${data.type} ${data.details}${where}: ${data.error?.message ?? ""}`);
            return;
          }
          setFatal((n) => n + 1);
          console.warn(`hls.js fatal error: ${data.type} ${data.details}${where}: ${data.error?.message ?? ""}`);
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
          hlsRef.current = undefined;
          setAudio(NO_AUDIO_MENU);
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
      clearInterval(report);
      el.removeEventListener("playing", onPlaying);
      el.removeEventListener("error", onMediaError);
      hls?.destroy();
      hlsRef.current = undefined;
      setAudio(NO_AUDIO_MENU);
      el.removeAttribute("src");
    };
  }, [src, mode]);

  const activeTrack = audio.tracks[audio.active];
  const hall = hallLanguage(language, audio.tracks);
  const originalLabel = hall ? t("player.audioOriginalIn", { language: languageName(hall) }) : t("player.audioOriginal");
  return (
    <div
      class="player"
      data-state={state}
      data-mode={mode}
      data-frames-decoded={framesDecoded}
      data-fatal-errors={fatal}
      data-latency={latency.latency}
      data-target-latency={latency.target}
      data-parts={latency.parts}
      data-behind-wall-clock={latency.behind}
      data-audio-tracks={audio.tracks.length}
      data-audio-language={activeTrack ? trackChoice(activeTrack) : ORIGINAL}
    >
      <video ref={video} data-testid="video" controls muted autoplay playsInline />
      {state === "unsupported" && <p class="player-note">{t("player.unsupported")}</p>}
      {state === "starting" && <p class="player-note">{t("player.starting")}</p>}
      {state === "retrying" && <p class="player-note">{t("player.retrying")}</p>}
      {state === "error" && mode === "hls" && <p class="player-note">{t("player.error", { error })}</p>}
      {webrtcError && (
        <p class="player-note" data-testid="low-latency-error" role="status">
          {t("player.lowLatencyFailed", { error: webrtcError })}
        </p>
      )}
      {mode === "hls" && audio.tracks.length > 1 && (
        <select
          class="audio-language"
          data-testid="audio-language"
          aria-label={t("player.audioLanguage")}
          title={t("player.audioLanguage")}
          value={String(audio.active)}
          onChange={(e) => chooseAudio(Number(e.currentTarget.value))}
        >
          {audio.tracks.map((track, i) => (
            <option key={i} value={String(i)} lang={track.lang || undefined}>{trackLabel(track, originalLabel)}</option>
          ))}
        </select>
      )}
      {whep && (
        <button
          type="button"
          class={`low-latency${mode === "webrtc" ? " on" : ""}`}
          data-testid="low-latency"
          aria-pressed={mode === "webrtc"}
          title={t("player.lowLatencyHint")}
          onClick={() => choose(mode === "webrtc" ? "hls" : "webrtc")}
        >
          {t("player.lowLatency")}
        </button>
      )}
    </div>
  );
}

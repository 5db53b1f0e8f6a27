// The detail view's list of a feed's facts: each a label key and its value
// as text, in the order a technician checks them (source, picture, sound,
// flow, link). Values the hub reports as unknown (-1) show as "—".
import type { FeedHealth, InterpretationHealth } from "../gen/hallcast/v1/health_pb";
import type { MessageKey } from "../lib/i18n";
import { formatSeconds } from "./format";

export interface DetailField {
  key: MessageKey;
  value: string;
}

const NONE = "—";

function media(codec: string, transcoded: boolean, extra: string, transcodedWord: string): string {
  if (!codec) return NONE;
  return [codec, extra, transcoded ? transcodedWord : ""].filter(Boolean).join(", ");
}

// `transcodedWord`: the page language's word for "transcoded".
export function detailFields(feed: FeedHealth, transcodedWord: string): DetailField[] {
  const size = feed.width && feed.height ? `${feed.width}×${feed.height}` : "";
  return [
    { key: "tech.field.source", value: feed.sourceUri || NONE },
    // A cluster's node ingesting the feed; a single hub names none.
    ...(feed.nodeId ? [{ key: "tech.field.node", value: feed.nodeId } satisfies DetailField] : []),
    { key: "tech.field.onAir", value: feed.onAir || NONE },
    { key: "tech.field.forced", value: feed.forced || NONE },
    { key: "tech.field.video", value: media(feed.videoCodec, feed.videoTranscoded, size, transcodedWord) },
    { key: "tech.field.keyframes", value: feed.keyframeIntervalSeconds > 0 ? formatSeconds(feed.keyframeIntervalSeconds) : NONE },
    { key: "tech.field.audio", value: media(feed.audioCodec, feed.audioTranscoded, "", transcodedWord) },
    { key: "tech.field.uptime", value: formatSeconds(feed.uptimeSeconds) },
    { key: "tech.field.segments", value: String(feed.segments) },
    { key: "tech.field.switches", value: String(feed.switches) },
    { key: "tech.reconnects", value: String(feed.reconnects) },
    { key: "tech.field.viewers", value: String(feed.viewers) },
    { key: "tech.field.silence", value: formatSeconds(feed.silenceSeconds) },
    { key: "tech.field.luma", value: feed.pictureLuma >= 0 ? feed.pictureLuma.toFixed(2) : NONE },
    { key: "tech.field.black", value: formatSeconds(feed.blackSeconds) },
    { key: "tech.field.dropped", value: String(feed.droppedBuffers) },
    { key: "tech.field.linkLost", value: feed.linkPacketsLost >= 0n ? String(feed.linkPacketsLost) : NONE },
    { key: "tech.field.rtt", value: feed.linkRttMs >= 0 ? `${feed.linkRttMs.toFixed(1)} ms` : NONE },
    { key: "tech.field.recording", value: String(feed.recordingFiles) },
    { key: "tech.field.playlist", value: feed.masterPlaylist || feed.playlist || NONE },
    { key: "tech.lastError", value: feed.lastError || NONE },
  ];
}

// The facts of one interpretation channel (its name, state and levels are
// shown beside them): where its audio comes from, how it flows, what failed.
export function interpretationFields(channel: InterpretationHealth): DetailField[] {
  return [
    { key: "tech.field.source", value: channel.sourceUri || NONE },
    { key: "tech.field.audio", value: channel.audioCodec || NONE },
    { key: "tech.field.silence", value: formatSeconds(channel.silenceSeconds) },
    { key: "tech.reconnects", value: String(channel.reconnects) },
    { key: "tech.field.segments", value: String(channel.segments) },
    { key: "tech.field.playlist", value: channel.playlist || NONE },
    { key: "tech.lastError", value: channel.lastError || NONE },
  ];
}

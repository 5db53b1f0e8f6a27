import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { FeedHealthSchema, InterpretationHealthSchema } from "../gen/hallcast/v1/health_pb";
import { en } from "../i18n/tech";
import { detailFields, interpretationFields } from "./detail-fields";

const value = (fields: ReturnType<typeof detailFields>, key: string) => fields.find((f) => f.key === key)?.value;

describe("detailFields", () => {
  it("writes a live feed's facts", () => {
    const fields = detailFields(
      create(FeedHealthSchema, {
        sourceUri: "srt://:9000?mode=listener", onAir: "live", videoCodec: "h264", width: 1920, height: 1080,
        keyframeIntervalSeconds: 2, audioCodec: "aac", audioTranscoded: true, uptimeSeconds: 185, segments: 90n,
        pictureLuma: 0.4321, linkPacketsLost: 3n, linkRttMs: 12.34, playlist: "/live/a/index.m3u8",
      }),
      "transcoded",
    );
    expect(value(fields, "tech.field.video")).toBe("h264, 1920×1080");
    expect(value(fields, "tech.field.audio")).toBe("aac, transcoded");
    expect(value(fields, "tech.field.keyframes")).toBe("2.0 s");
    expect(value(fields, "tech.field.uptime")).toBe("3:05");
    expect(value(fields, "tech.field.luma")).toBe("0.43");
    expect(value(fields, "tech.field.linkLost")).toBe("3");
    expect(value(fields, "tech.field.rtt")).toBe("12.3 ms");
    expect(value(fields, "tech.field.playlist")).toBe("/live/a/index.m3u8");
    expect(value(fields, "tech.field.node")).toBeUndefined();
  });

  it("names the cluster node that ingests the feed", () => {
    const fields = detailFields(create(FeedHealthSchema, { sourceUri: "test://", nodeId: "hub-b" }), "transcoded");
    expect(fields[1]).toEqual({ key: "tech.field.node", value: "hub-b" });
  });

  it("shows unknowns as a dash, and every label exists", () => {
    const fields = detailFields(create(FeedHealthSchema, { pictureLuma: -1, linkPacketsLost: -1n, linkRttMs: -1 }), "transcoded");
    for (const key of ["tech.field.video", "tech.field.luma", "tech.field.linkLost", "tech.field.rtt", "tech.lastError", "tech.field.forced"]) {
      expect(value(fields, key)).toBe("—");
    }
    for (const f of fields) expect(en[f.key as keyof typeof en]).toBeTruthy();
  });
});

describe("interpretationFields", () => {
  it("writes a channel's facts, unknowns as a dash", () => {
    const fields = interpretationFields(create(InterpretationHealthSchema, {
      language: "en", name: "English", sourceUri: "srt://:9100?mode=listener", audioCodec: "opus", silenceSeconds: 12.4,
      reconnects: 2n, playlist: "/live/a/audio-en/index.m3u8", segments: 40n,
    }));
    expect(value(fields, "tech.field.source")).toBe("srt://:9100?mode=listener");
    expect(value(fields, "tech.field.audio")).toBe("opus");
    expect(value(fields, "tech.field.silence")).toBe("12 s");
    expect(value(fields, "tech.reconnects")).toBe("2");
    expect(value(fields, "tech.field.segments")).toBe("40");
    expect(value(fields, "tech.field.playlist")).toBe("/live/a/audio-en/index.m3u8");
    expect(value(fields, "tech.lastError")).toBe("—");
    const empty = interpretationFields(create(InterpretationHealthSchema, {}));
    expect(value(empty, "tech.field.source")).toBe("—");
    expect(value(empty, "tech.field.audio")).toBe("—");
    for (const f of empty) expect(en[f.key as keyof typeof en]).toBeTruthy();
  });
});

import { describe, expect, it } from "vitest";
import { formatBitrate, formatClock, formatDbfs, formatFps, formatSeconds, meterLevel, meterPercent } from "./format";

describe("formatBitrate", () => {
  it("picks a unit and a fixed precision", () => {
    expect(formatBitrate(0)).toBe("0 b/s");
    expect(formatBitrate(Number.NaN)).toBe("0 b/s");
    expect(formatBitrate(850)).toBe("850 b/s");
    expect(formatBitrate(97_132.8)).toBe("97.1 kb/s");
    expect(formatBitrate(154_218)).toBe("154 kb/s");
    expect(formatBitrate(2_345_678)).toBe("2.35 Mb/s");
  });
});

describe("formatFps / formatSeconds", () => {
  it("keeps one decimal for rates", () => {
    expect(formatFps(9.9898)).toBe("10.0");
    expect(formatFps(25)).toBe("25.0");
    expect(formatFps(-1)).toBe("0.0");
  });
  it("reads -1 as not yet, and long spans as clock durations", () => {
    expect(formatSeconds(-1)).toBe("—");
    expect(formatSeconds(1.112)).toBe("1.1 s");
    expect(formatSeconds(42.4)).toBe("42 s");
    expect(formatSeconds(185)).toBe("3:05");
    expect(formatSeconds(3723)).toBe("1:02:03");
  });
});

describe("audio meters", () => {
  it("maps dBFS onto 0..100 % from the floor to full scale", () => {
    expect(meterPercent(-Infinity)).toBe(0);
    expect(meterPercent(-80)).toBe(0);
    expect(meterPercent(-30)).toBe(50);
    expect(meterPercent(0)).toBe(100);
    expect(meterPercent(3)).toBe(100);
  });
  it("colours hot and clipping levels", () => {
    expect(meterLevel(-26)).toBe("ok");
    expect(meterLevel(-12)).toBe("hot");
    expect(meterLevel(-1)).toBe("clip");
  });
  it("writes silence as minus infinity", () => {
    expect(formatDbfs(-25.97)).toBe("-26 dB");
    expect(formatDbfs(-Infinity)).toBe("-∞ dB");
  });
});

describe("time", () => {
  it("formats a 24-hour local clock", () => {
    const ms = new Date(2026, 10, 26, 14, 3, 7).getTime();
    expect(formatClock(ms, "en-GB")).toBe("14:03:07");
    expect(formatClock(ms, "zh-CN")).toBe("14:03:07");
  });
});

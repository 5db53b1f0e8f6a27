import { describe, expect, it } from "vitest";
import { hallLanguage, isOriginal, languageName, ORIGINAL, pickTrack, trackChoice, trackLabel, type AudioTrack } from "./audio-tracks";

// As hls.js reads the hub's master playlist of a Chinese panel with English
// and Chinese interpretation: the original has no URI.
const ORIGINAL_ZH: AudioTrack = { name: "Original", lang: "zh", url: "" };
const EN: AudioTrack = { name: "English", lang: "en", url: "http://hub/live/p/audio-en/index.m3u8" };
const ZH: AudioTrack = { name: "中文", lang: "zh", url: "http://hub/live/p/audio-zh/index.m3u8" };
const PANEL = [ORIGINAL_ZH, EN, ZH];

describe("tracks", () => {
  it("tells the original (no URL, as hls.js gives it: '' or none) from the renditions", () => {
    expect(isOriginal(ORIGINAL_ZH)).toBe(true);
    expect(isOriginal({ name: "Original" })).toBe(true);
    expect(isOriginal(EN)).toBe(false);
  });

  it("saves 'original' or the rendition's language, even when it is the hall's", () => {
    expect(trackChoice(ORIGINAL_ZH)).toBe(ORIGINAL);
    expect(trackChoice(EN)).toBe("en");
    expect(trackChoice(ZH)).toBe("zh");
    expect(trackChoice({ name: "Sign", url: "x" })).toBe("Sign");
  });
});

describe("pickTrack", () => {
  it("plays the saved choice when the room has it", () => {
    expect(pickTrack(PANEL, "en", "zh", "zh")).toBe(1);
    expect(pickTrack(PANEL, "zh", "en", "zh")).toBe(2);
    expect(pickTrack(PANEL, ORIGINAL, "en", "zh")).toBe(0);
    expect(pickTrack(PANEL, "en-GB", "zh", "zh")).toBe(1);
  });

  it("plays the original for a saved language the hall speaks, and decides afresh for one it lacks", () => {
    const englishHall = [{ name: "Original", lang: "en", url: "" }, { name: "中文", lang: "zh", url: "u" }];
    expect(pickTrack(englishHall, "en", "zh", "en")).toBe(0);
    expect(pickTrack([ORIGINAL_ZH, ZH], "fr", "en", "zh")).toBe(0);
    expect(pickTrack([ORIGINAL_ZH, EN], "fr", "en", "zh")).toBe(1);
  });

  it("without a saved choice, interprets into the attendee's language when the hall speaks another", () => {
    expect(pickTrack(PANEL, null, "en", "zh")).toBe(1);
    expect(pickTrack(PANEL, null, "zh", "zh")).toBe(0);
    expect(pickTrack(PANEL, null, "zh", "zh-CN")).toBe(0);
    // No rendition in the attendee's language: the hall's sound.
    expect(pickTrack([ORIGINAL_ZH, ZH], null, "en", "zh")).toBe(0);
  });

  it("keeps the original when the hall's language is not known", () => {
    expect(pickTrack(PANEL, null, "en", "")).toBe(0);
  });

  it("takes the first track when there is no original", () => {
    expect(pickTrack([EN, ZH], null, "zh", "")).toBe(0);
    expect(pickTrack([EN, ZH], ORIGINAL, "zh", "")).toBe(0);
  });
});

describe("labels", () => {
  it("names languages in themselves", () => {
    expect(languageName("zh")).toBe("中文");
    expect(languageName("en")).toBe("English");
    expect(languageName("not a tag!")).toBe("not a tag!");
  });

  it("labels the original as given and the renditions by NAME", () => {
    expect(PANEL.map((t) => trackLabel(t, "Original (中文)"))).toEqual(["Original (中文)", "English", "中文"]);
    expect(trackLabel({ name: "", lang: "en", url: "u" }, "Original")).toBe("English");
  });

  it("finds the hall's language in the program, else in the original track", () => {
    expect(hallLanguage("en", PANEL)).toBe("en");
    expect(hallLanguage("", PANEL)).toBe("zh");
    expect(hallLanguage(undefined, [{ name: "Original", url: "" }, EN])).toBe("");
  });
});

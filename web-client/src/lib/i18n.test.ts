import { describe, expect, it } from "vitest";
import { initialLang, otherLang, translate } from "./i18n";

describe("translate", () => {
  it("gives each language its own string", () => {
    expect(translate("en", "chat.send")).toBe("Send");
    expect(translate("zh", "chat.send")).toBe("发送");
  });

  it("fills in placeholders, and leaves unknown ones as they are", () => {
    expect(translate("en", "viewers", { n: 42 })).toBe("42 watching");
    expect(translate("zh", "viewers", { n: 42 })).toBe("42 人观看");
    expect(translate("en", "viewers")).toBe("{n} watching");
  });

  it("falls back to English, then to the key", () => {
    expect(translate("zh", "no.such.key")).toBe("no.such.key");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });

  it("does not read placeholders out of the values", () => {
    expect(translate("en", "chat.you", { name: "{n} <b>x</b>" })).toBe("You are {n} <b>x</b>");
  });
});

describe("initialLang", () => {
  it("prefers the stored choice", () => {
    expect(initialLang("zh", ["en-US"])).toBe("zh");
    expect(initialLang("en", ["zh-CN"])).toBe("en");
  });

  it("otherwise follows the browser's languages in order", () => {
    expect(initialLang(null, ["zh-CN", "en"])).toBe("zh");
    expect(initialLang(null, ["zh-Hant-TW"])).toBe("zh");
    expect(initialLang(null, ["fr-FR", "en-GB", "zh"])).toBe("en");
    expect(initialLang("klingon", ["de", "ZH-hk"])).toBe("zh");
  });

  it("defaults to English", () => {
    expect(initialLang(null, [])).toBe("en");
    expect(initialLang(undefined, ["fr"])).toBe("en");
  });

  it("switches between the two", () => {
    expect(otherLang("en")).toBe("zh");
    expect(otherLang("zh")).toBe("en");
  });
});

// Every string of the UI, in English and Chinese. A key missing in a language
// falls back to English, then to the key itself. The chosen language is kept
// in localStorage; the default comes from navigator.language.

export type Lang = "en" | "zh";
export const LANGS: readonly Lang[] = ["en", "zh"];
export const LANG_STORAGE_KEY = "hallcast.lang";

const en = {
  "app.name": "hallcast",
  "lang.switch": "中文",
  "lang.switch.label": "Switch to Chinese",
  "landing.loading": "Loading the program…",
  "landing.error": "The program could not be loaded: {error}",
  "landing.empty": "No rooms yet.",
  "group.main": "Main forum",
  "group.panel": "Panel sessions",
  "group.pressExhibition": "Press conference and exhibition",
  "group.activity": "Supporting activities",
  "status.live": "Live",
  "status.upcoming": "Upcoming",
  "status.ended": "Ended",
  "viewers": "{n} watching",
  "schedule.tz": "Times in {tz}",
  "room.back": "← Program",
  "room.notFound": "There is no room “{id}” in this event.",
  "room.watch": "Watch",
  "player.unsupported": "This browser cannot play the live stream.",
  "player.error": "The stream could not be played: {error}",
  "player.retrying": "The stream is not available yet, retrying…",
  "chat.title": "Chat",
  "chat.placeholder": "Say something…",
  "chat.send": "Send",
  "chat.empty": "No messages yet. Say hello!",
  "chat.you": "You are {name}",
  "chat.rename": "Change name",
  "chat.rename.save": "Save",
  "chat.rename.cancel": "Cancel",
  "chat.sending": "sending…",
  "chat.deleted": "(message removed by a moderator)",
  "chat.tooLong": "At most {n} characters.",
  "conn.connecting": "Connecting…",
  "conn.online": "Connected",
  "conn.reconnecting": "Reconnecting in {s} s…",
  "conn.error": "{message}",
} as const;

export type MessageKey = keyof typeof en;

const zh: Partial<Record<MessageKey, string>> = {
  "app.name": "hallcast",
  "lang.switch": "English",
  "lang.switch.label": "切换到英文",
  "landing.loading": "正在加载日程…",
  "landing.error": "无法加载日程：{error}",
  "landing.empty": "暂无会场。",
  "group.main": "主论坛",
  "group.panel": "主题论坛",
  "group.pressExhibition": "新闻发布会与主题展览",
  "group.activity": "配套活动",
  "status.live": "直播中",
  "status.upcoming": "即将开始",
  "status.ended": "已结束",
  "viewers": "{n} 人观看",
  "schedule.tz": "时间为 {tz} 时间",
  "room.back": "← 日程",
  "room.notFound": "本活动没有会场“{id}”。",
  "room.watch": "观看",
  "player.unsupported": "此浏览器无法播放直播。",
  "player.error": "无法播放直播：{error}",
  "player.retrying": "直播暂不可用，正在重试…",
  "chat.title": "聊天",
  "chat.placeholder": "说点什么…",
  "chat.send": "发送",
  "chat.empty": "还没有消息，来打个招呼吧！",
  "chat.you": "你的名字：{name}",
  "chat.rename": "改名",
  "chat.rename.save": "保存",
  "chat.rename.cancel": "取消",
  "chat.sending": "发送中…",
  "chat.deleted": "（消息已被主持人删除）",
  "chat.tooLong": "最多 {n} 个字符。",
  "conn.connecting": "正在连接…",
  "conn.online": "已连接",
  "conn.reconnecting": "{s} 秒后重新连接…",
  "conn.error": "{message}",
};

const tables: Record<Lang, Partial<Record<MessageKey, string>>> = { en, zh };

// The string of `key` in `lang` with {name} placeholders filled in.
export function translate(lang: Lang, key: MessageKey | string, params: Record<string, string | number> = {}): string {
  const template =
    tables[lang]?.[key as MessageKey] ?? (en as Record<string, string>)[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

// The language to start with: the one stored, else the browser's, else English.
export function initialLang(stored: string | null | undefined, navigatorLanguages: readonly string[]): Lang {
  if (stored === "en" || stored === "zh") return stored;
  for (const tag of navigatorLanguages) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "zh") return "zh";
    if (primary === "en") return "en";
  }
  return "en";
}

// The BCP 47 tag for dates and numbers.
export function locale(lang: Lang): string {
  return lang === "zh" ? "zh-CN" : "en-GB";
}

export function otherLang(lang: Lang): Lang {
  return lang === "en" ? "zh" : "en";
}

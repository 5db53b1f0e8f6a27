// The player's audio-language menu: which of a room's audio renditions
// (the hall's own sound and its simultaneous interpretation) to play, and
// what to call each. Pure: the Player hands in hls.js's tracks, the saved
// choice and the languages.
//
// The hub's master playlist lists the original sound without a URI (it is
// muxed with the video) and each interpretation channel with one
// (audio-en/index.m3u8). Languages alone cannot tell them apart: a Chinese
// hall may also have a Chinese channel (interpreting its English speakers).
// So a choice is "original" or the language of a rendition with a URL.

// What of hls.js's MediaPlaylist this needs (tests need no hls.js).
export interface AudioTrack {
  name: string;
  lang?: string;
  url?: string;
}

// Kept across rooms and visits: "original" or a rendition's language.
export const AUDIO_LANGUAGE_KEY = "hallcast.audioLanguage";
export const ORIGINAL = "original";

export const isOriginal = (track: AudioTrack): boolean => !track.url;

// What choosing `track` saves, and what data-audio-language shows.
export function trackChoice(track: AudioTrack): string {
  return isOriginal(track) ? ORIGINAL : track.lang || track.name;
}

// "zh-CN" and "zh" are the same language for choosing a rendition.
function primary(tag: string | undefined): string {
  return (tag ?? "").toLowerCase().split("-")[0];
}

function find(tracks: readonly AudioTrack[], match: (t: AudioTrack) => boolean): number {
  return tracks.findIndex(match);
}

// The index of the track to play when a room's tracks appear:
// - the saved choice, when the room has it ("original", or a rendition of
//   that language; a language that is the hall's own: the original);
// - else, when the hall's language is known and not the attendee's, and
//   a rendition in the attendee's language exists: that one (an English
//   speaker at a Chinese panel hears English);
// - else the original (with the hall's language unknown the organiser did
//   not say who needs interpretation: the hall's sound is the safe choice).
// The first track when there is no original.
export function pickTrack(tracks: readonly AudioTrack[], saved: string | null, uiLang: string, hallLang: string): number {
  const original = Math.max(0, find(tracks, isOriginal));
  const rendition = (lang: string) => find(tracks, (t) => !isOriginal(t) && !!t.lang && primary(t.lang) === primary(lang));
  if (saved === ORIGINAL) return original;
  if (saved) {
    const exact = find(tracks, (t) => !isOriginal(t) && trackChoice(t) === saved);
    const i = exact >= 0 ? exact : rendition(saved);
    if (i >= 0) return i;
    if (hallLang && primary(saved) === primary(hallLang)) return original;
  }
  if (hallLang && primary(uiLang) !== primary(hallLang)) {
    const i = rendition(uiLang);
    if (i >= 0) return i;
  }
  return original;
}

// A language's name in itself ("中文", "English", "français"), as audio
// menus list them; the tag itself when the browser cannot name it.
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

// A track's label in the menu: the original as `originalLabel` (the page
// language's "Original", naming the hall's language if known), the others
// by their NAME (their language's name without one).
export function trackLabel(track: AudioTrack, originalLabel: string): string {
  if (isOriginal(track)) return originalLabel;
  return track.name || (track.lang ? languageName(track.lang) : "?");
}

// The hall's language: the program's, else the original track's LANGUAGE.
export function hallLanguage(programLang: string | undefined, tracks: readonly AudioTrack[]): string {
  return programLang || tracks.find(isOriginal)?.lang || "";
}

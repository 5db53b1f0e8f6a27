import { useEffect, useState } from "preact/hooks";
import { Landing } from "./attendee/Landing";
import { RoomPage } from "./attendee/RoomPage";
import { initialLang, LANG_STORAGE_KEY, otherLang, translate, type Lang } from "./lib/i18n";
import { LangContext } from "./lib/lang-context";
import { isAppPath, parseRoute, type Route } from "./lib/route";
import { ModeratorApp } from "./moderator/ModeratorApp";
import { StageDisplay } from "./stage/StageDisplay";
import { TechWall } from "./tech/TechWall";

function readStoredLang(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null;
  }
}

// Follows links to the app's own pages without reloading.
export function navigate(path: string): void {
  if (location.pathname === path) return;
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

function onLinkClick(ev: MouseEvent): void {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const anchor = (ev.target as Element | null)?.closest?.("a");
  if (!anchor || anchor.target || anchor.origin !== location.origin || anchor.hasAttribute("download")) return;
  if (!isAppPath(anchor.pathname)) return;
  ev.preventDefault();
  navigate(anchor.pathname);
}

export function App() {
  // ?lang=en|zh picks the language for this page (a stage display set up once).
  const [lang, setLangState] = useState<Lang>(() =>
    initialLang(new URLSearchParams(location.search).get("lang") ?? readStoredLang(), navigator.languages ?? [navigator.language]),
  );
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname));

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener("popstate", onPop);
    document.addEventListener("click", onLinkClick);
    return () => {
      removeEventListener("popstate", onPop);
      document.removeEventListener("click", onLinkClick);
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [lang]);

  const setLang = (next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // storage unavailable (private mode): the choice lasts for this page
    }
  };

  // The stage display fills the screen: no header, no language switch (?lang= picks one).
  if (route.page === "stage") {
    return (
      <LangContext.Provider value={{ lang, setLang }}>
        <StageDisplay key={route.roomId} roomId={route.roomId} />
      </LangContext.Provider>
    );
  }
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <header class="top">
        <a class="brand" href="/">{translate(lang, "app.name")}</a>
        <button
          type="button"
          class="lang-switch"
          data-testid="lang-switch"
          aria-label={translate(lang, "lang.switch.label")}
          onClick={() => setLang(otherLang(lang))}
        >
          {translate(lang, "lang.switch")}
        </button>
      </header>
      <main>
        {route.page === "landing" && <Landing />}
        {route.page === "room" && <RoomPage key={route.roomId} roomId={route.roomId} />}
        {route.page === "moderator" && <ModeratorApp roomId={route.roomId} />}
        {route.page === "tech" && <TechWall roomId={route.roomId} />}
        {route.page === "notFound" && <p class="notice">404 — {route.path}</p>}
      </main>
    </LangContext.Provider>
  );
}

// The controls of one feed: restart, force standby, use backup (each asks
// first: they take the hall feed off air) and automatic (ends forcing). The
// hub's answer, or its refusal, shows under the buttons; a token limited to
// other rooms gets PERMISSION_DENIED, said in the page's language.
import { useEffect, useState } from "preact/hooks";
import { ErrorCode } from "../gen/hallcast/v1/realtime_pb";
import { HubRequestError, type HubClient } from "../lib/hub-client";
import { useT } from "../lib/lang-context";
import type { MessageKey } from "../lib/i18n";
import { FEED_CONTROLS, type FeedControl } from "./feed-state";

// Kept as a key, so that it follows a change of language.
type Outcome = { ok: boolean; key: MessageKey; message?: string };
// A success stops being news after a while (the tile's state tells the rest);
// a refusal stays until the next action.
const OK_SHOWN_MS = 10_000;

export function FeedControls({ client, roomId, roomTitle, forced }: { client: HubClient; roomId: string; roomTitle: string; forced: string }) {
  const { t } = useT();
  const [confirming, setConfirming] = useState<FeedControl | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const run = async (control: FeedControl) => {
    setConfirming(undefined);
    setBusy(true);
    setOutcome(undefined);
    try {
      await client.call({ case: "controlFeed", value: { roomId, action: control.action } });
      setOutcome({ ok: true, key: control.done });
    } catch (err) {
      const denied = err instanceof HubRequestError && err.code === ErrorCode.PERMISSION_DENIED;
      setOutcome(denied ? { ok: false, key: "tech.denied" } : { ok: false, key: "tech.refused", message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!outcome?.ok) return;
    const timer = setTimeout(() => setOutcome(undefined), OK_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  // The button of the forcing in effect shows pressed.
  const pressed = (control: FeedControl) =>
    (control.testId === "feed-standby" && forced === "standby") ||
    (control.testId === "feed-backup" && forced === "backup") ||
    (control.testId === "feed-auto" && forced === "");

  return (
    <div class="feed-controls" role="group" aria-label={t("tech.controls", { room: roomTitle })}>
      <div class="control-buttons">
        {FEED_CONTROLS.map((control) => (
          <button
            type="button"
            key={control.testId}
            data-testid={control.testId}
            aria-pressed={pressed(control)}
            disabled={busy}
            onClick={() => (control.confirm ? setConfirming(control) : run(control))}
          >
            {t(control.label)}
          </button>
        ))}
      </div>
      {confirming?.confirm && (
        <div class="control-confirm" role="alertdialog" data-testid="feed-confirm-box">
          <p>{t(confirming.confirm, { room: roomTitle })}</p>
          <button type="button" class="danger" data-testid="feed-confirm" onClick={() => run(confirming)}>{t("tech.confirm.yes")}</button>
          <button type="button" data-testid="feed-cancel" onClick={() => setConfirming(undefined)}>{t("tech.confirm.no")}</button>
        </div>
      )}
      {busy && <p class="control-result" role="status">{t("tech.sending")}</p>}
      {outcome && (
        <p class={`control-result ${outcome.ok ? "ok" : "error"}`} role="status" data-testid="feed-control-result" data-ok={String(outcome.ok)}>
          {t(outcome.key, { message: outcome.message ?? "" })}
        </p>
      )}
    </div>
  );
}

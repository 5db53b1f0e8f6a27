// A moderator's request from a panel: sent through HubClient.call, with
// the hub's refusal kept to show inline next to what was clicked (each
// panel or item has its own, so an error appears where it happened).
import { useState } from "preact/hooks";
import type { AckResult, HubClient, RequestBody } from "../lib/hub-client";

export interface Action {
  run: (body: RequestBody) => Promise<AckResult | undefined>;
  busy: boolean;
  error: string | undefined;
  clear: () => void;
}

export function useAction(client: HubClient): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = async (body: RequestBody) => {
    setBusy(true);
    setError(undefined);
    try {
      return await client.call(body);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, clear: () => setError(undefined) };
}

// The hub's message, as text.
export function ActionError({ action }: { action: Action }) {
  if (!action.error) return null;
  return <p class="mod-error" role="alert" data-testid="action-error">{action.error}</p>;
}

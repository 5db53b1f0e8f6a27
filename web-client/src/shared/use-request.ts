// Runs hub requests from a view: `run` resolves with the Ack's result, or
// undefined after a refusal, whose message (the hub's own words) stays in
// `error` until the next request.
import { useState } from "preact/hooks";
import type { AckResult, HubClient, RequestBody } from "../lib/hub-client";

export function useRequest(client: HubClient) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async (body: RequestBody): Promise<AckResult | undefined> => {
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
  return { run, error, busy, clearError: () => setError(undefined) };
}

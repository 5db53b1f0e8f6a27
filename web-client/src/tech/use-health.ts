// Watches the feeds' health while `enabled` (signed in as a technician or
// admin, online): WatchHealth now and again after every reconnect (the hub
// forgets watchers with their connection). The store outlives reconnects.
import { useEffect, useState } from "preact/hooks";
import type { HubClient } from "../lib/hub-client";
import { HealthStore } from "./health-store";

export function useHealth(client: HubClient, enabled: boolean): { store: HealthStore; error: string | undefined } {
  const [store] = useState(() => new HealthStore());
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | undefined>();

  useEffect(
    () =>
      client.onEvent((event) => {
        if (store.applyEvent(event)) setVersion(store.version);
      }),
    [client, store],
  );

  // A new session (reconnect, other token) has a new user id object.
  const session = enabled ? client.user : undefined;
  useEffect(() => {
    if (!session) return;
    let alive = true;
    client
      .call({ case: "watchHealth", value: {} })
      .then((result) => {
        if (!alive || result.case !== "healthWatched") return;
        store.applyReport(result.value);
        setError(undefined);
        setVersion(store.version);
      })
      .catch((err: Error) => alive && setError(err.message));
    return () => {
      alive = false;
    };
  }, [client, store, session]);

  return { store, error };
}

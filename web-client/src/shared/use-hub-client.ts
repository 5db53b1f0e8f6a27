// One HubClient for a page: connected while the page is shown, closed when it
// goes; the component re-renders on every change of the client.
import { useEffect, useState } from "preact/hooks";
import { HubClient, hubSocketUrl } from "../lib/hub-client";

function safeStorage(get: () => Storage): Storage | undefined {
  try {
    return get();
  } catch {
    return undefined; // storage blocked (private mode, sandboxed frame)
  }
}

// `rooms`: the rooms to join, now and after every reconnect.
export function useHubClient(rooms: readonly string[] = []): HubClient {
  const [client] = useState(
    () =>
      new HubClient({
        url: hubSocketUrl(location),
        storage: safeStorage(() => localStorage),
        sessionStorage: safeStorage(() => sessionStorage),
      }),
  );
  const [, setVersion] = useState(0);
  useEffect(() => {
    const unsubscribe = client.subscribe(() => setVersion(client.version));
    client.start();
    return () => {
      unsubscribe();
      client.stop();
    };
  }, [client]);
  const key = rooms.join(",");
  useEffect(() => {
    for (const id of rooms) client.joinRoom(id);
    return () => {
      for (const id of rooms) client.leaveRoom(id);
    };
  }, [client, key]);
  return client;
}

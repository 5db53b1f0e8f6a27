import { useEffect, useState } from "preact/hooks";
import type { Program } from "../gen/hallcast/v1/program_pb";
import { fetchProgram } from "./program";

// The program, fetched now and every `refreshMs` (status and viewer counts change).
export function useProgram(refreshMs = 15_000): { program?: Program; error?: string } {
  const [state, setState] = useState<{ program?: Program; error?: string }>({});
  useEffect(() => {
    let alive = true;
    const load = () =>
      fetchProgram()
        .then((program) => alive && setState({ program }))
        .catch((err) => alive && setState((s) => ({ program: s.program, error: String(err?.message ?? err) })));
    load();
    const timer = setInterval(load, refreshMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [refreshMs]);
  return state;
}

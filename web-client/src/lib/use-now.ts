import { useEffect, useState } from "preact/hooks";

// The current time, renewed every `ms` (countdowns, meters that decay).
export function useNow(ms: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

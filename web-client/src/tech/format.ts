// Numbers of a feed's health as a technician reads them on the wall: short,
// fixed precision (so digits do not jump every second), one unit each.

// "850 b/s", "97.1 kb/s", "2.35 Mb/s".
export function formatBitrate(bps: number): string {
  if (!Number.isFinite(bps) || bps <= 0) return "0 b/s";
  if (bps < 1000) return `${Math.round(bps)} b/s`;
  if (bps < 1e6) return `${(bps / 1e3).toFixed(bps < 1e5 ? 1 : 0)} kb/s`;
  return `${(bps / 1e6).toFixed(2)} Mb/s`;
}

// Frames per second with one decimal ("25.0"): a measured rate.
export function formatFps(fps: number): string {
  return Number.isFinite(fps) && fps > 0 ? fps.toFixed(1) : "0.0";
}

// Seconds as "0.8 s", "12 s", "3:05", "1:02:03"; "—" for the hub's -1
// ("not yet", e.g. no segment written).
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

// The audio meters' scale: METER_FLOOR_DBFS (and silence) at 0 %, 0 dBFS at 100 %.
export const METER_FLOOR_DBFS = -60;

export function meterPercent(dbfs: number): number {
  if (!Number.isFinite(dbfs) || dbfs <= METER_FLOOR_DBFS) return 0;
  if (dbfs >= 0) return 100;
  return ((dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS) * 100;
}

// A meter's colour band, as on a hardware desk: hot above -12, clipping above -3.
export type MeterLevel = "ok" | "hot" | "clip";
export function meterLevel(dbfs: number): MeterLevel {
  if (dbfs >= -3) return "clip";
  if (dbfs >= -12) return "hot";
  return "ok";
}

// "-26 dB"; "-∞ dB" for digital silence.
export function formatDbfs(dbfs: number): string {
  if (!Number.isFinite(dbfs) || dbfs <= -120) return "-∞ dB";
  return `${Math.round(dbfs)} dB`;
}

// The local wall-clock time of `ms` ("14:03:07"), 24-hour in both languages.
export function formatClock(ms: number, locale: string): string {
  return new Date(ms).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

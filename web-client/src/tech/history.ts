// A bounded history of each feed's numbers, sampled from the HealthReports
// (one a second) since the page opened: the tiles' sparklines read its last
// minute, the detail view its last ten. Ring buffers, so a wall left open
// for a day keeps a fixed amount of memory. Pure: no DOM, no clock.
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { HealthReport } from "../gen/hallcast/v1/health_pb";
import { FeedState } from "../gen/hallcast/v1/health_pb";
import { METER_FLOOR_DBFS } from "./format";

export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError("a ring holds at least one item");
    this.items = new Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  // Appends, dropping the oldest item when full.
  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  last(): T | undefined {
    return this.count ? this.items[(this.start + this.count - 1) % this.capacity] : undefined;
  }

  replaceLast(item: T): void {
    if (!this.count) this.push(item);
    else this.items[(this.start + this.count - 1) % this.capacity] = item;
  }

  // Oldest first.
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }
}

export interface FeedSample {
  t: number; // seconds since the epoch, the report's time
  bitrate: number; // bits per second
  fps: number;
  peaks: number[]; // dBFS per channel
  segmentAge: number | null; // seconds; null before the first segment
  state: FeedState;
}

// Columns for a chart (uPlot's aligned data): times in seconds, then one
// value per time and series; null where there is no data (a gap).
export interface Columns {
  t: number[];
  bitrate: (number | null)[];
  fps: (number | null)[];
  peaks: (number | null)[][]; // one column per channel
  segmentAge: (number | null)[];
}

export interface HistoryOptions {
  capacity?: number; // samples kept per feed (10 minutes at one a second)
  gapSeconds?: number; // samples further apart than this are not joined
}

export class FeedHistory {
  private readonly feeds = new Map<string, Ring<FeedSample>>();
  private readonly capacity: number;
  private readonly gapSeconds: number;

  constructor(options: HistoryOptions = {}) {
    this.capacity = options.capacity ?? 600;
    this.gapSeconds = options.gapSeconds ?? 3.5;
  }

  // Adds one sample per feed of the report. A report no newer than the
  // feed's last sample (the WatchHealth answer and the first pushed report
  // can share a second) replaces that sample instead.
  add(report: HealthReport): void {
    const t = report.time ? timestampMs(report.time) / 1000 : 0;
    for (const feed of report.feeds) {
      let ring = this.feeds.get(feed.roomId);
      if (!ring) this.feeds.set(feed.roomId, (ring = new Ring(this.capacity)));
      const sample: FeedSample = {
        t,
        bitrate: feed.inputBitrateBps,
        fps: feed.fps,
        peaks: [...feed.audioPeakDbfs],
        segmentAge: feed.newestSegmentAgeSeconds >= 0 ? feed.newestSegmentAgeSeconds : null,
        state: feed.state,
      };
      const last = ring.last();
      if (last && t <= last.t) ring.replaceLast(sample);
      else ring.push(sample);
    }
  }

  samples(roomId: string): FeedSample[] {
    return this.feeds.get(roomId)?.toArray() ?? [];
  }

  // The samples of the last `windowSeconds` before the feed's newest one, as
  // chart columns. A null point goes between samples too far apart (the page
  // lost the hub), so the line breaks there instead of bridging the gap.
  // Audio below the meters' floor (or silence) is drawn at the floor.
  columns(roomId: string, windowSeconds: number): Columns {
    const all = this.samples(roomId);
    const newest = all.length ? all[all.length - 1].t : 0;
    const samples = all.filter((s) => s.t > newest - windowSeconds);
    const channels = samples.reduce((n, s) => Math.max(n, s.peaks.length), 0);
    const out: Columns = { t: [], bitrate: [], fps: [], peaks: Array.from({ length: channels }, () => []), segmentAge: [] };
    const gap = (t: number) => {
      out.t.push(t);
      out.bitrate.push(null);
      out.fps.push(null);
      for (const column of out.peaks) column.push(null);
      out.segmentAge.push(null);
    };
    let previous: number | undefined;
    for (const s of samples) {
      if (previous !== undefined && s.t - previous > this.gapSeconds) gap((previous + s.t) / 2);
      previous = s.t;
      out.t.push(s.t);
      out.bitrate.push(s.bitrate);
      out.fps.push(s.fps);
      out.peaks.forEach((column, ch) => {
        const db = s.peaks[ch];
        column.push(db === undefined ? null : Number.isFinite(db) ? Math.max(db, METER_FLOOR_DBFS) : METER_FLOOR_DBFS);
      });
      out.segmentAge.push(s.segmentAge);
    }
    return out;
  }
}

// The detail view's history graphs of one feed: bitrate, frame rate, audio
// peak per channel and the newest segment's age, over the time kept.
import { locale } from "../lib/i18n";
import { useT } from "../lib/lang-context";
import { Chart } from "./Chart";
import { graphOptions, type LineSpec } from "./chart-options";
import { METER_FLOOR_DBFS } from "./format";
import type { Columns } from "./history";

const CHANNEL_COLOURS = ["#4cc2ff", "#ff9f43", "#7bed9f", "#ff6b81", "#eccc68", "#a29bfe"];
const HEIGHT = 150;

export function HistoryGraphs({ columns, maxSeconds }: { columns: Columns; maxSeconds: number }) {
  const { t, lang } = useT();
  const kbps = columns.bitrate.map((v) => (v === null ? null : v / 1000));
  const channels: LineSpec[] = columns.peaks.map((_, ch) => ({
    label: t("tech.channel", { n: ch + 1 }),
    stroke: CHANNEL_COLOURS[ch % CHANNEL_COLOURS.length],
  }));
  // Options are fixed per chart: a new language or channel count makes new charts.
  const graphs = [
    { name: "bitrate", title: t("tech.graph.bitrate"), lines: [{ label: "kb/s", stroke: "#4cc2ff" }], data: [columns.t, kbps] },
    { name: "fps", title: t("tech.graph.fps"), lines: [{ label: "fps", stroke: "#b48cff" }], data: [columns.t, columns.fps] },
    { name: "audio", title: t("tech.graph.audio"), lines: channels, data: [columns.t, ...columns.peaks], range: [METER_FLOOR_DBFS, 0] as [number, number] },
    { name: "segment-age", title: t("tech.graph.segmentAge"), lines: [{ label: "s", stroke: "#eccc68" }], data: [columns.t, columns.segmentAge] },
  ];
  return (
    <div class="history-graphs">
      {graphs.map((g) => (
        <figure class="graph" key={g.name}>
          <figcaption>{g.title}</figcaption>
          <Chart
            key={`${lang}-${g.lines.length}`}
            options={graphOptions({ lines: g.lines, maxSeconds, timeLabel: t("tech.graph.time"), locale: locale(lang), yRange: g.range })}
            data={g.data as never}
            height={HEIGHT}
            testId="history-graph"
            name={g.name}
          />
        </figure>
      ))}
    </div>
  );
}

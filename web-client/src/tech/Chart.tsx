// A uPlot chart (canvas) that fills its container's width: the tiles'
// sparklines and the detail view's history graphs. uPlot is loaded on first
// use, so the attendee pages never download it. It styles its elements
// through the CSSOM (element.style), which the hub's CSP allows.
import { useEffect, useRef } from "preact/hooks";
import type uPlot from "uplot";

let loader: Promise<typeof uPlot> | undefined;
const loadUPlot = () => (loader ??= import("uplot").then((m) => m.default));

export interface ChartProps {
  // Fixed when the chart is made: key the component to change them.
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
  height: number;
  testId: string; // of the container; its canvas gets `${testId}-canvas`
  name: string; // data-series, which series this is
}

export function Chart({ options, data, height, testId, name }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot>();
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    let alive = true;
    let observer: ResizeObserver | undefined;
    loadUPlot().then((UPlot) => {
      const el = box.current;
      if (!alive || !el) return;
      const u = new UPlot({ ...options, width: Math.max(el.clientWidth, 50), height }, latest.current, el);
      u.ctx.canvas.setAttribute("data-testid", `${testId}-canvas`);
      plot.current = u;
      // The grid cell decides the width; the chart follows it.
      observer = new ResizeObserver(() => {
        if (el.clientWidth > 0 && el.clientWidth !== u.width) u.setSize({ width: el.clientWidth, height });
      });
      observer.observe(el);
    });
    return () => {
      alive = false;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const points = data[0]?.length ?? 0;
  return <div class="chart" ref={box} data-testid={testId} data-series={name} data-points={points} />;
}

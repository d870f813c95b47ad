/**
 * Frames per second over time, sent and received, drawn by uPlot (a canvas,
 * fast on thousands of points, no eval). Made once per mount and fed new
 * data as it changes; sized to its container and coloured from the theme.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RateSeries } from '../../lib/stats';

const HEIGHT = 140;

function themeColor(element: Element, name: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || '#888';
}

function perSecond(counts: number[], step: number): number[] {
  return counts.map((n) => n / step);
}

/** Whether this document can draw on a canvas (a DOM without one, as in component tests, cannot). */
const canDraw = () => {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
};

export function RateChart({ rates, unit }: { rates: RateSeries; unit: 'frames' | 'bytes' }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = (): uPlot.AlignedData => [
    rates.t,
    perSecond(unit === 'frames' ? rates.sentFrames : rates.sentBytes, rates.step),
    perSecond(unit === 'frames' ? rates.receivedFrames : rates.receivedBytes, rates.step),
  ];

  useEffect(() => {
    const element = box.current;
    if (!element || !canDraw()) return;
    const axis = {
      stroke: themeColor(element, '--muted'),
      grid: { stroke: themeColor(element, '--border'), width: 1 },
    };
    plot.current = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height: HEIGHT,
        legend: { live: false },
        cursor: { drag: { x: true, y: false } },
        axes: [axis, { ...axis, size: 60 }],
        series: [
          {},
          { label: `${unit} sent/s`, stroke: themeColor(element, '--sent'), width: 1 },
          { label: `${unit} received/s`, stroke: themeColor(element, '--received'), width: 1 },
        ],
      },
      data(),
      element,
    );
    const resized = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }),
    );
    resized.observe(element);
    return () => {
      resized.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [unit]);

  useEffect(() => plot.current?.setData(data()), [rates]);

  return <div class="rate-chart" ref={box} role="img" aria-label={`${unit} per second, sent and received`} />;
}

// The timeline: stacked bars per day or week by event type, drawn as SVG from /api/timeline.
// Bars sit on a real time axis: buckets with no events still take their slot, so a gap in the
// chart is a gap in time. When that axis would make the bars slivers (background events decades
// back), the empty periods are closed up instead and the chart says so.

import { getJson, latestOnly } from "./api.js";
import { typeColor } from "./colors.js";
import { el, svgEl, replaceChildren, formatNumber } from "./dom.js";
import { countParams } from "./state.js";

const WIDTH = 640;
const HEIGHT = 230;
const MARGIN = { top: 10, right: 10, bottom: 26, left: 40 };
const MAX_BAR_WIDTH = 56;
const MAX_SLOTS = 160; // about three years of weeks; more and a bar is under 4 px wide
const DAY_MS = 86400000;
const INTERVALS = ["day", "week"];

const latest = latestOnly();
let shownQuery = null;

/** The interval the URL asks for; week unless it says day. */
export function intervalOf(state) {
  return INTERVALS.includes(state.get("interval")) ? state.get("interval") : "week";
}

/** Loads and draws the timeline when its query changed; throws ApiError. */
export async function updateTimeline(state) {
  const params = countParams(state);
  params.set("interval", intervalOf(state));
  const query = params.toString();
  markInterval(intervalOf(state));
  if (query === shownQuery) return;
  shownQuery = null; // a failed load must be retried on the next update
  const data = await latest(() => getJson("/api/timeline", params));
  if (data === null) return;
  drawTimeline(data);
  shownQuery = query;
}

function markInterval(interval) {
  for (const button of document.querySelectorAll("#timeline-view [data-interval]")) {
    button.setAttribute("aria-pressed", String(button.dataset.interval === interval));
  }
}

function drawTimeline(data) {
  const chart = document.getElementById("timeline-chart");
  drawLegend(data.types);
  if (data.buckets.length === 0) {
    replaceChildren(chart, el("p", { class: "empty" }, "No dated events match the filters."));
    return;
  }
  const allSlots = slotCount(data.buckets, data.interval);
  const closeGaps = allSlots > MAX_SLOTS;
  const slots = closeGaps ? data.buckets.map((bucket) => bucket.key)
    : timeSlots(data.buckets, data.interval);
  const maxEvents = Math.max(...data.buckets.map((bucket) => bucket.events));
  const svg = svgEl("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
    "aria-label": `Events per ${data.interval} by type`, "data-interval": data.interval,
  });
  svg.append(yAxis(maxEvents), xAxis(slots));
  const slotWidth = (WIDTH - MARGIN.left - MARGIN.right) / slots.length;
  const byKey = new Map(data.buckets.map((bucket) => [bucket.key, bucket]));
  slots.forEach((key, index) => {
    const bucket = byKey.get(key);
    if (bucket) svg.append(bar(bucket, data.types, MARGIN.left + index * slotWidth, slotWidth, maxEvents));
  });
  svg.dataset.gapsClosed = String(closeGaps);
  replaceChildren(chart, svg, notes(data, closeGaps, allSlots));
}

/** What the chart leaves out: closed-up empty periods, and periods past the API's limit. */
function notes(data, closeGaps, allSlots) {
  const lines = [];
  if (closeGaps) {
    lines.push(`Not to scale: the ${formatNumber(allSlots - data.buckets.length)} ` +
      `${data.interval}s without events between ${data.buckets[0].key} and ` +
      `${data.buckets[data.buckets.length - 1].key} are left out (set From to see a time axis).`);
  }
  if (data.truncated) {
    lines.push(`Only the first ${data.buckets.length} periods are shown; narrow the dates.`);
  }
  return lines.map((line) => el("p", { class: "muted chart-note" }, line));
}

/** How many days or weeks the buckets span, first and last included. */
function slotCount(buckets, interval) {
  const step = (interval === "day" ? 1 : 7) * DAY_MS;
  const span = Date.parse(buckets[buckets.length - 1].key) - Date.parse(buckets[0].key);
  return Math.round(span / step) + 1;
}

/** Every bucket key from the first to the last, one per day or per week (weeks by Monday). */
function timeSlots(buckets, interval) {
  const step = (interval === "day" ? 1 : 7) * DAY_MS;
  const first = Date.parse(buckets[0].key);
  const last = Date.parse(buckets[buckets.length - 1].key);
  const slots = [];
  for (let time = first; time <= last; time += step) {
    slots.push(new Date(time).toISOString().slice(0, 10));
  }
  return slots;
}

function yScale(count, maxEvents) {
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  return (count / maxEvents) * plotHeight;
}

/** One stacked bar: a segment per type with events, in the legend's order from the bottom. */
function bar(bucket, types, x, slotWidth, maxEvents) {
  const group = svgEl("g", {
    class: "bar", "data-key": bucket.key, "data-events": bucket.events,
    "data-fatalities": bucket.fatalities,
  });
  // a few buckets would make slabs of bars: cap the width and centre the bar in its slot
  const barWidth = Math.max(0.5, Math.min(MAX_BAR_WIDTH, slotWidth - Math.min(2, slotWidth * 0.15)));
  const left = x + (slotWidth - barWidth) / 2;
  let base = HEIGHT - MARGIN.bottom;
  for (const type of types) {
    const count = bucket.counts[type] ?? 0;
    if (count === 0) continue;
    const height = yScale(count, maxEvents);
    base -= height;
    group.append(svgEl("rect", {
      class: "segment", x: left.toFixed(2), y: base.toFixed(2),
      width: barWidth.toFixed(2), height: height.toFixed(2),
      fill: typeColor(type), "data-key": bucket.key, "data-type": type, "data-count": count,
    }, svgEl("title", {}, `${bucket.key}: ${count} ${type} (${bucket.events} events, ` +
      `${formatNumber(bucket.fatalities)} fatalities)`)));
  }
  return group;
}

/** The count axis: 0, the maximum and a middle tick when it is a whole number. */
function yAxis(maxEvents) {
  const axis = svgEl("g", { class: "axis y" });
  const ticks = new Set([0, maxEvents]);
  if (maxEvents % 2 === 0 && maxEvents > 2) ticks.add(maxEvents / 2);
  for (const tick of ticks) {
    const y = HEIGHT - MARGIN.bottom - yScale(tick, maxEvents);
    axis.append(
      svgEl("line", { x1: MARGIN.left - 4, x2: WIDTH - MARGIN.right, y1: y, y2: y }),
      svgEl("text", { x: MARGIN.left - 7, y: y + 4, "text-anchor": "end" }, tick),
    );
  }
  return axis;
}

/** Date labels under the bars (a week is labelled by its Monday): about eight at most. */
function xAxis(slots) {
  const axis = svgEl("g", { class: "axis x" });
  const slotWidth = (WIDTH - MARGIN.left - MARGIN.right) / slots.length;
  const every = Math.max(1, Math.ceil(slots.length / 8));
  slots.forEach((key, index) => {
    if (index % every !== 0) return;
    const x = MARGIN.left + (index + 0.5) * slotWidth;
    // a date is ~60 px wide: one centred near the right edge would be cut off
    const nearEdge = x + 32 > WIDTH;
    axis.append(svgEl("text", { x: nearEdge ? WIDTH - 2 : x, y: HEIGHT - 8,
      "text-anchor": nearEdge ? "end" : "middle" }, key));
  });
  return axis;
}

function drawLegend(types) {
  const legend = document.getElementById("timeline-legend");
  replaceChildren(legend, types.map((type) => el("li", { "data-type": type },
    el("span", { class: "swatch", style: `background:${typeColor(type)}` }), type)));
}

// The event table: a page of /api/events (50 rows), with previous/next and "showing a-b of n";
// in merged mode a page of /api/merged (one row per happening) with each one's reports and
// outlets. Clicking a row (or Enter on it) opens the event view: a merged row opens its first
// report, as the event view shows one article's text.

import { getJson, latestOnly } from "./api.js";
import { typeColor } from "./colors.js";
import { el, replaceChildren, snippet, formatNumber } from "./dom.js";
import { filterParams, isMerged } from "./state.js";

export const PAGE_SIZE = 50;

const latest = latestOnly();
let shownQuery = null;

/** The table's first row offset from the URL (`offset`), a multiple of the page size. */
export function offsetOf(state) {
  const offset = Number.parseInt(state.get("offset") ?? "0", 10);
  return Number.isFinite(offset) && offset > 0 ? offset - (offset % PAGE_SIZE) : 0;
}

/** Loads and draws the page of events when the filters, the page or the mode changed. */
export async function updateTable(state) {
  const merged = isMerged(state);
  const path = merged ? "/api/merged" : "/api/events";
  const params = filterParams(state);
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String(offsetOf(state)));
  const query = `${path}?${params}`;
  if (query === shownQuery) return;
  shownQuery = null;
  const page = await latest(() => getJson(path, params));
  if (page === null) return;
  drawTable(page, merged);
  shownQuery = query;
}

/** Wires the pager and row clicks: `onPage(offset)` and `onOpen(eventId)` change the state. */
export function initTable({ onPage, onOpen }) {
  document.getElementById("table-prev").addEventListener("click", () => {
    onPage(Math.max(0, currentOffset() - PAGE_SIZE));
  });
  document.getElementById("table-next").addEventListener("click", () => {
    onPage(currentOffset() + PAGE_SIZE);
  });
  const body = document.querySelector("#events-table tbody");
  body.addEventListener("click", (event) => {
    const row = event.target.closest("tr[data-event-id]");
    if (row) onOpen(row.dataset.eventId);
  });
  body.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr[data-event-id]");
    if (row && event.key === "Enter") onOpen(row.dataset.eventId);
  });
}

function currentOffset() {
  return Number(document.getElementById("table-range").dataset.offset ?? 0);
}

function drawTable(page, merged) {
  const total = page.total;
  const table = document.getElementById("events-table");
  // the Reports and Sources headers show in merged mode only (CSS), as do their cells
  table.dataset.mode = merged ? "merged" : "reports";
  document.getElementById("table-title").textContent = merged ? "Merged events" : "Events";
  const rows = page.items.map(merged ? mergedRow : eventRow);
  if (rows.length === 0) {
    const empty = merged ? "No merged events match the filters." : "No events match the filters.";
    rows.push(el("tr", { class: "empty" }, el("td", { colspan: merged ? 10 : 8 }, empty)));
  }
  replaceChildren(table.querySelector("tbody"), rows);
  const range = document.getElementById("table-range");
  const first = page.items.length ? page.offset + 1 : 0;
  const last = page.offset + page.items.length;
  // past the end (a linked offset after the store shrank) say so rather than "51-50 of 9"
  range.textContent = page.items.length
    ? `showing ${first}-${last} of ${formatNumber(total)}`
    : `none on this page (${formatNumber(total)} in all)`;
  Object.assign(range.dataset, { offset: page.offset, total, first, last });
  document.getElementById("table-prev").disabled = page.offset === 0;
  document.getElementById("table-next").disabled = last >= total;
}

function eventRow(event) {
  return el("tr", { "data-event-id": event.event_id, tabindex: 0, title: "Open this event" },
    eventCells(event));
}

/** A merged event: its fields, then how many reports and which outlets. The row opens the
 * first report; the event view then lists the others. */
function mergedRow(merged) {
  const reports = merged.reports ?? [];
  return el("tr", {
    "data-event-id": reports[0], "data-merged-id": merged.event_id,
    "data-reports": merged.n_reports, tabindex: 0, title: "Open this event's first report",
  },
  eventCells(merged),
  el("td", { class: "num reports" }, formatNumber(merged.n_reports)),
  el("td", { class: "sources" }, (merged.sources ?? []).join(", ")),
  );
}

function eventCells(event) {
  return [
    el("td", { class: "date" }, event.date ?? "undated"),
    el("td", {}, typeLabel(event)),
    el("td", {}, partyName(event.actor)),
    el("td", {}, partyName(event.recipient)),
    el("td", {}, placeName(event.location)),
    el("td", { class: "num" }, formatNumber(event.fatalities)),
    el("td", { class: `modality ${event.modality}` }, modalityLabel(event)),
    el("td", { class: "evidence" }, snippet(event.evidence?.text)),
  ];
}

/** The type with its colour, and the mode under it when there is one. */
export function typeLabel(event) {
  return el("span", { class: "type" },
    el("span", { class: "swatch", style: `background:${typeColor(event.event_type)}` }),
    event.event_type,
    event.mode ? el("small", { class: "mode" }, event.mode) : null);
}

/** A party's canonical name, else its words in the article; "" when absent. */
export function partyName(party) {
  return party ? party.name ?? party.text : "";
}

export function placeName(location) {
  if (!location) return "";
  return [location.name, location.country].filter(Boolean).join(", ");
}

function modalityLabel(event) {
  return event.historical ? `${event.modality}, background` : event.modality;
}

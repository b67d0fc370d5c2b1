// The alert view: the alerts delivered so far (by `eventwire signals --rules` or the watcher),
// newest first, from /api/alerts. Each lists the events behind it; clicking one opens it in
// the event view. Alerts are not filtered by the filter bar: a watch list shows everything.

import { getJson, latestOnly } from "./api.js";
import { el, replaceChildren } from "./dom.js";

const latest = latestOnly();
const SHOWN = 20;

export async function updateAlerts() {
  const data = await latest(() => getJson("/api/alerts", new URLSearchParams({ limit: SHOWN })));
  if (data === null) return;
  drawAlerts(data.items, data.total);
}

/** `onEvent(eventId)` opens an event in the event view. */
export function initAlerts({ onEvent }) {
  document.querySelector("#alerts-table tbody").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-event]");
    if (button) onEvent(button.dataset.event);
  });
}

function drawAlerts(items, total) {
  const rows = items.map((record) => {
    const signal = record.alert.signal;
    const evidence = record.alert.evidence || [];
    return el("tr", { class: "alert", "data-rule": record.rule, "data-detector": record.detector,
      "data-signal": record.signal_id, "data-events": evidence.length },
    el("td", {}, signal.period_start, "\u2013", signal.period_end),
    el("td", {}, record.rule),
    el("td", {}, record.detector),
    el("td", {}, signal.description),
    el("td", {}, evidence.slice(0, 5).map((link) => el("button", {
      type: "button", class: "linkish", "data-event": link.event_id,
      title: link.evidence }, link.event_id))),
    );
  });
  if (rows.length === 0) {
    rows.push(el("tr", { class: "empty" }, el("td", { colspan: 5 },
      "No alerts yet: run eventwire signals --rules FILE, or eventwire watch with rules.")));
  }
  replaceChildren(document.querySelector("#alerts-table tbody"), rows);
  document.getElementById("alerts-count").textContent =
    total > items.length ? `latest ${items.length} of ${total}` : `${total}`;
}

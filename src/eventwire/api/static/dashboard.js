// The dashboard's entry point: reads the state from the URL, keeps the filter bar in step with
// it, and asks every view to update when it changes. Each view fetches only when its own query
// changed, so opening an event or turning a table page does not reload the charts.

import { getJson } from "./api.js";
import { updateActors, initActors } from "./actors.js";
import { updateAlerts, initAlerts } from "./alerts.js";
import { PLOVER_TYPES } from "./colors.js";
import { el, replaceChildren, formatNumber } from "./dom.js";
import { updateEventView, initEventView } from "./eventview.js";
import { initMap, updateMap } from "./map.js";
import { updateMergedNote } from "./mergednote.js";
import { clearMessages, showError } from "./messages.js";
import {
  FILTER_PARAMS, MERGED_PARAM, SWITCHES, isMerged, readState, withFilter, withMerged, writeState,
} from "./state.js";
import { initTable, updateTable } from "./table.js";
import { updateTimeline } from "./timeline.js";

// name (for messages), update function, and the element holding the view
const VIEWS = [
  ["Timeline", updateTimeline, "timeline-view"],
  ["Map", updateMap, "map-view"],
  ["Events", updateTable, "table-view"],
  ["Actors", updateActors, "actors-view"],
  ["Alerts", updateAlerts, "alerts-view"],
  ["Event", updateEventView, "event-view"],
  ["Merged events", updateMergedNote, "merged-note"],
];

let state = readState();
let loading = 0; // refreshes in flight

/** Replaces the state, writes it into the URL and updates the views. */
function setState(next, { push = false } = {}) {
  state = next;
  writeState(state, { push });
  refresh();
}

/** Updates every view from the state; their errors go to the message area. */
async function refresh() {
  clearMessages();
  fillFilterBar(state);
  loading += 1;
  document.body.dataset.loading = "true";
  await Promise.all(VIEWS.map(([name, update, id]) => update(state).then(() => {
    delete document.getElementById(id).dataset.stale;
  }, (error) => {
    // a failed view keeps its last picture, greyed, so it is not read as the new filter's
    document.getElementById(id).dataset.stale = "true";
    showError(name, error);
  })));
  // tests (and the cursor) can tell a finished load from one in flight
  loading -= 1;
  if (loading === 0) document.body.dataset.loading = "false";
}

// --- the filter bar ---------------------------------------------------------------------------

function form() {
  return document.getElementById("filters");
}

/** Puts the state's filter values into the controls (after a load or Back). */
function fillFilterBar(current) {
  for (const control of form().elements) {
    if (!control.name) continue;
    if (control.name === MERGED_PARAM) control.checked = isMerged(current);
    else if (control.type === "checkbox") control.checked = current.get(control.name) === "true";
    else if (control.multiple) {
      const chosen = new Set(current.getAll(control.name).map((value) => value.toUpperCase()));
      for (const option of control.options) option.selected = chosen.has(option.value);
    } else control.value = current.get(control.name) ?? "";
  }
  showOtherFilters(current);
}

/** The value a control gives its URL parameter: a list, "true"/null, or a trimmed string. */
function controlValue(control) {
  if (control.multiple) return [...control.selectedOptions].map((option) => option.value);
  if (SWITCHES.has(control.name)) return control.checked ? "true" : null;
  const value = control.value.trim();
  return control.name === "country" ? value.toUpperCase() : value;
}

/** Filters in the URL without a control (modality, article...) are shown, so a linked view
 * never filters invisibly. */
function showOtherFilters(current) {
  const controlled = new Set([...form().elements].map((control) => control.name));
  const others = FILTER_PARAMS.filter((name) => !controlled.has(name) && current.has(name));
  const box = document.getElementById("other-filters");
  replaceChildren(box, others.length ? ["Also filtered by: ", others.map((name) => el("code",
    {}, `${name}=${current.getAll(name).join(",")}`)), " ",
  el("button", { type: "button", id: "drop-other-filters" }, "remove")] : []);
}

function initFilterBar() {
  const select = form().elements.namedItem("type");
  select.append(...PLOVER_TYPES.map((type) => el("option", { value: type }, type)));
  form().append(el("p", { id: "other-filters", class: "muted other-filters" }));
  // every control applies on its own change: the state keeps the others as they are, so a bad
  // value linked in the URL stays visible in the API's error until the user changes it
  form().addEventListener("change", (event) => {
    const control = event.target;
    if (control.name === MERGED_PARAM) setState(withMerged(state, control.checked));
    else if (FILTER_PARAMS.includes(control.name)) {
      setState(withFilter(state, control.name, controlValue(control)));
    }
  });
  form().addEventListener("submit", (event) => {
    event.preventDefault();
    let next = withMerged(state, form().elements.namedItem(MERGED_PARAM).checked);
    for (const control of form().elements) {
      if (FILTER_PARAMS.includes(control.name)) {
        next = withFilter(next, control.name, controlValue(control));
      }
    }
    setState(next);
  });
  document.getElementById("clear-filters").addEventListener("click", () => {
    setState(FILTER_PARAMS.reduce((next, name) => withFilter(next, name, null), state));
  });
  form().addEventListener("click", (event) => {
    if (event.target.id !== "drop-other-filters") return;
    const controlled = new Set([...form().elements].map((control) => control.name));
    const others = FILTER_PARAMS.filter((name) => !controlled.has(name));
    setState(others.reduce((next, name) => withFilter(next, name, null), state));
  });
}

// --- wiring -----------------------------------------------------------------------------------

function withParam(name, value) {
  const next = new URLSearchParams(state);
  if (value === null || value === "") next.delete(name);
  else next.set(name, String(value));
  return next;
}

function initViews() {
  for (const button of document.querySelectorAll("#timeline-view [data-interval]")) {
    button.addEventListener("click", () => setState(withParam("interval",
      button.dataset.interval === "week" ? null : button.dataset.interval)));
  }
  initMap();
  initTable({
    onPage: (offset) => setState(withParam("offset", offset || null)),
    onOpen: (eventId) => setState(withParam("event", eventId), { push: true }),
  });
  initActors({ onActor: (name) => setState(withFilter(state, "actor", name)) });
  initAlerts({ onEvent: (eventId) => setState(withParam("event", eventId), { push: true }) });
  initEventView({
    onClose: () => setState(withParam("event", null), { push: true }),
    onOpen: (eventId) => setState(withParam("event", eventId), { push: true }),
  });
  window.addEventListener("popstate", () => {
    state = readState();
    refresh();
  });
}

/** "1,234 events from 567 articles, 890 merged": what the store holds, whatever the filters. */
async function showStoreSummary() {
  try {
    const health = await getJson("/api/health");
    document.getElementById("store-summary").textContent =
      `${formatNumber(health.events)} events from ${formatNumber(health.articles)} articles, ` +
      `${formatNumber(health.merged_events)} merged \u00b7 eventwire ${health.version}`;
  } catch (error) {
    showError("Store", error);
  }
}

initFilterBar();
initViews();
showStoreSummary();
refresh();

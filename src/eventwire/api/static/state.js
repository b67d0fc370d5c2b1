// The page's state lives in its URL query string, so every view can be linked. Filters use the
// API's own parameter names and are passed to the API unchanged; `merged=1` switches every view
// from reports to merged events (one per happening), and the other parameters belong to the
// page: `interval` (timeline), `offset` (table page) and `event` (the open event).

/** The API's filter parameters (docs/API.md), in the order they are written to the URL. */
export const FILTER_PARAMS = [
  "from", "to", "type", "actor", "country", "text", "modality", "factual",
  "call_to_action", "call_to_violence", "denial", "no_historical", "article",
];

/** Filters that are switches: present as `=true`, absent otherwise. */
export const SWITCHES = new Set([
  "factual", "call_to_action", "call_to_violence", "denial", "no_historical",
]);

/** The switch between reports and merged events: not a filter (Clear keeps it), but what
 * every view counts. The API takes it under the same name. */
export const MERGED_PARAM = "merged";

const PAGE_PARAMS = ["interval", "offset", "event"];

/** The current state: a copy of the URL's query parameters. */
export function readState() {
  return new URLSearchParams(window.location.search);
}

/** Only the filter parameters of a state, ready to send to the API. */
export function filterParams(state) {
  const params = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    for (const value of state.getAll(name)) {
      if (value !== "") params.append(name, value);
    }
  }
  return params;
}

/** Whether the views show merged events rather than reports (`merged=1`; `true` is read too). */
export function isMerged(state) {
  return ["1", "true"].includes(state.get(MERGED_PARAM));
}

/** What the counting views (timeline, map, actors) send: the filters, and `merged=1` when on. */
export function countParams(state) {
  const params = filterParams(state);
  if (isMerged(state)) params.set(MERGED_PARAM, "1");
  return params;
}

/** Writes a state into the URL, filters first, without reloading. `push` adds a history entry
 * (opening an event, so Back closes it); filter edits replace the entry to keep Back useful. */
export function writeState(state, { push = false } = {}) {
  const ordered = countParams(state);
  for (const name of PAGE_PARAMS) {
    const value = state.get(name);
    if (value) ordered.set(name, value);
  }
  const query = ordered.toString();
  const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

/** A copy of `state` with one filter set to `values` (a string, an array or null to remove);
 * the table goes back to its first page, as the old page may no longer exist. */
export function withFilter(state, name, values) {
  const next = new URLSearchParams(state);
  next.delete(name);
  for (const value of [].concat(values ?? [])) {
    if (value !== "" && value !== null) next.append(name, value);
  }
  next.delete("offset");
  return next;
}

/** A copy of `state` showing merged events (`on`) or reports; the table goes back to its first
 * page, as the two lists have different lengths. */
export function withMerged(state, on) {
  const next = new URLSearchParams(state);
  if (on) next.set(MERGED_PARAM, "1");
  else next.delete(MERGED_PARAM);
  next.delete("offset");
  return next;
}

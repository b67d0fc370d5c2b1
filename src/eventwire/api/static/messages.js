// The message area: API errors are shown to the user, one line per distinct message (all views
// fail alike on a bad filter, and four copies of one message would be noise).

import { el } from "./dom.js";

const area = () => document.getElementById("messages");

/** Shows an error from a view: "Timeline: Bad request: ... (422)". */
export function showError(view, error) {
  const status = error.status ? ` (HTTP ${error.status})` : "";
  const text = `${error.message}${status}`;
  const existing = [...area().children].find((item) => item.dataset.text === text);
  if (existing) {
    existing.dataset.views += `, ${view}`;
    existing.querySelector(".views-label").textContent = existing.dataset.views;
    return;
  }
  const item = el("p", { class: "error", "data-text": text, "data-views": view },
    el("strong", { class: "views-label" }, view), ": ", text);
  area().append(item);
  if (!(error.status)) console.warn(error); // a bug in the page, not a refusal by the API
}

/** Clears the messages before the views load again. */
export function clearMessages() {
  area().replaceChildren();
}

// The actor view: who acts on whom, by event type, from /api/actors, most events first.
// Clicking an actor or a recipient filters every view by that name.

import { getJson, latestOnly } from "./api.js";
import { typeColor } from "./colors.js";
import { el, replaceChildren, formatNumber } from "./dom.js";
import { countParams } from "./state.js";

const latest = latestOnly();
let shownQuery = null;

export async function updateActors(state) {
  const params = countParams(state);
  const query = params.toString();
  if (query === shownQuery) return;
  shownQuery = null;
  const data = await latest(() => getJson("/api/actors", params));
  if (data === null) return;
  drawActors(data.links);
  shownQuery = query;
}

/** `onActor(name)` sets the actor filter. */
export function initActors({ onActor }) {
  document.querySelector("#actors-table tbody").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-actor]");
    if (button) onActor(button.dataset.actor);
  });
}

function drawActors(links) {
  // the API sorts already; sorting again keeps the promise of the view if that ever changes
  const sorted = [...links].sort((a, b) => b.events - a.events || b.fatalities - a.fatalities);
  const rows = sorted.map((link) => el("tr", {
    class: "link", "data-actor": link.actor, "data-recipient": link.recipient,
    "data-type": link.event_type, "data-events": link.events, "data-fatalities": link.fatalities,
  },
  el("td", {}, partyButton(link.actor)),
  el("td", {}, partyButton(link.recipient)),
  el("td", {}, el("span", { class: "swatch", style: `background:${typeColor(link.event_type)}` }),
    link.event_type),
  el("td", { class: "num" }, formatNumber(link.events)),
  el("td", { class: "num" }, formatNumber(link.fatalities)),
  ));
  if (rows.length === 0) {
    rows.push(el("tr", { class: "empty" }, el("td", { colspan: 5 }, "No events match the filters.")));
  }
  replaceChildren(document.querySelector("#actors-table tbody"), rows);
}

/** A named party as a button that filters by it; an unnamed one as a dash. */
function partyButton(name) {
  if (!name) return el("span", { class: "muted", title: "not named in the article" }, "\u2014");
  return el("button", { type: "button", class: "linkish", "data-actor": name,
    title: `Show only events of ${name}` }, name);
}

// The event view: one event from /api/events/{id} with its article, the evidence span marked
// in the full text and the trigger word marked inside it. When the event is one report of a
// merged event, the other reports of that happening are listed, each one a button that opens
// it. The article is untrusted text: it is cut at the given character offsets and appended as
// text nodes only.

import { getJson, latestOnly } from "./api.js";
import { el, replaceChildren, formatNumber } from "./dom.js";
import { isMerged } from "./state.js";
import { partyName, placeName, typeLabel } from "./table.js";

const latest = latestOnly();
let shownId = null;
let shownDetail = null;

/** Opens the event named by the URL's `event` parameter, or closes the view without one. */
export async function updateEventView(state) {
  const eventId = state.get("event");
  const panel = document.getElementById("event-view");
  if (!eventId) {
    panel.hidden = true;
    shownId = null;
    await latest(async () => null); // an event still loading must not open the closed panel
    return;
  }
  if (eventId === shownId && !panel.hidden) {
    drawReports(shownDetail, isMerged(state)); // the mode may have changed; the event not
    return;
  }
  const detail = await latest(() => getJson(`/api/events/${encodeURIComponent(eventId)}`));
  if (detail === null) return;
  drawEvent(detail);
  drawReports(detail, isMerged(state));
  panel.hidden = false;
  shownId = eventId;
  shownDetail = detail;
  panel.querySelector("mark.evidence")?.scrollIntoView({ block: "center" });
}

/** `onClose()` removes the event from the state; `onOpen(eventId)` opens another report. */
export function initEventView({ onClose, onOpen }) {
  document.getElementById("event-close").addEventListener("click", onClose);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !document.getElementById("event-view").hidden) onClose();
  });
  document.getElementById("event-reports").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-event-id]");
    if (button) onOpen(button.dataset.eventId);
  });
}

function drawEvent({ event, article, evidence }) {
  document.getElementById("event-view").dataset.eventId = event.event_id;
  replaceChildren(document.getElementById("event-fields"), eventFields(event));
  document.getElementById("article-title").textContent = article.title ?? article.id;
  replaceChildren(document.getElementById("article-meta"), articleMeta(article));
  replaceChildren(document.getElementById("article-text"),
    markedText(article.text, evidence, event.trigger));
}

// --- the reports of a merged event -----------------------------------------------------------

/** Lists every report of the event's happening: always in merged mode, and in report mode when
 * other outlets reported it too (a list of one would only repeat the panel). */
function drawReports(detail, merged) {
  const section = document.getElementById("event-reports");
  const group = detail?.merged;
  section.hidden = !group || (!merged && group.n_reports < 2);
  if (section.hidden) return;
  section.dataset.mergedId = group.merged_id;
  document.getElementById("event-reports-title").textContent =
    `${group.n_reports === 1 ? "1 report" : `${formatNumber(group.n_reports)} reports`} of ` +
    `this happening (merged event ${group.merged_id})`;
  replaceChildren(section.querySelector("ol"), group.reports.map((report) =>
    reportItem(report, report.event_id === detail.event.event_id)));
}

/** One report: its outlet and day, and its id as a button that opens it (the one shown is
 * marked instead; one whose article was recoded since the merge cannot be opened). */
function reportItem(report, shown) {
  const gone = report.article_id === null;
  const label = gone ? "" : `${report.source ?? report.article_id}, ${report.date ?? "undated"}`;
  const id = shown || gone
    ? el("span", { class: "report-id" }, report.event_id)
    : el("button", { type: "button", class: "linkish report-id", "data-event-id":
      report.event_id, title: "Open this report" }, report.event_id);
  const note = shown ? " (shown)" : gone ? " (no longer stored)" : "";
  return el("li", { "data-report": report.event_id, "aria-current": shown ? "true" : null },
    label ? `${label} · ` : "", id, note);
}

// --- the article ----------------------------------------------------------------------------

/** The text with the evidence in <mark class="evidence"> and, inside it, the trigger word in
 * <mark class="trigger">. The trigger always lies in the evidence when the coder made the
 * event; should a stored event break that, the evidence is still marked, the trigger not. */
export function markedText(text, evidence, trigger) {
  const inside = trigger && trigger.start >= evidence.start && trigger.end <= evidence.end;
  const marked = inside
    ? [text.slice(evidence.start, trigger.start),
      el("mark", { class: "trigger" }, text.slice(trigger.start, trigger.end)),
      text.slice(trigger.end, evidence.end)]
    : [text.slice(evidence.start, evidence.end)];
  return [text.slice(0, evidence.start), el("mark", { class: "evidence" }, marked),
    text.slice(evidence.end)];
}

function articleMeta(article) {
  const parts = [article.date ?? "undated", article.source, article.id].filter(Boolean);
  const meta = [parts.join(" \u00b7 ")];
  // only web links: a javascript: or data: URL from the store must never become clickable
  if (article.url && /^https?:\/\//i.test(article.url)) {
    meta.push(" \u00b7 ", el("a", { href: article.url, rel: "noopener noreferrer",
      target: "_blank" }, "original"));
  }
  return meta;
}

// --- the fields -------------------------------------------------------------------------------

/** Term/definition pairs for every field the event has; absent fields are left out. */
function eventFields(event) {
  const rows = [
    ["Type", typeLabel(event)],
    ["ACLED type", [event.acled_event_type, event.acled_sub_event_type].filter(Boolean).join(" / ")],
    ["Who", who(event)],
    ["Date", eventDate(event)],
    ["Place", placeDetail(event.location)],
    ["Fatalities", formatNumber(event.fatalities)],
    ["Injured", formatNumber(event.injured)],
    ["Modality", event.historical ? `${event.modality} (background, historical)` : event.modality],
    ["Claimed by", partyName(event.claimed_by)],
    ["Speaker", event.statement?.speaker?.text ?? ""],
    ["Responsibility", partyName(event.responsibility?.claimant)],
    ["Flags", flags(event)],
    ["Figures", figures(event.figures)],
    ["Confidence", event.confidence?.toFixed(2)],
    ["Event id", event.event_id],
  ];
  return rows.filter(([, value]) => value !== "" && value !== null && value !== undefined)
    .flatMap(([term, value]) => [el("dt", {}, term),
      el("dd", { "data-field": term.toLowerCase().replace(/\W+/g, "-") }, value)]);
}

/** "actor (+ co-actors) -> recipient (+ co-recipients)". */
function who(event) {
  const side = (first, others) => [first, ...(others ?? [])].filter(Boolean).map(partyName)
    .join(", ");
  const actor = side(event.actor, event.co_actors) || "unnamed actor";
  const recipient = side(event.recipient, event.co_recipients);
  return recipient ? `${actor} \u2192 ${recipient}` : actor;
}

function eventDate(event) {
  if (!event.date) return "undated";
  const precision = event.date_precision && event.date_precision !== "day"
    ? ` (${event.date_precision})` : "";
  const words = event.date_text ? ` \u2014 \u201c${event.date_text}\u201d` : "";
  return `${event.date}${precision}${words}`;
}

function placeDetail(location) {
  if (!location) return "";
  const area = [location.admin2, location.admin1].filter(Boolean).join(", ");
  const where = [placeName(location), area].filter(Boolean).join(" \u2014 ");
  const coords = location.lat !== null && location.lat !== undefined
    ? ` (${location.lat.toFixed(2)}, ${location.lon.toFixed(2)})` : " (no coordinates)";
  return where + coords;
}

function flags(event) {
  return [["call_to_action", "call to action"], ["call_to_violence", "call to violence"],
    ["denial", "denial"]].filter(([key]) => event[key]).map(([, label]) => label).join(", ");
}

/** Every stated casualty figure with who gave it: "5 killed (health ministry)". */
function figures(list) {
  if (!list || list.length === 0) return "";
  return el("ul", { class: "figures" }, list.map((figure) => el("li", {},
    `${formatNumber(figure.count)} ${figure.kind} \u2014 \u201c${figure.text}\u201d `,
    el("span", { class: "muted" }, `(${figure.source ? partyName(figure.source) : "the writer"})`))));
}

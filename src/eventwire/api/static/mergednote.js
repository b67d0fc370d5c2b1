// The note shown in merged mode when the store has no merged events: every merged view would
// be empty, and an empty page must say why and what to run rather than look like "no events".

import { getJson, latestOnly } from "./api.js";
import { el, replaceChildren } from "./dom.js";
import { isMerged } from "./state.js";

const latest = latestOnly();
let checked = false; // asked the store since merged mode was last turned on

/** Shows or hides the note; asks /api/health how many merged events there are each time merged
 * mode is turned on (a merge may have run since). */
export async function updateMergedNote(state) {
  const note = document.getElementById("merged-note");
  if (!isMerged(state)) {
    note.hidden = true;
    checked = false;
    await latest(async () => null); // an answer still on its way must not show the note
    return;
  }
  if (checked) return;
  const health = await latest(() => getJson("/api/health"));
  if (health === null) return;
  checked = true;
  note.hidden = health.merged_events > 0;
  if (!note.hidden) {
    replaceChildren(note, "No merged events yet: run ", el("code", {}, "eventwire dedup --db DB"),
      " to merge the reports of each happening across outlets. Until then the merged views are",
      " empty; untick \u201cone row per happening\u201d to see the reports.");
  }
}

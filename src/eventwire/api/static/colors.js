// One colour per PLOVER event type, fixed, so a type has the same colour in every view, in
// every filter and across reloads. Violent types are warm, verbal and cooperative ones cool.

export const PLOVER_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

const TYPE_COLORS = {
  ASSAULT: "#c0392b",
  COERCE: "#e67e22",
  MOBILIZE: "#8e44ad",
  SANCTION: "#795548",
  PROTEST: "#2471a3",
  THREATEN: "#d4a017",
  REJECT: "#7f8c8d",
  ACCUSE: "#16a085",
  REQUEST: "#48c9b0",
  RETREAT: "#a569bd",
  AID: "#27ae60",
  COOPERATE: "#82e0aa",
  CONCEDE: "#f1948a",
  SUPPORT: "#85c1e9",
  CONSULT: "#5d6d7e",
  AGREE: "#abebc6",
};

/** The colour of an event type; grey for a type this page does not know. */
export function typeColor(type) {
  return TYPE_COLORS[type] ?? "#999999";
}

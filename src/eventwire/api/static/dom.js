// Small DOM builders. Every value from the API is untrusted (article text above all), so the
// page never assigns innerHTML: text goes in as text nodes and values as attributes.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Appends children: strings and numbers become text nodes, null/undefined are skipped. */
function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Sets attributes; `class` and data-* included. null/undefined values are left out. */
function setAttributes(node, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  return node;
}

/** An HTML element: el("td", {class: "num"}, 12). */
export function el(tag, attrs = {}, ...children) {
  return append(setAttributes(document.createElement(tag), attrs), children);
}

/** An SVG element: svgEl("rect", {x: 1, y: 2, width: 3, height: 4}). */
export function svgEl(tag, attrs = {}, ...children) {
  return append(setAttributes(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Removes every child, then appends the new ones. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** The first `length` characters of a text, cut at a word, with an ellipsis when cut. */
export function snippet(text, length = 110) {
  if (!text || text.length <= length) return text || "";
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(" ");
  return (space > length * 0.6 ? cut.slice(0, space) : cut) + "\u2026";
}

/** A number with thousands separators; "" for null. */
export function formatNumber(value) {
  return value === null || value === undefined ? "" : Number(value).toLocaleString("en");
}

// The map: Natural Earth country outlines (countries-110m.json, built by
// scripts/build_basemap.py) and one circle per place from /api/places, with the circle's area
// proportional to the place's fatalities. The projection is equirectangular and already
// applied in the basemap (x = longitude, y = -latitude), so zooming and panning only change the
// SVG viewBox; circles are resized after each change to keep their size on screen.

import { getJson, latestOnly } from "./api.js";
import { svgEl, replaceChildren, formatNumber } from "./dom.js";
import { countParams } from "./state.js";

const MIN_RADIUS = 3; // pixels, for a place without fatalities
const MAX_RADIUS = 22; // pixels, for the place with the most fatalities
// the world view, in map units (y = -latitude): 84 N to 60 S, leaving out most of Antarctica
const WORLD = { minX: -180, maxX: 180, minY: -84, maxY: 60 };
const ZOOM_STEP = 1.6;

const latest = latestOnly();
let shownQuery = null;
let basemap = null; // a promise of the basemap's countries
let svg = null;
let view = null; // {cx, cy, width}: the centre and width of the viewBox, in degrees
let fitted = null; // the view that frames the current places

/** Loads and draws the places when the filters changed; throws ApiError. */
export async function updateMap(state) {
  const params = countParams(state);
  const query = params.toString();
  if (query === shownQuery) return;
  shownQuery = null;
  const [countries, data] = await latest(() => Promise.all([
    loadBasemap(), getJson("/api/places", params),
  ])) ?? [];
  if (!data) return;
  drawMap(countries, data);
  shownQuery = query;
}

/** The countries of the basemap, fetched once; a failed fetch is tried again next time. */
function loadBasemap() {
  if (basemap === null) {
    basemap = getJson("/static/countries-110m.json").then((json) => json.countries, (error) => {
      basemap = null;
      throw error;
    });
  }
  return basemap;
}

/** Wires the zoom buttons, the mouse wheel and dragging; called once. */
export function initMap() {
  document.getElementById("map-zoom-in").addEventListener("click", () => zoomBy(1 / ZOOM_STEP));
  document.getElementById("map-zoom-out").addEventListener("click", () => zoomBy(ZOOM_STEP));
  document.getElementById("map-fit").addEventListener("click", () => setView(fitted));
  document.getElementById("map-world").addEventListener("click", () => setView(worldView()));
  // the container's width decides the viewBox's shape
  window.addEventListener("resize", () => view && setView(view));
}

function drawMap(countries, data) {
  const container = document.getElementById("map-chart");
  const placed = new Set(data.places.map((place) => place.country));
  svg = svgEl("svg", { role: "img", "aria-label": "Map of the events' places" },
    svgEl("rect", { class: "sea", x: -540, y: -270, width: 1080, height: 540 }),
    svgEl("g", { class: "countries" }, countries.map((country) => countryPath(country, placed))),
    svgEl("g", { class: "places" }, placeCircles(data.places)),
  );
  replaceChildren(container, svg);
  enableDragAndWheel(svg);
  fitted = fitView(data.places);
  setView(fitted);
  document.getElementById("map-note").textContent = placesNote(data);
}

function countryPath(country, placed) {
  return svgEl("path", {
    class: placed.has(country.iso3) ? "country has-events" : "country",
    d: country.d, "data-name": country.name, "data-iso3": country.iso3,
  }, svgEl("title", {}, country.iso3 ? `${country.name} (${country.iso3})` : country.name));
}

/** Circles largest first, so a small place is never hidden under a large one. */
function placeCircles(places) {
  const maxFatalities = Math.max(1, ...places.map((place) => place.fatalities));
  const sorted = [...places].sort((a, b) => b.fatalities - a.fatalities);
  return sorted.map((place) => {
    // area proportional to fatalities: the radius grows with the square root
    const radius = Math.max(MIN_RADIUS, MAX_RADIUS * Math.sqrt(place.fatalities / maxFatalities));
    const where = [place.name, place.admin1, place.country].filter(Boolean).join(", ");
    return svgEl("circle", {
      class: "place", cx: place.lon, cy: -place.lat, "data-radius": radius,
      "data-place": place.name, "data-country": place.country, "data-admin1": place.admin1,
      "data-events": place.events, "data-fatalities": place.fatalities,
    }, svgEl("title", {}, `${where}: ${plural(place.events, "event")}, ` +
      `${plural(place.fatalities, "fatality", "fatalities")}`));
  });
}

function plural(count, one, many = one + "s") {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

function placesNote(data) {
  const parts = [`${plural(data.places.length, "place")}`];
  if (data.unplaced > 0) parts.push(`${plural(data.unplaced, "event")} without coordinates`);
  return parts.join("; ");
}

// --- the view: centre and width in degrees ----------------------------------------------------

function aspect() {
  const box = document.getElementById("map-chart").getBoundingClientRect();
  return box.width > 0 && box.height > 0 ? box.width / box.height : 2;
}

function worldView() {
  const width = Math.max(WORLD.maxX - WORLD.minX, (WORLD.maxY - WORLD.minY) * aspect());
  return { cx: 0, cy: (WORLD.minY + WORLD.maxY) / 2, width };
}

/** The view framing every place with a margin: at least 8 degrees wide, so a single town
 * still shows its surroundings. */
function fitView(places) {
  if (places.length === 0) return worldView();
  const xs = places.map((place) => place.lon);
  const ys = places.map((place) => -place.lat);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // the margin leaves room for the largest circle (22 px) at the edge of the view
  const margin = Math.max(3, 0.2 * Math.max(maxX - minX, maxY - minY));
  const width = Math.max(8, maxX - minX + 2 * margin, (maxY - minY + 2 * margin) * aspect());
  return { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, width: Math.min(width, 720) };
}

function setView(next) {
  if (!svg || !next) return;
  view = next;
  const height = view.width / aspect();
  svg.setAttribute("viewBox", [view.cx - view.width / 2, view.cy - height / 2, view.width,
    height].map((n) => n.toFixed(3)).join(" "));
  resizeCircles();
}

/** Circles are sized in pixels: convert to degrees at the current zoom. */
function resizeCircles() {
  const pixels = document.getElementById("map-chart").getBoundingClientRect().width || 600;
  const degreesPerPixel = view.width / pixels;
  for (const circle of svg.querySelectorAll("circle.place")) {
    circle.setAttribute("r", (circle.dataset.radius * degreesPerPixel).toFixed(4));
  }
}

function zoomBy(factor, centre = null) {
  if (!view) return;
  const width = Math.min(720, Math.max(0.5, view.width * factor));
  // zooming about a point (the mouse) keeps that point where it is on screen
  const cx = centre ? centre.x + (view.cx - centre.x) * (width / view.width) : view.cx;
  const cy = centre ? centre.y + (view.cy - centre.y) * (width / view.width) : view.cy;
  setView({ cx, cy, width });
}

/** The map coordinates (degrees) under a mouse event. */
function pointAt(event) {
  const box = svg.getBoundingClientRect();
  const height = view.width / aspect();
  return {
    x: view.cx + (event.clientX - box.left - box.width / 2) * (view.width / box.width),
    y: view.cy + (event.clientY - box.top - box.height / 2) * (height / box.height),
  };
}

function enableDragAndWheel(node) {
  node.addEventListener("wheel", (event) => {
    event.preventDefault(); // the page must not scroll while the map zooms
    zoomBy(event.deltaY > 0 ? ZOOM_STEP : 1 / ZOOM_STEP, pointAt(event));
  }, { passive: false });
  let drag = null;
  node.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, view };
    node.setPointerCapture(event.pointerId);
  });
  node.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const scale = drag.view.width / node.getBoundingClientRect().width;
    setView({ ...drag.view, cx: drag.view.cx - (event.clientX - drag.x) * scale,
      cy: drag.view.cy - (event.clientY - drag.y) * scale });
  });
  node.addEventListener("pointerup", () => { drag = null; });
}

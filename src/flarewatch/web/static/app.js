// The analyst's desk: map, timeline, filters, events table and evidence panel.
// Every piece of data (article text, names, titles) reaches the page through
// textContent or element properties, never as HTML: the articles are untrusted input.
// The filter state lives in the URL hash, so a view can be shared by its address.
// Events are fused records (one per incident, `sources` listing every report of it): a
// badge gives the source count, and the event panel shows each source's evidence.
// The escalation alerts (alerts.js) use this module's map and helpers.

import { setUpAlerts } from "./alerts.js";
import { drawFusion, splitButton } from "./fusion.js";

const TYPE_COLOURS = {
  AGREE: "#1b9e77", CONSULT: "#66a61e", SUPPORT: "#a6d854", CONCEDE: "#8dd3c7",
  COOPERATE: "#4daf4a", AID: "#377eb8", RETREAT: "#80b1d3", REQUEST: "#bebada",
  ACCUSE: "#fdb462", REJECT: "#fb8072", THREATEN: "#ff7f00", SANCTION: "#984ea3",
  PROTEST: "#f781bf", MOBILIZE: "#a65628", COERCE: "#e7298a", ASSAULT: "#e41a1c",
};
const MODALITIES = ["asserted", "reported", "claimed", "denied", "planned", "threatened",
  "hypothetical", "negated"];
const FILTER_NAMES = ["country", "type", "modality", "since", "until", "q"];
const MAP_LIMIT = 2000;  // events drawn at once; the status line says when there are more
const DAY_MS = 86400000;
const ANTARCTICA = "010";  // ISO numeric; left off the map, where it only fills the bottom
const EXCERPT_CONTEXT = 160;  // characters of a source's text shown around its evidence

export const view = { rows: [], sortKey: "date", sortDesc: true, markers: new Map(), map: null,
  cluster: null, loadToken: 0 };

// ---- small DOM helpers -------------------------------------------------------------

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

export function svgEl(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  return node;
}

export function safeHref(url) {
  // Only web links become clickable; javascript: and the like stay plain text.
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch { return null; }
}

// ---- state in the URL --------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.hash.slice(1));
  const state = {};
  for (const name of [...FILTER_NAMES, "event"]) state[name] = params.get(name) || "";
  return state;
}

export function writeState(changes) {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [name, value] of Object.entries(changes)) {
    if (value) params.set(name, value); else params.delete(name);
  }
  const hash = params.toString();
  if (hash !== location.hash.slice(1)) location.hash = hash;  // fires hashchange
}

function filterQuery(state, withDates) {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    if (!withDates && (name === "since" || name === "until")) continue;
    if (state[name]) params.set(name, state[name]);
  }
  return params;
}

export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || body.title || response.statusText);
  return body;
}

// ---- filters panel -----------------------------------------------------------------

function setUpFilters() {
  const form = document.getElementById("filters");
  for (const type of Object.keys(TYPE_COLOURS)) form.type.append(new Option(type, type));
  for (const modality of MODALITIES) form.modality.append(new Option(modality, modality));
  form.addEventListener("change", () => writeState(formState(form)));
  form.addEventListener("submit", (event) => { event.preventDefault(); writeState(formState(form)); });
  document.getElementById("clear").addEventListener("click", () => { location.hash = ""; });
}

function formState(form) {
  const state = {};
  for (const name of FILTER_NAMES) state[name] = form[name].value.trim();
  state.country = state.country.toUpperCase();
  return state;
}

function showFilters(state) {
  const form = document.getElementById("filters");
  for (const name of FILTER_NAMES) form[name].value = state[name];
}

// ---- map ---------------------------------------------------------------------------

async function setUpMap() {
  view.map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 20], 2);
  view.cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 40 });
  view.map.addLayer(view.cluster);
  drawLegend();
  try {
    const world = await getJSON("/static/vendor/world-atlas/countries-50m.json");
    const land = topojson.feature(world, world.objects.countries);
    land.features = land.features.filter((country) => country.id !== ANTARCTICA);
    for (const country of land.features) unwrapAntimeridian(country.geometry);
    L.geoJSON(land, { renderer: L.canvas(), interactive: false,
      style: { color: "#8a8a8a", weight: 0.6, fillColor: "#efebe2", fillOpacity: 1 } })
      .addTo(view.map).bringToBack();
  } catch (error) {
    console.warn("country outlines not available:", error);
  }
}

function unwrapAntimeridian(geometry) {
  // Natural Earth rings jump from +180 to -180 where they cross the antimeridian;
  // Leaflet would draw that jump as a line across the world, so keep the ring going
  // past 180 instead (Russia, Fiji ...).
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const ring of polygons.flat()) {
    for (let i = 1; i < ring.length; i++) {
      const jump = ring[i][0] - ring[i - 1][0];
      if (Math.abs(jump) > 180) ring[i] = [ring[i][0] - 360 * Math.sign(jump), ring[i][1]];
    }
  }
}

function drawLegend() {
  const legend = document.getElementById("legend");
  for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
    const item = el("div", type);
    const dot = el("span");
    dot.style.background = colour;
    item.prepend(dot);
    legend.append(item);
  }
}

function markerFor(event) {
  const place = event.event_loc;
  const dead = event.size.dead || 0;
  const size = Math.round(10 + Math.min(24, 3 * Math.sqrt(dead)));
  const count = sourceCount(event);
  const dot = el("div", null, count > 1 ? "fw-marker fw-fused" : "fw-marker");
  dot.dataset.eventId = event.id;
  dot.dataset.sources = count;
  dot.style.cssText = `width:${size}px;height:${size}px;background:${TYPE_COLOURS[event.event] || "#777"}`;
  const icon = L.divIcon({ html: dot, className: "", iconSize: [size, size] });
  const title = `${event.event} ${place.name || ""} ${event.date || ""}`;
  const marker = L.marker([place.lat, place.lon], { icon, title });
  marker.bindPopup(() => popupContent(event));
  marker.on("click", () => writeState({ event: event.id }));
  return marker;
}

function popupContent(event) {
  const box = el("div", null, "fw-popup");
  const head = el("div", `${event.event} — ${placeLabel(event.event_loc)}, ${event.date || "undated"}`);
  const count = sourceCount(event);
  if (count > 1) head.append(" ", sourceBadge(count));
  box.append(head);
  if (event.size.dead !== null) box.append(el("div", `dead: ${event.size.dead}`));
  for (const source of event.sources || []) {
    box.append(el("div", `${source.date || "undated"} · ${source.title || source.doc_id}`, "fw-popup-source"));
  }
  return box;
}

// ---- sources of a fused record ------------------------------------------------------

function sourceCount(event) {
  return event.sources ? event.sources.length : 1;
}

function sourceBadge(count) {
  const badge = el("span", count, "fw-badge");
  badge.title = `${count} sources report this incident`;
  return badge;
}

function sourcesOf(detail) {
  // A fused record's sources; a per-document event is told by its own document(s).
  const event = detail.event;
  if (event.sources) return event.sources;
  return detail.documents.map((doc) => ({ doc_id: doc.id, event_id: event.id, title: doc.title,
    url: doc.url, date: doc.date, claimed_by: event.claimed_by, size: event.size,
    text_info: doc.id === event.doc_id ? event.text_info : null }));
}

function sourceEvent(event, source) {
  // The per-document event a source stands for, as tellingSpans reads it.
  if (!source || source.event_id === event.id) return event;
  return { id: source.event_id, doc_id: source.doc_id, text_info: source.text_info };
}

function drawMarkers(events) {
  view.cluster.clearLayers();
  view.markers.clear();
  const markers = [];
  for (const event of events) {
    const place = event.event_loc;
    if (!place || place.lat === null || place.lon === null) continue;
    const marker = markerFor(event);
    view.markers.set(event.id, marker);
    markers.push(marker);
  }
  view.cluster.addLayers(markers);
}

// ---- timeline ----------------------------------------------------------------------

function drawTimeline(series, state) {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const width = svg.clientWidth || 600, height = svg.clientHeight || 120, pad = 18;
  if (!series.length) { svg.append(svgText("no dated events", 10, 20)); return; }
  const first = Date.parse(series[0].date), last = Date.parse(series[series.length - 1].date) + DAY_MS;
  const x = (ms) => pad + ((ms - first) / (last - first)) * (width - 2 * pad);
  const maxEvents = Math.max(...series.map((row) => row.events));
  const maxDead = Math.max(1, ...series.map((row) => row.dead));
  const barWidth = Math.max(1, (width - 2 * pad) / ((last - first) / DAY_MS) - 0.5);
  const plotHeight = height - 2 * pad;
  for (const row of series) {
    const barHeight = (row.events / maxEvents) * plotHeight;
    svg.append(svgEl("rect", { class: "bar", x: x(Date.parse(row.date)), width: barWidth,
      y: height - pad - barHeight, height: barHeight }));
  }
  // Dead as one dot a day, not a line: a line would invent deaths across the gaps.
  for (const row of series) {
    if (!row.dead) continue;
    svg.append(svgEl("circle", { class: "dead", r: 2, cx: x(Date.parse(row.date)) + barWidth / 2,
      cy: height - pad - (row.dead / maxDead) * plotHeight }));
  }
  svg.append(svgText(series[0].date, pad, height - 4), svgText(series[series.length - 1].date, width - pad - 60, height - 4));
  svg.append(svgText(`max ${maxEvents} events/day, ${maxDead} dead/day`, pad, 12));
  drawBrush(svg, state, x, height, pad);
  attachBrush(svg, { first, last, pad, width });
}

function svgText(text, x, y) {
  const node = svgEl("text", { class: "axis", x, y });
  node.textContent = text;
  return node;
}

function drawBrush(svg, state, x, height, pad) {
  if (!state.since && !state.until) return;
  const from = state.since ? x(Date.parse(state.since)) : pad;
  const to = state.until ? x(Date.parse(state.until) + DAY_MS) : svg.clientWidth - pad;
  svg.append(svgEl("rect", { class: "brush", x: Math.min(from, to), y: pad / 2,
    width: Math.abs(to - from), height: height - pad }));
}

function attachBrush(svg, scale) {
  // Drag across the timeline to choose a date range; a double-click clears it.
  const toDate = (px) => {
    const ratio = Math.min(1, Math.max(0, (px - scale.pad) / (scale.width - 2 * scale.pad)));
    return new Date(scale.first + ratio * (scale.last - scale.first)).toISOString().slice(0, 10);
  };
  svg.onmousedown = (down) => {
    const left = svg.getBoundingClientRect().left;
    const start = down.clientX - left;
    const live = svgEl("rect", { class: "brush", x: start, y: 0, width: 0, height: svg.clientHeight });
    svg.append(live);
    svg.onmousemove = (move) => {
      const now = move.clientX - left;
      live.setAttribute("x", Math.min(start, now));
      live.setAttribute("width", Math.abs(now - start));
    };
    svg.onmouseup = (up) => {
      svg.onmousemove = svg.onmouseup = null;
      const end = up.clientX - left;
      if (Math.abs(end - start) < 3) { live.remove(); return; }
      writeState({ since: toDate(Math.min(start, end)), until: toDate(Math.max(start, end)) });
    };
  };
  svg.ondblclick = () => writeState({ since: "", until: "" });
}

// ---- events table ------------------------------------------------------------------

const SORT_VALUES = {
  date: (e) => e.date || "", event: (e) => e.event, dead: (e) => e.size.dead ?? -1,
  actor: (e) => entityLabel(e.actor), recipient: (e) => entityLabel(e.recipient),
  place: (e) => placeLabel(e.event_loc), modality: (e) => e.modality,
};

function entityLabel(entity) {
  if (!entity) return "";
  const code = [entity.code, entity.sector].filter(Boolean).join(" ");
  return code ? `${entity.text} (${code})` : entity.text;
}

function placeLabel(place) {
  return place ? [place.name, place.country].filter(Boolean).join(", ") : "";
}

function setUpTable() {
  for (const th of document.querySelectorAll("#events th")) {
    th.addEventListener("click", () => {
      view.sortDesc = view.sortKey === th.dataset.key ? !view.sortDesc : th.dataset.key === "date";
      view.sortKey = th.dataset.key;
      drawTable(readState().event);
    });
  }
  document.querySelector("#events tbody").addEventListener("click", (click) => {
    const row = click.target.closest("tr");
    if (row) writeState({ event: row.dataset.eventId });
  });
}

function sortedRows() {
  const value = SORT_VALUES[view.sortKey];
  const sign = view.sortDesc ? -1 : 1;
  return [...view.rows].sort((a, b) => {
    const left = value(a), right = value(b);
    return (left < right ? -1 : left > right ? 1 : 0) * sign;
  });
}

function drawTable(selectedId) {
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...sortedRows().map((event) => tableRow(event, selectedId)));
  for (const th of document.querySelectorAll("#events th")) {
    th.classList.toggle("sorted-asc", th.dataset.key === view.sortKey && !view.sortDesc);
    th.classList.toggle("sorted-desc", th.dataset.key === view.sortKey && view.sortDesc);
  }
}

function tableRow(event, selectedId) {
  const row = el("tr", null, event.id === selectedId ? "selected" : "");
  row.dataset.eventId = event.id;
  const type = el("td", event.event);
  const dot = el("span", null, "type-dot");
  dot.style.background = TYPE_COLOURS[event.event] || "#777";
  type.prepend(dot);
  const count = sourceCount(event);
  if (count > 1) type.append(" ", sourceBadge(count));
  row.append(el("td", event.date || "undated"), type, el("td", entityLabel(event.actor)),
    el("td", entityLabel(event.recipient)), el("td", placeLabel(event.event_loc)),
    el("td", event.size.dead ?? ""), el("td", event.modality));
  return row;
}

// ---- event panel -------------------------------------------------------------------

async function showEvent(eventId) {
  const pane = document.getElementById("event-pane");
  pane.hidden = !eventId;
  document.getElementById("table-pane").hidden = Boolean(eventId);
  for (const marker of document.querySelectorAll(".fw-marker.selected")) marker.classList.remove("selected");
  if (!eventId) return;
  const detail = await getJSON(`/events/${encodeURIComponent(eventId)}`);
  const event = detail.event;
  drawFacts(event);
  const principal = sourcesOf(detail).find((source) => source.doc_id === event.doc_id);
  await Promise.all([drawSources(detail), drawArticle(event.doc_id, sourceEvent(event, principal)),
    drawFusion(detail, reopen)]);
  focusMarker(eventId);
}

async function reopen(eventId) {
  // After an analyst's decision: reload everything (the records changed) on `eventId`.
  const params = new URLSearchParams(location.hash.slice(1));
  params.set("event", eventId);
  history.replaceState(null, "", `#${params}`);  // no hashchange: reloaded here, once
  view.filtersKey = null;
  await onHashChange();
}

// What the date rests on (contract `date_text`, and `date_basis` where no words give it).
function dateBasisLabel(event) {
  if (event.date_basis === "saying") return ` ("${event.date_text}": the day it was said; it happened then or before)`;
  if (event.date_text) return ` ("${event.date_text}")`;
  const inferred = {report: "the report's day", narrative: "the day of the incident told before it"};
  return inferred[event.date_basis] ? ` (${inferred[event.date_basis]})` : "";
}

function drawFacts(event) {
  const title = document.getElementById("event-title");
  title.textContent = `${event.event}${event.mode ? " · " + event.mode : ""} — ${event.event_text}`;
  const count = sourceCount(event);
  if (count > 1) title.append(" ", sourceBadge(count));
  const size = event.size;
  const facts = [
    ["Date", [event.date, event.enddate !== event.date ? event.enddate : null].filter(Boolean).join(" to ")
      + dateBasisLabel(event)],
    ["Actor", entityLabel(event.actor)], ["Target", entityLabel(event.recipient)],
    ["Place", placeLabel(event.event_loc)],
    ["Dead / injured / arrested", [size.dead, size.injured, size.arrested].map((n) => n ?? "–").join(" / ")],
    ["Reports differ", rangeLabel(event.size_range)],
    ["Sources", event.sources ? `${count} report${count > 1 ? "s" : ""}` : ""],
    ["Record", event.id],
    ["Modality", event.modality], ["Claimed by", entityLabel(event.claimed_by)],
    ["Told", (event.mentions || []).length > 1 ? `${event.mentions.length} times in the article` : ""],
    ["ACLED", event.acled ? `${event.acled.event_type}: ${event.acled.sub_event_type}` : ""],
    ["Confidence", event.confidence],
  ];
  const list = document.getElementById("event-facts");
  list.replaceChildren();
  for (const [name, value] of facts) if (value !== "" && value !== null) list.append(el("dt", name), el("dd", value));
}

function rangeLabel(range) {
  // size_range: {"dead": [low, high], ...} where the sources disagree.
  return Object.entries(range || {}).map(([name, [low, high]]) => `${name} ${low}–${high}`).join(", ");
}

async function drawSources(detail) {
  // Every source: title, outlet and date, its own figures and claim, and its evidence
  // highlighted in an excerpt of its own text.
  const list = document.getElementById("event-sources");
  const documents = new Map(detail.documents.map((doc) => [doc.id, doc]));
  const items = sourcesOf(detail).map((source) => sourceItem(source, documents.get(source.doc_id), detail));
  list.replaceChildren(...items.map((item) => item.node));
  await Promise.all(items.map((item) => item.fill()));
}

function sourceItem(source, doc, detail) {
  const node = el("li", null, "fw-source");
  node.dataset.docId = source.doc_id;
  const href = safeHref(source.url || (doc && doc.url));
  const title = el(href ? "a" : "span", source.title || (doc && doc.title) || source.doc_id, "fw-source-title");
  if (href) { title.href = href; title.rel = "noopener noreferrer"; title.target = "_blank"; }
  const outlet = doc ? doc.source : null;
  node.append(title, el("span", ` — ${[outlet, source.date].filter(Boolean).join(", ")}`));
  node.append(el("div", sourceFacts(source), "fw-source-facts"));
  const excerpt = el("div", null, "fw-source-text");
  const show = el("button", "show text");
  show.type = "button";
  show.addEventListener("click", () => drawArticle(source.doc_id, sourceEvent(detail.event, source)));
  node.append(excerpt, show);
  if ((detail.event.sources || []).length > 1) node.append(splitButton(detail.event.id, source.doc_id, reopen));
  const tellings = detail.evidence.filter((item) => item.doc_id === source.doc_id
    && (item.event_id === undefined || item.event_id === source.event_id));
  return { node, fill: () => fillExcerpt(excerpt, source.doc_id, tellings) };
}

function sourceFacts(source) {
  const size = source.size || {};
  const figures = ["dead", "injured", "arrested"].filter((name) => size[name] !== null && size[name] !== undefined)
    .map((name) => `${name} ${size[name]}`);
  const claim = source.claimed_by ? `according to ${entityLabel(source.claimed_by)}` : "";
  return [figures.length ? figures.join(", ") : "no figures", claim].filter(Boolean).join(" · ");
}

async function fillExcerpt(node, docId, tellings) {
  if (!tellings.length) return;
  const doc = await getJSON(`/documents/${encodeURIComponent(docId)}`);
  const chars = Array.from(doc.text);
  const from = Math.max(0, Math.min(...tellings.map((item) => item.start)) - EXCERPT_CONTEXT);
  const to = Math.min(chars.length, Math.max(...tellings.map((item) => item.end)) + EXCERPT_CONTEXT);
  const spans = mentionSpans(tellings).map((span) => ({ ...span, start: span.start - from, end: span.end - from }));
  node.replaceChildren(...segments(chars.slice(from, to).join(""), spans));
  if (from > 0) node.prepend("… ");
  if (to < chars.length) node.append(" …");
}

async function drawArticle(docId, event) {
  const doc = await getJSON(`/documents/${encodeURIComponent(docId)}`);
  const article = document.getElementById("article");
  article.replaceChildren(...segments(doc.text, articleSpans(doc, event)));
  const evidence = article.querySelector(".fw-evidence");
  if (evidence) evidence.scrollIntoView({ block: "center" });
}

function articleSpans(doc, event) {
  const spans = tellingSpans(doc, event);
  for (const place of doc.places) spans.push({ start: place.start, end: place.end, cls: "fw-place", title: placeLabel(place) });
  for (const timex of doc.timexes) spans.push({ start: timex.start, end: timex.end, cls: "fw-date", title: timex.value });
  return spans.filter((span) => span.start >= 0 && span.end > span.start);
}

function tellingSpans(doc, event) {
  // Every telling of the event in this text (class fw-telling, numbered in data-telling),
  // the principal evidence also fw-evidence, and the trigger where the text is its own.
  const linked = doc.events.find((item) => item.id === event.id);
  if (linked) {
    const mentions = linked.mentions || [{ start: linked.start, end: linked.end, principal: true }];
    const spans = mentionSpans(mentions);
    if (linked.trigger_start !== null) spans.push({ start: linked.trigger_start, end: linked.trigger_end, cls: "fw-trigger" });
    return spans;
  }
  if (doc.id !== event.doc_id) return [];
  // An event stored without its document link still has its own tellings.
  const principal = event.text_info;
  const mentions = (event.mentions || [principal]).map((mention) => ({ ...mention,
    principal: mention.start === principal.start && mention.end === principal.end }));
  return mentionSpans(mentions);
}

function mentionSpans(mentions) {
  return mentions.map((mention, index) => ({
    start: mention.start, end: mention.end, telling: index,
    cls: mention.principal ? "fw-telling fw-evidence" : "fw-telling",
    title: `telling ${index + 1} of ${mentions.length}${mention.principal ? " (principal evidence)" : ""}`,
  }));
}

function segments(text, spans) {
  // Cut the text at every span boundary; each piece carries the classes of the spans
  // covering it, so overlapping layers (evidence, trigger, place, date) all show.
  // Offsets count code points (Python str indices), hence Array.from.
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  for (const span of spans) { cuts.add(Math.min(span.start, chars.length)); cuts.add(Math.min(span.end, chars.length)); }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const covering = spans.filter((span) => span.start <= from && span.end >= to);
    const piece = chars.slice(from, to).join("");
    if (!covering.length) { nodes.push(document.createTextNode(piece)); continue; }
    const node = el("span", piece, covering.map((span) => span.cls).join(" "));
    const title = covering.map((span) => span.title).filter(Boolean).join("; ");
    if (title) node.title = title;
    const tellings = covering.filter((span) => span.telling !== undefined).map((span) => span.telling);
    if (tellings.length) node.dataset.telling = tellings.join(" ");
    nodes.push(node);
  }
  return nodes;
}

function focusMarker(eventId) {
  const marker = view.markers.get(eventId);
  if (!marker) return;
  view.cluster.zoomToShowLayer(marker, () => {
    const dot = document.querySelector(`.fw-marker[data-event-id="${CSS.escape(eventId)}"]`);
    if (dot) dot.classList.add("selected");
  });
}

// ---- loading -----------------------------------------------------------------------

async function load() {
  const state = readState();
  const token = ++view.loadToken;
  showFilters(state);
  const query = filterQuery(state, true);
  query.set("limit", MAP_LIMIT);
  const status = document.getElementById("status");
  status.textContent = "Loading…";
  try {
    const [page, stats] = await Promise.all([
      getJSON(`/events?${query}`), getJSON(`/stats/timeseries?${filterQuery(state, false)}`)]);
    if (token !== view.loadToken) return;  // a newer filter change is already loading
    view.rows = page.events;
    status.textContent = page.next ? `the newest ${MAP_LIMIT} matching events (more exist: narrow the filters)`
      : `${page.events.length} matching events`;
    drawMarkers(page.events);
    drawTable(state.event);
    drawTimeline(stats.series, state);
    await showEvent(state.event);
  } catch (error) {
    status.textContent = `Could not load events: ${error.message}`;
  }
}

async function onHashChange() {
  const state = readState();
  const filtersKey = FILTER_NAMES.map((name) => state[name]).join("|");
  if (filtersKey === view.filtersKey) { drawTable(state.event); await showEvent(state.event); return; }
  view.filtersKey = filtersKey;
  await load();
}

async function main() {
  setUpFilters();
  setUpTable();
  document.getElementById("close-event").addEventListener("click", () => writeState({ event: "" }));
  await setUpMap();
  window.addEventListener("hashchange", onHashChange);
  await onHashChange();
  await setUpAlerts();
  document.body.dataset.ready = "1";  // tests wait for this
}

main();

// The escalation watch on the desk: the stored alerts (open first, then closed), a badge in
// the header with the number of open ones, and the selected alert: its weekly series as a
// chart (observed bars, the baseline band from expected to threshold, the threshold line,
// alarm weeks marked, leading signals as small marks under the bars), its figures and
// signals, its driving records on the map (a layer of their own) and as links into their
// evidence (the event pane). A button turns the chart to the series day by day (the alert's
// `days`: bars, alarm weeks' days in red, the week's expected value spread over its days). Alerts come from GET /alerts and GET /alerts/{id}.
// State lives in the URL hash like the rest of the page: alert=ID (the Atom feed links to
// /#alert=ID), alerts=1 while the list is open. Stored text reaches the page only through
// textContent and element properties, never as HTML.

import { el, getJSON, safeHref, svgEl, view, writeState } from "./app.js";

const OPEN_LIMIT = 1000;  // the API's most: every open alert, for the badge
const CLOSED_LIMIT = 100;  // the latest closed ones
const CHART = { height: 160, pad: 22, strip: 12 };  // px: plot padding, signal strip under the bars
const SIGNAL_MARKS = 5;  // marks drawn in one week; more are told as "+n"
const MARK_GAP = 5;  // px between signal marks
const ALERT_PANE = "fw-alerts";  // the map pane of the alert's records: above the event markers
const RECORD_STYLE = { radius: 10, color: "#b91c1c", weight: 3, fillColor: "#fca5a5",
  fillOpacity: 0.35, className: "fw-alert-marker" };
const FIT = { padding: [40, 40], maxZoom: 9 };

const alerts = { list: [], shownId: null, layer: null, current: null, period: "week" };

// ---- set-up and state --------------------------------------------------------------

export async function setUpAlerts() {
  view.map.createPane(ALERT_PANE).style.zIndex = 620;
  alerts.layer = L.layerGroup().addTo(view.map);
  byId("alerts-button").addEventListener("click", toggleAlerts);
  byId("close-alerts").addEventListener("click", () => writeState({ alerts: "", alert: "" }));
  byId("alert-deselect").addEventListener("click", () => writeState({ alert: "", alerts: "1" }));
  byId("alerts-list").addEventListener("click", onListClick);
  byId("alert-chart").before(periodButton());
  window.addEventListener("hashchange", showAlertState);
  await loadAlerts();
  await showAlertState();
}

function byId(id) {
  return document.getElementById(id);
}

function alertState() {
  // {open: the pane is shown, id: the selected alert or ""}
  const params = new URLSearchParams(location.hash.slice(1));
  const id = params.get("alert") || "";
  return { open: params.get("alerts") === "1" || Boolean(id), id };
}

function hashWith(changes) {
  // The page's address with `changes` made to its hash, as writeState would make them.
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [name, value] of Object.entries(changes)) {
    if (value) params.set(name, value); else params.delete(name);
  }
  return `#${params}`;
}

function toggleAlerts() {
  writeState(alertState().open ? { alerts: "", alert: "" } : { alerts: "1" });
}

async function showAlertState() {
  const state = alertState();
  byId("alerts-pane").hidden = !state.open;
  byId("alerts-button").setAttribute("aria-expanded", String(state.open));
  drawList(state.id);
  if (state.id !== alerts.shownId) await showAlert(state.id);
}

// ---- the list ----------------------------------------------------------------------

async function loadAlerts() {
  try {
    const [open, closed] = await Promise.all([
      getJSON(`/alerts?status=open&limit=${OPEN_LIMIT}`),
      getJSON(`/alerts?status=closed&limit=${CLOSED_LIMIT}`)]);
    alerts.list = [...open.alerts, ...closed.alerts];
    drawBadge(open.alerts.length);
    byId("alerts-status").textContent = listStatus(open.alerts.length, closed.alerts.length);
  } catch (error) {
    byId("alerts-status").textContent = `Could not load alerts: ${error.message}`;
  }
}

function listStatus(open, closed) {
  if (!open && !closed) return "No alerts stored (flarewatch watch finds them).";
  const more = closed >= CLOSED_LIMIT ? " (the latest)" : "";
  return `${open} open, ${closed} closed${more}; most recently updated first`;
}

function drawBadge(count) {
  const badge = byId("alerts-badge");
  badge.textContent = count >= OPEN_LIMIT ? `${count}+` : String(count);
  badge.classList.toggle("fw-none", count === 0);
  badge.title = `${count} open alert${count === 1 ? "" : "s"}`;
}

function drawList(selectedId) {
  byId("alerts-list").replaceChildren(...alerts.list.map((alert) => listItem(alert, selectedId)));
}

function listItem(alert, selectedId) {
  const item = el("li", null, alert.id === selectedId ? "fw-alert selected" : "fw-alert");
  const pick = el("button", null, "fw-alert-pick");
  pick.type = "button";
  pick.dataset.alertId = alert.id;
  const count = (alert.sources || []).length;
  const meta = `onset ${alert.onset_week} · ${count} source${count === 1 ? "" : "s"}`;
  pick.append(statusPill(alert.status), el("span", alert.summary, "fw-alert-summary"),
    el("span", meta, "fw-alert-meta"));
  item.append(pick);
  return item;
}

function statusPill(status) {
  return el("span", status, `fw-status fw-${status === "open" ? "open" : "closed"}`);
}

function onListClick(click) {
  const pick = click.target.closest("[data-alert-id]");
  if (pick) writeState({ alert: pick.dataset.alertId, alerts: "1" });
}

// ---- the selected alert ------------------------------------------------------------

async function showAlert(id) {
  alerts.shownId = id;
  byId("alert-detail").hidden = !id;
  alerts.layer.clearLayers();
  if (!id) return;
  try {
    const alert = await getJSON(`/alerts/${encodeURIComponent(id)}`);
    if (alerts.shownId === id) drawAlert(alert);
  } catch (error) {
    if (alerts.shownId === id) drawMissing(id, error);
  }
}

function drawAlert(alert) {
  alerts.current = alert;
  drawHead(alert);
  drawChart(alert);
  drawFigures(alert);
  drawSignals(alert);
  drawRecords(alert.records || []);
  drawSources(alert.sources || []);
  drawRecordMarkers(alert.records || []);
}

function drawMissing(id, error) {
  byId("alert-title").textContent = `Alert ${id}: ${error.message}`;
  byId("alert-line").replaceChildren();
  byId("alert-chart").replaceChildren();
  for (const list of ["alert-figures", "alert-signals", "alert-records", "alert-sources"]) {
    byId(list).replaceChildren();
  }
}

function drawHead(alert) {
  byId("alert-title").textContent = alert.summary;
  const series = alert.series;
  const weeks = [`onset ${alert.onset_week}`, `last alarm ${alert.last_alarm_week}`,
    alert.closed_week ? `closed ${alert.closed_week}` : ""].filter(Boolean).join(" · ");
  byId("alert-line").replaceChildren(statusPill(alert.status),
    ` ${series.label} (${series.level}) · ${weeks}`);
}

function drawFigures(alert) {
  const facts = [["Measure", alert.measure], ["Observed", alert.observed],
    ["Expected", alert.expected], ["Threshold", alert.threshold], ["Score", alert.score],
    ["Detector", alert.detector],
    ["Not in the weeks", alert.coarse ? `${alert.coarse} records dated only to a month or year`
      : ""]];
  const list = byId("alert-figures");
  list.replaceChildren();
  for (const [name, value] of facts) {
    if (value === "" || value === null || value === undefined) continue;
    list.append(el("dt", name), el("dd", value));
  }
}

function drawSignals(alert) {
  // The window's total against the series' usual, then each week that had any.
  const signals = alert.signals || {};
  const total = el("p", `${signals.before_onset ?? 0} in the weeks up to the onset`
    + ` (usual for such a window: ${signals.usual ?? 0})`);
  const weeks = el("ul");
  weeks.append(...(alert.weeks || []).filter((week) => week.signals > 0)
    .map((week) => el("li", `week of ${week.week_start}: ${week.signals}`)));
  byId("alert-signals").replaceChildren(total, ...(weeks.childElementCount ? [weeks] : []));
}

// ---- the chart ---------------------------------------------------------------------

function periodButton() {
  // Turns the chart between weeks (the detector's) and days (`days` of GET /alerts/{id}).
  const button = el("button", "by day", "fw-period");
  button.type = "button";
  button.id = "alert-period";
  button.setAttribute("aria-pressed", "false");
  button.title = "show the series day by day, or week by week";
  button.addEventListener("click", () => {
    alerts.period = alerts.period === "week" ? "day" : "week";
    button.textContent = alerts.period === "week" ? "by day" : "by week";
    button.setAttribute("aria-pressed", String(alerts.period === "day"));
    if (alerts.current) drawChart(alerts.current);
  });
  return button;
}

function drawChart(alert) {
  const svg = byId("alert-chart");
  svg.replaceChildren();
  if (alerts.period === "day" && (alert.days || []).length) { drawDays(svg, alert); return; }
  const weeks = alert.weeks || [];
  byId("alert-caption").textContent = chartCaption(alert.measure);
  if (!weeks.length) { svg.append(chartText("no weekly series", 10, 20)); return; }
  const scale = chartScale(svg, weeks, alert.measure);
  svg.append(...weeks.flatMap((week, i) => (week.alarm ? [alarmColumn(i, scale)] : [])),
    bandPath(weeks, scale), ...weeks.map((week, i) => weekBar(week, i, scale)),
    stepPath(weeks, scale, "expected"), stepPath(weeks, scale, "threshold"),
    ...weeks.flatMap((week, i) => signalMarks(week, i, scale)), ...chartLabels(weeks, scale));
}

function chartCaption(measure) {
  return `Bars: ${measure} per week (red: alarm weeks). Shaded: the baseline band, from`
    + " expected (dashed) to the threshold (line). Dots under the bars: leading signals.";
}

function chartScale(svg, weeks, measure) {
  // x(i): left edge of week i; y(value): px from the top; base: the bars' zero line.
  const width = svg.clientWidth || 400, height = svg.clientHeight || CHART.height;
  const top = Math.max(1, ...weeks.map((week) =>
    Math.max(week[measure], week.threshold, week.expected)));
  const base = height - CHART.pad - CHART.strip;
  const step = (width - 2 * CHART.pad) / weeks.length;
  return { measure, width, height, top, base, step, x: (i) => CHART.pad + i * step,
    y: (value) => base - (value / top) * (base - CHART.pad) };
}

function alarmColumn(i, scale) {
  return svgEl("rect", { class: "alarm-week", x: scale.x(i), width: scale.step,
    y: CHART.pad / 2, height: scale.base + CHART.strip - CHART.pad / 2 });
}

function weekBar(week, i, scale) {
  const value = week[scale.measure];
  const bar = svgEl("rect", { class: week.alarm ? "bar alarm" : "bar", x: scale.x(i) + 1,
    width: Math.max(1, scale.step - 2), y: scale.y(value), height: scale.base - scale.y(value) });
  bar.dataset.week = week.week_start;
  bar.append(svgTitle(`week of ${week.week_start}: ${value} ${scale.measure}; expected`
    + ` ${week.expected}, threshold ${week.threshold}${week.alarm ? " — alarm" : ""}`));
  return bar;
}

function stepPoints(weeks, scale, key) {
  // [x, y] corners of a line that holds each week's value across the week's width.
  return weeks.flatMap((week, i) => [[scale.x(i), scale.y(week[key])],
    [scale.x(i + 1), scale.y(week[key])]]);
}

function bandPath(weeks, scale) {
  const upper = stepPoints(weeks, scale, "threshold");
  const lower = stepPoints(weeks, scale, "expected").reverse();
  const path = svgEl("path", { class: "band", d: `M${[...upper, ...lower].join("L")}Z` });
  path.append(svgTitle("baseline band: expected to threshold"));
  return path;
}

function stepPath(weeks, scale, key) {
  // The line of `key` ("expected" or "threshold"), of that class.
  const path = svgEl("path", { class: key, d: `M${stepPoints(weeks, scale, key).join("L")}` });
  path.append(svgTitle(key));
  return path;
}

function signalMarks(week, i, scale) {
  if (!week.signals) return [];
  const shown = Math.min(week.signals, SIGNAL_MARKS);
  const left = scale.x(i) + scale.step / 2 - ((shown - 1) * MARK_GAP) / 2;
  const y = scale.base + CHART.strip / 2 + 1;
  const marks = Array.from({ length: shown }, (_, n) =>
    svgEl("circle", { class: "signal", r: 2, cx: left + n * MARK_GAP, cy: y }));
  if (week.signals > shown) {
    marks.push(chartText(`+${week.signals - shown}`, left + shown * MARK_GAP, y + 3));
  }
  const title = `${week.signals} leading signals, week of ${week.week_start}`;
  for (const mark of marks) mark.append(svgTitle(title));
  return marks;
}

function chartLabels(weeks, scale, unit = "week") {
  const last = weeks[weeks.length - 1].week_start;
  return [chartText(weeks[0].week_start, CHART.pad, scale.height - 4),
    chartText(last, scale.width - CHART.pad - 62, scale.height - 4),
    chartText(`${scale.top} ${scale.measure}/${unit}`, CHART.pad, CHART.pad - 8)];
}

function drawDays(svg, alert) {
  const rows = dayRows(alert);
  byId("alert-caption").textContent = dayCaption(alert);
  const scale = chartScale(svg, rows, alert.measure);
  svg.append(...rows.flatMap((row, i) => (row.alarm ? [alarmColumn(i, scale)] : [])),
    ...rows.map((row, i) => dayBar(row, i, scale)), stepPath(rows, scale, "expected"),
    ...chartLabels(rows, scale, "day"));
}

function dayRows(alert) {
  // Each day (7 a week from the first of the alert's weeks) with its week's alarm flag and
  // its share of the week's expected value (a partial week's is for its `days`).
  const weeks = alert.weeks || [];
  return alert.days.map((day, i) => {
    const week = weeks[Math.floor(i / 7)] || {};
    const expected = week.expected === null || week.expected === undefined ? 0
      : week.expected / (week.days || 7);
    return { ...day, week_start: day.day, alarm: Boolean(week.alarm), expected, threshold: 0 };
  });
}

function dayCaption(alert) {
  const left = alert.days_coarse ? ` ${alert.days_coarse} records dated only to a week, month`
    + " or year are not in the days." : "";
  return `Bars: ${alert.measure} per day (red: the days of alarm weeks). Dashed: the week's`
    + ` expected value spread over its days (the detector tests weeks).${left}`;
}

function dayBar(row, i, scale) {
  const value = row[scale.measure];
  const bar = svgEl("rect", { class: row.alarm ? "bar day alarm" : "bar day",
    x: scale.x(i) + 0.5, width: Math.max(1, scale.step - 1), y: scale.y(value),
    height: scale.base - scale.y(value) });
  bar.dataset.day = row.day;
  bar.append(svgTitle(`${row.day}: ${value} ${scale.measure}`));
  return bar;
}

function chartText(text, x, y) {
  const node = svgEl("text", { class: "axis", x, y });
  node.textContent = text;
  return node;
}

function svgTitle(text) {
  const title = svgEl("title");
  title.textContent = text;
  return title;
}

// ---- driving records and sources ---------------------------------------------------

function recordLabel(record) {
  const place = [record.place_name, record.place_country].filter(Boolean).join(", ");
  const dead = record.dead === null || record.dead === undefined ? "" : `${record.dead} dead`;
  return [record.date || "undated", record.event + (record.mode ? ` (${record.mode})` : ""),
    place, dead].filter(Boolean).join(" · ");
}

function drawRecords(records) {
  byId("alert-records-title").textContent = `Driving events (${records.length})`;
  byId("alert-records").replaceChildren(...records.map(recordItem));
}

function recordItem(record) {
  // A link into the record's evidence: the event pane opens on event=ID.
  const link = el("a", recordLabel(record), "fw-alert-record");
  link.href = hashWith({ event: record.id });
  link.dataset.eventId = record.id;
  if (record.event_text) link.title = `"${record.event_text}": open its evidence`;
  link.addEventListener("click", (click) => {
    click.preventDefault();
    writeState({ event: record.id });
  });
  const item = el("li");
  item.append(link);
  return item;
}

function drawSources(sources) {
  byId("alert-sources-title").textContent = `Sources (${sources.length})`;
  byId("alert-sources").replaceChildren(...sources.map(sourceItem));
}

function sourceItem(source) {
  const href = safeHref(source.url);
  const title = el(href ? "a" : "span", source.title || source.doc_id);
  if (href) { title.href = href; title.rel = "noopener noreferrer"; title.target = "_blank"; }
  const item = el("li", null, "fw-source");
  item.append(title, el("span", source.date ? ` — ${source.date}` : ""));
  return item;
}

function drawRecordMarkers(records) {
  alerts.layer.clearLayers();
  const points = [];
  for (const record of records) {
    if (record.place_lat === null || record.place_lon === null) continue;
    const point = [record.place_lat, record.place_lon];
    const marker = L.circleMarker(point, { ...RECORD_STYLE, pane: ALERT_PANE });
    marker.bindTooltip(el("span", recordLabel(record)));
    marker.on("click", () => writeState({ event: record.id }));
    alerts.layer.addLayer(marker);
    marker.getElement().dataset.eventId = record.id;
    points.push(point);
  }
  if (points.length) view.map.fitBounds(L.latLngBounds(points), FIT);
}

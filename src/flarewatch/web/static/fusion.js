// Fusion in the event panel: why a fused record's reports were joined (its scored pairs,
// GET /events/{id}/explain), and an analyst's corrections (POST /fuse/split, /fuse/merge)
// with the server's API token, typed into the panel and kept only in that field. Later
// fusion keeps a decision (README, "Fusion"). Text reaches the page through textContent.

import { el, getJSON } from "./app.js";

// What each part of a pair's score means (src/flarewatch/fusion/score.py; README).
const PART_LABELS = {
  words: "alike trigger words", context: "alike evidence words", same_place: "same place",
  contained_place: "one place holds the other", in_country: "same country",
  place_conflict: "towns far apart", site_conflict: "different parts of a town",
  unplaced: "one has no place", reported_place: "its report names the place",
  reported_day: "its report, same day", same_day: "same day", next_day: "next day",
  other_day: "consecutive days, each told", days_apart: "days apart",
  same_actor: "same actor", actor_conflict: "different actors", same_recipient: "same target",
  same_mode: "same weapon", mode_conflict: "different weapons",
  target_conflict: "different things hit", victim_conflict: "different victims",
  same_toll: "same toll", toll_conflict: "tolls far apart",
  same_particular: "a shared name or number", same_document: "one report",
  several: "tells several happenings", unanchored: "nothing particular ties them",
  uncorroborated: "only a coarse anchor",
};

export async function drawFusion(detail, reopen) {
  // The "why" list of a fused record with two sources or more, the split buttons' handler
  // and the merge form; `reopen(id)` reloads the view on a record after a decision.
  const event = detail.event;
  const sources = event.sources || [];
  const why = document.getElementById("event-why");
  why.hidden = sources.length < 2;
  document.getElementById("decide-status").textContent = "";
  const merge = document.getElementById("merge-form");
  merge.onsubmit = (submitted) => {
    submitted.preventDefault();
    const other = merge.elements["merge-id"].value.trim();
    if (other) decide("/fuse/merge", { ids: [event.id, other] }, "Merged", reopen);
  };
  if (why.hidden) return;
  const explanation = await getJSON(`/events/${encodeURIComponent(event.id)}/explain`);
  drawPairs(explanation, sources);
}

export function splitButton(recordId, docId, reopen) {
  // "split off": this report's events leave the record (the larger part keeps its id).
  const button = el("button", "split off", "fw-split");
  button.type = "button";
  button.title = "this report tells another incident: take it out of the record";
  button.addEventListener("click", () => decide("/fuse/split", { id: recordId, source: docId },
    "Split", reopen));
  return button;
}

function drawPairs(explanation, sources) {
  const titles = new Map(sources.map((source) => [source.event_id, source.title || source.doc_id]));
  document.getElementById("event-why-line").textContent =
    `Reports join when their pairs score ${explanation.threshold} or more on average; best pairs first.`;
  const list = document.getElementById("event-pairs");
  list.replaceChildren(...explanation.pairs.map((pair) => pairItem(pair, titles, explanation)));
}

function pairItem(pair, titles, explanation) {
  const item = el("li", null, "fw-pair");
  const ends = `${titles.get(pair.a) || pair.a} ~ ${titles.get(pair.b) || pair.b}`;
  if (pair.decision) {
    item.append(el("span", ends), el("span", ` — an analyst's ${pair.decision}`, "fw-decided"));
    return item;
  }
  item.append(el("span", ends), el("span", ` — score ${pair.score}`, "fw-score"));
  const parts = Object.entries(pair.parts).filter(([, value]) => value !== 0);  // cosines of 0
  const weight = (name) => explanation.weights[name] ?? 0;
  const told = (entries) => entries.map(([name, value]) => partText(name, value)).join(", ");
  const held = parts.filter(([name]) => weight(name) >= 0);
  const against = parts.filter(([name]) => weight(name) < 0);
  item.append(el("div", `for: ${told(held) || "nothing"}`, "fw-for"));
  if (against.length) item.append(el("div", `against: ${told(against)}`, "fw-against"));
  return item;
}

function partText(name, value) {
  const label = PART_LABELS[name] || name;
  return value === 1 ? label : `${label} ${Math.round(value * 100) / 100}`;
}

async function decide(path, body, verb, reopen) {
  const status = document.getElementById("decide-status");
  const token = document.getElementById("decide-token").value.trim();
  if (!token) {
    status.textContent = "Enter the server's API token (FLAREWATCH_API_TOKEN) to record a decision.";
    document.getElementById("event-decide").open = true;
    document.getElementById("decide-token").focus();
    return;
  }
  status.textContent = `${verb === "Split" ? "Splitting" : "Merging"}…`;
  const response = await fetch(path, {
    method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", Accept: "application/json",
      Authorization: `Bearer ${token}` },
  });
  const answer = await response.json();
  if (!response.ok) {
    status.textContent = `${answer.title}${answer.detail ? ": " + answer.detail : ""}`;
    return;
  }
  await reopen(answer.ids[0]);
  document.getElementById("decide-status").textContent =
    `${verb}: now record${answer.ids.length > 1 ? "s" : ""} ${answer.ids.join(", ")}`;
}

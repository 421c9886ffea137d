// communique dashboard: plain JavaScript over the JSON API. Data is only ever put into the page
// with textContent / createElement, never as HTML, so article text cannot inject markup.
// Everything heavy happens in the store: the table is paged and sorted by the server, the map
// shows one circle per place (counts per QuadClass from /api/map), the overview is one query.
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; };
const SVG = "http://www.w3.org/2000/svg";
const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const COLOURS = { 1: "#2e86de", 2: "#10ac84", 3: "#e58e26", 4: "#c0392b" };
const fmt = (n) => Number(n).toLocaleString("en-US");
const state = { offset: 0, limit: 100, sort: "date", order: "desc", total: 0, seq: 0, place: null };
let chart = null, overviewChart = null;

function query(form) {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form).entries()) if (v) params.set(k, v);
  return params;
}

function project(lon, lat) { return [(lon + 180) * (960 / 360), (90 - lat) * (480 / 180)]; }

function ringPath(ring) {
  let d = "", prev = null;
  for (const [lon, lat] of ring) {
    const [x, y] = project(lon, lat);
    const jump = prev !== null && Math.abs(lon - prev) > 180;  // do not draw across the date line
    d += (d === "" || jump ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    prev = lon;
  }
  return d + "Z";
}

async function getJSON(url) {
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(typeof body.detail === "string" ? body.detail : (body.detail || []).map((d) => d.msg).join("; "));
  return body;
}

async function drawMap() {
  const topo = await (await fetch("/static/vendor/countries-110m.json")).json();
  const countries = topojson.feature(topo, topo.objects.countries).features;
  const layer = document.createElementNS(SVG, "g");
  layer.setAttribute("id", "countries");
  for (const f of countries) {
    const polys = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) : [];
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", polys.map((p) => p.map(ringPath).join("")).join(""));
    const title = document.createElementNS(SVG, "title");
    title.textContent = (f.properties && f.properties.name) || "";
    path.appendChild(title);
    layer.appendChild(path);
  }
  $("#map").appendChild(layer);
  const dots = document.createElementNS(SVG, "g");
  dots.setAttribute("id", "dots");
  $("#map").appendChild(dots);
  const legend = $("#legend");
  legend.append(el("span", "circle colour: the QuadClass with most events there —"));
  for (const q of [1, 2, 3, 4]) {
    const item = el("span", null, "legend-item");
    item.append(el("span", null, "swatch q" + q), document.createTextNode(QUADS[q]));
    legend.append(item);
  }
  legend.append(el("span", "· area: number of events", "legend-size"));
}

function drawPlaces(places) {
  const dots = $("#dots");
  if (!dots) return;
  dots.replaceChildren();
  const max = Math.max(1, ...places.map((p) => p.events));
  let shown = 0;
  // biggest first, so that small places stay visible on top
  for (const p of [...places].sort((a, b) => b.events - a.events)) {
    const [x, y] = project(p.lon, p.lat);
    const c = document.createElementNS(SVG, "circle");
    c.setAttribute("cx", x.toFixed(1)); c.setAttribute("cy", y.toFixed(1));
    c.setAttribute("r", (2 + 16 * Math.sqrt(p.events / max)).toFixed(1));
    c.setAttribute("class", "q" + p.quad_class);
    c.dataset.events = String(p.events);
    const t = document.createElementNS(SVG, "title");
    t.textContent = `${p.name || "?"} (${p.country || "?"}): ${fmt(p.events)} events — ` +
      [1, 2, 3, 4].map((q) => `${QUADS[q]} ${fmt(p[QUADS[q].replace(" ", "_")])}`).join(", ") +
      (p.mean_goldstein === null ? "" : `; mean Goldstein ${p.mean_goldstein}`);
    c.appendChild(t);
    c.addEventListener("click", () => showPlace(p));
    dots.appendChild(c);
    shown += p.events;
  }
  $("#map-note").textContent = `${fmt(places.length)} places, ${fmt(shown)} located events`;
}

function showPlace(p) {
  // the events table (and the CSV download) show the events of one place until cleared
  state.place = p;
  state.offset = 0;
  $("#place-name").textContent = `at ${p.name || "?"} (${p.country || "?"}): ${fmt(p.events)} events`;
  $("#place").hidden = false;
  loadEvents();
}

function cell(code, name) {
  const td = el("td");
  td.append(document.createTextNode(code || "–"));
  if (name) td.append(document.createTextNode(" "), el("span", name, "name"));
  return td;
}

function filterParams() {
  const params = query($("#filters"));
  return params;
}

async function loadEvents() {
  const params = filterParams();
  params.set("limit", String(state.limit));
  params.set("offset", String(state.offset));
  params.set("sort", state.sort);
  params.set("order", state.order);
  if (state.place) params.set("place", `${state.place.lat},${state.place.lon}`);
  const seq = ++state.seq;  // answers may arrive out of order: only the latest request's is shown
  let body;
  try {
    body = await getJSON("/api/events?" + params.toString());
    if (seq !== state.seq) return;
    $("#error").textContent = "";
  } catch (err) {
    if (seq !== state.seq) return;
    $("#error").textContent = err.message;
    body = { total: 0, undated: 0, items: [] };
  }
  state.total = body.total;
  const first = body.items.length ? state.offset + 1 : 0, last = state.offset + body.items.length;
  $("#total").textContent = `${fmt(body.total)} events` + (body.undated ? ` (${fmt(body.undated)} undated)` : "");
  $("#page-info").textContent = `${fmt(first)}–${fmt(last)} of ${fmt(body.total)}`;
  $("#prev").disabled = $("#first").disabled = state.offset === 0;
  $("#next").disabled = $("#last").disabled = last >= body.total;
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.classList.toggle("sorted-asc", th.dataset.sort === state.sort && state.order === "asc");
    th.classList.toggle("sorted-desc", th.dataset.sort === state.sort && state.order === "desc");
  }
  const tbody = $("#events tbody");
  tbody.replaceChildren();
  for (const e of body.items) {
    const tr = el("tr");
    tr.dataset.key = e.event_key;
    const date = e.date ? el("td", e.date) : el("td", "undated", "undated");
    date.classList.add("q" + e.quad_class);
    date.title = e.quad_name || "";
    const ev = el("td");
    ev.append(document.createTextNode(e.event_code + " "), el("span", e.event_name || "", "name"),
              document.createTextNode(e.plover_type ? ` · ${e.plover_type}` : ""));
    tr.append(date, cell(e.source_code, e.source_name), ev, cell(e.target_code, e.target_name),
              el("td", e.location_name || "–"), el("td", e.goldstein, "num"), el("td", e.num_mentions, "num"),
              el("td", e.num_sources, "num"));
    tr.addEventListener("click", () => showEvent(e.event_key));
    tbody.appendChild(tr);
  }
  const csv = filterParams(); csv.set("format", "csv");
  if (state.place) csv.set("place", `${state.place.lat},${state.place.lon}`);
  $("#download").href = "/api/export?" + csv.toString();
}

async function loadAggregates() {
  const params = filterParams();
  try {
    const [places, top] = await Promise.all([getJSON("/api/map?" + params.toString()), getJSON("/api/top?" + params.toString())]);
    drawPlaces(places);
    drawTop(top);
    params.delete("undated");
    params.set("interval", "month");
    drawOverview(await getJSON("/api/overview?" + params.toString()));
  } catch (err) {
    $("#error").textContent = err.message;
  }
}

function drawTop(top) {
  const dy = $("#top-dyads tbody");
  dy.replaceChildren();
  for (const d of top.dyads) {
    const tr = el("tr");
    tr.append(cell(d.source_code, d.source_name), cell(d.target_code, d.target_name), el("td", fmt(d.events), "num"),
              el("td", d.mean_goldstein, "num"));
    tr.addEventListener("click", () => { $("#dyad input[name=source]").value = d.source_code; $("#dyad input[name=target]").value = d.target_code; loadDyad(); });
    dy.appendChild(tr);
  }
  const ac = $("#top-actors tbody");
  ac.replaceChildren();
  for (const a of top.actors) {
    const tr = el("tr");
    tr.append(cell(a.code, a.name), el("td", fmt(a.events), "num"), el("td", fmt(a.as_source), "num"));
    ac.appendChild(tr);
  }
}

function quadDatasets(series, key) {
  return [1, 2, 3, 4].map((q) => ({ type: "bar", label: QUADS[q], data: series.map((p) => p[QUADS[q].replace(" ", "_")]),
    backgroundColor: COLOURS[q], stack: "q" }))
    .concat([{ type: "line", label: "mean Goldstein", data: series.map((p) => p.mean_goldstein), yAxisID: "g",
      borderColor: "#333", backgroundColor: "#333", pointRadius: 1 }]);
}

function drawOverview(ov) {
  const data = { labels: ov.points.map((p) => p.period.slice(0, 7)), datasets: quadDatasets(ov.points) };
  if (overviewChart) overviewChart.destroy();
  overviewChart = new Chart($("#overview"), { data, options: { animation: false, scales: {
    x: { stacked: true }, y: { stacked: true, title: { display: true, text: "events" } },
    g: { position: "right", min: -10, max: 10, title: { display: true, text: "Goldstein" }, grid: { drawOnChartArea: false } } } } });
  window.communiqueOverview = overviewChart;
  $("#overview-note").textContent = ov.undated ? `(${fmt(ov.undated)} undated events are not in the chart)` : "";
}

function highlighted(text, marks) {
  // marks: [{start, end, cls}] sorted, non-overlapping; everything goes in as text nodes
  const p = el("p");
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue;
    p.append(document.createTextNode(text.slice(at, m.start)), el("mark", text.slice(m.start, m.end), m.cls));
    at = m.end;
  }
  p.append(document.createTextNode(text.slice(at)));
  return p;
}

async function showEvent(key) {
  const box = $("#evidence");
  box.replaceChildren(el("p", "loading…"));
  const ev = await (await fetch("/api/events/" + encodeURIComponent(key))).json();
  box.replaceChildren();
  box.append(el("h3", `${ev.date || "undated"} · ${ev.source_code || "?"} ${ev.event_code} ${ev.plover_type || ""} ${ev.target_code || ""}`));
  if (!ev.mentions.length) box.append(el("p", "No evidence stored for this event."));
  for (const m of ev.mentions.slice(0, 5)) {
    const art = await (await fetch("/api/articles/" + encodeURIComponent(m.article_id))).json();
    box.append(el("h4", art.title || art.source_path || art.article_id));
    const marks = [{ start: m.start_char, end: m.end_char, cls: "trigger" }];
    for (const actor of [m.source_text, m.target_text]) {
      if (!actor) continue;
      const i = art.text.indexOf(actor, Math.max(0, m.start_char - 400));
      if (i >= 0 && (i + actor.length <= m.start_char || i >= m.end_char)) marks.push({ start: i, end: i + actor.length, cls: "actor" });
    }
    marks.sort((a, b) => a.start - b.start);
    box.append(highlighted(art.text, marks));
  }
}

async function loadDyad(ev) {
  if (ev) ev.preventDefault();
  const params = query($("#dyad"));
  if (!params.get("source") || !params.get("target")) return;
  const series = await (await fetch("/api/dyads?" + params.toString())).json();
  const data = { labels: series.map((p) => p.period), datasets: quadDatasets(series) };
  if (chart) chart.destroy();
  chart = new Chart($("#chart"), { data, options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: "mentions" } }, g: { position: "right", min: -10, max: 10 } } } });
  window.communiqueChart = chart;
}

function applyFilters() { state.offset = 0; loadEvents(); loadAggregates(); }

$("#clear-place").addEventListener("click", () => { state.place = null; $("#place").hidden = true; state.offset = 0; loadEvents(); });

$("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); applyFilters(); });
$("#dyad").addEventListener("submit", loadDyad);
$("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); loadEvents(); });
$("#next").addEventListener("click", () => { if (state.offset + state.limit < state.total) { state.offset += state.limit; loadEvents(); } });
$("#first").addEventListener("click", () => { state.offset = 0; loadEvents(); });
$("#last").addEventListener("click", () => { state.offset = Math.max(0, Math.floor((state.total - 1) / state.limit) * state.limit); loadEvents(); });
$("#page-size").addEventListener("change", () => { state.limit = Number($("#page-size").value); state.offset = 0; loadEvents(); });
for (const th of document.querySelectorAll("#events th[data-sort]")) {
  th.addEventListener("click", () => {
    const key = th.dataset.sort;
    if (state.sort === key) state.order = state.order === "asc" ? "desc" : "asc";
    else { state.sort = key; state.order = ["date", "mentions", "sources"].includes(key) ? "desc" : "asc"; }
    state.offset = 0;
    loadEvents();
  });
}
drawMap().then(() => { loadEvents(); loadAggregates(); });

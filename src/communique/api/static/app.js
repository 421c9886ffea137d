// communique dashboard: plain JavaScript over the JSON API. Data is only ever put into the page
// with textContent / createElement, never as HTML, so article text cannot inject markup.
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; };
const SVG = "http://www.w3.org/2000/svg";
let chart = null;

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
}

function drawDots(items) {
  const dots = $("#dots");
  if (!dots) return;
  dots.replaceChildren();
  for (const e of items) {
    if (e.location_lat === null || e.location_lon === null) continue;
    const [x, y] = project(e.location_lon, e.location_lat);
    const c = document.createElementNS(SVG, "circle");
    c.setAttribute("cx", x.toFixed(1)); c.setAttribute("cy", y.toFixed(1));
    c.setAttribute("r", String(Math.min(3 + Math.sqrt(e.num_mentions), 10)));
    const t = document.createElementNS(SVG, "title");
    t.textContent = `${e.date || ""} ${e.source_code || "?"} ${e.event_code} ${e.target_code || ""} — ${e.location_name}`;
    c.appendChild(t);
    dots.appendChild(c);
  }
}

async function loadEvents() {
  const params = query($("#filters"));
  params.set("limit", "200");
  const res = await fetch("/api/events?" + params.toString());
  const body = res.ok ? await res.json() : { total: 0, items: [] };
  $("#total").textContent = `${body.total} events`;
  const tbody = $("#events tbody");
  tbody.replaceChildren();
  for (const e of body.items) {
    const tr = el("tr");
    tr.dataset.key = e.event_key;
    tr.append(el("td", e.date || "-"), el("td", `${e.source_code || "?"} ${e.source_name || ""}`),
              el("td", `${e.event_code} ${e.plover_type || ""}`), el("td", `${e.target_code || "-"} ${e.target_name || ""}`),
              el("td", e.location_name || "-"), el("td", e.num_mentions));
    tr.addEventListener("click", () => showEvent(e.event_key));
    tbody.appendChild(tr);
  }
  drawDots(body.items);
  const csv = query($("#filters")); csv.set("format", "csv");
  $("#download").href = "/api/export?" + csv.toString();
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
  box.append(el("h3", `${ev.source_code || "?"} ${ev.event_code} ${ev.plover_type || ""} ${ev.target_code || ""}`));
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
  const labels = series.map((p) => p.period);
  const data = {
    labels,
    datasets: [
      { type: "bar", label: "verbal cooperation", data: series.map((p) => p.verbal_cooperation), stack: "q" },
      { type: "bar", label: "material cooperation", data: series.map((p) => p.material_cooperation), stack: "q" },
      { type: "bar", label: "verbal conflict", data: series.map((p) => p.verbal_conflict), stack: "q" },
      { type: "bar", label: "material conflict", data: series.map((p) => p.material_conflict), stack: "q" },
      { type: "line", label: "mean Goldstein", data: series.map((p) => p.mean_goldstein), yAxisID: "g" },
    ],
  };
  if (chart) chart.destroy();
  chart = new Chart($("#chart"), { data, options: { animation: false, scales: { y: { stacked: true, title: { display: true, text: "events" } }, g: { position: "right", min: -10, max: 10 } } } });
  window.communiqueChart = chart;
}

$("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); loadEvents(); });
$("#dyad").addEventListener("submit", loadDyad);
drawMap().then(loadEvents);

// dateline web page: map, timeline, event list, story and article views.
// Everything comes from this server's /api; the state lives in the URL hash
// (#type=PROTEST&from=2020-01-01&story=s-…), so every view can be linked.
"use strict";

const W = 960, H = 480, TL_H = 100, TL_W = 960;
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
  "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "OTHER"];
const COLOURS = {
  PROTEST: "#f59f00", ASSAULT: "#c92a2a", COERCE: "#862e9c", THREATEN: "#a61e4d", MOBILIZE: "#e67700",
  REQUEST: "#1971c2", ACCUSE: "#5f3dc4", REJECT: "#495057", SANCTION: "#364fc7", AGREE: "#2b8a3e",
  CONSULT: "#0c8599", SUPPORT: "#37b24d", CONCEDE: "#74b816", COOPERATE: "#099268", AID: "#f08c00",
  RETREAT: "#868e96", OTHER: "#adb5bd",
};
const FILTERS = ["type", "from", "to", "country", "actor", "q"];
const SVG = "http://www.w3.org/2000/svg"; // a namespace name, never fetched
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const svgTags = ["svg", "g", "path", "circle", "rect", "text", "title", "line"];
  const node = svgTags.includes(tag) ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "style") node.setAttribute("style", v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function hashState() {
  return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
}

function setHash(changes, keep = true) {
  const s = keep ? hashState() : {};
  for (const [k, v] of Object.entries(changes)) if (v) s[k] = v; else delete s[k];
  location.hash = new URLSearchParams(s).toString();
}

function filterQuery(state, omit = []) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (state[k] && !omit.includes(k)) p.set(k, state[k]);
  return p;
}

async function api(path) {
  const res = await fetch(path);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// --- map -------------------------------------------------------------------
const project = (lon, lat) => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];

// TopoJSON → SVG paths: delta-decode the quantized arcs, then stitch rings.
function topoPaths(topo, objectName) {
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = (indexes) => {
    const pts = [];
    for (const i of indexes) {
      const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      pts.push(...(pts.length ? a.slice(1) : a));
    }
    return "M" + pts.map(([lon, lat]) => project(lon, lat).map((v) => v.toFixed(1)).join(",")).join("L") + "Z";
  };
  return topo.objects[objectName].geometries.map((g) => {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    return { name: g.properties && g.properties.name, d: polys.map((p) => p.map(ring).join("")).join("") };
  });
}

async function drawCountries() {
  const topo = await api("/assets/countries-110m.json");
  const g = $("#countries");
  for (const c of topoPaths(topo, "countries")) g.append(el("path", { d: c.d }, el("title", {}, c.name)));
}

function radius(cell) {
  return Math.min(30, 3 + 1.6 * Math.log2(1 + cell.events) + Math.sqrt(cell.crowd) / 25);
}

async function drawPoints(state) {
  const q = filterQuery(state);
  q.set("cell", "1");
  const { cells } = await api("/api/events/map?" + q);
  const g = $("#points");
  g.replaceChildren();
  // Big circles first so small ones stay clickable on top.
  for (const c of cells.slice().sort((a, b) => radius(b) - radius(a))) {
    const [x, y] = project(c.lon, c.lat);
    const label = `${c.place || ""}: ${c.events} event(s), ${c.type}` + (c.crowd ? `, crowd ≥ ${c.crowd}` : "");
    g.append(el("circle", {
      class: "event-point", cx: x.toFixed(1), cy: y.toFixed(1), r: radius(c).toFixed(1),
      fill: COLOURS[c.type] || "#777", "data-type": c.type, "data-events": c.events,
      onclick: () => setHash({ bbox: [c.lon - 0.5, c.lat - 0.5, c.lon + 0.5, c.lat + 0.5].map((v) => v.toFixed(3)).join(","), tab: "events", story: "", doc: "" }),
    }, el("title", {}, label)));
  }
  const shown = [...new Set(cells.map((c) => c.type))].sort();
  $("#legend").replaceChildren(...shown.map((t) => el("span", { style: `--c:${COLOURS[t]}` }, t)));
  return cells.length;
}

// --- timeline ----------------------------------------------------------------
let timelineBuckets = [];

async function drawTimeline(state) {
  const q = filterQuery(state, ["from", "to"]);
  let { buckets } = await api("/api/events/timeline?" + q);
  if (buckets.length > 120) {
    q.set("bucket", "month");
    buckets = (await api("/api/events/timeline?" + q)).buckets;
  }
  timelineBuckets = buckets;
  const bars = $("#bars"), axis = $("#axis");
  bars.replaceChildren();
  axis.replaceChildren();
  if (!buckets.length) return 0;
  const max = Math.max(...buckets.map((b) => b.events));
  const bw = TL_W / buckets.length;
  buckets.forEach((b, i) => {
    const h = Math.max(2, (b.events / max) * (TL_H - 10));
    const selected = inRange(b.period, state.from, state.to);
    bars.append(el("rect", {
      class: "bar" + (selected ? " selected" : ""), x: (i * bw + 1).toFixed(1), y: (TL_H - h).toFixed(1),
      width: Math.max(1, bw - 2).toFixed(1), height: h.toFixed(1), "data-period": b.period,
    }, el("title", {}, `${b.period}: ${b.events} event(s)`)));
  });
  const step = Math.max(1, Math.ceil(buckets.length / 8));
  buckets.forEach((b, i) => {
    if (i % step === 0) axis.append(el("text", { x: (i * bw + 2).toFixed(1), y: TL_H + 14 }, b.period));
  });
  return buckets.length;
}

// Whether a period (2020-01-24, 2020-01, 2020) overlaps [from, to].
function inRange(period, from, to) {
  if (!from && !to) return false;
  const start = (period + "-01-01").slice(0, 10), end = (period + "-12-31").slice(0, 10);
  return (!from || end >= from) && (!to || start <= to);
}

function periodBounds(period) {
  const [y, m, d] = period.split("-").map(Number);
  if (d) return [period, period];
  if (m) return [`${period}-01`, new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)];
  return [`${period}-01-01`, `${period}-12-31`];
}

function setupBrush() {
  const svg = $("#timeline"), brush = $("#brush");
  let start = null;
  const xOf = (ev) => {
    const r = svg.getBoundingClientRect();
    return Math.max(0, Math.min(TL_W, ((ev.clientX - r.left) / r.width) * TL_W));
  };
  const bucketAt = (x) => timelineBuckets[Math.min(timelineBuckets.length - 1, Math.floor((x / TL_W) * timelineBuckets.length))];
  svg.addEventListener("mousedown", (ev) => { start = xOf(ev); brush.setAttribute("x", start); brush.setAttribute("width", 0); });
  svg.addEventListener("mousemove", (ev) => {
    if (start === null) return;
    const x = xOf(ev);
    brush.setAttribute("x", Math.min(start, x));
    brush.setAttribute("width", Math.abs(x - start));
  });
  window.addEventListener("mouseup", (ev) => {
    if (start === null || !timelineBuckets.length) return;
    const end = xOf(ev);
    const a = bucketAt(Math.min(start, end)), b = bucketAt(Math.max(start, end));
    start = null;
    brush.setAttribute("width", 0);
    setHash({ from: periodBounds(a.period)[0], to: periodBounds(b.period)[1] });
  });
}

// --- panel views -------------------------------------------------------------
function badge(type) {
  return el("span", { class: "badge", style: `--c:${COLOURS[type] || "#777"}` }, type);
}

function claimText(c) {
  if (c.min !== undefined) return c.min === c.max ? `${c.min}` : `${c.min}–${c.max}` + (c.text ? ` (“${c.text}”)` : "");
  if (c.value !== undefined) return `${c.value}` + (c.text ? ` (“${c.text}”)` : "");
  if (c.date !== undefined) return `${c.date} (${c.precision})`;
  if (c.name !== undefined) return c.name;
  return "";
}

async function showEvents(state, content) {
  const q = filterQuery(state);
  if (state.bbox) q.set("bbox", state.bbox);
  q.set("limit", "50");
  const list = el("ul", { class: "list", id: "event-list" });
  content.replaceChildren(state.bbox ? el("p", { class: "muted" }, "Events in the clicked area. ",
    el("a", { href: "#", onclick: (e) => { e.preventDefault(); setHash({ bbox: "" }); } }, "All areas")) : "", list);
  const more = async (after) => {
    if (after) q.set("after", after);
    const page = await api("/api/events?" + q);
    for (const e of page.items) {
      list.append(el("li", { class: "event" },
        badge(e.type), " ", el("span", {}, e.subtype), " ",
        el("span", { class: "muted" }, [e.date || "undated", e.place].filter(Boolean).join(" · ")),
        e.crowd_min ? el("span", { class: "muted" }, ` · crowd ${e.crowd_min}–${e.crowd_max}`) : "",
        el("br"),
        el("a", { href: "#" + new URLSearchParams({ ...hashState(), doc: e.document_id, story: "" }) }, e.title || e.document_id)));
    }
    if (!page.items.length && !after) list.append(el("li", { class: "muted" }, "No events match."));
    if (page.next) content.append(el("button", { class: "more", onclick: (ev) => { ev.target.remove(); more(page.next); } }, "More"));
  };
  await more(null);
}

async function showStories(content) {
  const page = await api("/api/stories?limit=100");
  content.replaceChildren(el("ul", { class: "list", id: "story-list" }, page.items.map((s) =>
    el("li", {}, el("a", { href: "#" + new URLSearchParams({ story: s.story_id }) }, s.label),
      el("div", { class: "muted" }, `${s.documents.length} source(s), ${s.clusters.length} event cluster(s)`)))));
}

// The sources of a story side by side: one column per document, one row per
// event cluster, each cell that source's claims; disputed attributes highlighted.
async function showStory(id, content) {
  const { story, documents, clusters } = await api("/api/stories/" + encodeURIComponent(id));
  const head = el("tr", {}, el("th", {}, "Event"), documents.map((d) => el("th", { class: "source" },
    el("a", { href: "#" + new URLSearchParams({ doc: d.id }) }, d.title || d.id),
    el("div", { class: "muted" }, [d.source, d.published].filter(Boolean).join(" · ")))));
  const rows = clusters.map((c) => {
    const disputed = new Set(c.disagreements);
    const label = el("th", { class: "cluster" }, badge(c.type), " ", c.date || "undated",
      c.place ? ` · ${c.place.name}` : "", el("div", { class: "muted" }, `${c.documents.length} source(s)`),
      c.disagreements.length ? el("div", { class: "disagreement" }, "disagree on " + c.disagreements.join(", ")) : "");
    const cells = documents.map((d) => {
      const lines = [], attrs = [];
      for (const [attr, claims] of Object.entries(c.claims)) {
        for (const claim of claims.filter((x) => x.document === d.id)) {
          lines.push(el("div", { class: disputed.has(attr) ? "disputed" : "" }, `${attr.replace("_", " ")}: ${claimText(claim)}`));
          attrs.push(attr);
        }
      }
      const reports = c.documents.includes(d.id);
      const disagree = attrs.some((a) => disputed.has(a));
      return el("td", { class: "claim" + (disagree ? " disagree" : ""), "data-attrs": attrs.join(" ") },
        lines.length ? lines : el("span", { class: "muted" }, reports ? "reports it" : "—"));
    });
    return el("tr", {}, label, cells);
  });
  content.replaceChildren(el("h2", {}, story.label),
    el("p", { class: "muted" }, `${documents.length} sources, ${clusters.length} event clusters`),
    el("table", { class: "sources", id: "story-table" }, el("thead", {}, head), el("tbody", {}, rows)));
}

// An article with every event's evidence highlighted and its trigger in bold.
async function showArticle(id, content) {
  const doc = await api("/api/documents/" + encodeURIComponent(id));
  const chars = Array.from(doc.text || "");
  const evidence = new Array(chars.length).fill(0), trigger = new Array(chars.length).fill(false);
  for (const e of doc.events || []) {
    for (const s of e.evidence || []) for (let i = s.start; i < s.end && i < chars.length; i++) evidence[i]++;
    if (e.trigger) for (let i = e.trigger.start; i < e.trigger.end && i < chars.length; i++) trigger[i] = true;
  }
  const text = el("div", { class: "article-text", id: "article-text" });
  let i = 0;
  while (i < chars.length) {
    let j = i;
    while (j < chars.length && (evidence[j] > 0) === (evidence[i] > 0) && trigger[j] === trigger[i]) j++;
    const piece = chars.slice(i, j).join("");
    const inner = trigger[i] ? el("b", { class: "trigger" }, piece) : piece;
    text.append(evidence[i] > 0 ? el("mark", { class: "evidence" }, inner) : inner);
    i = j;
  }
  const events = el("ul", { class: "list" }, (doc.events || []).map((e) => el("li", {}, badge(e.type), " ", e.subtype, " ",
    el("span", { class: "muted" }, [e.date, e.place && e.place.name, e.crowd_size && `crowd ${e.crowd_size.min}–${e.crowd_size.max}`,
      e.background && "background"].filter(Boolean).join(" · ")))));
  content.replaceChildren(el("h2", {}, doc.title || doc.id),
    el("p", { class: "muted" }, [doc.source, doc.published, doc.story_id && "story " + doc.story_id].filter(Boolean).join(" · "),
      doc.story_id ? el("span", {}, " · ", el("a", { href: "#" + new URLSearchParams({ story: doc.story_id }) }, "sources side by side")) : ""),
    events, text);
}

// --- wiring ------------------------------------------------------------------
function fillForm(state) {
  const form = $("#filters");
  for (const k of FILTERS) form.elements[k].value = state[k] || "";
}

async function render() {
  const state = hashState();
  fillForm(state);
  const status = $("#status");
  status.textContent = "loading…";
  const tab = state.story ? "story" : state.doc ? "doc" : state.tab === "stories" ? "stories" : "events";
  $("#tab-events").classList.toggle("active", tab === "events");
  $("#tab-stories").classList.toggle("active", tab === "stories" || tab === "story");
  document.querySelector("main").classList.toggle("wide", tab === "story" || tab === "doc");
  const content = $("#content");
  try {
    const panel = tab === "story" ? showStory(state.story, content) : tab === "doc" ? showArticle(state.doc, content)
      : tab === "stories" ? showStories(content) : showEvents(state, content);
    const [points, periods] = await Promise.all([drawPoints(state), drawTimeline(state), panel]);
    status.textContent = `${points} map cell(s), ${periods} period(s)`;
    document.body.dataset.ready = "true";
  } catch (err) {
    status.textContent = "";
    content.replaceChildren(el("p", { class: "error" }, String(err.message || err)));
    document.body.dataset.ready = "error";
  }
}

function init() {
  const select = $("#filters").elements.type;
  for (const t of TYPES) select.append(el("option", { value: t }, t));
  $("#filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const form = new FormData(ev.target);
    setHash(Object.fromEntries(FILTERS.map((k) => [k, (form.get(k) || "").trim()])));
  });
  $("#reset").addEventListener("click", () => setHash({}, false));
  $("#tab-events").addEventListener("click", (ev) => { ev.preventDefault(); setHash({ tab: "", story: "", doc: "" }); });
  $("#tab-stories").addEventListener("click", (ev) => { ev.preventDefault(); setHash({ tab: "stories", story: "", doc: "" }); });
  setupBrush();
  window.addEventListener("hashchange", render);
  drawCountries().catch((err) => { $("#status").textContent = "map: " + err.message; });
  render();
}

init();

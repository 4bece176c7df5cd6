// The gateway's status page: reads the admin API's JSON with the token typed in, every two seconds.
// Everything from the API is set as text (textContent), never as markup: mismatch bodies come from upstreams.
"use strict";

const TOKEN_KEY = "strangler-admin-token";
const EVERY_MS = Number(new URLSearchParams(location.search).get("every")) || 2000;
const MISMATCHES_SHOWN = 3;
const DIFF_MAX_LINES = 400;

let previous = null; // {at, counters: {routeId: {monolith, service}}}: request rates are deltas of these
const mismatchCounts = {}; // routeId -> shadowMismatches when its mismatches were last fetched
let timer = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function td(text, cls) {
  return el("td", { class: cls }, text);
}

function fill(tbodyParent, rows, empty) {
  const tbody = document.querySelector(tbodyParent + " tbody");
  const columns = document.querySelectorAll(tbodyParent + " thead th").length;
  tbody.replaceChildren(...(rows.length ? rows : [el("tr", { class: "empty" }, el("td", { colSpan: columns }, empty))]));
}

function time(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleTimeString([], { hour12: false }) + "." + String(d.getMilliseconds()).padStart(3, "0");
}

class Unauthorized extends Error {}

async function api(path) {
  const answer = await fetch(path, {
    headers: { Authorization: "Bearer " + sessionStorage.getItem(TOKEN_KEY), Accept: "application/json" },
    cache: "no-store",
  });
  if (answer.status === 401) throw new Unauthorized("the gateway did not accept the token");
  if (!answer.ok) throw new Error(path + " answered " + answer.status);
  return answer.json();
}

function modeText(r) {
  return r.mode === "canary" ? "canary " + r.percent + "%" : r.mode;
}

function renderRoutes(routes, at) {
  const counters = {};
  const rows = routes.map((r) => {
    const c = r.counters;
    counters[r.id] = { monolith: c.monolith, service: c.service };
    const before = previous && previous.counters[r.id];
    const seconds = previous ? (at - previous.at) / 1000 : 0;
    const rate = (now, then) => (before && seconds > 0 ? Math.max(0, (now - then) / seconds).toFixed(1) : "…");
    return el(
      "tr",
      { "data-route": r.id },
      td(r.id, "id"),
      td(r.service),
      td((r.methods.length ? r.methods.join(" ") : "any") + " " + r.paths.join(" "), "paths"),
      td(modeText(r), "mode mode-" + r.mode),
      td(r.fileMode + (r.overridden ? " (overridden by the admin API)" : ""), "file-mode"),
      td(rate(c.monolith, before && before.monolith), "num rate-monolith"),
      td(rate(c.service, before && before.service), "num rate-service"),
      td(c.fallbacks, "num fallbacks"),
      td([c.shadowMatches, c.shadowMismatches, c.shadowDropped, c.shadowErrors].join(" / "), "num shadow")
    );
  });
  previous = { at, counters };
  fill("#routes", rows, "no routes");
  document.getElementById("kill-switch").hidden = !routes.some((r) => r.killSwitch);
}

function renderBreakers(breakers) {
  fill(
    "#breakers",
    breakers.map((b) =>
      el(
        "tr",
        { "data-breaker": b.name },
        td(b.name),
        td(b.state, "state breaker-" + b.state),
        td(b.failureRate < 0 ? "too few calls" : b.failureRate.toFixed(1) + "%", "num"),
        td(b.bufferedCalls, "num"),
        td(b.failedCalls, "num"),
        td(b.notPermitted, "num")
      )
    ),
    "no breaker has been used yet"
  );
}

function renderHolds(holds, cutovers) {
  fill(
    "#holds",
    holds.map((h) =>
      el("tr", { "data-hold": h.routeId }, td(h.routeId), td(time(h.since)), td(time(h.expiresAt)), td(h.waiting, "num"), td(h.inFlight, "num"))
    ),
    "no route is held"
  );
  fill(
    "#cutovers",
    cutovers.map((c) =>
      el(
        "tr",
        { "data-cutover": c.name },
        td(c.name),
        td(c.direction),
        td(c.routes.join(", ")),
        td(c.step, "step"),
        td(c.holding ? "yes" : "no"),
        td(Object.entries(c.detail).map(([k, v]) => k + "=" + v).join(", ")),
        td(time(c.updatedAt)),
        td(c.by)
      )
    ),
    "no write cutover under way"
  );
}

const MIB = 1024 * 1024;

// How long ago an instant was, as a person reads it: "45 s ago", "12 min ago", "3 h 5 min ago", "2 d 4 h ago".
function ago(iso, now) {
  const seconds = Math.max(0, Math.round((now - new Date(iso)) / 1000));
  if (isNaN(seconds)) return "";
  const minutes = Math.round(seconds / 60), hours = Math.floor(minutes / 60);
  const text =
    seconds < 90 ? seconds + " s"
    : minutes < 90 ? minutes + " min"
    : hours < 48 ? hours + " h " + (minutes % 60) + " min"
    : Math.floor(hours / 24) + " d " + (hours % 24) + " h";
  return text + " ago";
}

function streamRows(streams) {
  return streams.map((s) =>
    el(
      "tr",
      { "data-stream": s.stream },
      td(s.stream),
      td(s.state, "stream-state"),
      td(s.lagMillis === null || s.lagMillis === undefined ? "unknown" : s.lagMillis.toLocaleString("en") + " ms", "num lag"),
      td(s.walRetainedBytes === null || s.walRetainedBytes === undefined ? "unknown" : (s.walRetainedBytes / MIB).toFixed(1) + " MiB", "num wal"),
      td(time(s.checkedAt), "checked")
    )
  );
}

function renderMigration(m, now) {
  const status = m.status.replace(/ /g, "-");
  const where = "step " + m.step + "/" + m.steps + (m.phase ? " " + m.phase : "");
  const owned = Object.entries(m.ownership);
  return el(
    "article",
    { class: "migration status-" + status, "data-feature": m.feature },
    el("h3", {}, m.feature, " ", el("span", { class: "status" }, m.status)),
    el("p", { class: "next" }, m.next || "nothing reported"),
    el(
      "p",
      { class: "where" },
      where,
      m.since ? " · since " + time(m.since) + " (" + ago(m.since, now) + ")" : "",
      " · reported " + time(m.updatedAt)
    ),
    el(
      "p",
      { class: "routes" },
      "routes: " + (m.routes.length ? m.routes.join(", ") : "none"),
      m.writeRoutes.length ? "; writes: " + m.writeRoutes.join(", ") : ""
    ),
    m.lastGates.length
      ? el("div", { class: "gates" }, el("h4", {}, "last gates"), el("ul", {}, ...m.lastGates.map((g) => el("li", {}, g))))
      : el("p", { class: "gates empty" }, "no gate results yet"),
    m.streams.length
      ? el(
          "table",
          { class: "streams" },
          el("thead", {}, el("tr", {}, ...["CDC stream", "state", "lag", "WAL retained", "checked"].map((h) => el("th", {}, h)))),
          el("tbody", {}, ...streamRows(m.streams))
        )
      : null,
    el(
      "ul",
      { class: "ownership" },
      ...(owned.length
        ? owned.map(([table, columns]) => el("li", { "data-table": table }, table + ": " + columns.join(", ") + " → service"))
        : [el("li", { class: "monolith" }, "the monolith owns every column")])
    )
  );
}

function renderMigrations(migrations, now) {
  const box = document.getElementById("migrations");
  box.replaceChildren(
    ...(migrations.length
      ? migrations.map((m) => renderMigration(m, now))
      : [el("p", { class: "empty" }, "no migration has reported progress yet (strangler migrate reports each feature here)")])
  );
}

function renderTimeline(entries) {
  fill(
    "#timeline",
    entries
      .slice()
      .reverse()
      .map((a) => el("tr", {}, td(time(a.time)), td(a.who), td(a.source), td(a.route), td(a.from), td(a.to), td(a.reason))),
    "nothing recorded yet"
  );
}

// Bodies as lines to compare: JSON pretty-printed with sorted keys (so equal values line up), anything else as sent.
function lines(body) {
  if (body === null || body === undefined) return ["(no body)"];
  try {
    const sorted = (v) =>
      Array.isArray(v)
        ? v.map(sorted)
        : v && typeof v === "object"
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
        : v;
    return JSON.stringify(sorted(JSON.parse(body)), null, 2).split("\n").slice(0, DIFF_MAX_LINES);
  } catch (e) {
    return String(body).split("\n").slice(0, DIFF_MAX_LINES);
  }
}

// Which lines of a and b are not in their longest common subsequence: the lines that differ.
function changedLines(a, b) {
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const inA = new Set(), inB = new Set();
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) inA.add(i++);
    else inB.add(j++);
  }
  while (i < n) inA.add(i++);
  while (j < m) inB.add(j++);
  return [inA, inB];
}

function side(title, cls, status, body, changed) {
  return el(
    "div",
    { class: cls },
    el("h4", {}, title + " answered " + status),
    el("pre", {}, ...body.map((line, k) => el("span", { class: changed.has(k) ? "changed" : "" }, line)))
  );
}

function renderMismatch(route, m) {
  const a = lines(m.monolithBody), b = lines(m.serviceBody);
  const [inA, inB] = changedLines(a, b);
  return el(
    "div",
    { class: "mismatch", "data-route": route },
    el("h3", {}, route + ": " + m.method + " " + m.path + " at " + time(m.time)),
    el("ul", { class: "differences" }, ...m.differences.map((d) => el("li", {}, d))),
    el("div", { class: "diff" }, side("monolith", "monolith", m.monolithStatus, a, inA), side("service", "service", m.serviceStatus, b, inB))
  );
}

async function renderMismatches(routes) {
  const box = document.getElementById("mismatches");
  const withAny = routes.filter((r) => r.counters.shadowMismatches > 0);
  for (const r of withAny) {
    if (mismatchCounts[r.id] === r.counters.shadowMismatches) continue; // nothing new since the last look
    const recent = await api("/admin/routes/" + encodeURIComponent(r.id) + "/mismatches");
    mismatchCounts[r.id] = r.counters.shadowMismatches;
    const group = el(
      "div",
      { class: "route-mismatches", "data-route": r.id },
      ...recent.slice(0, MISMATCHES_SHOWN).map((m) => renderMismatch(r.id, m))
    );
    const old = box.querySelector('.route-mismatches[data-route="' + CSS.escape(r.id) + '"]');
    if (old) old.replaceWith(group);
    else box.append(group);
  }
  if (!withAny.length) box.replaceChildren(el("p", { class: "empty" }, "no shadow mismatch since the gateway started"));
  else box.querySelector("p.empty")?.remove();
}

function setState(text, stale) {
  const s = document.getElementById("state");
  s.textContent = text;
  s.classList.toggle("stale", !!stale);
}

function showLogin(message) {
  clearTimeout(timer);
  sessionStorage.removeItem(TOKEN_KEY);
  document.getElementById("status").hidden = true;
  document.getElementById("login").hidden = false;
  document.getElementById("forget").hidden = true;
  const error = document.getElementById("login-error");
  error.hidden = !message;
  error.textContent = message || "";
  setState("not connected");
}

async function poll() {
  try {
    const [routes, breakers, holds, cutovers, audit, migrations] = await Promise.all([
      api("/admin/routes"),
      api("/admin/breakers"),
      api("/admin/holds"),
      api("/admin/cutovers"),
      api("/admin/audit?limit=50"),
      api("/admin/migrations"),
    ]);
    const at = Date.now();
    document.getElementById("login").hidden = true;
    document.getElementById("status").hidden = false;
    document.getElementById("forget").hidden = false;
    renderMigrations(migrations, at);
    renderRoutes(routes, at);
    renderBreakers(breakers);
    renderHolds(holds, cutovers);
    renderTimeline(audit);
    await renderMismatches(routes);
    setState("updated " + time(new Date(at).toISOString()) + ", every " + EVERY_MS / 1000 + " s");
  } catch (e) {
    if (e instanceof Unauthorized) return showLogin(e.message);
    setState("could not read the admin API: " + e.message, true);
  }
  timer = setTimeout(poll, EVERY_MS);
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("login").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById("token").value.trim());
    document.getElementById("token").value = "";
    previous = null;
    poll();
  });
  document.getElementById("forget").addEventListener("click", () => showLogin(null));
  if (sessionStorage.getItem(TOKEN_KEY)) poll();
  else showLogin(null);
});

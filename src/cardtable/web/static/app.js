// cardtable browser app: holders explorer, scenario editor, side-by-side comparison.
// Every chart is a figure specification from the API, drawn with the bundled plotly.js.
"use strict";

const state = { scenarios: [], byName: {} };

async function api(path, body) {
  const opts = body === undefined ? {} : {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, opts);
  const payload = await response.json();
  if (!response.ok) throw new Error(payload.error || `HTTP ${response.status}`);
  return payload;
}

function showError(id, message) {
  const el = document.getElementById(id);
  el.textContent = message ? `error: ${message}` : "";
  el.hidden = !message;
}

function fmt(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Math.abs(v) >= 1000 ? v.toLocaleString("en", { maximumFractionDigits: 1 }) : String(+v.toPrecision(4));
  return String(v);
}

function table(rows, columns) {
  const t = document.createElement("table");
  const head = columns.map((c) => `<th>${c}</th>`).join("");
  t.innerHTML = `<thead><tr>${head}</tr></thead>`;
  const body = document.createElement("tbody");
  for (const r of rows) {
    const tr = document.createElement("tr");
    for (const c of columns) {
      const td = document.createElement("td");
      td.textContent = fmt(r[c]);
      if (typeof r[c] === "number") td.className = "n";
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  t.appendChild(body);
  return t;
}

function draw(container, figure) {
  const div = document.createElement("div");
  div.className = "chart";
  div.dataset.figure = figure.id;
  container.appendChild(div);
  Plotly.newPlot(div, figure.data, figure.layout, { responsive: true, displaylogo: false });
  return div;
}

// ------------------------------------------------------------------ tabs
function selectTab(name) {
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.tab === name);
  for (const p of document.querySelectorAll(".panel")) p.hidden = p.id !== name;
}

// ------------------------------------------------------------------ holders
async function loadHolders() {
  const d = await api("/api/holders?top=25");
  document.getElementById("holders-source").textContent =
    `End of ${d.as_of}; ${d.source}; vintage ${d.vintage} (${d.origin}).`;
  const tbody = document.querySelector("#holders-table tbody");
  tbody.innerHTML = "";
  for (const h of d.holders) {
    const tr = document.createElement("tr");
    for (const v of [h.rank, h.country, h.holdings_usd_bn, h.share_of_foreign_pct, h.share_of_marketable_pct]) {
      const td = document.createElement("td");
      td.textContent = fmt(v);
      if (typeof v === "number") td.className = "n";
      tr.appendChild(td);
    }
    tr.addEventListener("click", () => showHistory(h.country));
    tbody.appendChild(tr);
  }
  if (d.holders.length) showHistory(d.holders[0].country);
}

async function showHistory(country) {
  const d = await api(`/api/holders/${encodeURIComponent(country)}/history`);
  const el = document.getElementById("history-chart");
  Plotly.react(el, d.figure.data, d.figure.layout, { responsive: true, displaylogo: false });
}

// ------------------------------------------------------------------ scenario editor
function actionOf(actor) {
  return ["sell", "announce", "stop_buying"].find((k) => actor[k] !== undefined);
}

function fillForm(name) {
  const s = state.byName[name];
  const spec = s.spec;
  const actor = spec.actors[0];
  const action = actionOf(actor);
  const a = actor[action];
  document.getElementById("f-holder").value = actor.holder;
  document.getElementById("f-action").value = action;
  if (action === "stop_buying") {
    document.getElementById("f-amount").value = a.usd_bn_per_month;
    document.getElementById("f-days").value = a.months;
  } else {
    document.getElementById("f-amount").value = a.amount_usd_bn ?? "";
    document.getElementById("f-days").value = a.days;
  }
  document.getElementById("f-converted").value = a.converted_share ?? 0;
  document.getElementById("f-probability").value = a.probability ?? "";
  document.getElementById("f-state").value = spec.state;
  document.getElementById("f-backstop").checked = spec.backstop.enabled;
  document.getElementById("f-seed").value = spec.seed;
  document.getElementById("f-negotiate").checked = false;
  document.getElementById("f-negotiate").disabled = !s.negotiation;
  labelAction();
}

function labelAction() {
  const stop = document.getElementById("f-action").value === "stop_buying";
  document.getElementById("l-amount").textContent = stop ? "USD bn per month" : "amount, USD bn";
  document.getElementById("l-days").textContent = stop ? "months" : "days";
}

function number(id) {
  const raw = document.getElementById(id).value.trim();
  const v = Number(raw);
  return raw === "" || Number.isNaN(v) ? raw : v;  // the API names a bad value
}

function editedSpec() {
  const spec = structuredClone(state.byName[document.getElementById("f-base").value].spec);
  const actor = spec.actors[0];
  const before = actionOf(actor);
  const action = document.getElementById("f-action").value;
  const old = actor[before];
  delete actor[before];
  actor.holder = document.getElementById("f-holder").value;
  if (action === "stop_buying") {
    actor.stop_buying = { usd_bn_per_month: number("f-amount"), months: number("f-days") };
  } else {
    const keep = before === action || before !== "stop_buying" ? old : {};
    const a = { ...keep, amount_usd_bn: number("f-amount"), days: number("f-days"),
      converted_share: number("f-converted") };
    delete a.share_of_holdings;
    delete a.usd_bn_per_month; delete a.months;
    if (action === "announce") a.probability = number("f-probability");
    else delete a.probability;
    actor[action] = a;
  }
  spec.state = document.getElementById("f-state").value;
  spec.backstop = { ...spec.backstop, enabled: document.getElementById("f-backstop").checked };
  spec.seed = number("f-seed");
  const shocks = JSON.parse(document.getElementById("f-shocks").value || "[]");
  if (!Array.isArray(shocks)) throw new Error("shocks: give a JSON list, e.g. []");
  if (shocks.length) spec.shocks = shocks;  // validated by the API against the scenario model
  return spec;
}

function showRun(payload, container, summaryEl) {
  if (summaryEl) {
    summaryEl.appendChild(table(payload.summary, ["output", "unit", "p5", "p50", "p95"]));
  }
  for (const f of payload.figures) draw(container, f);
}

async function runScenario(event) {
  event.preventDefault();
  showError("error", "");
  const charts = document.getElementById("charts");
  const summary = document.getElementById("summary");
  const status = document.getElementById("status");
  let spec;
  try {
    spec = editedSpec();
  } catch (e) {
    showError("error", e.message.startsWith("shocks") ? e.message : `shocks: ${e.message}`);
    return;
  }
  const body = { scenario: spec, draws: number("f-draws") };
  status.textContent = "running...";
  try {
    const t0 = performance.now();
    const sim = await api("/api/simulate", body);
    const runs = [sim];
    if (document.getElementById("f-negotiate").checked) runs.push(await api("/api/negotiate", body));
    charts.innerHTML = ""; summary.innerHTML = "";
    for (const r of runs) showRun(r, charts, summary);
    const p = sim.provenance;
    status.textContent = `${p.scenario}: ${p.draws.toLocaleString("en")} draws, seed ${p.seed}, ` +
      `calibration ${p.calibration}; cardtable ${p.version}; ${Math.round(performance.now() - t0)} ms`;
  } catch (e) {
    status.textContent = "";
    showError("error", e.message);
  }
}

// ------------------------------------------------------------------ compare
async function compare(event) {
  event.preventDefault();
  showError("compare-error", "");
  const names = [document.getElementById("c-a").value, document.getElementById("c-b").value];
  const draws = number("c-draws");
  const grid = document.getElementById("compare-grid");
  try {
    const runs = await Promise.all(names.map((name) => api("/api/simulate", { name, draws })));
    grid.innerHTML = "";
    for (const r of runs) {
      const cell = document.createElement("div");
      cell.innerHTML = `<h3>${r.provenance.scenario}</h3>`;
      cell.appendChild(table(r.summary.filter((row) => !row.output.startsWith("cost.other_holders")),
        ["output", "unit", "p5", "p50", "p95"]));
      grid.appendChild(cell);
    }
    const ids = runs[0].figures.map((f) => f.id);
    for (const id of ids) {
      for (const r of runs) {
        const f = r.figures.find((x) => x.id === id);
        const cell = document.createElement("div");
        grid.appendChild(cell);
        if (f) draw(cell, f);
      }
    }
  } catch (e) {
    showError("compare-error", e.message);
  }
}

// ------------------------------------------------------------------ start
async function start() {
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => selectTab(b.dataset.tab));
  selectTab("holders");
  const d = await api("/api/scenarios");
  state.scenarios = d.scenarios;
  for (const s of d.scenarios) state.byName[s.name] = s;
  for (const id of ["f-base", "c-a", "c-b"]) {
    const sel = document.getElementById(id);
    for (const s of d.scenarios) sel.add(new Option(s.name, s.name));
  }
  document.getElementById("c-b").selectedIndex = Math.min(1, d.scenarios.length - 1);
  const base = document.getElementById("f-base");
  base.addEventListener("change", () => fillForm(base.value));
  document.getElementById("f-action").addEventListener("change", labelAction);
  fillForm(base.value);
  document.getElementById("editor").addEventListener("submit", runScenario);
  document.getElementById("compare-form").addEventListener("submit", compare);
  document.body.dataset.ready = "1";
  await loadHolders();
}

start().catch((e) => showError("error", e.message));

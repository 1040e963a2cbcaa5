// The analyst page: reads the chosen file into memory, releases it with differential privacy in a
// worker (tamiz-stats compiled to wasm), and shows each table as a bar chart with 95% interval
// whiskers (D3, bundled into vendor/chart.js) and as a table, with release.json and CSV downloads.
import { axisBottom, axisLeft, scaleBand, scaleLinear, select } from "../vendor/chart.js";

const es = document.documentElement.lang !== "en";
const T = (a, b) => (es ? a : b);
const SAMPLE_URL = new URL("../samples/synthetic-ctdc.csv", import.meta.url);
const ALPHA = 0.05;

const $ = (id) => document.getElementById(id);
const form = $("release-form");
const dataInput = $("data-file");
const specInput = $("spec-file");
const specArea = $("spec");
const statusBox = $("status");
const results = $("results");
const chosen = $("data-chosen");
const runButton = $("run-release");
const budgetInput = $("budget");

let data = null; // { bytes: ArrayBuffer, name: string }
let exampleSpec = "";
const urls = [];

// ---- worker --------------------------------------------------------------------------------------
const worker = new Worker(new URL("./analyst-worker.js", import.meta.url), { type: "module" });
let nextId = 0;
const pending = new Map();
worker.addEventListener("message", (event) => {
  const { id, ok, value, error } = event.data;
  const p = pending.get(id);
  pending.delete(id);
  if (p) (ok ? p.resolve(value) : p.reject(new Error(error)));
});
worker.addEventListener("error", (event) => {
  const err = new Error(event.message || T("no se pudo cargar el módulo de estadísticas", "the statistics module could not be loaded"));
  for (const p of pending.values()) p.reject(err);
  pending.clear();
});
function call(op, payload = {}, transfer = []) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, ...payload }, transfer);
  });
}

// ---- status --------------------------------------------------------------------------------------
function say(text, kind = "") {
  statusBox.replaceChildren();
  const p = document.createElement("p");
  p.textContent = text;
  if (kind) p.className = kind;
  statusBox.append(p);
}

// ---- inputs --------------------------------------------------------------------------------------
async function loadExampleSpec() {
  try {
    exampleSpec = await call("example-spec");
    specArea.value = exampleSpec;
  } catch (e) {
    say(T(`No se pudo cargar el módulo de estadísticas: ${e.message}`, `Could not load the statistics module: ${e.message}`), "error");
  }
}

dataInput.addEventListener("change", async () => {
  const file = dataInput.files && dataInput.files[0];
  if (!file) return;
  data = { bytes: await file.arrayBuffer(), name: file.name };
  chosen.textContent = T(`Archivo elegido: ${file.name} (${file.size} bytes)`, `File chosen: ${file.name} (${file.size} bytes)`);
});

$("use-sample").addEventListener("click", async () => {
  const res = await fetch(SAMPLE_URL);
  if (!res.ok) {
    say(T("El archivo sintético de ejemplo no está disponible.", "The synthetic sample file is not available."), "error");
    return;
  }
  data = { bytes: await res.arrayBuffer(), name: "synthetic-ctdc.csv" };
  chosen.textContent = T(
    `Archivo elegido: synthetic-ctdc.csv (datos sintéticos, ${data.bytes.byteLength} bytes)`,
    `File chosen: synthetic-ctdc.csv (synthetic data, ${data.bytes.byteLength} bytes)`,
  );
});

specInput.addEventListener("change", async () => {
  const file = specInput.files && specInput.files[0];
  if (file) specArea.value = await file.text();
});
$("reset-spec").addEventListener("click", () => {
  specArea.value = exampleSpec;
  specInput.value = "";
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!data) {
    say(T("Primero elija un archivo de datos o use el archivo sintético.", "First choose a data file or use the synthetic sample."), "error");
    dataInput.focus();
    return;
  }
  runButton.disabled = true;
  say(T("Calculando la publicación en este navegador…", "Computing the release in this browser…"));
  try {
    const remaining = Number(budgetInput.value);
    if (!(remaining >= 0)) {
      say(T("El presupuesto restante debe ser un número positivo.", "The remaining budget must be a positive number."), "error");
      budgetInput.focus();
      return;
    }
    const bytes = data.bytes.slice(0);
    const { json, csvs } = await call(
      "release",
      { spec: specArea.value, bytes, fileName: data.name, remaining, alpha: ALPHA },
      [bytes],
    );
    const release = JSON.parse(json);
    const p = release.privacy || {};
    const spent = Number(p.rho ?? p.epsilon ?? 0);
    // The exact balance stays in the field (the next release is checked against it); messages round.
    budgetInput.value = String(Math.max(0, remaining - spent));
    show(release, json, csvs);
    say(T(
      `Publicación lista. Se gastó ${round(spent)}; quedan ${fixed(remaining - spent)}.`,
      `Release ready. It spent ${round(spent)}; ${fixed(remaining - spent)} is left.`,
    ));
  } catch (e) {
    say(T(`No se pudo calcular: ${e.message}`, `Could not compute the release: ${e.message}`), "error");
  } finally {
    runButton.disabled = false;
  }
});

/// Six significant digits: enough for a budget or a scale, without float noise (0.4999999999985).
const round = (v) => Number(Number(v).toPrecision(6));
/// Budgets to six decimals: 0.5 rather than 0.4999999999985 (OpenDP's map rounds up, safely).
const fixed = (v) => Number(Math.max(0, Number(v)).toFixed(6));

// ---- output --------------------------------------------------------------------------------------
function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  urls.push(url);
  return el("a", name, { href: url, download: name, class: "button secondary" });
}

function keyColumns(table) {
  // The release's own column order: group columns, then `flag` for flags tables.
  const cols = [...(table.group_by || [])];
  if ((table.flags || []).length) cols.push("flag");
  for (const cell of table.cells || []) {
    for (const k of Object.keys(cell.key || {})) if (!cols.includes(k)) cols.push(k);
  }
  return cols;
}

const blank = T("(vacío)", "(blank)");
const label = (cell, cols) => cols.map((k) => (cell.key[k] === "" ? blank : cell.key[k])).join(" · ");

function chart(table, cols, index) {
  const cells = table.cells || [];
  const rowH = 18;
  const margin = { top: 8, right: 24, bottom: 40, left: 230 };
  const width = 720;
  const height = margin.top + margin.bottom + Math.max(1, cells.length) * rowH;
  const max = Math.max(1, ...cells.map((c) => Number(c.ci_high) || 0), ...cells.map((c) => Number(c.count) || 0));
  const labels = cells.map((c) => label(c, cols));
  const x = scaleLinear().domain([0, max]).nice().range([margin.left, width - margin.right]);
  const y = scaleBand().domain(labels.map((l, i) => `${i}`)).range([margin.top, height - margin.bottom]).padding(0.2);

  const titleId = `chart-title-${index}`;
  const host = el("figure", undefined, { class: "chart" });
  const svg = select(host)
    .append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width)
    .attr("height", height)
    .attr("role", "img")
    .attr("aria-labelledby", titleId);
  svg.append("title").attr("id", titleId).text(T(
    `${table.name}: conteos publicados con intervalos de 95 % (los datos están en la tabla siguiente)`,
    `${table.name}: published counts with 95% intervals (the data is in the table below)`,
  ));
  const rows = svg.selectAll("g.cell").data(cells).join("g").attr("class", "cell");
  rows.append("rect")
    .attr("class", "bar")
    .attr("x", x(0))
    .attr("y", (_, i) => y(`${i}`))
    .attr("height", y.bandwidth())
    .attr("width", (c) => Math.max(0, x(Number(c.count) || 0) - x(0)));
  const mid = (i) => y(`${i}`) + y.bandwidth() / 2;
  const cap = y.bandwidth() / 2;
  rows.append("line").attr("class", "whisker")
    .attr("x1", (c) => x(Math.max(0, Number(c.ci_low)))).attr("x2", (c) => x(Number(c.ci_high)))
    .attr("y1", (_, i) => mid(i)).attr("y2", (_, i) => mid(i));
  for (const end of ["ci_low", "ci_high"]) {
    rows.append("line").attr("class", "whisker")
      .attr("x1", (c) => x(Math.max(0, Number(c[end])))).attr("x2", (c) => x(Math.max(0, Number(c[end]))))
      .attr("y1", (_, i) => mid(i) - cap / 2).attr("y2", (_, i) => mid(i) + cap / 2);
  }
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(axisBottom(x).ticks(6));
  svg.append("g").attr("transform", `translate(${margin.left},0)`)
    .call(axisLeft(y).tickFormat((i) => labels[Number(i)]));
  svg.append("text").attr("class", "axis-label").attr("x", (margin.left + width - margin.right) / 2)
    .attr("y", height - 6).attr("text-anchor", "middle")
    .text(T("conteo publicado (barra) e intervalo de 95 % (bigotes)", "published count (bar) and 95% interval (whiskers)"));
  host.append(el("figcaption", T(
    `Gráfico de ${table.name}: barras = conteo publicado, bigotes = intervalo de confianza de 95 %.`,
    `Chart of ${table.name}: bars = published count, whiskers = 95% confidence interval.`,
  )));
  return host;
}

function dataTable(table, cols) {
  const wrap = el("div", undefined, { class: "table-scroll" });
  const t = el("table", undefined, { "data-table": table.name });
  t.append(el("caption", T(`Tabla ${table.name}`, `Table ${table.name}`)));
  const head = el("tr");
  for (const c of [...cols, T("conteo", "count"), T("IC 95 % inferior", "95% CI low"), T("IC 95 % superior", "95% CI high")]) {
    head.append(el("th", c, { scope: "col" }));
  }
  const thead = el("thead");
  thead.append(head);
  t.append(thead);
  const body = el("tbody");
  for (const cell of table.cells || []) {
    const tr = el("tr");
    for (const k of cols) tr.append(el("td", cell.key[k] === "" ? blank : cell.key[k]));
    for (const v of [cell.count, cell.ci_low, cell.ci_high]) tr.append(el("td", String(v), { class: "num" }));
    body.append(tr);
  }
  t.append(body);
  wrap.append(t);
  return wrap;
}

function show(release, text, csvs) {
  for (const u of urls.splice(0)) URL.revokeObjectURL(u);
  const meta = $("release-meta");
  meta.replaceChildren();
  const p = release.privacy || {};
  const add = (k, v) => { if (v !== undefined && v !== null) meta.append(el("dt", k), el("dd", String(v))); };
  add(T("Garantía", "Guarantee"), p.statement);
  add(T("Medida de privacidad", "Privacy measure"), p.measure);
  add("ρ (rho)", p.rho === undefined ? undefined : round(p.rho));
  add("ε (epsilon)", p.epsilon === undefined ? undefined : round(p.epsilon));
  add("δ (delta)", p.delta);
  add(T("ε para ese δ", "ε at that δ"), p.epsilon_at_delta === undefined ? undefined : round(p.epsilon_at_delta));
  add(T("Tablas", "Tables"), (release.tables || []).length);

  const downloads = $("downloads");
  downloads.replaceChildren(download("release.json", text, "application/json"));
  const tables = $("tables");
  tables.replaceChildren();
  (release.tables || []).forEach((table, i) => {
    const cols = keyColumns(table);
    downloads.append(download(`${table.name}.csv`, csvs[i], "text/csv"));
    const section = el("section", undefined, { "aria-labelledby": `table-title-${i}`, class: "release-table" });
    section.append(el("h3", table.name, { id: `table-title-${i}` }));
    const facts = [];
    if (table.mechanism) facts.push(`${T("mecanismo", "mechanism")}: ${table.mechanism}`);
    if (table.scale !== undefined) facts.push(`${T("escala", "scale")}: ${round(table.scale)}`);
    if (table.ci_half_width !== undefined) facts.push(`${T("margen de error (95 %)", "margin of error (95%)")}: ±${table.ci_half_width}`);
    if (facts.length) section.append(el("p", facts.join(" · ")));
    section.append(chart(table, cols, i), dataTable(table, cols));
    tables.append(section);
  });
  results.hidden = false;
  $("results-title").focus();
}

loadExampleSpec();

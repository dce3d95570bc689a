// graphgrad playground: the page. It draws what the server sends over one websocket
// (points, frames, graphs) and sends settings and player commands back. Settings are
// checked here with the server's own rules (from the "hello" message) and again there.
"use strict";

const ORANGE = [245, 147, 34], NEUTRAL = [232, 234, 235], BLUE = [8, 119, 189];
const SHADES = 30; // heat maps use 31 shades, as the original
const HEAT_ALPHA = 160; // the original's heat-map opacity (of 255)
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/; // = config.NUMBER

const $ = (id) => document.getElementById(id);
const state = {
  ws: null, rules: null, config: null, featureLabels: {}, datasets: {}, frame: null,
  points: null, playing: false, closed: false, graphZoom: null, graphSize: null,
  messages: 0, frames: 0, graphs: 0, pending: 0, editing: false,
};
window.playground = state; // for the end-to-end tests and the curious

// ---------------------------------------------------------------- colours

function mix(a, b, t) { return a.map((x, i) => Math.round(x + (b[i] - x) * t)); }

/** The diverging colour of v in [-1, 1], quantised to the original's shades. */
function colour(v) {
  v = Math.max(-1, Math.min(1, v));
  const s = Math.min(SHADES - 1, Math.floor((v + 1) / 2 * SHADES)) / (SHADES - 1);
  return s < 0.5 ? mix(ORANGE, NEUTRAL, s * 2) : mix(NEUTRAL, BLUE, s * 2 - 1);
}
const PALETTE = Array.from({length: 256}, (_, q) => colour(q / 127.5 - 1));
const css = (rgb) => `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;

function decode(b64) {
  const s = atob(b64), out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Paint an n x n heat map (base64 bytes, 0..255 for -1..1) into a canvas of n x n pixels. */
function paintHeat(canvas, b64, n, discretize, alpha) {
  if (canvas.width !== n) { canvas.width = n; canvas.height = n; }
  const ctx = canvas.getContext("2d"), img = ctx.createImageData(n, n), q = decode(b64);
  for (let i = 0, p = 0; i < q.length; i++) {
    let v = q[i];
    if (discretize) v = v >= 128 ? 255 : 0;
    const c = PALETTE[v];
    img.data[p++] = c[0]; img.data[p++] = c[1]; img.data[p++] = c[2]; img.data[p++] = alpha;
  }
  ctx.putImageData(img, 0, 0);
}

// ---------------------------------------------------------------- the rules (= config.py)

const fmt = (x) => String(x); // integers without a point, others shortest: as config._fmt

function checkNumber(rule, value, integer) {
  const label = rule.label, what = integer ? "a whole number" : "a number";
  let shown;
  if (typeof value === "string") {
    shown = value.trim();
    if (!shown) return [null, `${label} is empty; enter ${what}`];
    if (!NUMBER.test(shown) || !Number.isFinite(Number(shown)))
      return [null, `${label} must be ${what}, not “${shown}”`];
    value = Number(shown);
  } else if (typeof value === "number" && Number.isFinite(value)) {
    shown = fmt(value);
  } else {
    return [null, `${label} must be ${what}`];
  }
  if (integer && !Number.isInteger(value)) return [null, `${label} must be ${what}, not ${shown}`];
  const lo = rule.min, hi = rule.max;
  if (rule.exclusive_min && value <= lo)
    return [null, `${label} must be greater than ${fmt(lo)} (got ${shown})`];
  if (value < lo || value > hi)
    return [null, `${label} must be between ${fmt(lo)} and ${fmt(hi)} (got ${shown})`];
  return [value, null];
}

function checkField(name, value) {
  const rule = state.rules[name], label = rule.label;
  if (rule.kind === "int" || rule.kind === "float") return checkNumber(rule, value, rule.kind === "int");
  if (rule.kind === "choice") {
    if (!rule.choices.includes(value))
      return [null, `${label} must be one of ${rule.choices.join(", ")} (got “${value}”)`];
    return [value, null];
  }
  if (rule.kind === "subset") {
    if (!Array.isArray(value) || value.some((v) => !rule.choices.includes(v)))
      return [null, `${label} must be chosen from ${rule.choices.join(", ")}`];
    if (value.length < rule.min) return [null, `${label}: turn on at least ${rule.min} input feature`];
    return [rule.choices.filter((c) => value.includes(c)), null];
  }
  if (!Array.isArray(value)) return [null, `${label} must be a list of unit counts`];
  if (value.length > rule.max_layers) return [null, `${label}: at most ${rule.max_layers} (got ${value.length})`];
  const unitRule = {label: "Neurons per layer", min: rule.min_units, max: rule.max_units}, units = [];
  for (const v of value) {
    const [n, err] = checkNumber(unitRule, v, true);
    if (err) return [null, err];
    units.push(n);
  }
  return [units, null];
}

/** {values, errors} for a full settings object, with the server's messages. */
function validate(settings) {
  const errors = {}, values = {};
  for (const [name, value] of Object.entries(settings)) {
    const [v, err] = checkField(name, value);
    if (err) errors[name] = err; else values[name] = v;
  }
  if (!Object.keys(errors).length) {
    const kind = state.datasets[values.dataset];
    if (kind !== values.problem) {
      const fits = Object.keys(state.datasets).filter((k) => state.datasets[k] === values.problem);
      errors.dataset = `Data set ${values.dataset} is for ${kind}; for ${values.problem} choose ${fits.join(" or ")}`;
    }
  }
  return {values, errors};
}

// ---------------------------------------------------------------- settings <-> form

const TEXT_FIELDS = ["learning_rate", "reg_rate", "seed"];
const SELECT_FIELDS = ["activation", "regularization", "problem", "optimizer"];
const RANGE_FIELDS = ["train_ratio", "noise", "batch_size"];
const draft = {features: null, hidden: null, dataset: null}; // edits not yet accepted

/** The settings the form shows now (text as typed, for the rules to judge). */
function formSettings() {
  const s = {};
  for (const f of TEXT_FIELDS) s[f] = $(f).value;
  for (const f of SELECT_FIELDS) s[f] = $(f).value;
  for (const f of RANGE_FIELDS) s[f] = Number($(f).value);
  s.dataset = draft.dataset;
  s.features = draft.features.slice();
  s.hidden = draft.hidden.slice();
  return s;
}

function showConfig(config) {
  state.config = config;
  for (const f of TEXT_FIELDS) if (document.activeElement !== $(f)) $(f).value = String(config[f]);
  for (const f of SELECT_FIELDS) $(f).value = config[f];
  for (const f of RANGE_FIELDS) { $(f).value = config[f]; $(`${f}-value`).textContent = config[f]; }
  draft.dataset = config.dataset;
  draft.features = config.features.slice();
  draft.hidden = config.hidden.map(String);
  buildDatasets();
  buildNetwork();
}

function showErrors(errors) {
  document.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
  const box = $("errors"), entries = Object.entries(errors);
  box.hidden = !entries.length;
  box.replaceChildren();
  if (!entries.length) return;
  const ul = document.createElement("ul");
  for (const [field, message] of entries) {
    const li = document.createElement("li");
    li.textContent = message;
    li.dataset.field = field;
    ul.append(li);
    const el = $(field);
    if (el) el.classList.add("invalid");
    if (field === "hidden") document.querySelectorAll(".units-control input").forEach((u) => {
      const [, err] = checkNumber({label: "", min: state.rules.hidden.min_units, max: state.rules.hidden.max_units}, u.value, true);
      if (err) u.classList.add("invalid");
    });
  }
  box.append(ul);
}

/** Check the form with the shared rules; send it if it passes, else say why. */
function submit(changes = {}) {
  Object.assign(draft, changes.draft || {});
  const settings = formSettings();
  const {errors} = validate(settings);
  state.editing = Object.keys(errors).length > 0; // a refused edit stays on the form
  if (state.editing) {
    buildNetwork();
    showErrors(errors);
    return false;
  }
  showErrors({});
  state.pending++;
  send({type: "config", settings});
  return true;
}

// ---------------------------------------------------------------- data set pictures

function pseudoRandom(seed) { // a small LCG: the pictures look the same every time
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296;
}

function samplePoints(name) {
  const r = pseudoRandom(7), u = (a, b) => a + (b - a) * r(), pts = [];
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-9)) * Math.cos(2 * Math.PI * r());
  for (let i = 0; i < 120; i++) {
    if (name === "circle") {
      const inside = i % 2 === 0, rad = inside ? u(0, 2.5) : u(3.5, 5), a = u(0, 2 * Math.PI);
      pts.push([rad * Math.sin(a), rad * Math.cos(a), inside ? 1 : -1]);
    } else if (name === "xor") {
      let x = u(-5, 5), y = u(-5, 5);
      x += x > 0 ? 0.3 : -0.3; y += y > 0 ? 0.3 : -0.3;
      pts.push([x, y, x * y >= 0 ? 1 : -1]);
    } else if (name === "gaussian") {
      const c = i % 2 ? 2 : -2;
      pts.push([c + gauss() * 1.1, c + gauss() * 1.1, c > 0 ? 1 : -1]);
    } else if (name === "spiral") {
      const k = Math.floor(i / 2), n = 60, rad = k / n * 5, t = 1.75 * k / n * 2 * Math.PI + (i % 2 ? Math.PI : 0);
      pts.push([rad * Math.sin(t), rad * Math.cos(t), i % 2 ? -1 : 1]);
    } else if (name === "plane") {
      const x = u(-6, 6), y = u(-6, 6);
      pts.push([x, y, (x + y) / 10]);
    } else {
      const x = u(-6, 6), y = u(-6, 6);
      const g = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
      let label = 0;
      for (const [cx, cy, s] of g) {
        const v = s * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
        if (Math.abs(v) > Math.abs(label)) label = v;
      }
      pts.push([x, y, label]);
    }
  }
  return pts;
}

const DATASET_TITLES = {circle: "Circle", xor: "Exclusive or", gaussian: "Gaussian",
  spiral: "Spiral", plane: "Plane", multigauss: "Multi Gaussian"};

function buildDatasets() {
  const box = $("datasets");
  const names = Object.keys(state.datasets).filter((k) => state.datasets[k] === state.config.problem);
  if (box.dataset.problem !== state.config.problem) {
    box.dataset.problem = state.config.problem;
    box.replaceChildren();
    for (const name of names) {
      const b = document.createElement("button");
      b.dataset.dataset = name;
      b.title = DATASET_TITLES[name] || name;
      b.setAttribute("aria-label", b.title);
      const c = document.createElement("canvas");
      c.width = 120; c.height = 120;
      const ctx = c.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, 120, 120);
      for (const [x, y, label] of samplePoints(name)) {
        ctx.fillStyle = css(colour(label));
        ctx.beginPath();
        ctx.arc((x + 6) * 10, (6 - y) * 10, 3.2, 0, 2 * Math.PI);
        ctx.fill();
      }
      b.append(c);
      b.addEventListener("click", () => submit({draft: {dataset: name}}));
      box.append(b);
    }
  }
  for (const b of box.children) b.classList.toggle("selected", b.dataset.dataset === state.config.dataset);
}

// ---------------------------------------------------------------- the network picture

function nodeBox(kind, id) {
  const node = document.createElement("div");
  node.className = `node ${kind}`;
  node.dataset.id = id;
  const c = document.createElement("canvas");
  c.width = 20; c.height = 20;
  node.append(c);
  return node;
}

function buildNetwork() {
  const rules = state.rules, cfg = state.config;
  const fcol = $("feature-column");
  fcol.replaceChildren();
  for (const [name, label] of Object.entries(state.featureLabels)) {
    const on = draft.features.includes(name);
    const b = document.createElement("button");
    b.className = "feature" + (on ? "" : " off");
    b.dataset.feature = name;
    b.title = on ? `${label}: on (click to turn off)` : `${label}: off (click to turn on)`;
    const span = document.createElement("span");
    span.className = "name";
    span.textContent = label;
    b.append(span, nodeBox("input", `f:${name}`));
    b.addEventListener("click", () => {
      const features = on ? draft.features.filter((f) => f !== name) : draft.features.concat([name]);
      submit({draft: {features}});
    });
    fcol.append(b);
  }
  const lcol = $("layer-columns");
  lcol.replaceChildren();
  const hidden = draft.hidden;
  hidden.forEach((units, i) => {
    const col = document.createElement("div");
    col.className = "layer";
    const ctl = document.createElement("div");
    ctl.className = "units-control";
    const n = Number(units), ok = Number.isInteger(n);
    const plus = document.createElement("button"), minus = document.createElement("button");
    plus.className = minus.className = "round tiny";
    plus.textContent = "+"; minus.textContent = "−";
    plus.title = "Add a neuron"; minus.title = "Remove a neuron";
    const lo = rules.hidden.min_units, hi = rules.hidden.max_units; // +/- bring a bad count back in range
    const up = ok ? Math.min(hi, Math.max(lo, n + 1)) : lo, down = ok ? Math.max(lo, Math.min(hi, n - 1)) : lo;
    plus.disabled = up === n;
    minus.disabled = down === n;
    const input = document.createElement("input");
    input.id = `units-${i}`;
    input.value = units;
    input.inputMode = "numeric";
    input.setAttribute("aria-label", `Neurons in hidden layer ${i + 1}`);
    const setUnits = (v) => { const h = draft.hidden.slice(); h[i] = String(v); submit({draft: {hidden: h}}); };
    plus.addEventListener("click", () => setUnits(up));
    minus.addEventListener("click", () => setUnits(down));
    input.addEventListener("change", () => setUnits(input.value));
    ctl.append(minus, input, plus);
    const word = document.createElement("div");
    word.className = "units-label";
    word.textContent = ok && n === 1 ? "neuron" : "neurons";
    col.append(ctl, word);
    const valid = ok && n >= rules.hidden.min_units && n <= rules.hidden.max_units;
    const shown = valid ? n : cfg.hidden[i] || 0;
    for (let u = 0; u < shown; u++) col.append(nodeBox("hidden", `h:${i}:${u}`));
    lcol.append(col);
  });
  const out = document.createElement("div");
  out.className = "layer output-layer";
  const label = document.createElement("div");
  label.className = "units-control";
  label.innerHTML = '<span class="hint">output</span>';
  const word = document.createElement("div");
  word.className = "units-label";
  out.append(label, word, nodeBox("output", "out"));
  lcol.append(out);
  $("layer-count").textContent = hidden.length;
  $("layer-word").textContent = hidden.length === 1 ? "hidden layer" : "hidden layers";
  $("add-layer").disabled = hidden.length >= rules.hidden.max_layers;
  $("remove-layer").disabled = hidden.length <= 0;
  buildLinks();
  if (state.frame) drawFrame(state.frame);
}

/** One SVG path per weight, from the right edge of a node to the left edge of the next. */
function buildLinks() {
  const svg = $("links");
  svg.replaceChildren();
  const cfg = state.config;
  const box = $("network").getBoundingClientRect();
  const centre = (el, side) => {
    const r = el.getBoundingClientRect();
    return [side > 0 ? r.right - box.left : r.left - box.left, r.top + r.height / 2 - box.top];
  };
  const columns = [cfg.features.map((f) => `f:${f}`)];
  cfg.hidden.forEach((n, i) => columns.push(Array.from({length: n}, (_, u) => `h:${i}:${u}`)));
  columns.push(["out"]);
  const find = (id) => document.querySelector(`.node[data-id="${id}"]`);
  state.links = [];
  for (let l = 1; l < columns.length; l++) {
    const layer = [];
    for (let j = 0; j < columns[l].length; j++) {
      const row = [];
      for (let i = 0; i < columns[l - 1].length; i++) {
        const a = find(columns[l - 1][i]), b = find(columns[l][j]);
        if (!a || !b) { row.push(null); continue; }
        const [x1, y1] = centre(a, 1), [x2, y2] = centre(b, -1), mx = (x1 + x2) / 2;
        const p = document.createElementNS("http://www.w3.org/2000/svg", "path");
        p.setAttribute("d", `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`);
        p.setAttribute("stroke", "#ccc");
        p.setAttribute("stroke-width", "1");
        svg.append(p);
        row.push(p);
      }
      layer.push(row);
    }
    state.links.push(layer);
  }
}

// ---------------------------------------------------------------- frames

const FEATURE_FN = {
  "x1": (a, b) => a / 6, "x2": (a, b) => b / 6, "x1^2": (a, b) => a * a / 36,
  "x2^2": (a, b) => b * b / 36, "x1*x2": (a, b) => a * b / 36,
  "sin(x1)": (a, b) => Math.sin(a), "sin(x2)": (a, b) => Math.sin(b),
};
const featureCache = {};

/** A feature over the n x n input plane, scaled to [-1, 1], as a base64 heat map. */
function featurePicture(name, n) {
  const key = `${name}:${n}`;
  if (!featureCache[key]) {
    let s = "";
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
      const x1 = ((c + 0.5) / n) * 12 - 6, x2 = 6 - ((r + 0.5) / n) * 12;
      const v = Math.max(-1, Math.min(1, FEATURE_FN[name](x1, x2)));
      s += String.fromCharCode(Math.round((v + 1) * 127.5));
    }
    featureCache[key] = btoa(s);
  }
  return featureCache[key];
}

function pad(n) { return String(n).padStart(6, "0").replace(/(\d{3})(\d{3})$/, "$1,$2"); }
const num = (x) => (x === null || x === undefined ? "–" : x.toFixed(3));
const pct = (x) => (x === null || x === undefined ? "–" : `${(100 * x).toFixed(1)}%`);

function drawFrame(f) {
  state.frame = f;
  $("epoch").textContent = pad(f.epoch);
  document.body.dataset.epoch = f.epoch;
  $("test-loss").textContent = num(f.test_loss);
  $("train-loss").textContent = num(f.train_loss);
  $("test-acc").textContent = pct(f.test_acc);
  $("train-acc").textContent = pct(f.train_acc);
  document.querySelector(".metrics .acc").hidden = f.test_acc === null;
  const disc = $("discretize").checked;
  paintHeat($("heatmap"), f.output, f.grid, disc, HEAT_ALPHA);
  for (const name of Object.keys(state.featureLabels)) {
    const node = document.querySelector(`.node[data-id="f:${name}"] canvas`);
    if (node) paintHeat(node, featurePicture(name, f.thumb), f.thumb, false, 255);
  }
  f.neurons.forEach((layer, i) => layer.forEach((b64, u) => {
    const node = document.querySelector(`.node[data-id="h:${i}:${u}"] canvas`);
    if (node) paintHeat(node, b64, f.thumb, false, 255);
  }));
  const out = document.querySelector('.node[data-id="out"] canvas');
  if (out) paintHeat(out, f.output, f.grid, disc, 255);
  drawWeights(f.weights);
  drawChart(f.history);
  state.frames++;
}

function drawWeights(weights) {
  if (!state.links) return;
  state.links.forEach((layer, l) => layer.forEach((row, j) => row.forEach((p, i) => {
    if (!p || !weights[l] || !weights[l][j]) return;
    const w = weights[l][j][i];
    if (typeof w !== "number") return;
    p.setAttribute("stroke", css(colour(w)));
    p.setAttribute("stroke-width", String(Math.min(10, 1 + Math.abs(w) * 1.8)));
    p.setAttribute("data-weight", String(w));
    p.innerHTML = `<title>weight ${w.toFixed(3)}</title>`;
  })));
}

function drawChart(history) {
  const c = $("loss-chart"), dpr = window.devicePixelRatio || 1, w = 300, h = 60;
  if (c.width !== w * dpr) { c.width = w * dpr; c.height = h * dpr; }
  const ctx = c.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (!history.length) return;
  const maxE = Math.max(1, history[history.length - 1][0]);
  let maxL = 0;
  for (const [, a, b] of history) maxL = Math.max(maxL, a, b);
  maxL = maxL || 1;
  for (const [k, colourName] of [[1, "#999"], [2, "#000"]]) {
    ctx.beginPath();
    history.forEach((row, i) => {
      const x = (row[0] / maxE) * (w - 2) + 1, y = h - 2 - (row[k] / maxL) * (h - 4);
      if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y);
    });
    ctx.strokeStyle = colourName;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
}

function drawPoints() {
  const c = $("points"), dpr = window.devicePixelRatio || 1, size = 300;
  if (c.width !== size * dpr) { c.width = size * dpr; c.height = size * dpr; }
  const ctx = c.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, size, size);
  if (!state.points) return;
  const classify = state.points.problem === "classification";
  const sets = [[state.points.train, "#fff"]];
  if ($("show-test").checked) sets.push([state.points.test, "#000"]);
  for (const [pts, stroke] of sets) {
    for (const [x, y, label] of pts) {
      if (Math.abs(x) > 6 || Math.abs(y) > 6) continue;
      const v = classify ? (label > 0 ? 1 : -1) : label;
      ctx.beginPath();
      ctx.arc((x + 6) / 12 * size, (6 - y) / 12 * size, 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = css(colour(v));
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = stroke;
      ctx.stroke();
    }
  }
}

// ---------------------------------------------------------------- the graph panel

function showGraph(message) {
  state.graphs++;
  const view = $("graph-view");
  if (!message.svg) {
    view.innerHTML = "";
    const p = document.createElement("p");
    p.className = "graph-error";
    p.textContent = `The graph could not be drawn: ${message.error}`;
    view.append(p);
    $("graph-info").textContent = "";
    return;
  }
  const top = view.scrollTop, left = view.scrollLeft;
  view.innerHTML = message.svg.slice(message.svg.indexOf("<svg"));
  const svg = view.querySelector("svg");
  const vb = svg.viewBox.baseVal;
  state.graphSize = [vb.width, vb.height];
  applyZoom();
  view.scrollTop = top; view.scrollLeft = left;
  const nodes = svg.querySelectorAll("g.node").length;
  $("graph-info").textContent = `drawn at epoch ${message.epoch} · ${nodes} nodes`;
  document.body.dataset.graphEpoch = message.epoch;
}

function applyZoom() {
  const svg = $("graph-view").querySelector("svg");
  if (!svg || !state.graphSize) return;
  const [w, h] = state.graphSize;
  const fit = Math.min(1, ($("graph-view").clientWidth - 4) / w);
  const z = state.graphZoom === null ? fit : state.graphZoom;
  svg.setAttribute("width", `${w * z}px`);
  svg.setAttribute("height", `${h * z}px`);
  $("zoom-level").textContent = state.graphZoom === null ? "fit" : `${Math.round(z * 100)}%`;
}

function zoomBy(factor) {
  const svg = $("graph-view").querySelector("svg");
  if (!svg || !state.graphSize) return;
  const current = svg.getBoundingClientRect().width / state.graphSize[0];
  state.graphZoom = Math.max(0.1, Math.min(4, current * factor));
  applyZoom();
}

// ---------------------------------------------------------------- the connection

function send(message) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
}

function fatal(text) {
  state.closed = true;
  const box = $("fatal");
  box.hidden = false;
  box.textContent = `This tab's training session has ended: ${text} Reload the page to start again.`;
  document.body.classList.remove("playing");
  document.querySelectorAll("button, input, select").forEach((el) => { el.disabled = true; });
}

function onMessage(event) {
  const m = JSON.parse(event.data);
  state.messages++;
  switch (m.type) {
    case "hello":
      state.rules = m.rules;
      state.featureLabels = m.features;
      state.datasets = m.datasets;
      state.session = m.session;
      document.body.dataset.session = m.session;
      showConfig(m.config);
      break;
    case "points":
      state.points = m;
      drawPoints();
      break;
    case "frame":
      drawFrame(m);
      break;
    case "config": // the answer to each change, in order: show only the latest
      state.pending = Math.max(0, state.pending - 1);
      // a late answer to an earlier change must not wipe out an edit the page refused
      if (state.pending || state.editing) { state.config = m.config; break; }
      showErrors({});
      showConfig(m.config);
      break;
    case "invalid":
      state.pending = Math.max(0, state.pending - 1);
      if (!state.pending) showErrors(m.errors);
      break;
    case "status":
      state.playing = m.playing;
      document.body.classList.toggle("playing", m.playing);
      $("play").setAttribute("aria-label", m.playing ? "Pause" : "Play");
      break;
    case "graph":
      showGraph(m);
      break;
    case "fatal":
      fatal(m.message.endsWith(".") ? m.message : `${m.message}.`);
      break;
  }
}

function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  state.ws = ws;
  ws.addEventListener("message", onMessage);
  ws.addEventListener("close", () => { if (!state.closed) fatal("the connection to the server closed."); });
  setInterval(() => send({type: "ping"}), 20000);
}

function wire() {
  $("play").addEventListener("click", () => send({type: state.playing ? "pause" : "play"}));
  $("step").addEventListener("click", () => send({type: "step"}));
  $("reset").addEventListener("click", () => send({type: "reset"}));
  $("regenerate").addEventListener("click", () => {
    const [seed] = checkField("seed", $("seed").value);
    $("seed").value = String(seed === null ? 0 : (seed + 1) % 2147483648);
    submit();
  });
  for (const f of TEXT_FIELDS) {
    $(f).addEventListener("change", () => submit());
    $(f).addEventListener("keydown", (e) => { if (e.key === "Enter") $(f).blur(); });
  }
  for (const f of SELECT_FIELDS) $(f).addEventListener("change", () => {
    if (f === "problem") { // keep the data set one of the new problem's
      const fits = Object.keys(state.datasets).filter((k) => state.datasets[k] === $(f).value);
      if (!fits.includes(draft.dataset)) draft.dataset = fits[0];
    }
    submit();
  });
  for (const f of RANGE_FIELDS) {
    $(f).addEventListener("input", () => { $(`${f}-value`).textContent = $(f).value; });
    $(f).addEventListener("change", () => submit());
  }
  $("add-layer").addEventListener("click", () => submit({draft: {hidden: draft.hidden.concat(["2"])}}));
  $("remove-layer").addEventListener("click", () => submit({draft: {hidden: draft.hidden.slice(0, -1)}}));
  $("show-test").addEventListener("change", drawPoints);
  $("discretize").addEventListener("change", () => state.frame && drawFrame(state.frame));
  $("zoom-in").addEventListener("click", () => zoomBy(1.25));
  $("zoom-out").addEventListener("click", () => zoomBy(0.8));
  $("zoom-fit").addEventListener("click", () => { state.graphZoom = null; applyZoom(); });
  $("zoom-100").addEventListener("click", () => { state.graphZoom = 1; applyZoom(); });
  $("redraw").addEventListener("click", () => send({type: "graph"}));
  $("graph-view").addEventListener("wheel", (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    zoomBy(e.deltaY < 0 ? 1.1 : 0.9);
  }, {passive: false});
  window.addEventListener("resize", () => { buildLinks(); if (state.frame) drawWeights(state.frame.weights); applyZoom(); });
}

wire();
connect();

// The cluster dashboard: every node's vital signs from GET /api/cluster (any node answers for all of them: each
// writes its figures into a cluster map every 2 s), drawn as small live charts. No sign-in: the figures are public
// like /metrics. Text from the server goes in as text; charts are SVG built with the DOM.

const INTERVAL_MS = 2000;
const POINTS = 60; // two minutes
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

/** nodeId -> {last: reading, series: {rate: [], connections: [], p50: [], p99: []}} */
const nodes = new Map();
const totals = { rate: [], connections: [] };
let lastOk = 0;

function push(series, value) {
  series.push(value);
  if (series.length > POINTS) series.shift();
}

/** A sparkline of one or two series (the second dashed), scaled to their maximum, in an <svg> 0..100 x 0..30. */
function chart(svg, seriesList) {
  svg.replaceChildren();
  svg.setAttribute('viewBox', '0 0 100 30');
  svg.setAttribute('preserveAspectRatio', 'none');
  const max = Math.max(1, ...seriesList.flat().filter((v) => v !== null));
  seriesList.forEach((series, k) => {
    const pts = series.map((v, i) => (v === null ? null
      : `${(100 * (POINTS - series.length + i)) / (POINTS - 1)},${30 - (28 * v) / max - 1}`)).filter(Boolean);
    if (pts.length === 0) return;
    const path = document.createElementNS(SVG, 'polyline');
    path.setAttribute('points', pts.join(' '));
    path.setAttribute('class', k === 0 ? 'line' : 'line second');
    svg.append(path);
  });
}

function number(v, digits = 0) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(digits);
}

function card(id) {
  let el = document.querySelector(`#nodes .node[data-node-id="${CSS.escape(id)}"]`);
  if (el) return el;
  el = $('node-template').content.firstElementChild.cloneNode(true);
  el.dataset.nodeId = id;
  el.querySelector('.node-id').textContent = id;
  $('nodes').append(el);
  return el;
}

function render(body) {
  const seen = new Set();
  let rateSum = 0;
  let connSum = 0;
  for (const n of body.nodes || []) {
    seen.add(n.nodeId);
    let entry = nodes.get(n.nodeId);
    if (!entry) {
      entry = { last: null, series: { rate: [], connections: [], p50: [], p99: [] } };
      nodes.set(n.nodeId, entry);
    }
    const messages = (n.messagesIn || 0) + (n.messagesOut || 0);
    let rate = null;
    if (entry.last && n.at > entry.last.at) rate = Math.max(0, messages - entry.last.messages) / ((n.at - entry.last.at) / 1000);
    if (!entry.last || n.at !== entry.last.at) {
      push(entry.series.rate, rate);
      push(entry.series.connections, n.connections);
      push(entry.series.p50, n.delivery && n.delivery.p50Ms !== undefined ? n.delivery.p50Ms : null);
      push(entry.series.p99, n.delivery && n.delivery.p99Ms !== undefined ? n.delivery.p99Ms : null);
      entry.last = { at: n.at, messages };
    }
    rateSum += rate || 0;
    connSum += n.connections || 0;
    const el = card(n.nodeId);
    el.querySelector('.uptime').textContent = `up ${n.uptimeSeconds} s${n.clustered ? '' : ' · standalone'}`;
    el.querySelector('.rate').textContent = number(rate, 1);
    el.querySelector('.connections').textContent = number(n.connections);
    el.querySelector('.latency').textContent = n.delivery && n.delivery.p50Ms !== undefined
      ? `${number(n.delivery.p50Ms, 1)} / ${number(n.delivery.p99Ms, 1)} ms` : 'no deliveries';
    chart(el.querySelector('svg.rate-chart'), [entry.series.rate]);
    chart(el.querySelector('svg.connections-chart'), [entry.series.connections]);
    chart(el.querySelector('svg.latency-chart'), [entry.series.p50, entry.series.p99]);
  }
  for (const id of [...nodes.keys()]) { // a node that stopped writing has left
    if (!seen.has(id)) {
      nodes.delete(id);
      const el = document.querySelector(`#nodes .node[data-node-id="${CSS.escape(id)}"]`);
      if (el) el.remove();
    }
  }
  push(totals.rate, rateSum);
  push(totals.connections, connSum);
  $('total-nodes').textContent = String(seen.size);
  $('total-rate').textContent = number(rateSum, 1);
  $('total-connections').textContent = String(connSum);
  chart($('total-rate-chart'), [totals.rate]);
  chart($('total-connections-chart'), [totals.connections]);
  $('members').textContent = (body.members || []).join(', ');
}

async function tick() {
  try {
    const r = await fetch('/api/cluster', { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    render(await r.json());
    lastOk = Date.now();
    $('dashboard-status').textContent = 'live';
    $('dashboard-status').className = 'badge online';
  } catch (e) {
    $('dashboard-status').textContent = `offline: ${e.message}${lastOk ? ` (last data ${Math.round((Date.now() - lastOk) / 1000)} s ago)` : ''}`;
    $('dashboard-status').className = 'badge offline';
  }
}

window.switchboardDashboard = { nodes: () => [...nodes.keys()] };
tick();
setInterval(tick, INTERVAL_MS);

// fl4j dashboard: polls the aggregator's JSON every 2 s and draws it. Our own code, no libraries.
'use strict';
const COLORS = ['#2f6fde', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#0b7285', '#5c940d', '#a61e4d'];
const $ = id => document.getElementById(id);

function text(id, value) { $(id).textContent = value; }

function ago(iso, now) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.parse(now) - Date.parse(iso)) / 1000));
  return s < 60 ? s + ' s ago' : s < 3600 ? Math.floor(s / 60) + ' min ago' : Math.floor(s / 3600) + ' h ago';
}

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + ' ' + units[i];
}

function cell(row, value, cls) {
  const td = document.createElement('td');
  td.textContent = value;
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}

function showStatus(s) {
  text('federation', s.federation_id + ' (aggregator ' + s.aggregator + ')');
  // rounds are numbered from 0, as in the logs and fx aggregator status
  text('round', s.phase === 'training' ? s.round + ' of ' + s.rounds_to_train : 'done (' + s.rounds_to_train + ')');
  $('round').dataset.round = s.round;
  $('progress').style.width = (s.phase === 'training' ? 100 * s.round / Math.max(1, s.rounds_to_train) : 100) + '%';
  text('phase', 'phase ' + s.phase + ', ' + s.rounds_completed + ' rounds closed since the aggregator started');
  text('eta', s.estimated_round_end ? new Date(s.estimated_round_end).toLocaleTimeString() : 'unknown');
  text('started', s.round_started ? 'round started ' + ago(s.round_started, s.now) : '');
  const body = $('collaborators');
  body.replaceChildren();
  for (const c of s.collaborators) {
    const row = document.createElement('tr');
    cell(row, c.name);
    const st = document.createElement('span');
    st.textContent = c.state;
    st.className = 'state ' + c.state;
    cell(row, '').appendChild(st);
    cell(row, ago(c.last_contact, s.now));
    cell(row, bytes(c.bytes_in), 'num');
    cell(row, bytes(c.bytes_out), 'num');
    cell(row, c.tasks.length ? c.tasks.join(', ') + ' (' + c.done.length + ' / ' + c.failed.length + ')' : '–');
    if (c.last_refusal) row.title = c.last_refusal;
    body.appendChild(row);
  }
}

function showMetrics(m) {
  const closed = m.rounds.filter(r => m.headline in r.aggregated);
  text('headline-name', "Last round's " + m.headline.replace(/^.*\//, '') + ' (' + m.headline.replace(/\/.*$/, '') + ')');
  if (closed.length) {
    const last = closed[closed.length - 1];
    text('accuracy', last.aggregated[m.headline].toFixed(4));
    text('headline-round', 'aggregated, round ' + last.round);
    $('accuracy').dataset.round = last.round;
  }
  chart('accuracy', m, k => /acc/i.test(k), m.headline);
  const losses = Object.keys(Object.assign({}, ...m.rounds.map(r => r.aggregated))).filter(k => /loss/i.test(k));
  const task = m.headline.replace(/\/.*$/, '');
  chart('loss', m, k => /loss/i.test(k), losses.find(k => k.startsWith(task + '/')) || losses[0]);
}

// Aggregated series (thick) for each matching metric; each collaborator's own values (thin) for `own`.
function chart(name, m, match, own) {
  const series = [];
  const keys = new Set();
  m.rounds.forEach(r => Object.keys(r.aggregated).filter(match).forEach(k => keys.add(k)));
  [...keys].sort().forEach(k => series.push({ label: k, width: 2.5,
    points: m.rounds.filter(r => k in r.aggregated && r.aggregated[k] !== null).map(r => [r.round, r.aggregated[k]]) }));
  if (own) {
    const sites = new Set();
    m.rounds.forEach(r => Object.keys(r.collaborators).forEach(c => sites.add(c)));
    [...sites].sort().forEach(c => series.push({ label: c + ': ' + own, width: 1, dash: [4, 3],
      points: m.rounds.filter(r => r.collaborators[c] && r.collaborators[c][own] != null)
        .map(r => [r.round, r.collaborators[c][own]]) }));
  }
  draw($(name + '-chart'), series.filter(s => s.points.length));
  const legend = $(name + '-legend');
  legend.replaceChildren();
  series.filter(s => s.points.length).forEach((s, i) => {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = COLORS[i % COLORS.length];
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(s.label));
    legend.appendChild(item);
  });
}

function draw(canvas, series) {
  const g = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height, L = 50, R = 10, T = 10, B = 30;
  g.clearRect(0, 0, W, H);
  const pts = series.flatMap(s => s.points);
  g.fillStyle = '#6b7380';
  g.font = '12px sans-serif';
  if (!pts.length) { g.fillText('no closed round yet', L, H / 2); return; }
  let x0 = Math.min(...pts.map(p => p[0])), x1 = Math.max(...pts.map(p => p[0]));
  let y0 = Math.min(...pts.map(p => p[1])), y1 = Math.max(...pts.map(p => p[1]));
  if (x1 === x0) { x1 = x0 + 1; }
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const px = x => L + (x - x0) / (x1 - x0) * (W - L - R);
  const py = y => H - B - (y - y0) / (y1 - y0) * (H - T - B);
  g.strokeStyle = '#dde1e6';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = y0 + (y1 - y0) * i / 4;
    g.beginPath(); g.moveTo(L, py(y)); g.lineTo(W - R, py(y)); g.stroke();
    g.fillText(y.toPrecision(3), 2, py(y) + 4);
  }
  const step = Math.max(1, Math.ceil((x1 - x0) / 10));
  for (let x = x0; x <= x1; x += step) g.fillText(String(x), px(x) - 3, H - B + 16);
  g.fillText('round', W - R - 35, H - 2);
  series.forEach((s, i) => {
    g.strokeStyle = COLORS[i % COLORS.length];
    g.lineWidth = s.width;
    g.setLineDash(s.dash || []);
    g.beginPath();
    s.points.forEach((p, j) => j ? g.lineTo(px(p[0]), py(p[1])) : g.moveTo(px(p[0]), py(p[1])));
    g.stroke();
    g.setLineDash([]);
    g.fillStyle = g.strokeStyle;
    s.points.forEach(p => { g.beginPath(); g.arc(px(p[0]), py(p[1]), s.width + 1, 0, 2 * Math.PI); g.fill(); });
  });
}

async function refresh() {
  try {
    const [s, m] = await Promise.all(['/api/status', '/api/metrics'].map(async u => {
      const r = await fetch(u, { cache: 'no-store' });
      if (!r.ok) throw new Error(u + ': ' + r.status + ' ' + (await r.text()));
      return r.json();
    }));
    showStatus(s);
    showMetrics(m);
    text('updated', 'updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    text('updated', 'cannot reach the aggregator: ' + e.message);
  }
}

refresh();
setInterval(refresh, 2000);

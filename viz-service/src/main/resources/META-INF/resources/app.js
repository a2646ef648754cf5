// Losscape page: run and surface lists kept live from /api/events, and the selected surface
// drawn with Plotly, kept live from /api/surfaces/{id}/events.
//
// Values arrive as loss[i][j] with i along α (direction 1) and j along β (direction 2).
// Plotly wants z[row][column] with rows along y, so every plot uses the transpose z[j][i].
// A value is a number, null (not evaluated yet) or a string "NaN" / "Infinity" / "-Infinity"
// (a non-finite loss, kept by the server as data); the last two are drawn as gaps.
'use strict';

const REDRAW_INTERVAL_MS = 250;

const state = {
  runs: new Map(),
  surfaces: new Map(),
  selectedId: null,
  view: 'contour',
  metric: 'loss',
  logScale: false,
  current: null,
  surfaceSource: null,
  redrawTimer: null,
  listTimer: null,
};

const el = (id) => document.getElementById(id);

// ---- formatting --------------------------------------------------------------------------

function toNumber(value) {
  if (value === null || value === undefined) {
    return null;
  }
  return typeof value === 'number' ? value : Number(value);
}

function fmt(value, digits = 4) {
  const x = toNumber(value);
  if (x === null) {
    return '–';
  }
  if (!Number.isFinite(x)) {
    return String(x);
  }
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) {
    return x.toExponential(2);
  }
  return Number(x.toPrecision(digits)).toString();
}

function percent(value) {
  const x = toNumber(value);
  return x === null || !Number.isFinite(x) ? '–' : (100 * x).toFixed(1) + '%';
}

function rate(pointsPerSecond) {
  if (pointsPerSecond === null || pointsPerSecond === undefined) {
    return '';
  }
  return fmt(pointsPerSecond, 3) + ' points/s';
}

function eta(summary) {
  const remaining = summary.pointsTotal - summary.pointsDone;
  if (summary.state !== 'running' || !summary.pointsPerSecond || remaining <= 0) {
    return '';
  }
  const seconds = remaining / summary.pointsPerSecond;
  if (seconds < 90) {
    return `about ${Math.ceil(seconds)} s left`;
  }
  return `about ${Math.ceil(seconds / 60)} min left`;
}

function axisText(axis) {
  return `${fmt(axis.min, 3)} … ${fmt(axis.max, 3)} (${axis.points})`;
}

function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

// ---- run and surface lists ---------------------------------------------------------------

function sparkline(history) {
  const width = 120;
  const height = 34;
  const pad = 2;
  if (!history || history.length < 2) {
    return `<svg class="sparkline" width="${width}" height="${height}"></svg>`;
  }
  const epochs = history.map((h) => h.epoch);
  const first = Math.min(...epochs);
  const last = Math.max(...epochs);
  const x = (epoch) => pad + ((epoch - first) / Math.max(last - first, 1)) * (width - 2 * pad);

  const losses = history.map((h) => toNumber(h.metrics.testLoss));
  const finite = losses.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const yLoss = (v) => height - pad - ((v - lo) / Math.max(hi - lo, 1e-12)) * (height - 2 * pad);
  const yAcc = (v) => height - pad - v * (height - 2 * pad);

  const path = (values, y) => {
    let d = '';
    let pen = false;
    history.forEach((h, k) => {
      const v = values[k];
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(h.epoch).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return d;
  };
  const accuracies = history.map((h) => toNumber(h.metrics.testAccuracy));
  return `<svg class="sparkline" width="${width}" height="${height}"
      viewBox="0 0 ${width} ${height}" aria-label="test loss and accuracy per epoch">
    <path d="${path(losses, yLoss)}" fill="none" stroke="var(--loss)" stroke-width="1.5"/>
    <path d="${path(accuracies, yAcc)}" fill="none" stroke="var(--accent)" stroke-width="1.5"/>
  </svg>`;
}

function renderRuns() {
  const runs = [...state.runs.values()].sort(
    (a, b) => String(b.summary.updatedAt).localeCompare(String(a.summary.updatedAt)));
  el('run-count').textContent = runs.length ? `(${runs.length})` : '';
  if (!runs.length) {
    el('run-list').innerHTML = '<li class="empty">No training runs yet.</li>';
    return;
  }
  el('run-list').innerHTML = runs.map(({ summary: s, history }) => `
    <li class="run-item" data-id="${escapeHtml(s.runId)}">
      <div class="item-title">
        <span class="item-id" title="${escapeHtml(s.runId)}">${escapeHtml(s.runId)}</span>
        <span class="badge ${escapeHtml(s.state)}">${escapeHtml(s.state)}</span>
      </div>
      <div class="item-sub">${escapeHtml(s.model)} · ${escapeHtml(s.dataset)}
        · epoch ${s.epochsDone} / ${s.epochs}</div>
      <div class="run-body">
        <div class="run-stats">
          <div>test accuracy <strong>${percent(s.latest.testAccuracy)}</strong></div>
          <div class="muted">test loss ${fmt(s.latest.testLoss)}</div>
        </div>
        <div>
          ${sparkline(history)}
          <div class="spark-legend"><span class="l">— loss</span>
            <span class="a">— accuracy</span></div>
        </div>
      </div>
    </li>`).join('');
}

function renderSurfaces() {
  const surfaces = [...state.surfaces.values()].sort(
    (a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  el('surface-count').textContent = surfaces.length ? `(${surfaces.length})` : '';
  if (!surfaces.length) {
    el('surface-list').innerHTML = '<li class="empty">No surfaces yet.</li>';
    return;
  }
  el('surface-list').innerHTML = surfaces.map((s) => {
    const share = s.pointsTotal ? (100 * s.pointsDone) / s.pointsTotal : 0;
    const selected = s.surfaceId === state.selectedId ? ' selected' : '';
    const extra = [rate(s.pointsPerSecond), eta(s)].filter(Boolean).join(' · ');
    return `
    <li class="surface-item ${escapeHtml(s.state)}${selected}" data-id="${escapeHtml(s.surfaceId)}"
        tabindex="0">
      <div class="item-title">
        <span class="item-id" title="${escapeHtml(s.surfaceId)}">${escapeHtml(s.surfaceId)}</span>
        <span class="badge ${escapeHtml(s.state)}">${escapeHtml(s.state)}</span>
      </div>
      <div class="item-sub">${escapeHtml(s.model)} · epoch ${s.epoch}
        · ${s.grid.x.points} × ${s.grid.y.points}</div>
      <div class="progress">
        <div class="progress-fill" style="width:${share.toFixed(1)}%"></div>
      </div>
      <div class="item-sub"><span class="surface-progress">${s.pointsDone} / ${s.pointsTotal}</span>
        points${extra ? ' · ' + escapeHtml(extra) : ''}</div>
    </li>`;
  }).join('');
}

function scheduleLists() {
  if (state.listTimer) {
    return;
  }
  state.listTimer = setTimeout(() => {
    state.listTimer = null;
    renderRuns();
    renderSurfaces();
  }, 100);
}

function connectLists() {
  const source = new EventSource('api/events');
  source.addEventListener('open', () => setConnection(true));
  source.addEventListener('error', () => setConnection(false));
  source.addEventListener('snapshot', (event) => {
    const data = JSON.parse(event.data);
    state.runs = new Map(data.runs.map((r) => [r.summary.runId, r]));
    state.surfaces = new Map(data.surfaces.map((s) => [s.surfaceId, s]));
    scheduleLists();
    autoSelect();
  });
  source.addEventListener('run', (event) => {
    const run = JSON.parse(event.data);
    state.runs.set(run.summary.runId, run);
    scheduleLists();
  });
  source.addEventListener('surface', (event) => {
    const surface = JSON.parse(event.data);
    state.surfaces.set(surface.surfaceId, surface);
    scheduleLists();
    autoSelect();
  });
}

function setConnection(live) {
  el('connection').classList.toggle('live', live);
  el('connection-text').textContent = live ? 'live' : 'reconnecting…';
}

// Opens the surface named in the address, else the newest one, so a reload keeps the view.
function autoSelect() {
  if (state.selectedId) {
    return;
  }
  const wanted = new URLSearchParams(location.hash.slice(1)).get('surface');
  if (wanted && state.surfaces.has(wanted)) {
    selectSurface(wanted);
  } else if (!wanted && state.surfaces.size) {
    const newest = [...state.surfaces.values()].sort(
      (a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0];
    selectSurface(newest.surfaceId);
  }
}

// ---- the selected surface ----------------------------------------------------------------

function selectSurface(id) {
  if (state.selectedId === id) {
    return;
  }
  state.selectedId = id;
  history.replaceState(null, '', '#surface=' + encodeURIComponent(id));
  if (state.surfaceSource) {
    state.surfaceSource.close();
  }
  state.current = null;
  el('placeholder').hidden = true;
  el('surface-view').hidden = false;
  el('surface-title').textContent = id;
  const base = `api/surfaces/${encodeURIComponent(id)}`;
  el('download-csv').href = `${base}/values.csv`;
  el('download-h5').href = `${base}/export?format=h5`;
  el('download-vtp').href = `${base}/export?format=vtp`;
  el('download-json').href = `${base}/values`;
  Plotly.purge(el('plot'));
  renderSurfaces();

  const source = new EventSource(`api/surfaces/${encodeURIComponent(id)}/events`);
  state.surfaceSource = source;
  source.addEventListener('snapshot', (event) => {
    loadSnapshot(JSON.parse(event.data));
  });
  source.addEventListener('chunk', (event) => {
    applyChunk(JSON.parse(event.data));
  });
}

function loadSnapshot({ surface, values }) {
  const nonFinite = values.loss.flat().filter((v) => typeof v === 'string').length;
  state.current = {
    summary: surface,
    xs: values.xcoordinates,
    ys: values.ycoordinates,
    loss: values.loss,
    accuracy: values.accuracy,
    nonFinite,
  };
  renderSummary();
  scheduleRedraw(true);
}

function applyChunk(update) {
  const current = state.current;
  if (!current || update.surfaceId !== current.summary.surfaceId) {
    return;
  }
  for (const p of update.points) {
    if (current.loss[p.i][p.j] === null && typeof p.loss === 'string') {
      current.nonFinite++;
    }
    current.loss[p.i][p.j] = p.loss;
    current.accuracy[p.i][p.j] = p.accuracy;
  }
  Object.assign(current.summary, {
    pointsDone: update.pointsDone,
    pointsTotal: update.pointsTotal,
    state: update.state,
    minLoss: update.minLoss,
    maxLoss: update.maxLoss,
    pointsPerSecond: update.pointsPerSecond,
    nonFinitePoints: current.nonFinite,
  });
  renderSummary();
  scheduleRedraw(false);
}

function renderSummary() {
  const s = state.current.summary;
  const share = s.pointsTotal ? (100 * s.pointsDone) / s.pointsTotal : 0;
  el('progress-bar').style.width = share.toFixed(1) + '%';
  el('progress-bar').classList.toggle('complete', s.state === 'complete');
  el('progress-text').textContent = `${s.pointsDone} / ${s.pointsTotal}`;
  el('progress-extra').textContent = [s.state, rate(s.pointsPerSecond), eta(s)]
    .filter(Boolean).join(' · ');
  el('surface-subtitle').textContent =
    `${s.model} · run ${s.runId} · epoch ${s.epoch}`;

  const d = s.directions || {};
  const evalSet = s.evalSet || {};
  const items = [
    ['α range (direction 1)', axisText(s.grid.x)],
    ['β range (direction 2)', s.grid.y.points === 1 ? '— (1-D scan)' : axisText(s.grid.y)],
    ['directions', `${d.normalization ?? '–'} · seed ${d.seed ?? '–'}`
      + (d.includeBiasAndBatchNorm ? ' · incl. bias/BN' : '')],
    ['cos(d1, d2)', fmt(d.cosine, 3)],
    ['evaluation set',
      `${evalSet.dataset ?? '–'} ${evalSet.split ?? ''} · ${evalSet.size ?? '–'} images`],
    ['min loss', fmt(s.minLoss)],
    ['max loss', fmt(s.maxLoss)],
    ['non-finite points', String(s.nonFinitePoints ?? 0)],
  ];
  el('surface-meta').innerHTML = items.map(([k, v]) =>
    `<div><dt>${escapeHtml(k)}</dt><dd title="${escapeHtml(v)}">${escapeHtml(v)}</dd></div>`)
    .join('');
}

function scheduleRedraw(now) {
  if (now) {
    clearTimeout(state.redrawTimer);
    state.redrawTimer = null;
    draw();
    return;
  }
  if (!state.redrawTimer) {
    state.redrawTimer = setTimeout(() => {
      state.redrawTimer = null;
      draw();
    }, REDRAW_INTERVAL_MS);
  }
}

// The plotted value of a cell: null for a gap (missing, non-finite, or ≤ 0 on a log scale).
function plotted(value) {
  const x = toNumber(value);
  if (x === null || !Number.isFinite(x)) {
    return null;
  }
  if (state.metric === 'loss' && state.logScale) {
    return x > 0 ? Math.log10(x) : null;
  }
  return x;
}

function quantityTitle() {
  if (state.metric === 'accuracy') {
    return 'accuracy';
  }
  return state.logScale ? 'log₁₀ loss' : 'loss';
}

function draw() {
  const current = state.current;
  if (!current) {
    return;
  }
  const grid = state.metric === 'loss' ? current.loss : current.accuracy;
  const oneDimensional = current.ys.length === 1;
  syncControls(oneDimensional);

  const axisFont = { size: 13 };
  const alphaTitle = { text: 'α (direction 1)', font: axisFont };
  const betaTitle = { text: 'β (direction 2)', font: axisFont };
  const layout = {
    uirevision: current.summary.surfaceId + state.view,
    margin: { l: 64, r: 24, t: 36, b: 56 },
    showlegend: false,
    paper_bgcolor: '#fff',
    plot_bgcolor: '#eef0f3',
    font: { family: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', size: 12 },
  };
  let traces;

  if (oneDimensional) {
    traces = [{
      type: 'scatter',
      mode: 'lines+markers',
      x: current.xs,
      y: grid.map((row) => plotted(row[0])),
      connectgaps: false,
      line: { color: '#2f6fdb' },
      marker: { size: 4 },
      hovertemplate: `α=%{x:.4f}<br>${quantityTitle()}=%{y:.5g}<extra></extra>`,
    }];
    layout.xaxis = { title: alphaTitle };
    layout.yaxis = { title: { text: quantityTitle(), font: axisFont } };
  } else {
    const z = current.ys.map((_, j) => current.xs.map((__, i) => plotted(grid[i][j])));
    const colorbar = { title: { text: quantityTitle(), side: 'right' }, thickness: 14 };
    // Dark is good on both: low loss, and high accuracy (the scale reversed).
    const colorscale = 'Viridis';
    const reversescale = state.metric === 'accuracy';
    const hover = `α=%{x:.4f}<br>β=%{y:.4f}<br>${quantityTitle()}=%{z:.5g}<extra></extra>`;
    const base = {
      x: current.xs, y: current.ys, z, colorscale, reversescale, colorbar, hovertemplate: hover,
    };

    if (state.view === 'surface') {
      traces = [{ ...base, type: 'surface', connectgaps: false }];
      layout.margin = { l: 0, r: 0, t: 0, b: 0 };
      layout.scene = {
        xaxis: { title: alphaTitle },
        yaxis: { title: betaTitle },
        zaxis: { title: { text: quantityTitle(), font: axisFont } },
        camera: { eye: { x: 1.5, y: -1.5, z: 1.0 } },
        aspectmode: 'manual',
        aspectratio: { x: 1, y: 1, z: 0.6 },
      };
    } else {
      traces = [state.view === 'heatmap'
        ? { ...base, type: 'heatmap', hoverongaps: false }
        : { ...base, type: 'contour', connectgaps: false, ncontours: 24,
          contours: { coloring: 'heatmap', showlabels: true,
            labelfont: { size: 10, color: 'white' } },
          line: { width: 0.6 } }];
      traces.push(trainedPoint(current));
      layout.xaxis = { title: alphaTitle, zeroline: false, range: span(current.xs) };
      layout.yaxis = { title: betaTitle, zeroline: false, range: span(current.ys) };
    }
  }
  if (current.summary.pointsDone === 0) {
    layout.annotations = [{
      text: 'waiting for the first points…', showarrow: false,
      xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, font: { size: 15, color: '#6b7382' },
    }];
  }
  Plotly.react(el('plot'), traces, layout, { responsive: true, displaylogo: false });
}

// The axis range of a grid's coordinates, widened by half a step so edge cells show whole.
function span(coordinates) {
  const lo = Math.min(...coordinates);
  const hi = Math.max(...coordinates);
  const half = coordinates.length > 1 ? (hi - lo) / (coordinates.length - 1) / 2 : 0.5;
  return state.view === 'heatmap' ? [lo - half, hi + half] : [lo, hi];
}

// θ* itself, at α = β = 0: where training ended, the centre of most plans.
function trainedPoint(current) {
  const inside = (values) => Math.min(...values) <= 0 && Math.max(...values) >= 0;
  const shown = inside(current.xs) && inside(current.ys);
  return {
    type: 'scatter',
    mode: 'markers+text',
    x: shown ? [0] : [],
    y: shown ? [0] : [],
    text: ['θ*'],
    textposition: 'top right',
    textfont: { color: '#fff', size: 13 },
    marker: { symbol: 'x-thin', size: 11, line: { color: '#fff', width: 2 } },
    hovertemplate: 'θ* (trained weights)<extra></extra>',
  };
}

function syncControls(oneDimensional) {
  document.querySelectorAll('[data-view]').forEach((button) => {
    button.disabled = oneDimensional;
    button.classList.toggle('active', !oneDimensional && button.dataset.view === state.view);
  });
  document.querySelectorAll('[data-metric]').forEach((button) => {
    button.classList.toggle('active', button.dataset.metric === state.metric);
  });
  el('log-scale').disabled = state.metric !== 'loss';
}

// ---- wiring ------------------------------------------------------------------------------

function wire() {
  el('surface-list').addEventListener('click', (event) => {
    const item = event.target.closest('.surface-item');
    if (item) {
      selectSurface(item.dataset.id);
    }
  });
  el('surface-list').addEventListener('keydown', (event) => {
    const item = event.target.closest('.surface-item');
    if (item && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      selectSurface(item.dataset.id);
    }
  });
  document.querySelectorAll('[data-view]').forEach((button) => {
    button.addEventListener('click', () => {
      state.view = button.dataset.view;
      scheduleRedraw(true);
    });
  });
  document.querySelectorAll('[data-metric]').forEach((button) => {
    button.addEventListener('click', () => {
      state.metric = button.dataset.metric;
      scheduleRedraw(true);
    });
  });
  el('log-scale').addEventListener('change', (event) => {
    state.logScale = event.target.checked;
    scheduleRedraw(true);
  });
  connectLists();
}

wire();

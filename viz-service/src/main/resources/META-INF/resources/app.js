// Losscape page: run and surface lists kept live from /api/events, and the selection drawn
// with Plotly: one surface (kept live from /api/surfaces/{id}/events) or a group of surfaces
// planned together (fetched from /api/groups/{id} again whenever /api/events reports that a
// member changed).
//
// Values arrive as loss[i][j] with i along α (direction 1) and j along β (direction 2).
// Plotly wants z[row][column] with rows along y, so every 2-D plot uses the transpose z[j][i].
// A value is a number, null (not evaluated yet) or a string "NaN" / "Infinity" / "-Infinity"
// (a non-finite loss, kept by the server as data); the last two are drawn as gaps.
'use strict';

const REDRAW_INTERVAL_MS = 250;
const REFETCH_INTERVAL_MS = 400;
// A stream the browser gave up on (an HTTP error, a refused connection) is opened again after
// this long; one that merely dropped the browser reopens by itself.
const RETRY_MS = 3000;
// The reference's vmax: its contours run over 0.1 … 10 and its 3-D surface is cut at zlim 10,
// which is what a loss of 1e8 at a corner of a plane needs to leave the minimum visible.
const DEFAULT_CEILING = 10;

const COLORS = {
  loss: '#d9534f',
  accuracy: '#2f6fdb',
  ink: '#1d2330',
  muted: '#6b7382',
  grid: '#e2e5ea',
  band: 'rgba(47, 111, 219, 0.16)',
};
const SEED_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948',
  '#ff9da7', '#9c755f', '#e15759', '#bab0ac'];
const FONT = { family: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', size: 12 };
const AXIS_FONT = { size: 13 };

const KIND_LABELS = {
  plane: 'random plane',
  line: '1-D direction',
  pca: 'PCA trajectory',
  interpolation: 'interpolation',
  lines: '1-D directions',
  comparison: 'comparison',
};

const state = {
  // Whether /api/events has sent its first snapshot, and whether it could not be reached
  // before that: until then the lists say so instead of "no runs yet".
  loaded: false,
  unreachable: false,
  runs: new Map(),
  // Every surface's summary, the one record that the list and the selected view both show.
  surfaces: new Map(),
  selection: null,
  view: 'contour',
  metric: 'loss',
  logScale: false,
  ceiling: DEFAULT_CEILING,
  current: null,
  trajectory: null,
  group: null,
  surfaceSource: null,
  redrawTimer: null,
  listTimer: null,
  trajectoryFetch: refetcher(fetchTrajectory),
  groupFetch: refetcher(fetchGroup),
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

// An explained-variance ratio as the axis titles show it: "77.0 %".
function share(value) {
  const x = toNumber(value);
  return x === null || !Number.isFinite(x) ? '– %' : `${(100 * x).toFixed(1)} %`;
}

function rate(pointsPerSecond) {
  if (pointsPerSecond === null || pointsPerSecond === undefined) {
    return '';
  }
  return fmt(pointsPerSecond, 3) + ' points/s';
}

function eta(summary) {
  // Points the workers gave up on come only if an operator replays their chunks.
  const remaining = summary.pointsTotal - summary.pointsDone - (summary.failedPoints || 0);
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

function evalSetText(evalSet) {
  const e = evalSet || {};
  return `${e.dataset ?? '–'} ${e.split ?? ''} · ${e.size ?? '–'} images`;
}

function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

function splitOf(surface) {
  return (surface.evalSet && surface.evalSet.split) || 'train';
}

function modelOfRun(runId, fallback) {
  const run = state.runs.get(runId);
  return (run && run.summary.model) || fallback || '';
}

// ---- groups in the surface list ----------------------------------------------------------

// The view a set of surfaces sharing a group id gets, or null to list them one by one: an
// interpolation or 1-D directions always form a group; planes and PCA surfaces only when
// there are several to compare.
function groupKind(members) {
  if (members.some((s) => s.kind === 'interpolation')) {
    return 'interpolation';
  }
  if (members.every((s) => s.kind === 'line' || s.grid.y.points === 1)) {
    return 'lines';
  }
  return members.length >= 2 ? 'comparison' : null;
}

function groupsOf(surfaces) {
  const byId = new Map();
  for (const s of surfaces) {
    if (s.groupId) {
      if (!byId.has(s.groupId)) {
        byId.set(s.groupId, []);
      }
      byId.get(s.groupId).push(s);
    }
  }
  const groups = new Map();
  for (const [groupId, members] of byId) {
    const kind = groupKind(members);
    if (kind) {
      groups.set(groupId, {
        groupId,
        kind,
        members,
        createdAt: members.map((s) => String(s.createdAt)).sort().pop(),
        pointsDone: members.reduce((sum, s) => sum + s.pointsDone, 0),
        pointsTotal: members.reduce((sum, s) => sum + s.pointsTotal, 0),
      });
    }
  }
  for (const group of groups.values()) {
    group.state = group.pointsDone === 0 ? 'planned'
      : group.pointsDone === group.pointsTotal ? 'complete' : 'running';
  }
  return groups;
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

// The lists' content before the first snapshot: loading, or that the server is unreachable.
function listNote(noun) {
  return state.unreachable
    ? `<li class="empty error" role="alert">Cannot reach the server to list the ${noun};`
      + ' retrying…</li>'
    : `<li class="empty loading">Loading ${noun}…</li>`;
}

// How a run that did not finish ended, for its card and its badge's tooltip: after which
// epoch, and why it failed; empty for a run that is training or finished.
function runEndText(s) {
  if (s.state !== 'failed' && s.state !== 'cancelled') {
    return '';
  }
  const when = s.lastEpoch === null || s.lastEpoch === undefined
    ? 'before its first checkpoint'
    : `after epoch ${s.lastEpoch} of ${s.epochs}`;
  const why = s.state === 'failed' && s.error ? `: ${s.error}` : '';
  return `${s.state === 'failed' ? 'Failed' : 'Cancelled'} ${when}${why}`;
}

// Why a surface misses points for good, for its item and its badge's tooltip: how many points
// the surface workers gave up on and the first reason; empty for a surface without any.
function surfaceFailureText(s) {
  if (!s.failedPoints) {
    return '';
  }
  const points = s.failedPoints === 1 ? '1 point' : `${s.failedPoints} points`;
  return `${points} could not be evaluated${s.failureReason ? `: ${s.failureReason}` : ''}`;
}

// A "failed" badge beside a surface's state while points it needs were given up on.
function surfaceFailureBadge(s) {
  const failure = surfaceFailureText(s);
  return failure
    ? `<span class="badge failed" title="${escapeHtml(failure)}">failed</span>`
    : '';
}

function runItemHtml({ summary: s, history }) {
  const end = runEndText(s);
  const epoch = s.epochsDone === null || s.epochsDone === undefined
    ? 'no checkpoint yet'
    : `epoch ${s.epochsDone} / ${s.epochs}`;
  return `
    <li class="run-item ${escapeHtml(s.state)}" data-id="${escapeHtml(s.runId)}">
      <div class="item-title">
        <span class="item-id" title="${escapeHtml(s.runId)}">${escapeHtml(s.runId)}</span>
        <span class="badge ${escapeHtml(s.state)}"${end ? ` title="${escapeHtml(end)}"` : ''}
          >${escapeHtml(s.state)}</span>
      </div>
      <div class="item-sub">${escapeHtml(s.model)} · ${escapeHtml(s.dataset)}
        · ${epoch}</div>
      ${end ? `<div class="run-end" title="${escapeHtml(end)}">${escapeHtml(end)}</div>` : ''}
      <div class="run-body">
        <div class="run-stats">
          <div>test accuracy <strong>${percent(s.latest?.testAccuracy)}</strong></div>
          <div class="muted">test loss ${fmt(s.latest?.testLoss)}</div>
        </div>
        <div>
          ${sparkline(history)}
          <div class="spark-legend"><span class="l">— loss</span>
            <span class="a">— accuracy</span></div>
        </div>
      </div>
    </li>`;
}

function renderRuns() {
  if (!state.loaded) {
    el('run-list').innerHTML = listNote('runs');
    return;
  }
  const runs = [...state.runs.values()].sort(
    (a, b) => String(b.summary.updatedAt).localeCompare(String(a.summary.updatedAt)));
  el('run-count').textContent = runs.length ? `(${runs.length})` : '';
  if (!runs.length) {
    el('run-list').innerHTML = '<li class="empty">No training runs yet.</li>';
    return;
  }
  el('run-list').innerHTML = runs.map(runItemHtml).join('');
}

function progressHtml(done, total, extra) {
  const width = total ? (100 * done) / total : 0;
  return `
      <div class="progress">
        <div class="progress-fill" style="width:${width.toFixed(1)}%"></div>
      </div>
      <div class="item-sub"><span class="surface-progress">${done} / ${total}</span>
        points${extra ? ' · ' + escapeHtml(extra) : ''}</div>`;
}

function kindTag(kind) {
  const label = escapeHtml(KIND_LABELS[kind] || kind);
  return `<span class="kind kind-${escapeHtml(kind)}">${label}</span>`;
}

function surfaceItemHtml(s) {
  const selected = isSelected('surface', s.surfaceId) ? ' selected' : '';
  const extra = [rate(s.pointsPerSecond), eta(s)].filter(Boolean).join(' · ');
  const failure = surfaceFailureText(s);
  return `
    <li class="surface-item ${escapeHtml(s.state)}${selected}" data-id="${escapeHtml(s.surfaceId)}"
        tabindex="0">
      <div class="item-title">
        <span class="item-id" title="${escapeHtml(s.surfaceId)}">${escapeHtml(s.surfaceId)}</span>
        <span class="badge ${escapeHtml(s.state)}">${escapeHtml(s.state)}</span>
        ${surfaceFailureBadge(s)}
      </div>
      <div class="item-sub">${kindTag(s.kind || 'plane')} ${escapeHtml(s.model)} · epoch ${s.epoch}
        · ${s.grid.x.points} × ${s.grid.y.points}</div>
      ${failure ? `<div class="run-end surface-failure" title="${escapeHtml(failure)}"
        >${escapeHtml(failure)}</div>` : ''}
      ${progressHtml(s.pointsDone, s.pointsTotal, extra)}
    </li>`;
}

function groupItemHtml(g) {
  const selected = isSelected('group', g.groupId) ? ' selected' : '';
  const first = g.members[0];
  const count = {
    interpolation: `${g.members.length} curves (${g.members.map(splitOf).join(' + ')})`,
    lines: `${g.members.length} seeds`,
    comparison: `${g.members.length} runs`,
  }[g.kind];
  return `
    <li class="surface-item group-item ${escapeHtml(g.state)}${selected}"
        data-group="${escapeHtml(g.groupId)}" tabindex="0">
      <div class="item-title">
        <span class="item-id" title="${escapeHtml(g.groupId)}">${escapeHtml(g.groupId)}</span>
        <span class="badge ${escapeHtml(g.state)}">${escapeHtml(g.state)}</span>
      </div>
      <div class="item-sub">${kindTag(g.kind)} ${escapeHtml(count)}
        · ${escapeHtml(first.model)}</div>
      ${progressHtml(g.pointsDone, g.pointsTotal, '')}
    </li>`;
}

function renderSurfaces() {
  el('placeholder-text').textContent = placeholderText();
  if (!state.loaded) {
    el('surface-list').innerHTML = listNote('surfaces');
    return;
  }
  const surfaces = [...state.surfaces.values()];
  const groups = groupsOf(surfaces);
  const items = [];
  for (const g of groups.values()) {
    items.push({ createdAt: g.createdAt, html: groupItemHtml(g) });
  }
  for (const s of surfaces) {
    if (!s.groupId || !groups.has(s.groupId)) {
      items.push({ createdAt: String(s.createdAt), html: surfaceItemHtml(s) });
    }
  }
  items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  el('surface-count').textContent = surfaces.length ? `(${surfaces.length})` : '';
  el('surface-list').innerHTML = items.length
    ? items.map((item) => item.html).join('')
    : '<li class="empty">No surfaces yet.</li>';
}

function placeholderText() {
  if (!state.loaded) {
    return state.unreachable ? 'Cannot reach the server; retrying…'
      : 'Loading runs and surfaces…';
  }
  const wanted = wantedSelection();
  if (wanted && !isKnown(wanted)) {
    return `Unknown ${wanted.type} “${wanted.id}”: the server has no ${wanted.type} with this`
      + ' id (yet; it opens here if one arrives). Select a surface or a group on the left.';
  }
  return state.surfaces.size
    ? 'Select a surface or a group on the left to see its loss landscape.'
    : 'No surfaces yet: they appear here as soon as one is planned.';
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
  source.addEventListener('open', () => {
    setConnection(true);
    if (state.unreachable) {
      state.unreachable = false;
      renderRuns();
      renderSurfaces();
    }
  });
  source.addEventListener('error', () => {
    setConnection(false);
    if (!state.loaded && !state.unreachable) {
      state.unreachable = true;
      renderRuns();
      renderSurfaces();
    }
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(connectLists, RETRY_MS);
    }
  });
  source.addEventListener('snapshot', (event) => {
    const data = JSON.parse(event.data);
    state.loaded = true;
    state.unreachable = false;
    state.runs = new Map(data.runs.map((r) => [r.summary.runId, r]));
    const held = state.surfaces;
    state.surfaces = new Map(data.surfaces.map((surface) =>
      [surface.surfaceId, newer(held.get(surface.surfaceId), surface)]));
    scheduleLists();
    autoSelect();
    renderProgress();
    if (state.selection && state.selection.type === 'group') {
      state.groupFetch.request();
    }
  });
  source.addEventListener('run', (event) => {
    const run = JSON.parse(event.data);
    state.runs.set(run.summary.runId, run);
    scheduleLists();
  });
  source.addEventListener('surface', (event) => {
    const surface = storeSummary(JSON.parse(event.data));
    scheduleLists();
    autoSelect();
    if (isSelected('surface', surface.surfaceId)) {
      renderSummary();
    }
    if (isSelected('group', surface.groupId)) {
      renderProgress();
      state.groupFetch.request();
    }
  });
}

// Keeps a surface's summary unless the one held already counts more points. /api/events and
// the selected surface's own stream report the same progress at different moments; the list
// and the view both read the record kept here, so they never show two counts.
function storeSummary(summary) {
  const kept = newer(state.surfaces.get(summary.surfaceId), summary);
  state.surfaces.set(summary.surfaceId, kept);
  return kept;
}

function newer(held, summary) {
  return held && held.pointsDone > summary.pointsDone ? held : summary;
}

function setConnection(live) {
  el('connection').classList.toggle('live', live);
  el('connection-text').textContent = live ? 'live' : 'reconnecting…';
}

// What the address names: { type: 'group' | 'surface', id }, or null for neither.
function wantedSelection() {
  const wanted = new URLSearchParams(location.hash.slice(1));
  for (const type of ['group', 'surface']) {
    if (wanted.get(type)) {
      return { type, id: wanted.get(type) };
    }
  }
  return null;
}

function isKnown({ type, id }) {
  return type === 'group'
    ? [...state.surfaces.values()].some((s) => s.groupId === id)
    : state.surfaces.has(id);
}

function selectWanted({ type, id }) {
  if (type === 'group') {
    selectGroup(id);
  } else {
    selectSurface(id);
  }
}

// Opens what the address names (#surface=… or #group=…), else the newest item of the list,
// so a reload keeps the view. An unknown id leaves nothing selected, with a note that names
// it, until a surface or group of that id arrives.
function autoSelect() {
  if (state.selection) {
    return;
  }
  const wanted = wantedSelection();
  if (wanted) {
    if (isKnown(wanted)) {
      selectWanted(wanted);
    }
    return;
  }
  if (!state.surfaces.size) {
    return;
  }
  const newest = [...state.surfaces.values()].sort(
    (a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0];
  if (newest.groupId && groupsOf([...state.surfaces.values()]).has(newest.groupId)) {
    selectGroup(newest.groupId);
  } else {
    selectSurface(newest.surfaceId);
  }
}

function isSelected(type, id) {
  return state.selection !== null && state.selection.type === type && state.selection.id === id;
}

// Follows the address when it changes in an open tab: a link pasted into it, back or forward.
// Picks in the list add history entries, so back returns to the previous view.
function followAddress() {
  const wanted = wantedSelection();
  if (!wanted || isSelected(wanted.type, wanted.id)) {
    return;
  }
  if (state.loaded && isKnown(wanted)) {
    selectWanted(wanted);
    return;
  }
  clearSelection();
  if (state.loaded) {
    autoSelect();
  }
}

// ---- selection ---------------------------------------------------------------------------

// Shows the placeholder instead of a selection; its text says why (see placeholderText).
function clearSelection() {
  state.selection = null;
  closeSelectedView();
  el('surface-view').hidden = true;
  el('placeholder').hidden = false;
  renderSurfaces();
}

function closeSelectedView() {
  if (state.surfaceSource) {
    state.surfaceSource.close();
    state.surfaceSource = null;
  }
  state.current = null;
  state.trajectory = null;
  state.group = null;
}

// The address names the selection; a new one gets its own history entry (the first, made
// when the page opens, replaces the entry of the bare address).
function addressSelection(type, id) {
  const hash = `#${type}=${encodeURIComponent(id)}`;
  if (location.hash === hash) {
    return;
  }
  if (location.hash) {
    history.pushState(null, '', hash);
  } else {
    history.replaceState(null, '', hash);
  }
}

function resetSelection(type, id) {
  state.selection = { type, id };
  addressSelection(type, id);
  closeSelectedView();
  el('placeholder').hidden = true;
  el('surface-view').hidden = false;
  el('surface-title').textContent = id;
  el('surface-subtitle').textContent = '';
  el('surface-meta').innerHTML = '';
  el('path-panel').hidden = true;
  el('members-panel').hidden = true;
  el('plot').style.height = '';
  Plotly.purge(el('plot'));
  showPlotNote(`Loading the ${type}…`);
  renderSurfaces();
}

function selectSurface(id) {
  if (isSelected('surface', id)) {
    return;
  }
  resetSelection('surface', id);
  const base = `api/surfaces/${encodeURIComponent(id)}`;
  setDownloads([
    ['CSV', `${base}/values.csv`, 'index, i, j, α, β, loss, accuracy per point'],
    ['HDF5', `${base}/export?format=h5`, 'HDF5 in the reference layout (train_loss[i][j])'],
    ['VTP', `${base}/export?format=vtp`, 'VTK PolyData for ParaView'],
    ['JSON', `${base}/values`, 'the values as JSON'],
  ]);
  renderSummary();
  openSurfaceStream(id);
}

// The selected surface's stream: a snapshot, then its chunks. While no snapshot has come, an
// error is said over the figure; a stream the browser gave up on is opened again.
function openSurfaceStream(id) {
  const source = new EventSource(`api/surfaces/${encodeURIComponent(id)}/events`);
  state.surfaceSource = source;
  source.addEventListener('snapshot', (event) => {
    loadSnapshot(JSON.parse(event.data));
  });
  source.addEventListener('chunk', (event) => {
    applyChunk(JSON.parse(event.data));
  });
  source.addEventListener('error', () => {
    if (state.surfaceSource !== source) {
      return;
    }
    if (!state.current) {
      showPlotNote('Cannot reach the server for this surface; retrying…');
    }
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(() => {
        if (state.surfaceSource === source) {
          openSurfaceStream(id);
        }
      }, RETRY_MS);
    }
  });
}

function selectGroup(id) {
  if (isSelected('group', id)) {
    return;
  }
  resetSelection('group', id);
  setDownloads([['JSON', `api/groups/${encodeURIComponent(id)}`, 'every member with values']]);
  renderProgress();
  state.groupFetch.request();
}

// The header's download buttons: the given links, then PNG of the figure.
function setDownloads(links) {
  el('downloads').innerHTML = links.map(([label, href, title]) =>
    `<a id="download-${label.toLowerCase()}" class="button" href="${escapeHtml(href)}"
        ${label === 'JSON' ? 'target="_blank"' : 'download'}
        title="${escapeHtml(title)}">${label}</a>`).join('')
    + '<button id="download-png" type="button" class="button primary"'
    + ' title="the figure as a PNG image (2× resolution)">PNG</button>';
  el('download-png').addEventListener('click', downloadPng);
}

// The PNG's file name: the selection's id, then the quantity where the figure shows one of
// loss and accuracy (an interpolation shows both).
function figureName() {
  if (!state.selection) {
    return 'losscape';
  }
  const id = state.selection.id.replace(/[^A-Za-z0-9._-]/g, '_');
  const group = state.selection.type === 'group' && state.group;
  const both = group && viewOfGroup(group) === 'interpolation';
  return both ? id : `${id}-${state.metric}`;
}

function downloadPng() {
  const plot = el('plot');
  if (!plot.data) {
    return;
  }
  Plotly.downloadImage(plot, {
    format: 'png',
    filename: figureName(),
    width: plot.clientWidth,
    height: plot.clientHeight,
    scale: 2,
  });
}

function plotConfig() {
  return {
    responsive: true,
    displaylogo: false,
    toImageButtonOptions: { format: 'png', filename: figureName(), scale: 2 },
  };
}

// A fetch that runs at most once at a time: a request while one is in flight runs once more
// afterwards, so bursts of events cost one or two requests, and the last state is always seen.
function refetcher(task) {
  let running = false;
  let again = false;
  const run = async () => {
    running = true;
    again = false;
    try {
      await task();
    } catch (error) {
      console.warn('refresh failed', error);
    }
    setTimeout(() => {
      running = false;
      if (again) {
        run();
      }
    }, REFETCH_INTERVAL_MS);
  };
  return {
    request() {
      if (running) {
        again = true;
      } else {
        run();
      }
    },
  };
}

// ---- one surface -------------------------------------------------------------------------

function loadSnapshot({ surface, values }) {
  const nonFinite = values.loss.flat().filter((v) => typeof v === 'string').length;
  storeSummary(surface);
  state.current = {
    surfaceId: surface.surfaceId,
    xs: values.xcoordinates,
    ys: values.ycoordinates,
    loss: values.loss,
    accuracy: values.accuracy,
    nonFinite,
  };
  const broken = brokenAxes(values, surface);
  if (broken) {
    refuseExports(broken);
  }
  renderSummary();
  scheduleRedraw(true);
  if (surface.trajectory) {
    state.trajectoryFetch.request();
  }
}

function applyChunk(update) {
  const current = state.current;
  if (!current || update.surfaceId !== current.surfaceId) {
    return;
  }
  for (const p of update.points) {
    if (current.loss[p.i][p.j] === null && typeof p.loss === 'string') {
      current.nonFinite++;
    }
    current.loss[p.i][p.j] = p.loss;
    current.accuracy[p.i][p.j] = p.accuracy;
  }
  const summary = storeSummary({
    ...state.surfaces.get(update.surfaceId),
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
  if (summary.trajectory) {
    state.trajectoryFetch.request();
  }
}

async function fetchTrajectory() {
  const id = state.selection && state.selection.id;
  if (!state.current || !id) {
    return;
  }
  const response = await fetch(`api/surfaces/${encodeURIComponent(id)}/trajectory`);
  const body = response.ok ? await response.json() : null;
  // As for a group: the selection may change while the body loads.
  if (!body || !isSelected('surface', id)) {
    return;
  }
  state.trajectory = body;
  renderPathTable();
  if (state.view === 'surface') {
    scheduleRedraw(false);
  }
}

function setProgress(done, total, surfaceState, extra) {
  const width = total ? (100 * done) / total : 0;
  el('progress-bar').style.width = width.toFixed(1) + '%';
  el('progress-bar').classList.toggle('complete', surfaceState === 'complete');
  el('progress-text').textContent = `${done} / ${total}`;
  el('progress-extra').textContent = [surfaceState, ...extra].filter(Boolean).join(' · ');
}

function setMeta(items) {
  el('surface-meta').innerHTML = items.map(([k, v]) =>
    `<div><dt>${escapeHtml(k)}</dt><dd title="${escapeHtml(v)}">${escapeHtml(v)}</dd></div>`)
    .join('');
}

// The selection's progress, in the header and in its list item alike: both from the summaries
// in state.surfaces (a group's: its members' summed, as the list sums them).
function renderProgress() {
  const selection = state.selection;
  if (!selection) {
    return;
  }
  if (selection.type === 'surface') {
    const s = state.surfaces.get(selection.id);
    if (s) {
      setProgress(s.pointsDone, s.pointsTotal, s.state,
        [surfaceFailureText(s), rate(s.pointsPerSecond), eta(s)]);
      replaceItem(`.surface-item[data-id="${CSS.escape(s.surfaceId)}"]`, surfaceItemHtml(s));
    }
    return;
  }
  const listed = groupsOf([...state.surfaces.values()]).get(selection.id);
  // A lone plane or PCA surface with a group id is no list item: the fetched group's counts.
  const group = listed || (state.group && {
    ...state.group, members: state.group.surfaces.map((m) => m.surface) });
  if (group) {
    const rates = group.members.map((m) => m.pointsPerSecond).filter((v) => v);
    setProgress(group.pointsDone, group.pointsTotal, group.state,
      [rates.length ? rate(rates.reduce((a, b) => a + b, 0)) : '']);
  }
  if (listed) {
    replaceItem(`.group-item[data-group="${CSS.escape(listed.groupId)}"]`,
      groupItemHtml(listed));
  }
}

function replaceItem(selector, html) {
  const item = el('surface-list').querySelector(selector);
  if (item) {
    item.outerHTML = html;
  }
}

function renderSummary() {
  const s = state.surfaces.get(state.selection.id);
  if (!s) {
    return;
  }
  renderProgress();
  el('surface-subtitle').textContent =
    `${KIND_LABELS[s.kind] || 'surface'} · ${s.model} · run ${s.runId} · epoch ${s.epoch}`;

  const d = s.directions || {};
  const pca = s.kind === 'pca' && s.trajectory;
  const items = [];
  if (pca) {
    const r = s.trajectory.explainedVariance || [];
    const sum = (toNumber(r[0]) || 0) + (toNumber(r[1]) || 0);
    items.push(
      ['1st PC (α)', `${share(r[0])} · ${axisText(s.grid.x)}`],
      ['2nd PC (β)', `${share(r[1])} · ${axisText(s.grid.y)}`],
      ['explained together', share(sum)],
      ['path', `${(s.trajectory.path || []).length} checkpoints`
        + (d.includeBiasAndBatchNorm ? ' · incl. bias/BN' : '')]);
  } else {
    items.push(
      ['α range (direction 1)', axisText(s.grid.x)],
      ['β range (direction 2)', s.grid.y.points === 1 ? '— (1-D scan)' : axisText(s.grid.y)],
      ['directions', `${d.normalization ?? '–'} · seed ${d.seed ?? '–'}`
        + (d.includeBiasAndBatchNorm ? ' · incl. bias/BN' : '')],
      ['cos(d1, d2)', fmt(d.cosine, 3)]);
  }
  items.push(
    ['evaluation set', evalSetText(s.evalSet)],
    ['min loss', fmt(s.minLoss)],
    ['max loss', fmt(s.maxLoss)],
    ['non-finite points', String(s.nonFinitePoints ?? 0)]);
  setMeta(items);
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

// The plotted value of a surface cell: null for a gap (missing, non-finite, or ≤ 0 on a log
// scale). Surfaces show log10(loss) on a linear colour scale, since contours have no log scale.
function plotted(value, metric = state.metric) {
  const x = toNumber(value);
  if (x === null || !Number.isFinite(x)) {
    return null;
  }
  if (metric === 'loss' && state.logScale) {
    return x > 0 ? Math.log10(x) : null;
  }
  return x;
}

// The value on a curve whose axis may be logarithmic: Plotly takes the log itself.
function curveValue(value, logAxis) {
  const x = toNumber(value);
  if (x === null || !Number.isFinite(x) || (logAxis && x <= 0)) {
    return null;
  }
  return x;
}

function quantityTitle() {
  if (state.metric === 'accuracy') {
    return 'accuracy';
  }
  return state.logScale ? 'log₁₀ loss' : 'loss';
}

// ---- loss ceiling ------------------------------------------------------------------------

// The ceiling typed into "clip loss at": a loss > 0, or null for none (empty or "off").
// Anything else is an error message naming the field; the ceiling in use stays.
function parseCeiling(text) {
  const typed = text.trim();
  if (typed === '' || typed.toLowerCase() === 'off') {
    return { value: null };
  }
  const x = /^\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(typed) ? Number(typed) : NaN;
  if (Number.isFinite(x) && x > 0) {
    return { value: x };
  }
  const kept = state.ceiling === null ? 'off' : fmt(state.ceiling);
  return {
    error: `clip loss at ("${typed}") must be a loss > 0, or empty or "off" for no ceiling;`
      + ` still ${kept}.`,
  };
}

// The ceiling in plotted units (log10 of it on a log scale, where surfaces show log10 loss),
// or null when there is none or the figure shows accuracy, which needs no ceiling.
function plottedCeiling(metric = state.metric) {
  if (metric !== 'loss' || state.ceiling === null) {
    return null;
  }
  return state.logScale ? Math.log10(state.ceiling) : state.ceiling;
}

// The span of values (nulls are gaps) under a ceiling cap (null: none): minimum to maximum,
// the top lowered to cap when values lie above it. A cap at or below the minimum, as for a
// diverged network, is ignored: it would turn the whole figure into the top colour. A loop,
// not Math.min(...values), which overflows the stack on a million points.
function clipRange(values, cap) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v !== null) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (min > max) {
    return { min: 0, max: 1, clipped: false, ignored: false };
  }
  const ignored = cap !== null && min >= cap;
  const clipped = cap !== null && !ignored && max > cap;
  return { min, max: clipped ? cap : max, clipped, ignored };
}

// The colour range of plotted surface values: clipped at the loss ceiling.
function colourRange(values) {
  return clipRange(values, plottedCeiling());
}

// The colour bar's title, saying where the scale stops when it was clipped.
function scaleTitle(range) {
  if (!range.clipped) {
    return quantityTitle();
  }
  const at = fmt(state.ceiling);
  return state.logScale ? `log₁₀ loss (loss clipped at ${at})` : `loss (clipped at ${at})`;
}

// The title of a loss axis of curves (where Plotly takes the log of a log axis itself).
function lossAxisTitle(logAxis, range) {
  const notes = [];
  if (logAxis) {
    notes.push('log scale');
  }
  if (range.clipped) {
    notes.push(`clipped at ${fmt(state.ceiling)}`);
  }
  return notes.length ? `loss (${notes.join(', ')})` : 'loss';
}

// Autorange of a curves' axis, its top held at cap (in the axis's data units) when they rise
// above it, like the reference's ylim: one curve exploding at α = ±1 leaves the rest readable.
function autorangeUnder(range, cap) {
  return range.clipped ? { clipmax: cap } : {};
}

// 3-D heights cut at top, as the reference cuts its surface at zlim.
function clipAt(z, top) {
  return z.map((row) => row.map((v) => (v === null ? null : Math.min(v, top))));
}

// Says beside the field when the ceiling was left out because no loss is below it.
function noteCeiling(range) {
  el('ceiling-note').textContent = range && range.ignored
    ? 'not applied: no loss is below it' : '';
}

function showCeilingError(message) {
  el('ceiling-error').textContent = message || '';
  el('ceiling-error').hidden = !message;
  el('loss-ceiling').setAttribute('aria-invalid', String(Boolean(message)));
}

function baseLayout(revision) {
  return {
    uirevision: revision,
    margin: { l: 64, r: 24, t: 36, b: 56 },
    showlegend: false,
    paper_bgcolor: '#fff',
    plot_bgcolor: '#eef0f3',
    font: FONT,
  };
}

function draw() {
  if (state.selection && state.selection.type === 'group') {
    drawGroup();
    return;
  }
  const current = state.current;
  if (!current) {
    return;
  }
  const summary = state.surfaces.get(current.surfaceId);
  const grid = state.metric === 'loss' ? current.loss : current.accuracy;
  const oneDimensional = current.ys.length === 1;
  syncControls({ views: !oneDimensional, metric: true, log: state.metric === 'loss' });
  const broken = brokenAxes({ xcoordinates: current.xs, ycoordinates: current.ys }, summary);
  if (broken) {
    Plotly.purge(el('plot'));
    showPlotNote(broken);
    return;
  }
  showPlotNote(null);

  const [xTitle, yTitle] = axisTitles(summary);
  const alphaTitle = { text: xTitle, font: AXIS_FONT };
  const betaTitle = { text: yTitle, font: AXIS_FONT };
  const layout = baseLayout(summary.surfaceId + state.view);
  let traces;

  if (oneDimensional) {
    const ys = grid.map((row) => plotted(row[0]));
    const range = colourRange(ys);
    noteCeiling(range);
    traces = [{
      type: 'scatter',
      mode: 'lines+markers',
      x: current.xs,
      y: ys,
      connectgaps: false,
      line: { color: COLORS.accuracy },
      marker: { size: 4 },
      hovertemplate: `α=%{x:.4f}<br>${quantityTitle()}=%{y:.5g}<extra></extra>`,
    }];
    layout.xaxis = { title: alphaTitle };
    layout.yaxis = {
      title: { text: scaleTitle(range), font: AXIS_FONT },
      autorangeoptions: autorangeUnder(range, plottedCeiling()),
    };
  } else {
    const z = current.ys.map((_, j) => current.xs.map((__, i) => plotted(grid[i][j])));
    // Contour levels and colours span the clipped range; cells above it keep their true z
    // (so hover shows it) and take the top colour, as Plotly clamps colours to zmin … zmax.
    const range = colourRange(z.flat());
    noteCeiling(range);
    const colorbar = { title: { text: scaleTitle(range), side: 'right' }, thickness: 14 };
    // Dark is good on both: low loss, and high accuracy (the scale reversed).
    const hover = (value) => `${xTitle.split(':')[0]}=%{x:.4f}<br>${yTitle.split(':')[0]}`
      + `=%{y:.4f}<br>${quantityTitle()}=${value}<extra></extra>`;
    const base = {
      x: current.xs, y: current.ys, z, colorscale: 'Viridis',
      reversescale: state.metric === 'accuracy', colorbar, hovertemplate: hover('%{z:.5g}'),
    };

    if (state.view === 'surface') {
      // The heights are cut at the ceiling, so hover reads the true value from text (Plotly's
      // 3-D hover indexes a 2-D customdata transposed; text it indexes right).
      traces = [{
        ...base, type: 'surface', connectgaps: false,
        cauto: false, cmin: range.min, cmax: range.max,
        z: range.clipped ? clipAt(z, range.max) : z,
        text: range.clipped ? z.map((row) => row.map((v) => fmt(v, 5))) : undefined,
        hovertemplate: range.clipped ? hover('%{text}') : base.hovertemplate,
      }];
      traces.push(...pathTraces3d(summary, range));
      // The top margin keeps the colour bar's top label clear of Plotly's mode bar, which sits
      // over the figure's top right corner.
      layout.margin = { l: 0, r: 0, t: 40, b: 0 };
      layout.scene = {
        xaxis: { title: alphaTitle },
        yaxis: { title: betaTitle },
        zaxis: { title: { text: quantityTitle(), font: AXIS_FONT } },
        camera: { eye: { x: 1.5, y: -1.5, z: 1.0 } },
        aspectmode: 'manual',
        aspectratio: { x: 1, y: 1, z: 0.6 },
      };
    } else {
      // With zmin and zmax fixed, Plotly's automatic contours pick round levels inside them.
      const limits = { zauto: false, zmin: range.min, zmax: range.max };
      traces = [state.view === 'heatmap'
        ? { ...base, ...limits, type: 'heatmap', hoverongaps: false }
        : { ...base, ...limits, type: 'contour', connectgaps: false, ncontours: 24,
          contours: { coloring: 'heatmap', showlabels: true,
            labelfont: { size: 10, color: 'white' } },
          line: { width: 0.6 } }];
      traces.push(...pathTraces(summary));
      traces.push(trainedPoint(current.xs, current.ys, summary));
      layout.xaxis = { title: alphaTitle, zeroline: false, range: span(current.xs) };
      layout.yaxis = { title: betaTitle, zeroline: false, range: span(current.ys) };
    }
  }
  if (summary.pointsDone === 0) {
    layout.annotations = [waitingNote()];
  }
  Plotly.react(el('plot'), traces, layout, plotConfig());
}

function waitingNote() {
  return {
    text: 'waiting for the first points…', showarrow: false,
    xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, font: { size: 15, color: COLORS.muted },
  };
}

// Says text over the figure's place (loading, unreachable, cannot be drawn); null hides it.
function showPlotNote(text) {
  el('plot-note').textContent = text || '';
  el('plot-note').hidden = !text;
}

// Why a surface cannot be drawn, or null. An axis holding NaN or ±∞ (planned before such grids
// were refused: its max − min overflowed) would make Plotly write "NaN" and "Infinity" ticks
// over an empty frame.
function brokenAxes(values, surface) {
  const problems = [];
  const check = (coordinates, symbol, axis) => {
    const odd = [...new Set(coordinates.map(String))]
      .filter((v) => !Number.isFinite(Number(v)));
    if (odd.length) {
      problems.push(`its ${symbol} axis, ${fmt(axis.min, 3)} to ${fmt(axis.max, 3)} in`
        + ` ${axis.points} points, holds ${odd.join(' and ')}`);
    }
  };
  check(values.xcoordinates, 'α', surface.grid.x);
  if (values.ycoordinates.length > 1) {
    check(values.ycoordinates, 'β', surface.grid.y);
  }
  if (!problems.length) {
    return null;
  }
  return `${surface.surfaceId} cannot be drawn: ${problems.join(', and ')}, since the range`
    + ' of its grid overflows. The CSV and JSON downloads hold its values; plan the surface'
    + ' again over a finite range to see it.';
}

// Turns off the HDF5 and VTP buttons, which the server refuses (409) for such a surface.
function refuseExports(reason) {
  for (const id of ['download-hdf5', 'download-vtp']) {
    const link = el(id);
    if (link) {
      link.removeAttribute('href');
      link.setAttribute('aria-disabled', 'true');
      link.title = reason;
    }
  }
}

// Axis titles: the principal components with their share of the path's variance on a PCA
// surface ("1st PC: 77.0 %"), the two directions otherwise.
function axisTitles(summary) {
  if (summary.kind === 'pca' && summary.trajectory) {
    const r = summary.trajectory.explainedVariance || [];
    return [`1st PC: ${share(r[0])}`, `2nd PC: ${share(r[1])}`];
  }
  return ['α (direction 1)', 'β (direction 2)'];
}

// The training path over a PCA surface: one marker per checkpoint, coloured from light (first
// epoch) to dark orange, joined in epoch order; about a dozen epochs labelled.
function pathTraces(summary) {
  const path = (summary.trajectory && summary.trajectory.path) || [];
  if (!path.length) {
    return [];
  }
  const n = path.length;
  const every = Math.max(1, Math.ceil(n / 12));
  const labelled = (k) => k < n - 1 && (k % every === 0 || k === n - 2 && every === 1);
  return [{
    type: 'scatter',
    name: 'training path',
    mode: 'lines+markers+text',
    x: path.map((p) => p.x),
    y: path.map((p) => p.y),
    text: path.map((p, k) => (labelled(k) ? String(p.epoch) : '')),
    textposition: 'top center',
    textfont: { color: '#fff', size: 11, shadow: '0px 0px 3px #000' },
    line: { color: 'rgba(255,255,255,0.85)', width: 1.8 },
    marker: {
      size: 8,
      color: path.map((p) => p.epoch),
      colorscale: [[0, '#ffe8cc'], [1, '#e8590c']],
      line: { color: COLORS.ink, width: 1 },
    },
    customdata: path.map((p) => [p.epoch, toNumber(p.residual), toNumber(p.loss)]),
    hovertemplate: 'epoch %{customdata[0]}<br>PC1 %{x:.4f} · PC2 %{y:.4f}'
      + '<br>distance from plane %{customdata[1]:.4g}<br>true loss %{customdata[2]:.4g}'
      + '<extra>training path</extra>',
  }];
}

// The path in the 3-D view, at the surface's height under each projection (once known), cut
// at the surface's ceiling like the surface itself.
function pathTraces3d(summary, range) {
  if (!summary.trajectory || !state.trajectory) {
    return [];
  }
  const points = state.trajectory.points.filter((p) => plotted(p.surfaceLoss) !== null);
  const heights = points.map((p) => plotted(state.metric === 'loss' ? p.surfaceLoss
    : p.surfaceAccuracy));
  const z = range.clipped ? clipAt([heights], range.max)[0] : heights;
  return [{
    type: 'scatter3d',
    name: 'training path',
    mode: 'lines+markers',
    x: points.map((p) => p.x),
    y: points.map((p) => p.y),
    z,
    line: { color: '#e8590c', width: 5 },
    marker: { size: 3.5, color: '#e8590c' },
    text: points.map((p) => `epoch ${p.epoch}`),
    hovertemplate: '%{text}<extra>training path</extra>',
  }];
}

// The axis range of a grid's coordinates, widened by half a step so edge cells show whole.
function span(coordinates) {
  const lo = Math.min(...coordinates);
  const hi = Math.max(...coordinates);
  const half = coordinates.length > 1 ? (hi - lo) / (coordinates.length - 1) / 2 : 0.5;
  return state.view === 'heatmap' ? [lo - half, hi + half] : [lo, hi];
}

// θ* itself, at α = β = 0: where training ended, the centre of most plans.
function trainedPoint(xs, ys, summary, axes = {}) {
  const inside = (values) => Math.min(...values) <= 0 && Math.max(...values) >= 0;
  const shown = inside(xs) && inside(ys);
  const label = summary.kind === 'pca' ? `θ* (epoch ${summary.epoch})` : 'θ*';
  return {
    type: 'scatter',
    name: 'θ*',
    mode: 'markers+text',
    x: shown ? [0] : [],
    y: shown ? [0] : [],
    text: [label],
    textposition: 'bottom right',
    textfont: { color: '#fff', size: 13, shadow: '0px 0px 3px #000' },
    marker: { symbol: 'star', size: 14, color: '#fff', line: { color: COLORS.ink, width: 1 } },
    hovertemplate: `${label}: trained weights<extra></extra>`,
    ...axes,
  };
}

function renderPathTable() {
  const trajectory = state.trajectory;
  if (!trajectory || !trajectory.points.length) {
    el('path-panel').hidden = true;
    return;
  }
  const points = trajectory.points;
  const surfaceValue = (p) => {
    if (!p.onGrid) {
      return '<span class="muted" title="the projection lies outside the grid">off grid</span>';
    }
    if (p.surfaceLoss === null) {
      return '<span class="muted" title="its grid cell has not been evaluated yet">…</span>';
    }
    return fmt(p.surfaceLoss);
  };
  el('path-rows').innerHTML = points.map((p, k) => `
    <tr${k === points.length - 1 ? ' class="final"' : ''}>
      <td>${p.epoch}${k === points.length - 1 ? ' <span class="tag">θ*</span>' : ''}</td>
      <td>${fmt(p.x)}</td>
      <td>${fmt(p.y)}</td>
      <td>${fmt(p.residual)}</td>
      <td>${fmt(p.loss)}</td>
      <td>${surfaceValue(p)}</td>
    </tr>`).join('');
  const r = trajectory.explainedVariance || [];
  el('path-caption').textContent = `${points.length} checkpoints · PC1 ${share(r[0])}`
    + ` · PC2 ${share(r[1])} of the path's variance`;
  el('path-panel').hidden = false;
}

// ---- a group of surfaces -----------------------------------------------------------------

async function fetchGroup() {
  const id = state.selection && state.selection.type === 'group' && state.selection.id;
  if (!id) {
    return;
  }
  let response;
  try {
    response = await fetch(`api/groups/${encodeURIComponent(id)}`);
  } catch (error) {
    // Fetched again with the next change that /api/events reports, or its next snapshot.
    if (isSelected('group', id) && !state.group) {
      showPlotNote('Cannot reach the server for this group; retrying…');
    }
    throw error;
  }
  const body = response.ok ? await response.json() : null;
  // Checked once the body is in too: another group picked while it loaded would otherwise be
  // drawn with this one's figure.
  if (!isSelected('group', id)) {
    return;
  }
  if (!body) {
    el('surface-subtitle').textContent = 'no surface of this group has arrived yet';
    showPlotNote('No surface of this group has arrived yet.');
    return;
  }
  state.group = body;
  renderGroupSummary();
  renderMembers();
  scheduleRedraw(false);
}

function viewOfGroup(group) {
  return groupKind(group.surfaces.map((m) => m.surface)) || 'comparison';
}

function renderGroupSummary() {
  const group = state.group;
  const members = group.surfaces.map((m) => m.surface);
  const first = members[0];
  const view = viewOfGroup(group);
  renderProgress();

  const d = first.directions || {};
  let subtitle;
  let items;
  if (view === 'interpolation') {
    const to = first.interpolation || {};
    subtitle = `interpolation · ${first.runId} → ${to.runId ?? '?'} · ${first.model}`;
    items = [
      ['α = 0 (A)', `${first.runId} · epoch ${first.epoch}`],
      ['α = 1 (B)', `${to.runId ?? '–'} · epoch ${to.epoch ?? '–'}`],
      ['α range', axisText(first.grid.x)],
      ['BatchNorm statistics', d.moveBatchNormStatistics ? 'interpolated' : 'kept at A'],
      ...members.map((s) => [`${splitOf(s)} set`, evalSetText(s.evalSet)]),
    ];
  } else if (view === 'lines') {
    subtitle = `1-D random directions · ${members.length} seeds · ${first.model}`
      + ` · run ${first.runId} · epoch ${first.epoch}`;
    items = [
      ['seeds', members.map((s) => s.directions && s.directions.seed).join(', ')],
      ['α range', axisText(first.grid.x)],
      ['normalization', `${d.normalization ?? '–'}`
        + (d.includeBiasAndBatchNorm ? ' · incl. bias/BN' : '')],
      ['BatchNorm statistics', d.moveBatchNormStatistics ? 'moved' : 'kept at θ*'],
      ['evaluation set', evalSetText(first.evalSet)],
    ];
  } else {
    const models = [...new Set(members.map((s) => s.model))];
    subtitle = `comparison · ${models.join(' vs ')} · seed ${d.seed ?? '–'}`;
    items = [
      ['runs', members.map((s) => s.runId).join(', ')],
      ['α range', axisText(first.grid.x)],
      ['β range', axisText(first.grid.y)],
      ['directions', `${d.normalization ?? '–'} · seed ${d.seed ?? '–'}`],
      ['evaluation set', evalSetText(first.evalSet)],
    ];
  }
  const finiteMin = members.map((s) => s.minLoss).filter((v) => v !== null);
  items.push(['min loss', finiteMin.length ? fmt(Math.min(...finiteMin.map(Number))) : '–']);
  el('surface-subtitle').textContent = subtitle;
  setMeta(items);
}

function memberRole(surface, view) {
  if (view === 'interpolation') {
    return `${splitOf(surface)} split`;
  }
  if (view === 'lines') {
    return `seed ${surface.directions ? surface.directions.seed : '–'}`;
  }
  return surface.model;
}

function renderMembers() {
  const view = viewOfGroup(state.group);
  el('member-rows').innerHTML = state.group.surfaces.map(({ surface: s }) => {
    const base = `api/surfaces/${encodeURIComponent(s.surfaceId)}`;
    return `
    <tr>
      <td><a href="#surface=${encodeURIComponent(s.surfaceId)}" class="mono"
          data-surface="${escapeHtml(s.surfaceId)}">${escapeHtml(s.surfaceId)}</a></td>
      <td>${escapeHtml(memberRole(s, view))}</td>
      <td>${escapeHtml(s.runId)} · epoch ${s.epoch}</td>
      <td class="num">${s.pointsDone} / ${s.pointsTotal}</td>
      <td><span class="badge ${escapeHtml(s.state)}">${escapeHtml(s.state)}</span>
        ${surfaceFailureBadge(s)}</td>
      <td class="links">
        <a href="${base}/values.csv" download>CSV</a>
        <a href="${base}/export?format=h5" download
           title="${view === 'interpolation' ? 'with test_loss/test_acc of the test split' : ''}"
           >HDF5</a>
        <a href="${base}/export?format=vtp" download>VTP</a>
        <a href="${base}/values" target="_blank">JSON</a>
      </td>
    </tr>`;
  }).join('');
  el('members-panel').hidden = false;
}

function drawGroup() {
  const group = state.group;
  if (!group) {
    return;
  }
  const broken = group.surfaces.map(({ surface, values }) => brokenAxes(values, surface))
    .find(Boolean);
  if (broken) {
    Plotly.purge(el('plot'));
    showPlotNote(broken);
    return;
  }
  showPlotNote(null);
  const view = viewOfGroup(group);
  if (view === 'interpolation') {
    drawInterpolation(group);
  } else if (view === 'lines') {
    drawLines(group);
  } else {
    drawComparison(group);
  }
}

function runLabel(runId) {
  const model = modelOfRun(runId);
  return model ? `${runId} (${model})` : runId;
}

// Loss on the left axis and accuracy on the right, train solid and test dashed; vertical
// lines at α = 0 and α = 1 mark the two solutions.
function drawInterpolation(group) {
  syncControls({ views: false, metric: false, log: true });
  el('plot').style.height = '';
  const members = group.surfaces;
  const first = members[0].surface;
  const to = first.interpolation || {};
  const lossRange = clipRange(members.flatMap(({ values }) =>
    values.loss.map((row) => curveValue(row[0], state.logScale))), state.ceiling);
  noteCeiling(lossRange);
  const traces = [];
  for (const quantity of ['loss', 'accuracy']) {
    for (const { surface, values } of members) {
      const split = splitOf(surface);
      const onLog = quantity === 'loss' && state.logScale;
      traces.push({
        type: 'scatter',
        mode: 'lines',
        name: `${split} ${quantity}`,
        legendgroup: quantity,
        x: values.xcoordinates,
        y: values[quantity].map((row) => curveValue(row[0], onLog)),
        yaxis: quantity === 'loss' ? 'y' : 'y2',
        connectgaps: false,
        line: {
          color: COLORS[quantity],
          width: 2.4,
          dash: split === 'test' ? 'dash' : 'solid',
        },
        hovertemplate: `α=%{x:.3f}<br>${split} ${quantity}=%{y:.4g}<extra></extra>`,
      });
    }
  }
  const marker = (x) => ({
    type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1,
    line: { color: '#8a93a3', width: 1.2, dash: 'dot' },
  });
  const label = (x, letter, runId, epoch) => ({
    x, y: 1, xref: 'x', yref: 'paper', yanchor: 'bottom', showarrow: false,
    text: `<b>${letter}</b> · ${escapeHtml(runLabel(runId))} · epoch ${epoch}`,
    font: { size: 12, color: COLORS.ink },
    bgcolor: 'rgba(255,255,255,0.9)', borderpad: 3,
  });
  const layout = {
    ...baseLayout(group.groupId + 'interpolation'),
    showlegend: true,
    legend: { orientation: 'h', x: 0.5, xanchor: 'center', y: -0.16 },
    margin: { l: 70, r: 70, t: 44, b: 90 },
    plot_bgcolor: '#fff',
    xaxis: {
      title: { text: 'α  (θ = θ_A + α·(θ_B − θ_A))', font: AXIS_FONT },
      zeroline: false, gridcolor: COLORS.grid,
    },
    yaxis: {
      title: { text: lossAxisTitle(state.logScale, lossRange), font: AXIS_FONT },
      type: state.logScale ? 'log' : 'linear',
      autorangeoptions: autorangeUnder(lossRange, state.ceiling),
      color: COLORS.loss, gridcolor: COLORS.grid, zeroline: false,
    },
    yaxis2: {
      title: { text: 'accuracy', font: AXIS_FONT },
      overlaying: 'y', side: 'right', range: [0, 1.02], tickformat: '.0%',
      color: COLORS.accuracy, showgrid: false, zeroline: false,
    },
    shapes: [marker(0), marker(1)],
    annotations: [label(0, 'A', first.runId, first.epoch), label(1, 'B', to.runId, to.epoch)],
  };
  if (group.pointsDone === 0) {
    layout.annotations.push(waitingNote());
  }
  Plotly.react(el('plot'), traces, layout, plotConfig());
}

// Every seed's curve, and over the seeds their mean and a band from the minimum to the maximum.
function drawLines(group) {
  syncControls({ views: false, metric: true, log: state.metric === 'loss' });
  el('plot').style.height = '';
  const members = group.surfaces;
  const onLog = state.metric === 'loss' && state.logScale;
  const xs = members[0].values.xcoordinates;
  const curves = members.map(({ values }) =>
    values[state.metric].map((row) => curveValue(row[0], onLog)));
  // Plotly takes the log of a log axis itself, so the cap stays in loss units here.
  const cap = state.metric === 'loss' ? state.ceiling : null;
  const range = clipRange(curves.flat(), cap);
  noteCeiling(range);
  const sameGrid = members.every(({ values }) =>
    values.xcoordinates.length === xs.length
    && values.xcoordinates.every((x, k) => x === xs[k]));

  const traces = [];
  if (sameGrid && members.length > 1) {
    const columns = xs.map((_, k) => curves.map((c) => c[k]).filter((v) => v !== null));
    const stat = (f) => columns.map((values) => (values.length ? f(values) : null));
    const mean = stat((v) => v.reduce((a, b) => a + b, 0) / v.length);
    traces.push(
      { type: 'scatter', mode: 'lines', x: xs, y: stat((v) => Math.max(...v)),
        line: { width: 0 }, hoverinfo: 'skip', showlegend: false, legendgroup: 'band' },
      { type: 'scatter', mode: 'lines', x: xs, y: stat((v) => Math.min(...v)),
        name: 'min – max over seeds', fill: 'tonexty', fillcolor: COLORS.band,
        line: { width: 0 }, hoverinfo: 'skip', legendgroup: 'band' },
    );
    traces.push(...seedTraces(members, curves, xs));
    traces.push({
      type: 'scatter', mode: 'lines', x: xs, y: mean, name: `mean of ${members.length} seeds`,
      line: { color: COLORS.ink, width: 3 },
      hovertemplate: `α=%{x:.3f}<br>mean ${state.metric}=%{y:.4g}<extra></extra>`,
    });
  } else {
    traces.push(...seedTraces(members, curves, null));
  }
  const layout = {
    ...baseLayout(group.groupId + 'lines'),
    showlegend: true,
    legend: { orientation: 'h', x: 0.5, xanchor: 'center', y: -0.16 },
    margin: { l: 70, r: 24, t: 30, b: 90 },
    plot_bgcolor: '#fff',
    xaxis: { title: { text: 'α (step along each direction)', font: AXIS_FONT },
      zeroline: false, gridcolor: COLORS.grid },
    yaxis: {
      title: { text: state.metric === 'accuracy' ? 'accuracy' : lossAxisTitle(onLog, range),
        font: AXIS_FONT },
      type: onLog ? 'log' : 'linear', gridcolor: COLORS.grid, zeroline: false,
      autorangeoptions: autorangeUnder(range, cap),
      tickformat: state.metric === 'accuracy' ? '.0%' : '',
    },
    shapes: [{ type: 'line', xref: 'x', yref: 'paper', x0: 0, x1: 0, y0: 0, y1: 1,
      line: { color: '#8a93a3', width: 1, dash: 'dot' } }],
    annotations: [{ x: 0, y: 1, xref: 'x', yref: 'paper', yanchor: 'bottom', showarrow: false,
      text: '<b>θ*</b>', font: { size: 12 } }],
  };
  if (group.pointsDone === 0) {
    layout.annotations.push(waitingNote());
  }
  Plotly.react(el('plot'), traces, layout, plotConfig());
}

function seedTraces(members, curves, xsShared) {
  return members.map(({ surface, values }, k) => {
    const seed = surface.directions ? surface.directions.seed : k;
    const split = splitOf(surface);
    return {
      type: 'scatter', mode: 'lines',
      name: `seed ${seed}${split === 'test' ? ' (test)' : ''}`,
      x: xsShared || values.xcoordinates,
      y: curves[k],
      connectgaps: false,
      opacity: 0.85,
      line: { color: SEED_COLORS[k % SEED_COLORS.length], width: 1.4,
        dash: split === 'test' ? 'dash' : 'solid' },
      hovertemplate: `α=%{x:.3f}<br>seed ${seed}: %{y:.4g}<extra></extra>`,
    };
  });
}

// The members side by side, one panel each, on one colour scale: Plotly's shared colour axis
// with fixed limits (the minimum over the group to its maximum or the loss ceiling, whichever
// is lower) and the same contour levels; cells above the ceiling take the top colour.
function drawComparison(group) {
  syncControls({ views: 'flat', metric: true, log: state.metric === 'loss' });
  const members = group.surfaces.filter(({ values }) => values.ycoordinates.length > 1);
  const n = Math.max(members.length, 1);
  const columns = n <= 3 ? n : (n === 4 ? 2 : 3);
  const rows = Math.ceil(n / columns);
  const height = rows * 400 + 90;
  el('plot').style.height = `${height}px`;

  const metricGrid = (values) => (state.metric === 'loss' ? values.loss : values.accuracy);
  const zs = members.map(({ values }) => values.ycoordinates.map((_, j) =>
    values.xcoordinates.map((__, i) => plotted(metricGrid(values)[i][j]))));
  const range = colourRange(zs.flat(2));
  noteCeiling(range);
  const zmin = range.min;
  const zmax = range.max;
  const levels = 24;
  const size = zmax > zmin ? (zmax - zmin) / levels : 1;

  const traces = [];
  const annotations = [];
  const layout = {
    ...baseLayout(group.groupId + 'comparison' + state.view),
    height,
    margin: { l: 64, r: 24, t: 40, b: 56 },
    coloraxis: {
      colorscale: 'Viridis', reversescale: state.metric === 'accuracy', cmin: zmin, cmax: zmax,
      colorbar: { title: { text: scaleTitle(range), side: 'right' }, thickness: 14 },
    },
  };
  const gapX = 0.05;
  const gapY = 0.1;
  members.forEach(({ surface, values }, k) => {
    const suffix = k === 0 ? '' : String(k + 1);
    const column = k % columns;
    const row = Math.floor(k / columns);
    const x0 = column / columns + (column > 0 ? gapX / 2 : 0);
    const x1 = (column + 1) / columns - (column < columns - 1 ? gapX / 2 : 0);
    const y1 = 1 - row / rows - (row > 0 ? gapY / 2 : 0) - 0.09 / rows;
    const y0 = 1 - (row + 1) / rows + (row < rows - 1 ? gapY / 2 : 0);
    const axes = { xaxis: `x${suffix}`, yaxis: `y${suffix}` };
    const base = {
      ...axes, x: values.xcoordinates, y: values.ycoordinates, z: zs[k],
      coloraxis: 'coloraxis', name: surface.surfaceId,
      hovertemplate: `${escapeHtml(surface.model)}<br>α=%{x:.3f} β=%{y:.3f}`
        + `<br>${quantityTitle()}=%{z:.4g}<extra></extra>`,
    };
    traces.push(state.view === 'heatmap'
      ? { ...base, type: 'heatmap', hoverongaps: false }
      : { ...base, type: 'contour', connectgaps: false, autocontour: false,
        contours: { start: zmin, end: zmax, size, coloring: 'heatmap' },
        line: { width: 0.5, color: 'rgba(0,0,0,0.35)' } });
    traces.push(trainedPoint(values.xcoordinates, values.ycoordinates, surface, axes));
    layout[`xaxis${suffix}`] = {
      domain: [x0, x1], anchor: `y${suffix}`, zeroline: false, range: span(values.xcoordinates),
      title: row === rows - 1 ? { text: 'α (direction 1)', font: AXIS_FONT } : undefined,
    };
    layout[`yaxis${suffix}`] = {
      domain: [y0, y1], anchor: `x${suffix}`, zeroline: false, range: span(values.ycoordinates),
      title: column === 0 ? { text: 'β (direction 2)', font: AXIS_FONT } : undefined,
    };
    annotations.push({
      xref: 'paper', yref: 'paper', x: (x0 + x1) / 2, y: y1, yanchor: 'bottom',
      showarrow: false, font: { size: 14, color: COLORS.ink },
      text: `<b>${escapeHtml(surface.model)}</b><br><span style="font-size:11px;`
        + `color:${COLORS.muted}">${escapeHtml(surface.runId)} · epoch ${surface.epoch}</span>`,
    });
  });
  layout.annotations = annotations;
  if (group.pointsDone === 0) {
    layout.annotations.push(waitingNote());
  }
  Plotly.react(el('plot'), traces, layout, plotConfig());
}

// Shows and enables the toolbar controls that the current figure uses. views: true for all
// three plot types, 'flat' for contour and heatmap only, false for none; log: whether loss is
// shown, which the log scale and the loss ceiling act on.
function syncControls({ views, metric, log }) {
  if (views === 'flat' && state.view === 'surface') {
    state.view = 'contour';
  }
  el('view-buttons').hidden = !views;
  document.querySelectorAll('[data-view]').forEach((button) => {
    button.disabled = !views || (views === 'flat' && button.dataset.view === 'surface');
    button.classList.toggle('active', Boolean(views) && button.dataset.view === state.view);
  });
  el('metric-buttons').hidden = !metric;
  document.querySelectorAll('[data-metric]').forEach((button) => {
    button.classList.toggle('active', button.dataset.metric === state.metric);
  });
  el('log-scale').disabled = !log;
  el('loss-ceiling').disabled = !log;
  if (!log) {
    noteCeiling(null);
  }
  const group = state.selection && state.selection.type === 'group' && state.group;
  const surface = state.current && state.surfaces.get(state.current.surfaceId);
  el('footnote').textContent = footnote(group ? viewOfGroup(group) : surface && surface.kind);
}

function footnote(view) {
  switch (view) {
    case 'interpolation':
      return 'Loss on the left axis, accuracy on the right; solid: training set, dashed: test '
        + 'set. α = 0 is solution A, α = 1 is solution B; α < 0 and α > 1 extrapolate.';
    case 'lines':
      return 'Each seed is one filter-normalized random direction through θ*; the band spans '
        + 'the smallest to the largest value over the seeds at each α.';
    case 'comparison':
      return 'One colour scale for every panel (minimum to maximum over the group, or to the '
        + 'loss ceiling); the directions use the same seed for each network.';
    case 'pca':
      return 'The plane of the two principal directions of the training path; markers are '
        + 'checkpoints (labelled by epoch) projected onto it. Distances are in parameter space.';
    default:
      return 'α moves along direction 1, β along direction 2, in units of the (normalized) '
        + 'direction. Grey gaps are points not evaluated yet or with a non-finite loss.';
  }
}

// ---- wiring ------------------------------------------------------------------------------

function wire() {
  const pick = (event) => {
    const item = event.target.closest('.surface-item');
    if (!item) {
      return false;
    }
    if (item.dataset.group) {
      selectGroup(item.dataset.group);
    } else {
      selectSurface(item.dataset.id);
    }
    return true;
  };
  el('surface-list').addEventListener('click', pick);
  el('surface-list').addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && pick(event)) {
      event.preventDefault();
    }
  });
  el('member-rows').addEventListener('click', (event) => {
    const link = event.target.closest('[data-surface]');
    if (link) {
      event.preventDefault();
      selectSurface(link.dataset.surface);
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
  // On change (Enter or leaving the field), not on every keystroke: "1" on the way to "100"
  // would redraw a large grid for nothing.
  el('loss-ceiling').addEventListener('change', (event) => {
    const parsed = parseCeiling(event.target.value);
    showCeilingError(parsed.error);
    if (!parsed.error) {
      state.ceiling = parsed.value;
      scheduleRedraw(true);
    }
  });
  window.addEventListener('hashchange', followAddress);
  window.addEventListener('popstate', followAddress);
  connectLists();
}

wire();

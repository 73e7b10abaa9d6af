'use strict';
/*
 * The episode page. It asks GET /api/stages once for the pipeline's stages (a button and a table row each), then
 * polls GET /api/episodes/<key> every second and draws what the server reports: the live job (banner, progress
 * bar, heartbeat age), a dead or stalled job (warning, Resume and Cancel), the outcome of the last job, and the
 * identities once clustering has run. Nothing is kept in the page that a refresh would lose.
 */
const POLL_MS = 1000;
const key = new URLSearchParams(window.location.search).get('key');

let stages = [];           // the pipeline's stages in order, from GET /api/stages
let view = null;
let busy = false;          // a start, resume or cancel request is in flight
let actionError = null;    // the error of the last button press, until the next one
let pendingNotice = null;  // the server's word on a started job, until it reports the job

async function startStage(stage) {
  actionError = null;
  pendingNotice = null;
  busy = true;
  render();
  try {
    const res = await api.post('/api/episodes/' + encodeURIComponent(key) + '/jobs', { stage });
    pendingNotice = res.message;
  } catch (err) {
    actionError = err.message;
  } finally {
    busy = false;
  }
  await refresh();
}

async function jobAction(action, force) {
  if (!view || !view.active) return;
  actionError = null;
  busy = true;
  render();
  try {
    await api.post('/api/jobs/' + encodeURIComponent(view.active.job_id) + '/' + action,
        force ? { force: true } : {});
  } catch (err) {
    actionError = err.message;
  } finally {
    busy = false;
  }
  await refresh();
}

/*
 * What the page can tell of the current job (or the last one), from the server's state alone so that a refresh
 * shows the same: the prerequisites it auto-runs (in the server's words), how far each got, and when the target
 * stage starts.
 */
function timeline() {
  const active = view.active;
  if (!active && pendingNotice) return [pendingNotice];
  const job = active || view.last_job;
  if (!job) return [];
  if (active) pendingNotice = null;
  const jobId = job.job_id;
  const st = view.status.stages;
  const lines = [];
  const stageLine = s => {
    const r = st[s];
    if (r.job_id !== jobId) return null;
    if (r.status === 'succeeded') return capitalise(s) + ': done';
    if (active && active.step === s) return capitalise(s) + ': ' + Math.round((active.stage_pct || 0) * 100) + '%';
    if (r.status === 'failed' || r.status === 'canceled') return capitalise(s) + ': ' + r.status;
    return capitalise(s) + ': waiting';
  };
  const auto = job.auto_run;
  if (auto) {
    lines.push(auto.message);
    auto.stages.forEach(s => lines.push(stageLine(s)));
    if (auto.stages.every(s => st[s].status === 'succeeded')) lines.push(auto.done_message);
  }
  const last = stageLine(job.target);
  if (last && (active || st[job.target].status !== 'running')) lines.push(last);
  const canceled = (view.last_job && view.last_job.job_id === jobId && view.last_job.status === 'canceled')
      || Object.values(st).some(r => r.job_id === jobId && r.status === 'canceled');
  if (!active && canceled) {
    lines.push('Job ' + jobId + ' was canceled.');
  }
  return lines;
}

/* Why the stage buttons are disabled, in the words of their tooltip; null when they are enabled. */
function disabledReason() {
  const active = view.active;
  if (active) {
    const what = capitalise(active.target) + ' job';
    if (active.state === 'stalled') return what + ' stalled. Use Resume or Cancel below.';
    if (active.state === 'dead') return what + ' dead. Use Resume or Cancel below.';
    return what + ' already running: ' + active.job_id;
  }
  if (busy) return 'Waiting for the server…';
  return null;
}

function render() {
  if (!view) return;
  const active = view.active;
  const status = view.status;
  setText('episode-title', view.episode.id);
  setText('video-name', view.episode.video_name);
  setText('show-link', view.episode.show);
  document.getElementById('show-link').href = '/season.html?show=' + encodeURIComponent(view.episode.show);
  document.getElementById('export-link').href = '/api/episodes/' + encodeURIComponent(key) + '/export.csv';
  show('export-wrap', !!view.identities);
  document.title = view.episode.id + ' · FaceReel';

  const why = disabledReason();
  document.querySelectorAll('.stage-button').forEach(b => {
    b.disabled = why !== null;
    if (why) b.title = why; else b.removeAttribute('title');
  });

  // banner, warnings
  show('job-banner', active !== null);
  if (active) setText('job-banner', capitalise(active.target) + ' job active: ' + active.job_id);
  const dead = active !== null && active.state === 'dead';
  const stalled = active !== null && active.state === 'stalled';
  show('dead-warning', dead);
  if (dead) setText('dead-text', 'Job ' + active.job_id + ' is dead: ' + (active.reason || 'its worker stopped')
      + '. Resume it from its last checkpoint, or cancel it.');
  document.getElementById('resume-button').disabled = busy;
  document.getElementById('cancel-dead-button').disabled = busy;
  show('stalled-warning', stalled);
  if (stalled) setText('stalled-text', 'Job ' + active.job_id + ' is stalled: ' + (active.reason || 'no progress')
      + '. Its worker still sends heartbeats but has not moved; cancel it, or force a stop if it does not react.');
  document.getElementById('cancel-stalled-button').disabled = busy;
  document.getElementById('force-stalled-button').disabled = busy;
  show('cancel-button', active !== null && !dead);
  document.getElementById('cancel-button').disabled = busy;

  // errors: the last button press, else the last job's failure
  let error = actionError;
  if (!error && !active && view.last_job && view.last_job.status === 'failed') {
    const lj = view.last_job;
    const inPrerequisite = lj.auto_run && lj.auto_run.stages.includes(lj.step);
    error = inPrerequisite ? 'Auto-run failed: ' + lj.message : 'Job ' + lj.job_id + ' failed: ' + lj.message;
  }
  show('page-error', !!error);
  if (error) setText('page-error', error);

  // the job's story: auto-run of prerequisites, each stage, then the target
  const lines = timeline();
  const list = document.getElementById('timeline');
  if (list.dataset.lines !== JSON.stringify(lines)) {
    list.replaceChildren(...lines.map(l => el('li', {}, l)));
    list.dataset.lines = JSON.stringify(lines);
  }
  show('timeline', lines.length > 0);

  // progress
  show('progress', active !== null);
  if (active) {
    const pct = Math.round((active.pct || 0) * 100);
    const stagePct = Math.round((active.stage_pct || 0) * 100);
    const step = active.step || active.target;
    setText('progress-stage', capitalise(step) + (active.total_steps > 1 ? ' (step ' + active.step_index + ' of '
        + active.total_steps + ')' : '') + ' · ' + stagePct + '% of stage');
    setText('progress-pct', pct + '%');
    document.getElementById('progress-bar').style.width = pct + '%';
    setText('progress-message', active.message || '');
    setText('heartbeat', active.heartbeat_age_s === null ? 'waiting for the first heartbeat'
        : 'last heartbeat ' + active.heartbeat_age_s.toFixed(1) + ' s ago');
  }

  // stages table
  const rows = document.getElementById('stage-rows');
  rows.replaceChildren(...stages.map(({ id: s }) => {
    const r = status.stages[s];
    const st = el('td', { class: 'status-' + r.status }, r.status);
    if (r.message && (r.status === 'failed' || r.status === 'dead' || r.status === 'stalled')) {
      st.append(el('div', { class: 'muted' }, r.message));
    }
    return el('tr', { 'data-stage': s }, el('td', {}, capitalise(s)), st,
        el('td', {}, Math.round(r.pct * 100) + '%'), el('td', { class: 'muted' }, r.job_id || '—'));
  }));

  // identities
  renderGallery(active);
}

let editBusy = false;
let editNotice = null;
let editError = null;

/* Sends one edit, based on the version of the episode this page shows; the answer is the fresh state. */
async function edit(payload) {
  editBusy = true;
  editError = null;
  editNotice = 'Saving…';
  renderGallery(view.active, true);
  try {
    const res = await api.post('/api/episodes/' + encodeURIComponent(key) + '/edits',
        Object.assign({ version: view.version }, payload));
    view = res;
    editNotice = res.notice || null;
  } catch (err) {
    editNotice = null;
    editError = err.message;
    if (err.status === 409 && err.body && err.body.state) view = err.body.state;
  } finally {
    editBusy = false;
  }
  render();
  renderGallery(view.active, true);
}

function matchText(i) {
  if (!i.match) return null;
  if (i.match.by_user) return 'named by you';
  return 'auto match' + (i.match.similarity !== null ? ' ' + i.match.similarity.toFixed(2) : '')
      + (i.match.runner_up !== null && i.match.runner_up !== undefined ? ' (next ' + i.match.runner_up.toFixed(2) + ')' : '');
}

function identityCard(i, ids, duration) {
  const card = el('div', { class: 'identity', 'data-identity': i.id, 'data-person': i.person_id || '' });
  const still = i.still_url ? el('img', { src: i.still_url, alt: 'still of ' + i.id, class: 'still' })
      : el('div', { class: 'still muted' }, 'no still');
  const select = el('input', { type: 'checkbox', class: 'merge-select', 'data-identity': i.id, title: 'select to merge' });
  select.addEventListener('change', updateMerge);
  const title = i.name ? el('span', { class: 'name person-name' }, i.name)
      : el('span', { class: 'name unnamed' }, 'unnamed');
  card.append(el('div', { class: 'head' }, el('label', {}, select, ' ', el('span', { class: 'muted' }, i.id)),
      el('span', { class: 'meta track-count' }, i.track_count + (i.track_count === 1 ? ' track' : ' tracks'))));
  card.append(still, el('div', { class: 'preview-caption' }));
  card.append(el('div', {}, title), el('div', { class: 'match' }, matchText(i) || (i.incidental ? 'incidental' : '')));
  card.append(el('div', { class: 'meta screen-time' }, i.screen_time_s.toFixed(1) + ' s on screen'));

  // where they are on screen: one segment per track; a click shows that track's still
  const strip = el('div', { class: 'strip', title: 'on screen' });
  i.tracks.forEach(t => {
    const seg = el('span', { class: 'seg', 'data-track': t.id, title: t.id + ': ' + t.start_s.toFixed(1) + '–'
        + t.end_s.toFixed(1) + ' s' });
    seg.style.left = (100 * t.start_s / duration) + '%';
    seg.style.width = (100 * (t.end_s - t.start_s) / duration) + '%';
    seg.addEventListener('click', () => {
      strip.querySelectorAll('.seg').forEach(x => x.classList.remove('selected'));
      seg.classList.add('selected');
      if (t.still_url && still.tagName === 'IMG') still.src = t.still_url;
      card.querySelector('.preview-caption').textContent = 'track ' + t.id + ', ' + t.start_s.toFixed(1) + '–'
          + t.end_s.toFixed(1) + ' s';
    });
    strip.append(seg);
  });
  card.append(strip);

  // the other tracks: thumbnails, each with where to move it
  const tracks = el('div', { class: 'tracks' });
  i.tracks.forEach(t => {
    const move = el('select', { class: 'move-select', 'data-track': t.id, title: 'move track ' + t.id });
    move.append(el('option', { value: '' }, 'move…'));
    if (i.tracks.length > 1) move.append(el('option', { value: '__out__' }, 'out (new identity)'));
    ids.filter(o => o.id !== i.id).forEach(o => move.append(el('option', { value: o.id },
        'to ' + o.id + (o.name ? ' ' + o.name : ''))));
    move.addEventListener('change', () => {
      if (!move.value) return;
      edit({ action: 'move', track: t.id, to: move.value === '__out__' ? null : move.value });
    });
    tracks.append(el('div', { class: 'track' }, t.still_url ? el('img', { src: t.still_url, alt: 'track ' + t.id,
        class: 'track-thumb', 'data-track': t.id }) : el('span', {}, t.id), move));
  });
  card.append(tracks);

  // name (type-ahead of the cast), rename, not this person
  const nameInput = el('input', { class: 'name-input', list: 'cast-names', placeholder: i.name ? 'another person…'
      : 'name…', 'aria-label': 'name of ' + i.id, autocomplete: 'off', maxlength: '100' });
  const nameForm = el('form', { class: 'name-form' }, nameInput, el('button', { type: 'submit', class: 'small name-button' },
      i.name ? 'Name as' : 'Name'));
  nameForm.addEventListener('submit', ev => {
    ev.preventDefault();
    if (nameInput.value.trim()) edit({ action: 'name', identity: i.id, name: nameInput.value.trim() });
  });
  card.append(nameForm);
  if (i.name) {
    const renameInput = el('input', { class: 'rename-input', placeholder: 'rename ' + i.name + '…',
      'aria-label': 'new name for ' + i.name, autocomplete: 'off', maxlength: '100' });
    const renameForm = el('form', { class: 'rename-form' }, renameInput,
        el('button', { type: 'submit', class: 'small secondary rename-button' }, 'Rename'));
    renameForm.addEventListener('submit', ev => {
      ev.preventDefault();
      if (renameInput.value.trim()) edit({ action: 'rename', person: i.person_id, name: renameInput.value.trim() });
    });
    const not = el('button', { type: 'button', class: 'small secondary unname-button' }, 'Not this person');
    not.addEventListener('click', () => edit({ action: 'unname', identity: i.id }));
    card.append(renameForm, not);
  }
  return card;
}

function updateMerge() {
  const n = document.querySelectorAll('.merge-select:checked').length;
  document.getElementById('merge-button').disabled = editBusy || n < 2;
}

function renderGallery(active, force) {
  const ids = view.identities;
  const gallery = !active && ids && ids.length > 0;
  show('gallery-section', gallery);
  show('edit-notice', !!editNotice);
  if (editNotice) setText('edit-notice', editNotice);
  show('edit-error', !!editError);
  if (editError) setText('edit-error', editError);
  if (!gallery) return;
  setText('identity-count', '(' + ids.length + ')');
  const list = document.getElementById('cast-names');
  const names = JSON.stringify(view.cast.people);
  if (list.dataset.names !== names) {
    list.replaceChildren(...view.cast.people.map(p => el('option', { value: p.name })));
    list.dataset.names = names;
  }
  const g = document.getElementById('gallery');
  g.classList.add('editable');
  const signature = view.version + JSON.stringify(ids);
  if (force || g.dataset.signature !== signature) {
    const duration = view.duration_s || Math.max(1, ...ids.flatMap(i => i.tracks.map(t => t.end_s)));
    g.replaceChildren(...ids.map(i => identityCard(i, ids, duration)));
    g.dataset.signature = signature;
    g.dataset.version = view.version;
  }
  g.querySelectorAll('input, select, button').forEach(x => { x.disabled = editBusy; });
  updateMerge();
}

document.getElementById('merge-button').addEventListener('click', () => {
  const picked = [...document.querySelectorAll('.merge-select:checked')].map(c => c.dataset.identity);
  if (picked.length >= 2) edit({ action: 'merge', identities: picked });
});

async function refresh() {
  try {
    view = await api.get('/api/episodes/' + encodeURIComponent(key));
    document.body.dataset.loaded = 'true';
    render();
    return true;
  } catch (err) {
    if (err.status === 404) {
      setText('page-error', err.message);
      show('page-error', true);
      return false;
    }
    setText('page-error', 'Lost contact with the server: ' + err.message);
    show('page-error', true);
    return true;
  }
}

async function poll() {
  const again = await refresh();
  if (again) setTimeout(poll, POLL_MS);
}

/* A button per stage, before the cancel button, in the pipeline's order. */
function addStageButtons() {
  const cancel = document.getElementById('cancel-button');
  stages.forEach(({ id }) => {
    const b = el('button', { class: 'stage-button', id: 'run-' + id, 'data-stage': id, type: 'button' }, capitalise(id));
    b.addEventListener('click', () => startStage(id));
    cancel.before(b, ' ');
  });
}

async function start() {
  try {
    stages = (await api.get('/api/stages')).stages;
  } catch (err) {
    setText('page-error', 'Cannot load the stages: ' + err.message);
    show('page-error', true);
    return;
  }
  addStageButtons();
  poll();
}

document.getElementById('resume-button').addEventListener('click', () => jobAction('resume'));
document.getElementById('cancel-dead-button').addEventListener('click', () => jobAction('cancel'));
document.getElementById('cancel-button').addEventListener('click', () => jobAction('cancel'));
document.getElementById('cancel-stalled-button').addEventListener('click', () => jobAction('cancel'));
document.getElementById('force-stalled-button').addEventListener('click', () => jobAction('cancel', true));

if (!key) {
  setText('page-error', 'No episode given: open this page from the episodes list.');
  show('page-error', true);
} else {
  start();
}

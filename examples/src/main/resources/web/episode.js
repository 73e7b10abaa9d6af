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

async function jobAction(action) {
  if (!view || !view.active) return;
  actionError = null;
  busy = true;
  render();
  try {
    await api.post('/api/jobs/' + encodeURIComponent(view.active.job_id) + '/' + action);
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

function render() {
  if (!view) return;
  const active = view.active;
  const status = view.status;
  setText('episode-title', view.episode.id);
  setText('video-name', view.episode.video_name);
  document.title = view.episode.id + ' · FaceReel';

  document.querySelectorAll('.stage-button').forEach(b => { b.disabled = busy || active !== null; });

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
      + '. Its worker is alive but has not moved; cancel it if it does not recover.');
  show('cancel-button', active !== null && !dead);
  document.getElementById('cancel-button').disabled = busy;

  // errors: the last button press, else the last job's failure
  let error = actionError;
  if (!error && !active && view.last_job && view.last_job.status === 'failed') {
    error = 'Job ' + view.last_job.job_id + ' failed: ' + view.last_job.message;
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
  const ids = view.identities;
  const gallery = !active && ids && ids.length > 0;
  show('gallery-section', gallery);
  if (gallery) {
    setText('identity-count', '(' + ids.length + ')');
    const cards = ids.map(i => el('div', { class: 'identity', 'data-identity': i.id },
        i.still_url ? el('img', { src: i.still_url, alt: 'still of ' + i.id, class: 'still' })
            : el('div', { class: 'still muted' }, 'no still'),
        el('div', { class: 'name' }, i.id),
        el('div', { class: 'meta screen-time' }, i.screen_time_s.toFixed(1) + ' s on screen'),
        el('div', { class: 'meta track-count' }, i.track_count + (i.track_count === 1 ? ' track' : ' tracks'))));
    const g = document.getElementById('gallery');
    const signature = JSON.stringify(ids);
    if (g.dataset.signature !== signature) {
      g.replaceChildren(...cards);
      g.dataset.signature = signature;
    }
  }
}

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

if (!key) {
  setText('page-error', 'No episode given: open this page from the episodes list.');
  show('page-error', true);
} else {
  start();
}

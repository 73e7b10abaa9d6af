'use strict';
/*
 * The season page: the show's episodes with their state (polled every two seconds from the server, so a refresh or a
 * second tab shows the same), the people × episodes table of screen time (sortable by any column), and a folder
 * browser over the server's --media roots to add and analyse a whole folder.
 */
let showName = null;
let season = null;
let sortColumn = 'total';
let sortDescending = true;
let folder = null;

function stateBadge(state) {
  return el('span', { class: 'state state-' + state }, state);
}

function renderEpisodes() {
  const signature = JSON.stringify(season.episodes);
  const body = document.getElementById('episode-rows');
  if (body.dataset.signature === signature) return;
  body.dataset.signature = signature;
  const rows = season.episodes.map(e => {
    const state = e.queued && e.state !== 'running' ? 'queued' : e.state;
    const action = el('button', { type: 'button', class: 'small analyse-button', 'data-key': e.key,
      disabled: e.state === 'done' || e.state === 'running' || e.queued }, 'Analyse');
    action.addEventListener('click', () => analyse([e.key]));
    return el('tr', { 'data-episode': e.key },
        el('td', {}, el('a', { href: '/episode.html?key=' + encodeURIComponent(e.key) }, e.id)),
        el('td', { class: 'muted' }, e.video_name), el('td', { class: 'episode-state' }, stateBadge(state)),
        el('td', {}, action));
  });
  document.getElementById('episode-rows').replaceChildren(...rows);
  document.getElementById('analyse-all').disabled = !season.episodes.some(e => e.state !== 'done'
      && e.state !== 'running' && !e.queued);
}

function sortedPeople() {
  const people = season.people.slice();
  const value = p => sortColumn === 'name' ? p.name.toLowerCase() : sortColumn === 'total' ? p.total_s
      : sortColumn === 'share' ? p.share : p.seconds[sortColumn];
  people.sort((a, b) => {
    const x = value(a), y = value(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return sortDescending ? -c : c;
  });
  return people;
}

function header(label, column) {
  const th = el('th', { 'data-sort': String(column) }, label + (sortColumn === column ? (sortDescending ? ' ▼' : ' ▲') : ''));
  th.addEventListener('click', () => {
    if (sortColumn === column) sortDescending = !sortDescending;
    else { sortColumn = column; sortDescending = column !== 'name'; }
    renderTable();
  });
  return th;
}

function renderTable() {
  // drawn again only when the data or the order changed, so that the table stays put between polls
  const signature = JSON.stringify([season.columns, season.people, season.airtime_s, sortColumn, sortDescending]);
  const table = document.getElementById('season-table');
  if (table.dataset.signature === signature) return;
  table.dataset.signature = signature;
  const head = el('tr', {}, header('Person', 'name'),
      ...season.columns.map((c, i) => header(c.episode_id, i)), header('Total', 'total'), header('Share', 'share'));
  document.getElementById('season-head').replaceChildren(head);
  document.getElementById('season-body').replaceChildren(...sortedPeople().map(p => el('tr', { 'data-person': p.person_id },
      el('td', { class: 'person-name' }, p.name),
      ...p.seconds.map((s, i) => el('td', { 'data-episode': season.columns[i].key }, seconds(s))),
      el('td', { class: 'total' }, seconds(p.total_s)), el('td', { class: 'share' }, percent(p.share)))));
  show('season-empty', season.people.length === 0);
  setText('airtime', season.columns.length + ' analysed episodes, ' + seconds(season.airtime_s) + ' of airtime');
}

async function refresh() {
  try {
    season = await api.get('/api/shows/' + encodeURIComponent(showName));
    document.body.dataset.loaded = 'true';
    show('page-error', false);
    renderEpisodes();
    renderTable();
  } catch (err) {
    setText('page-error', err.message);
    show('page-error', true);
  }
}

async function analyse(keys) {
  try {
    await api.post('/api/shows/' + encodeURIComponent(showName) + '/analyse', { episodes: keys });
    setText('notice', 'Queued: ' + keys.join(', ') + '. They are analysed one after the other.');
    show('notice', true);
  } catch (err) {
    setText('page-error', err.message);
    show('page-error', true);
  }
  await refresh();
}

async function browse(path) {
  show('folder-error', false);
  try {
    const data = await api.get('/api/folders' + (path ? '?path=' + encodeURIComponent(path) : ''));
    folder = data;
    setText('folder-path', data.path || '(roots)');
    document.getElementById('folder-up').disabled = !data.path;
    document.getElementById('folder-list').replaceChildren(...data.folders.map(f => {
      const li = el('li', { 'data-path': f.path }, '▸ ' + f.name);
      li.addEventListener('click', () => browse(f.path));
      return li;
    }));
    setText('folder-videos', data.path ? (data.videos.length + ' videos: ' + data.videos.map(v => v.name).join(', '))
        : (data.folders.length ? 'Pick a folder.' : 'The server was started without --media: no folders to browse.'));
    document.getElementById('add-folder').disabled = !data.path || data.videos.length === 0;
  } catch (err) {
    setText('folder-error', err.message);
    show('folder-error', true);
  }
}

document.getElementById('folder-up').addEventListener('click', () => browse(folder && folder.parent));
document.getElementById('add-folder').addEventListener('click', async () => {
  try {
    const res = await api.post('/api/shows/' + encodeURIComponent(showName) + '/folder', { folder: folder.path });
    setText('notice', 'Added ' + res.queued + ' episodes; they are analysed one after the other.');
    show('notice', true);
  } catch (err) {
    setText('folder-error', err.message);
    show('folder-error', true);
  }
  await refresh();
});
document.getElementById('analyse-all').addEventListener('click', () => analyse(season.episodes
    .filter(e => e.state !== 'done' && e.state !== 'running' && !e.queued).map(e => e.key)));

(async () => {
  try {
    showName = await pickShow();
  } catch (err) {
    setText('page-error', err.message);
    show('page-error', true);
    return;
  }
  document.getElementById('season-csv').href = '/api/shows/' + encodeURIComponent(showName) + '/season.csv';
  document.getElementById('people-link').href = '/people.html?show=' + encodeURIComponent(showName);
  browse(null);
  await refresh();
  setInterval(refresh, 2000);
})();

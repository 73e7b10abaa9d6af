'use strict';
/* The episodes list and the "Add episode" form. */
async function loadEpisodes() {
  const list = document.getElementById('episodes');
  try {
    const data = await api.get('/api/episodes');
    list.replaceChildren();
    if (data.episodes.length === 0) {
      list.append(el('li', { class: 'muted' }, 'No episodes yet: add one below.'));
    }
    data.episodes.forEach(e => {
      const link = el('a', { href: '/episode.html?key=' + encodeURIComponent(e.key), class: 'episode-link' }, e.id);
      const right = el('span', {}, el('a', { href: '/season.html?show=' + encodeURIComponent(e.show), class: 'muted' },
          e.show), ' ', el('span', { class: 'muted' }, e.video_name + ' '));
      if (e.active_job_id) right.append(el('span', { class: 'badge' }, 'job active'));
      list.append(el('li', {}, link, right));
    });
  } catch (err) {
    list.replaceChildren(el('li', { class: 'error' }, 'Cannot list episodes: ' + err.message));
  }
}

document.getElementById('add-episode').addEventListener('submit', async ev => {
  ev.preventDefault();
  const error = document.getElementById('add-error');
  error.hidden = true;
  const id = document.getElementById('episode-id').value.trim();
  const video = document.getElementById('episode-video').value.trim();
  const showName = document.getElementById('episode-show').value.trim() || undefined;
  try {
    const e = await api.post('/api/episodes', { id, video, show: showName });
    window.location.href = '/episode.html?key=' + encodeURIComponent(e.key);
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
  }
});

loadEpisodes();

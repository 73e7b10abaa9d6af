'use strict';
/*
 * The people page: the show's cast, each person with their reference photos and stills, the episodes they are named
 * in and their total screen time; add photos by upload, rename, remove. Every change answers with the fresh cast; a
 * change made on an older version of it (another tab) is refused with 409 and the page shows the cast as it is.
 */
let showName = null;
let people = null;

function notice(text) {
  show('notice', !!text);
  if (text) setText('notice', text);
}

function failure(err) {
  if (err.status === 409 && err.body && err.body.state) {
    people = err.body.state;
    render();
  }
  setText('page-error', err.message);
  show('page-error', true);
}

async function change(promise, done) {
  show('page-error', false);
  notice('Saving and naming the episodes again…');
  try {
    people = await promise;
    notice(done + (people.notice ? ' ' + people.notice : ''));
    render();
  } catch (err) {
    notice(null);
    failure(err);
  }
}

function personCard(p) {
  const card = el('div', { class: 'card person', 'data-person': p.id });
  card.append(el('h3', { class: 'person-name' }, p.name));
  const refs = el('div', { class: 'refs' });
  p.photos.forEach(url => refs.append(el('img', { src: url, alt: 'photo of ' + p.name, class: 'photo' })));
  p.stills.forEach(s => refs.append(el('img', { src: s.url, alt: p.name + ' in ' + s.episode, class: 'ref-still',
    title: s.episode + ' ' + s.track })));
  card.append(refs);
  card.append(el('div', { class: 'muted' }, p.photos.length + ' photos, ' + p.stills.length + ' stills'));
  card.append(el('ul', { class: 'person-episodes' }, ...p.episodes.map(e => el('li', {},
      el('a', { href: '/episode.html?key=' + encodeURIComponent(e.key) }, e.id), ': ' + seconds(e.screen_time_s)))));
  card.append(el('div', { class: 'total' }, 'Total ' + seconds(p.total_s) + ' on screen'));
  const input = el('input', { class: 'rename-input', 'aria-label': 'new name for ' + p.name, autocomplete: 'off',
    maxlength: '100', placeholder: 'new name' });
  const rename = el('form', { class: 'rename-form' }, input, el('button', { type: 'submit', class: 'small rename-button' }, 'Rename'));
  rename.addEventListener('submit', ev => {
    ev.preventDefault();
    if (!input.value.trim()) return;
    change(api.post('/api/shows/' + encodeURIComponent(showName) + '/people/' + encodeURIComponent(p.id) + '/rename',
        { name: input.value.trim(), version: String(people.version) }), 'Renamed.');
  });
  const remove = el('button', { type: 'button', class: 'small danger remove-button' }, 'Remove');
  remove.addEventListener('click', () => {
    if (!window.confirm('Remove ' + p.name + ' from the cast? Identities named after them become unnamed.')) return;
    change(api.post('/api/shows/' + encodeURIComponent(showName) + '/people/' + encodeURIComponent(p.id) + '/remove',
        { version: String(people.version) }), 'Removed.');
  });
  card.append(rename, remove);
  return card;
}

function render() {
  document.getElementById('people').replaceChildren(...people.people.map(personCard));
  document.getElementById('cast-names').replaceChildren(...people.people.map(p => el('option', { value: p.name })));
  document.body.dataset.version = String(people.version);
}

async function refresh() {
  try {
    people = await api.get('/api/shows/' + encodeURIComponent(showName) + '/people');
    document.body.dataset.loaded = 'true';
    render();
  } catch (err) {
    failure(err);
  }
}

document.getElementById('add-person').addEventListener('submit', ev => {
  ev.preventDefault();
  const name = document.getElementById('person-name').value.trim();
  const file = document.getElementById('person-photo').files[0];
  if (!name || !file) return;
  change(api.upload('/api/shows/' + encodeURIComponent(showName) + '/people?name=' + encodeURIComponent(name)
      + '&version=' + encodeURIComponent(String(people.version)), file), 'Photo added to ' + name + '.');
});

(async () => {
  try {
    showName = await pickShow();
  } catch (err) {
    failure(err);
    return;
  }
  document.getElementById('season-link').href = '/season.html?show=' + encodeURIComponent(showName);
  await refresh();
})();

'use strict';
/* The show picker the season and people pages share: ?show=, else the first show with episodes. */
async function pickShow(onChange) {
  const params = new URLSearchParams(window.location.search);
  const shows = (await api.get('/api/shows')).shows;
  let current = params.get('show') || shows[0] || 'default';
  if (!shows.includes(current)) shows.push(current);
  const select = document.getElementById('show-select');
  select.replaceChildren(...shows.map(s => el('option', { value: s, selected: s === current }, s)));
  select.addEventListener('change', () => {
    window.location.search = '?show=' + encodeURIComponent(select.value);
  });
  setText('show-name', current);
  return current;
}

'use strict';
/* Small helpers shared by the pages: JSON requests that turn an error envelope into an Error with its message. */
const api = {
  async request(method, url, body) {
    const init = { method, headers: { 'Accept': 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(url, init);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const err = new Error((data && data.error) || ('HTTP ' + res.status));
      err.status = res.status;
      err.body = data;
      throw err;
    }
    return data;
  },
  get(url) { return this.request('GET', url); },
  post(url, body) { return this.request('POST', url, body === undefined ? {} : body); }
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  });
  children.forEach(c => e.append(c));
  return e;
}

function show(id, visible) { document.getElementById(id).hidden = !visible; }
function setText(id, text) { document.getElementById(id).textContent = text; }
function capitalise(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : s; }

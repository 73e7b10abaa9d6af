'use strict';
/*
 * Small helpers shared by the pages: JSON requests that turn an error envelope into an Error with its message (and
 * its status and body), the CSRF token every state-changing request carries, and the way to the login page when the
 * server asks for its access token. User text only ever goes into the page as text (textContent, text nodes).
 */
let csrfToken = null;

async function session() {
  if (csrfToken) return csrfToken;
  const res = await fetch('/api/session', { headers: { 'Accept': 'application/json' } });
  if (res.status === 401) { toLogin(); throw new Error('log in first'); }
  const data = await res.json();
  csrfToken = data.csrf_token;
  return csrfToken;
}

function toLogin() {
  if (!window.location.pathname.startsWith('/login')) {
    window.location.href = '/login.html?next=' + encodeURIComponent(window.location.pathname + window.location.search);
  }
}

const api = {
  async request(method, url, body, contentType) {
    const init = { method, headers: { 'Accept': 'application/json' } };
    if (method !== 'GET') init.headers['X-CSRF-Token'] = await session();
    if (body !== undefined) {
      if (contentType) {
        init.headers['Content-Type'] = contentType;
        init.body = body;
      } else {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
    const res = await fetch(url, init);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.status === 401) toLogin();
    if (!res.ok) {
      const err = new Error((data && data.error) || ('HTTP ' + res.status));
      err.status = res.status;
      err.body = data;
      throw err;
    }
    return data;
  },
  get(url) { return this.request('GET', url); },
  post(url, body) { return this.request('POST', url, body === undefined ? {} : body); },
  upload(url, file) { return this.request('POST', url, file, file.type || 'application/octet-stream'); }
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === null || v === undefined || v === false) return;
    if (k === 'class') e.className = v; else e.setAttribute(k, v === true ? '' : v);
  });
  children.forEach(c => { if (c !== null && c !== undefined) e.append(c); });
  return e;
}

function show(id, visible) { document.getElementById(id).hidden = !visible; }
function setText(id, text) { document.getElementById(id).textContent = text; }
function capitalise(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : s; }
function seconds(s) { return (s || 0).toFixed(1) + ' s'; }
function percent(x) { return ((x || 0) * 100).toFixed(1) + '%'; }

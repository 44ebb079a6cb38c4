// The embeddable widget, served as /widget.js. Plain ES2017 with no dependencies, kept as a string so the same
// bytes are served from the sources and from the bundle. Rules it keeps:
//  - everything is drawn inside a Shadow DOM (the host page's CSS cannot reach in, ours cannot leak out);
//  - every text from the server or the visitor goes through textContent, never innerHTML: hostile text is inert;
//  - the visitor token lives in localStorage; a message keeps its client id until acknowledged, so a resend
//    after a reconnect is deduplicated by the server; on reconnect it asks for what it missed (after <seq>).
// No backticks and no dollar-brace in here: this is a String.raw template.
export const WIDGET_SCRIPT = String.raw`/* Parley chat widget */
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[data-parley-key]');
  if (!script || script.getAttribute('data-parley-mounted')) return;
  script.setAttribute('data-parley-mounted', '1');
  var key = script.getAttribute('data-parley-key') || '';
  var base = new URL(script.src || location.href, location.href);
  var wsUrl = (base.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + base.host + '/widget/ws?key=' + encodeURIComponent(key);
  var TOKEN = 'parley.visitor.' + key;
  var NAME = 'parley.name.' + key;
  var MAX_BYTES = 4096;

  var memory = {};
  function load(k) { try { return window.localStorage.getItem(k); } catch (e) { return memory[k] || null; } }
  function save(k, v) { try { if (v === null) window.localStorage.removeItem(k); else window.localStorage.setItem(k, v); } catch (e) { memory[k] = v; } }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = [];
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join('') + '-' + h.slice(4, 6).join('') + '-' + h.slice(6, 8).join('') + '-' + h.slice(8, 10).join('') + '-' + h.slice(10).join('');
  }

  function el(tag, cls, attrs) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    for (var a in attrs || {}) e.setAttribute(a, attrs[a]);
    return e;
  }

  var CSS = [
    ':host{all:initial}',
    '.w{--accent:#1c7ed6;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;position:fixed;right:20px;bottom:20px;z-index:2147483000}',
    '.launcher{width:56px;height:56px;border-radius:50%;border:0;background:var(--accent);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);position:relative;display:flex;align-items:center;justify-content:center;padding:0}',
    '.launcher:focus-visible,.send:focus-visible,.opt:focus-visible,.close:focus-visible{outline:3px solid #000;outline-offset:2px}',
    '.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;background:#e03131;color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 4px;box-sizing:border-box}',
    '.panel{position:absolute;right:0;bottom:72px;width:340px;max-width:calc(100vw - 40px);height:480px;max-height:calc(100vh - 120px);background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}',
    '.panel[hidden]{display:none}',
    '.head{background:var(--accent);color:#fff;padding:12px 14px;display:flex;align-items:center;gap:8px}',
    '.title{flex:1;font-weight:600;font-size:15px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}',
    '.close{background:transparent;border:0;color:#fff;font-size:20px;cursor:pointer;line-height:1}',
    '.state{font-size:12px;padding:4px 14px;background:#fff4e6;color:#7c4a03}',
    '.state[hidden]{display:none}',
    '.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f8f9fa}',
    '.msg{max-width:80%;padding:8px 10px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word;overflow-wrap:anywhere}',
    '.in{align-self:flex-start;background:#fff;border:1px solid #e9ecef}',
    '.out{align-self:flex-end;background:var(--accent);color:#fff}',
    '.out[data-state=pending]{opacity:.7}',
    '.out[data-state=failed]{background:#c92a2a}',
    '.opts{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}',
    '.opt{border:1px solid var(--accent);color:var(--accent);background:#fff;border-radius:14px;padding:4px 10px;cursor:pointer;font:inherit}',
    '.err{font-size:12px;color:#c92a2a;padding:0 14px}',
    '.name{margin:8px 12px 0;padding:6px 8px;border:1px solid #ced4da;border-radius:6px;font:inherit}',
    '.name[hidden]{display:none}',
    '.bar{display:flex;gap:6px;padding:8px 12px 12px}',
    '.text{flex:1;resize:none;padding:8px;border:1px solid #ced4da;border-radius:6px;font:inherit;height:38px;box-sizing:border-box}',
    '.send{border:0;border-radius:6px;background:var(--accent);color:#fff;padding:0 14px;cursor:pointer;font:inherit}'
  ].join('\n');

  var host = el('div', '', { 'data-parley-widget': key });
  var root = host.attachShadow({ mode: 'open' });
  var style = el('style');
  style.textContent = CSS;
  var w = el('div', 'w');
  var launcher = el('button', 'launcher', { type: 'button', 'aria-label': 'Open chat', 'aria-expanded': 'false' });
  // A speech bubble drawn as SVG (no emoji font needed; built node by node, never from markup).
  var NS = 'http://www.w3.org/2000/svg';
  var icon = document.createElementNS(NS, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '28');
  icon.setAttribute('height', '28');
  icon.setAttribute('aria-hidden', 'true');
  var path = document.createElementNS(NS, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
  icon.appendChild(path);
  launcher.appendChild(icon);
  var badge = el('span', 'badge');
  badge.hidden = true;
  launcher.appendChild(badge);
  var panel = el('div', 'panel', { role: 'dialog', 'aria-label': 'Chat' });
  panel.hidden = true;
  var head = el('div', 'head');
  var title = el('div', 'title');
  title.textContent = 'Chat with us';
  var close = el('button', 'close', { type: 'button', 'aria-label': 'Close chat' });
  close.textContent = '\u00D7';
  head.appendChild(title);
  head.appendChild(close);
  var state = el('div', 'state', { role: 'status' });
  state.hidden = true;
  var log = el('div', 'log', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  var error = el('div', 'err', { role: 'alert' });
  var nameInput = el('input', 'name', { type: 'text', maxlength: '80', 'aria-label': 'Your name (optional)', placeholder: 'Your name (optional)', autocomplete: 'name' });
  var bar = el('form', 'bar');
  var input = el('textarea', 'text', { 'aria-label': 'Message', placeholder: 'Type a message', rows: '1' });
  var send = el('button', 'send', { type: 'submit' });
  send.textContent = 'Send';
  bar.appendChild(input);
  bar.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(state);
  panel.appendChild(log);
  panel.appendChild(error);
  panel.appendChild(nameInput);
  panel.appendChild(bar);
  w.appendChild(panel);
  w.appendChild(launcher);
  // A constructed stylesheet is not an inline style: a host page's strict style-src does not block it.
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.appendChild(style);
  }
  root.appendChild(w);

  var savedName = load(NAME);
  if (savedName) { nameInput.value = savedName; nameInput.hidden = true; }

  var ws = null;
  var ready = false;
  var stopped = false;
  var attempts = 0;
  var tokenRejections = 0;
  var lastSeq = 0;
  var shown = {};
  var pending = [];
  var bubbles = {};
  var unread = 0;
  var timer = null;
  var pinger = null;

  function setOpen(open, quiet) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
    launcher.setAttribute('aria-label', open ? 'Hide chat' : 'Open chat');
    if (open) { unread = 0; badge.hidden = true; log.scrollTop = log.scrollHeight; if (!quiet) input.focus(); }
  }
  launcher.addEventListener('click', function () { setOpen(panel.hidden); });
  close.addEventListener('click', function () { setOpen(false); });

  function showState(text) { state.textContent = text; state.hidden = !text; }

  function bubble(cls, text, options) {
    var b = el('div', 'msg ' + cls);
    b.setAttribute('data-testid', cls === 'out' ? 'widget-visitor-message' : 'widget-business-message');
    var t = el('div');
    t.textContent = text;
    b.appendChild(t);
    if (options && options.length) {
      var opts = el('div', 'opts');
      options.forEach(function (o) {
        var btn = el('button', 'opt', { type: 'button' });
        btn.textContent = o;
        btn.addEventListener('click', function () { submit(o); });
        opts.appendChild(btn);
      });
      b.appendChild(opts);
    }
    log.appendChild(b);
    log.scrollTop = log.scrollHeight;
    return b;
  }

  function render(m) {
    if (!m || typeof m.seq !== 'number' || shown[m.seq]) return;
    shown[m.seq] = true;
    if (m.seq > lastSeq) lastSeq = m.seq;
    if (m.from === 'visitor') {
      var mine = m.clientId && bubbles[m.clientId];
      if (mine) { mine.setAttribute('data-state', 'sent'); return; }
      bubble('out', String(m.text || '')).setAttribute('data-state', 'sent');
    } else {
      bubble('in', String(m.text || ''), Array.isArray(m.options) ? m.options.map(String) : null);
      if (panel.hidden) { unread++; badge.textContent = String(unread); badge.hidden = false; }
    }
  }

  function frame(f) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(f)); }

  function flush() {
    if (!ready) return;
    pending.forEach(function (p) { frame({ type: 'message', clientId: p.clientId, text: p.text, name: p.name }); });
  }

  function submit(text) {
    error.textContent = '';
    if (!text || !text.trim()) return;
    if (new TextEncoder().encode(text).length > MAX_BYTES) { error.textContent = 'That message is too long.'; return; }
    var name = nameInput.value.trim().slice(0, 80) || undefined;
    if (name) save(NAME, name);
    nameInput.hidden = true;
    var p = { clientId: uuid(), text: text, name: name };
    pending.push(p);
    var b = bubble('out', text);
    b.setAttribute('data-state', 'pending');
    bubbles[p.clientId] = b;
    frame({ type: 'message', clientId: p.clientId, text: p.text, name: p.name });
  }

  bar.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value;
    submit(text);
    if (!error.textContent) input.value = '';
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); bar.requestSubmit ? bar.requestSubmit() : bar.dispatchEvent(new Event('submit')); }
  });

  function onFrame(f) {
    if (!f || typeof f.type !== 'string') return;
    if (f.type === 'ready') {
      ready = true;
      attempts = 0;
      tokenRejections = 0;
      if (typeof f.token === 'string') save(TOKEN, f.token);
      if (f.widget && typeof f.widget.title === 'string') { title.textContent = f.widget.title; panel.setAttribute('aria-label', f.widget.title); }
      if (f.widget && /^#[0-9a-fA-F]{6}$/.test(f.widget.accentColor || '')) w.style.setProperty('--accent', f.widget.accentColor);
      showState('');
      flush();
    } else if (f.type === 'history') {
      (f.messages || []).forEach(render);
    } else if (f.type === 'message') {
      render(f.message);
    } else if (f.type === 'ack') {
      pending = pending.filter(function (p) { return p.clientId !== f.clientId; });
      var b = bubbles[f.clientId];
      if (b) b.setAttribute('data-state', 'sent');
    } else if (f.type === 'error') {
      if (f.clientId) {
        pending = pending.filter(function (p) { return p.clientId !== f.clientId; });
        var fb = bubbles[f.clientId];
        if (fb) fb.setAttribute('data-state', 'failed');
      }
      error.textContent = String(f.message || 'Something went wrong.');
    }
  }

  function connect() {
    if (stopped) return;
    ready = false;
    try { ws = new WebSocket(wsUrl); } catch (e) { return retry(); }
    ws.onopen = function () {
      var hello = { type: 'hello' };
      var token = load(TOKEN);
      if (token) hello.token = token;
      if (lastSeq) hello.after = lastSeq;
      ws.send(JSON.stringify(hello));
      clearInterval(pinger);
      pinger = setInterval(function () { frame({ type: 'ping' }); }, 25000);
    };
    ws.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      onFrame(f);
    };
    ws.onclose = function (ev) {
      ready = false;
      clearInterval(pinger);
      if (ev.code === 4404 || ev.code === 4403) {
        stopped = true;
        showState(ev.code === 4404 ? 'This chat is not available.' : 'This chat is not available on this site.');
        return;
      }
      if (ev.code === 4401 && tokenRejections++ === 0) {
        // The server no longer knows our identity (its key changed): start afresh, once.
        save(TOKEN, null);
        return connect();
      }
      retry();
    };
  }

  function retry() {
    showState('Reconnecting\u2026');
    clearTimeout(timer);
    var delay = Math.min(30000, 1000 * Math.pow(2, attempts++)) * (0.5 + Math.random() / 2);
    timer = setTimeout(connect, delay);
  }

  function mount() {
    document.body.appendChild(host);
    // data-parley-open="true" shows the panel at once (the settings preview does).
    if (script.getAttribute('data-parley-open') === 'true') setOpen(true, true);
    connect();
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
`;

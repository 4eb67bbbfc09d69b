// The sandbox web chat: a person plays a Telegram user toward a bot, through the control API.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { bots: [], users: [], bot: null, user: null, entries: new Map(), events: null, blocked: false, version: 0 };

  async function api(path, options = {}) {
    const response = await fetch(path, options);
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || `${response.status} ${response.statusText}`);
    }
    return response.status === 204 ? null : response.json();
  }
  const postJson = (path, body) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const chatPath = (action) => `/control/bots/${encodeURIComponent(state.bot)}/users/${state.user}/${action}`;

  function toast(text) {
    const box = $('toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 3000);
  }
  const act = (promise) => promise.catch((error) => toast(error.message));

  // --- text with Telegram entities (offsets are UTF-16 units, like JavaScript strings) ---
  const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const linkPattern = /((?:https?:\/\/)?t\.me\/[A-Za-z0-9_]+(?:\?start=[\w-]+)?|https?:\/\/[^\s<]+)/g;
  const autolink = (html) => html.replace(linkPattern, (url) => `<a href="${url.startsWith('http') ? url : 'https://' + url}" target="_blank" rel="noopener">${url}</a>`);

  function renderText(text, entities) {
    if (!text) return '';
    const cuts = new Set([0, text.length]);
    for (const e of entities || []) { cuts.add(e.offset); cuts.add(e.offset + e.length); }
    const points = [...cuts].sort((a, b) => a - b);
    let html = '';
    for (let i = 0; i < points.length - 1; i++) {
      const [from, to] = [points[i], points[i + 1]];
      const active = (entities || []).filter((e) => e.offset <= from && e.offset + e.length >= to);
      let piece = escapeHtml(text.slice(from, to));
      const link = active.find((e) => e.type === 'text_link' || e.type === 'url');
      if (!link) piece = autolink(piece);
      for (const e of active) {
        switch (e.type) {
          case 'bold': piece = `<b>${piece}</b>`; break;
          case 'italic': piece = `<i>${piece}</i>`; break;
          case 'underline': piece = `<u>${piece}</u>`; break;
          case 'strikethrough': piece = `<s>${piece}</s>`; break;
          case 'spoiler': piece = `<span class="spoiler">${piece}</span>`; break;
          case 'code': piece = `<code>${piece}</code>`; break;
          case 'pre': piece = `<pre>${piece}</pre>`; break;
          case 'blockquote': case 'expandable_blockquote': piece = `<blockquote>${piece}</blockquote>`; break;
          case 'text_link': piece = `<a href="${escapeHtml(e.url || '')}" target="_blank" rel="noopener">${piece}</a>`; break;
          case 'bot_command': piece = `<a href="#" data-command="${piece}">${piece}</a>`; break;
        }
      }
      html += piece;
    }
    return html.replace(/\n/g, '<br>');
  }

  // --- t.me deep links: open the right bot and send /start with the payload ---
  const deepLink = /^(?:https?:\/\/)?t\.me\/([A-Za-z0-9_]+)\/?(?:\?start=([\w-]+))?$/i;
  async function openDeepLink(url) {
    const match = deepLink.exec(url);
    if (!match) return false;
    const bot = state.bots.find((b) => b.username.toLowerCase() === match[1].toLowerCase());
    if (!bot) { toast(`No bot @${match[1]} in the sandbox`); return true; }
    await selectBot(bot.name);
    await act(postJson(chatPath('start'), { payload: match[2] || null }));
    return true;
  }
  document.addEventListener('click', (event) => {
    const anchor = event.target.closest('a');
    if (!anchor) return;
    if (anchor.dataset.command) {
      event.preventDefault();
      act(postJson(chatPath('messages'), { text: anchor.dataset.command }));
    } else if (deepLink.test(anchor.getAttribute('href'))) {
      event.preventDefault();
      openDeepLink(anchor.getAttribute('href'));
    }
  });

  // --- transcript ---
  const keyOf = (entry) => entry.kind === 'callback' ? `cb:${entry.callbackQueryId}` : `m:${entry.messageId}`;

  function renderEntry(entry) {
    if (entry.kind === 'callback') {
      const line = document.createElement('div');
      line.className = 'system callback';
      line.textContent = `pressed “${entry.callbackData}”` + (entry.callbackAnswer ? ` → ${entry.callbackAnswer}` : '');
      return line;
    }
    const bubble = document.createElement('div');
    bubble.className = `message ${entry.from}` + (entry.deletedAt ? ' deleted' : '');
    bubble.dataset.messageId = entry.messageId;
    if (entry.deletedAt) {
      bubble.textContent = 'message deleted';
      return bubble;
    }
    let html = '';
    if (entry.photo && entry.photo.length) {
      const largest = entry.photo[entry.photo.length - 1];
      html += `<img src="${largest.url}" alt="photo" width="${largest.width}" height="${largest.height}" style="height:auto">`;
    }
    if (entry.document) {
      html += `<a class="document" href="${entry.document.url}" target="_blank" rel="noopener">📄 ${escapeHtml(entry.document.fileName || 'document')}</a>`;
    }
    if (entry.contact) {
      html += `<div class="contact">👤 ${escapeHtml(entry.contact.firstName)} ${escapeHtml(entry.contact.lastName || '')}<br>${escapeHtml(entry.contact.phoneNumber)}</div>`;
    }
    html += `<div class="text">${renderText(entry.text, entry.entities)}</div>`;
    const time = new Date(entry.editedAt || entry.date).toLocaleTimeString();
    html += `<div class="meta">${entry.editedAt ? 'edited ' : ''}${time}</div>`;
    bubble.innerHTML = html;
    if (entry.keyboard && entry.keyboard.kind === 'inline') {
      bubble.appendChild(renderInlineKeyboard(entry));
    }
    return bubble;
  }

  function renderInlineKeyboard(entry) {
    const grid = document.createElement('div');
    grid.className = 'inline-keyboard';
    for (const row of entry.keyboard.rows) {
      const line = document.createElement('div');
      line.className = 'row';
      for (const button of row) {
        const element = document.createElement('button');
        element.type = 'button';
        element.textContent = button.text + (button.url ? ' ↗' : '');
        element.addEventListener('click', async () => {
          if (button.url) {
            if (!(await openDeepLink(button.url))) window.open(button.url, '_blank', 'noopener');
            return;
          }
          act(postJson(chatPath('inline-button'), { callbackData: button.callbackData, messageId: entry.messageId }));
        });
        line.appendChild(element);
      }
      grid.appendChild(line);
    }
    return grid;
  }

  function upsert(entry) {
    const key = keyOf(entry);
    const element = renderEntry(entry);
    const previous = state.entries.get(key);
    if (previous) previous.replaceWith(element); else $('messages').appendChild(element);
    state.entries.set(key, element);
    if (entry.kind === 'callback' && entry.callbackAnswer) toast(entry.callbackAnswer);
    $('messages').scrollTop = $('messages').scrollHeight;
  }

  function renderReplyKeyboard(keyboard) {
    const area = $('reply-keyboard');
    area.innerHTML = '';
    area.hidden = !keyboard;
    $('message-input').placeholder = keyboard?.placeholder || 'Message';
    if (!keyboard) return;
    for (const row of keyboard.rows) {
      const line = document.createElement('div');
      line.className = 'row';
      for (const button of row) {
        const element = document.createElement('button');
        element.type = 'button';
        element.textContent = (button.requestContact ? '☎ ' : '') + button.text;
        element.addEventListener('click', () => act(postJson(chatPath('reply-button'), { text: button.text })));
        line.appendChild(element);
      }
      area.appendChild(line);
    }
  }

  async function openChat() {
    // Sending is possible once a user and a bot are chosen and their chat is loaded.
    $('send').disabled = true;
    state.events?.close();
    state.entries.clear();
    state.version = 0;
    $('messages').innerHTML = '';
    renderReplyKeyboard(null);
    if (!state.bot || !state.user) return;
    const url = new URL(location.href);
    url.searchParams.set('bot', state.bot);
    url.searchParams.set('user', state.user);
    url.searchParams.delete('start');
    history.replaceState(null, '', url);
    // Subscribe, and (re)load the transcript when the server says the subscription is on ("ready"), so
    // nothing falls in between; upsert is idempotent, and a reconnection reloads too.
    // A transcript older than the events already shown is ignored (versions count the chat's changes).
    const loadTranscript = async () => {
      const chat = await api(chatPath('transcript'));
      if (chat.version < state.version) return;
      state.version = chat.version;
      chat.messages.forEach(upsert);
      renderReplyKeyboard(chat.replyKeyboard);
      setBlocked(chat.blocked);
    };
    state.events = new EventSource(chatPath('events'));
    state.events.addEventListener('ready', () => act(loadTranscript()));
    state.events.addEventListener('chat', (event) => {
      const change = JSON.parse(event.data);
      state.version = Math.max(state.version, change.version);
      upsert(change.entry);
      renderReplyKeyboard(change.replyKeyboard);
    });
    await loadTranscript();
    $('send').disabled = false;
  }

  function setBlocked(blocked) {
    state.blocked = blocked;
    $('block-toggle').textContent = blocked ? 'Unblock bot' : 'Block bot';
  }

  async function selectBot(name) {
    state.bot = name;
    $('bot-select').value = name;
    await openChat();
  }

  function fillSelect(select, items, value, label) {
    select.innerHTML = items.map((item) => `<option value="${escapeHtml(String(value(item)))}">${escapeHtml(label(item))}</option>`).join('');
  }

  async function loadLists() {
    state.bots = await api('/control/bots');
    state.users = await api('/control/users');
    fillSelect($('bot-select'), state.bots, (b) => b.name, (b) => `${b.name} (@${b.username})`);
    fillSelect($('user-select'), state.users, (u) => u.id, (u) => `${u.firstName}${u.username ? ' @' + u.username : ''} · ${u.id}`);
  }

  // --- wiring ---
  $('bot-select').addEventListener('change', (e) => selectBot(e.target.value));
  $('user-select').addEventListener('change', (e) => { state.user = Number(e.target.value); openChat(); });
  $('new-user').addEventListener('click', () => { $('new-user-form').hidden = !$('new-user-form').hidden; });
  $('new-user-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = Object.fromEntries([...new FormData(event.target)].filter(([, v]) => v !== ''));
    try {
      const user = await postJson('/control/users', fields);
      event.target.reset();
      event.target.hidden = true;
      await loadLists();
      state.user = user.id;
      $('user-select').value = String(user.id);
      await openChat();
    } catch (error) { toast(error.message); }
  });
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('message-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    act(postJson(chatPath('messages'), { text }));
  });
  $('share-contact').addEventListener('click', () => act(postJson(chatPath('contact'))));
  $('block-toggle').addEventListener('click', async () => {
    await act(postJson(chatPath(state.blocked ? 'unblock' : 'block')));
    await openChat();
  });
  for (const [inputId, action] of [['photo-input', 'photo'], ['document-input', 'document']]) {
    $(inputId).addEventListener('change', async (event) => {
      const file = event.target.files[0];
      if (!file) return;
      const form = new FormData();
      form.append('file', file, file.name);
      await act(api(chatPath(action), { method: 'POST', body: form }));
      event.target.value = '';
    });
  }

  (async () => {
    await loadLists();
    const params = new URLSearchParams(location.search);
    state.bot = params.get('bot') || state.bots[0]?.name || null;
    state.user = Number(params.get('user')) || state.users[0]?.id || null;
    if (state.bot) $('bot-select').value = state.bot;
    if (state.user) $('user-select').value = String(state.user);
    await openChat();
    if (params.get('start') !== null && state.bot && state.user) {
      await act(postJson(chatPath('start'), { payload: params.get('start') || null }));
    }
  })().catch((error) => toast(error.message));
})();

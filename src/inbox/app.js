// The staff inbox. Every piece of text from the API is put into the page with textContent, never parsed as HTML.
import { ApiError, call, currentStaff, listen, signIn, signOut } from './api.js';

const PAGE = 200;
const $ = (id) => document.getElementById(id);

const state = {
  staff: null,
  filter: 'open',
  search: '',
  threads: [],
  selectedId: null,
  events: null,
};

/** An element with text content and attributes; the only way this app builds markup. */
function element(tag, { text, className, attributes } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function formatTime(utc) {
  return new Date(utc).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function showError(id, error) {
  $(id).textContent = error instanceof Error ? error.message : String(error);
}

/** A 401 anywhere means the session is gone: back to the sign-in form. */
async function guarded(work, errorId) {
  try {
    if (errorId) $(errorId).textContent = '';
    return await work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showSignIn();
    if (errorId) showError(errorId, error);
    else console.error(error);
  }
}

// ---- threads ----------------------------------------------------------------------------------------------------

async function fetchThreads(isResolved) {
  const result = await call('messageThreads/getAll', {
    Limitation: { Count: PAGE },
    IsResolved: isResolved,
    Search: state.search || null,
  });
  return result.MessageThreads;
}

async function loadThreads() {
  const threads =
    state.filter === 'all'
      ? [...(await fetchThreads(false)), ...(await fetchThreads(true))]
      : await fetchThreads(state.filter === 'resolved');
  state.threads = threads;
  renderThreads();
}

function renderThreads() {
  const items = state.threads.map((thread) => {
    const preview = thread.LastMessage
      ? `${thread.LastMessage.Sender.Discriminator === 'Enterprise' ? 'You: ' : ''}${thread.LastMessage.Text}`
      : 'No messages yet';
    const button = element(
      'button',
      {
        className: `thread${thread.IsUnread ? ' unread' : ''}${thread.IsResolved ? ' resolved' : ''}`,
        attributes: { type: 'button', 'data-thread-id': thread.Id, ...(thread.Id === state.selectedId && { 'aria-current': 'true' }) },
      },
      [
        element('span', { className: 'thread-line' }, [
          element('span', { className: 'guest', text: thread.OriginalSender }),
          element('time', { className: 'time', text: formatTime(thread.UpdatedUtc), attributes: { datetime: thread.UpdatedUtc } }),
        ]),
        element('span', { className: 'subject', text: thread.Subject }),
        element('span', { className: 'preview', text: preview }),
        element('span', { className: 'thread-line' }, [
          element('span', { className: 'integration', text: thread.IntegrationName }),
          ...(thread.IsUnread ? [element('span', { className: 'badge', text: 'Unread' })] : []),
          ...(thread.IsResolved ? [element('span', { className: 'badge resolved-badge', text: 'Resolved' })] : []),
        ]),
      ],
    );
    button.addEventListener('click', () => guarded(() => openThread(thread.Id)));
    return element('li', {}, [button]);
  });
  $('thread-list').replaceChildren(...items);
  $('threads-empty').hidden = items.length > 0;
}

// ---- conversation -----------------------------------------------------------------------------------------------

async function openThread(id) {
  state.selectedId = id;
  document.body.classList.add('showing-conversation');
  $('conversation').hidden = false;
  $('no-conversation').hidden = true;
  await loadConversation();
  await loadThreads();
  $('reply').focus();
}

function selectedThread() {
  return state.threads.find((thread) => thread.Id === state.selectedId);
}

async function loadConversation() {
  const id = state.selectedId;
  if (!id) return;
  const result = await call('messages/getAll', { MessageThreadId: id, Limitation: { Count: PAGE } });
  if (id !== state.selectedId) return;
  const thread = selectedThread() ?? (await findThread(id));
  renderConversation(thread, [...result.Messages].reverse());
}

/** A thread that is not in the current list (filtered out), looked up by its own listing. */
async function findThread(id) {
  for (const isResolved of [false, true]) {
    const threads = await fetchThreads(isResolved).catch(() => []);
    const found = threads.find((thread) => thread.Id === id);
    if (found) return found;
  }
  return null;
}

function renderConversation(thread, messages) {
  if (thread) {
    $('conversation-title').textContent = thread.Subject;
    $('conversation-meta').textContent = `${thread.OriginalSender} · via ${thread.IntegrationName}`;
    $('conversation-status').textContent = thread.IsResolved ? 'Resolved' : 'Open';
    const toggle = $('toggle-resolved');
    toggle.textContent = thread.IsResolved ? 'Reopen' : 'Mark resolved';
    toggle.dataset.resolved = String(thread.IsResolved);
  }
  const guest = thread?.OriginalSender ?? 'Guest';
  const items = messages.map((message) => {
    const fromStaff = message.Sender.Discriminator === 'Enterprise';
    return element('li', { className: `message ${fromStaff ? 'from-staff' : 'from-guest'}` }, [
      element('p', { className: 'author', text: fromStaff ? 'Staff' : `${guest} (guest)` }),
      element('p', { className: 'text', text: message.Text }),
      element('time', { text: formatTime(message.CreatedUtc), attributes: { datetime: message.CreatedUtc } }),
    ]);
  });
  if (items.length === 0) items.push(element('li', { className: 'empty', text: 'No messages yet.' }));
  $('messages').replaceChildren(...items);
  $('messages').lastElementChild?.scrollIntoView({ block: 'end' });
}

function closeThread() {
  state.selectedId = null;
  document.body.classList.remove('showing-conversation');
  $('conversation').hidden = true;
  $('no-conversation').hidden = false;
  renderThreads();
  $('thread-list').querySelector('button')?.focus();
}

async function sendReply(event) {
  event.preventDefault();
  const text = $('reply').value;
  if (!text.trim() || !state.selectedId) return;
  const button = event.submitter ?? $('reply-form').querySelector('button');
  button.disabled = true;
  try {
    await call('messages/add', { MessageThreadId: state.selectedId, Text: text });
    $('reply').value = '';
    await loadThreads();
    await loadConversation();
  } finally {
    button.disabled = false;
  }
}

async function toggleResolved() {
  const resolved = $('toggle-resolved').dataset.resolved === 'true';
  await call(resolved ? 'messageThreads/reopen' : 'messageThreads/resolve', { MessageThreadId: state.selectedId });
  await loadThreads();
  await loadConversation();
}

// ---- live updates -----------------------------------------------------------------------------------------------

const refreshFromEvents = debounce(() => guarded(loadThreads), 100);
// The open conversation is read again first, so that the list then shows it read.
const refreshConversation = debounce(
  () =>
    guarded(async () => {
      await loadConversation();
      await loadThreads();
    }),
  100,
);

function startListening() {
  state.events?.close();
  state.events = listen({
    onEvent(event) {
      if (event.MessageThreadId === state.selectedId) refreshConversation();
      else refreshFromEvents();
    },
    onOpen() {
      $('live').textContent = 'Live';
      // Whatever happened while disconnected is caught up by reading the lists again.
      refreshFromEvents();
    },
    onError(closed) {
      $('live').textContent = closed ? 'Offline: reload the page' : 'Reconnecting…';
      if (closed) guarded(currentStaff).then((staff) => staff === null && showSignIn());
    },
  });
}

// ---- sign in and out ---------------------------------------------------------------------------------------------

function showSignIn() {
  state.events?.close();
  state.events = null;
  state.staff = null;
  $('inbox').hidden = true;
  $('sign-in').hidden = false;
  $('email').focus();
}

async function showInbox(staff) {
  state.staff = staff;
  $('who').textContent = `${staff.Name} · ${staff.EnterpriseName}`;
  $('sign-in').hidden = true;
  $('inbox').hidden = false;
  await loadThreads();
  startListening();
}

async function submitSignIn(event) {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  try {
    const staff = await signIn($('email').value, $('password').value);
    $('password').value = '';
    await showInbox(staff);
  } catch (error) {
    showError('sign-in-error', error);
  }
}

function wire() {
  $('sign-in-form').addEventListener('submit', submitSignIn);
  $('sign-out').addEventListener('click', () => signOut().finally(showSignIn));
  $('filter').addEventListener('change', () => {
    state.filter = $('filter').value;
    guarded(loadThreads);
  });
  $('search').addEventListener(
    'input',
    debounce(() => {
      state.search = $('search').value.trim();
      guarded(loadThreads);
    }, 250),
  );
  $('reply-form').addEventListener('submit', (event) => guarded(() => sendReply(event), 'reply-error'));
  $('reply').addEventListener('keydown', (event) => {
    // Ctrl/Cmd+Enter sends, as in most chat tools; Enter alone makes a new line.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) $('reply-form').requestSubmit();
  });
  $('toggle-resolved').addEventListener('click', () => guarded(toggleResolved, 'reply-error'));
  $('back').addEventListener('click', closeThread);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.selectedId) closeThread();
  });
}

wire();
guarded(async () => {
  const staff = await currentStaff();
  if (staff) await showInbox(staff);
  else showSignIn();
});

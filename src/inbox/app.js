// The staff inbox. Every piece of text from the API is put into the page with textContent, never parsed as HTML.
import { ApiError, call, currentStaff, describeFailure, listen, signIn, signOut } from './api.js';
import { notificationsEnabled, notifyGuestMessage, setNotificationsEnabled } from './notifications.js';
import { element } from '../ui-common/dom.js';
import { clockTime, dayLabel, fullTime, sameDay, shortTime } from './time.js';

/** Threads a page of the list, read when it is scrolled near its end; messages of a conversation. */
const THREAD_PAGE = 100;
const MESSAGE_PAGE = 200;
/** The most a request returns (the API's Limitation.Count); a live refresh rereads at most this many threads. */
const MAX_PAGE = 1000;
const $ = (id) => document.getElementById(id);

const state = {
  staff: null,
  filter: 'open',
  /** '', 'Mine' or 'Unassigned': the list's assignment filter. */
  assignment: '',
  search: '',
  /** The enterprise's staff, who threads can be assigned to. */
  colleagues: [],
  /** The enterprise's quick replies, and the picker's state while it is open in the reply box. */
  quickReplies: [],
  picker: { open: false, matches: [], active: 0 },
  threads: [],
  /** Where the next page of the list starts, and whether there may be one. */
  cursor: null,
  hasMore: false,
  /** Threads of each filter for the search, from the list's first page: { Open, Resolved, All }. */
  counts: null,
  /** The thread chosen in the list. */
  selectedId: null,
  /**
   * The thread whose conversation is on screen, or null while the selected one loads. The reply box and the
   * resolve button act on this thread only, and only when it is the selected one.
   */
  shownId: null,
  /** Unsent reply text per thread, so that switching threads never carries a reply over to another guest. */
  drafts: new Map(),
  /** Sequence numbers of the latest requests: an answer to an older one is never rendered over a newer choice. */
  listRequest: 0,
  conversationRequest: 0,
  /** The list row the keyboard was last on, where it returns after a conversation. */
  lastFocusedId: null,
  /** Whether a reply is on its way: the reply box stays disabled until it is stored or refused. */
  sending: false,
  /** The request for the list's next page while one is on its way. */
  loadingMore: null,
  /** MessageAdded ids from the live events (with when they came), not yet seen in a listing: what may be announced. */
  arrivedMessages: new Map(),
  events: null,
};

function timeElement(utc, text, className) {
  return element('time', { className, text, attributes: { datetime: utc, title: fullTime(utc) } });
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A 401 anywhere means the session is gone: back to the sign-in form. Other failures go to `onError`. */
async function guarded(work, onError = (error) => console.error(error)) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showSignIn();
    onError(error);
  }
}

// ---- threads ----------------------------------------------------------------------------------------------------

/** The filter's threads by latest activity; "all" is one list over both states. */
function fetchThreads({ count = THREAD_PAGE, cursor = null } = {}) {
  return call('messageThreads/getAll', {
    Limitation: { Count: count, Cursor: cursor },
    IsResolved: { open: false, resolved: true, all: null }[state.filter],
    Search: state.search || null,
    Assignment: state.assignment || null,
  });
}

function setListStatus(text, { error = false } = {}) {
  const status = $('threads-status');
  status.hidden = !text;
  status.textContent = text ?? '';
  status.classList.toggle('error', error);
  status.setAttribute('role', error ? 'alert' : 'status');
}

/**
 * Reads the list from its start for the current filter and search; `visibly` shows that it is loading (sign-in,
 * filter, search) and starts again from one page. A live refresh rereads as many threads as are listed, so that the
 * pages scrolled through stay.
 */
async function loadThreads({ visibly = false } = {}) {
  const request = ++state.listRequest;
  if (visibly) {
    setListStatus('Loading conversations…');
    $('thread-list').setAttribute('aria-busy', 'true');
  }
  const count = visibly ? THREAD_PAGE : Math.min(MAX_PAGE, Math.max(THREAD_PAGE, state.threads.length));
  try {
    const result = await fetchThreads({ count });
    if (request !== state.listRequest) return;
    // A page appended while this was read is not in it: read again, as many as are listed now.
    if (!visibly && Math.min(MAX_PAGE, state.threads.length) > count) return await loadThreads();
    if (visibly) $('thread-list').scrollTop = 0;
    state.threads = result.MessageThreads;
    state.cursor = result.Cursor;
    state.hasMore = result.MessageThreads.length === count;
    state.counts = result.Counts;
    renderCounts();
    renderThreads();
    announceArrivals(state.threads.map((thread) => ({ thread, message: thread.LastMessage })));
  } catch (error) {
    if (request !== state.listRequest) return;
    if (error instanceof ApiError && error.status === 401) throw error;
    setListStatus(describeFailure('Could not load the conversations', error), { error: true });
  } finally {
    if (request === state.listRequest) $('thread-list').removeAttribute('aria-busy');
  }
}

/** The next page of the list, appended; null once there is none, or when the list was read again meanwhile. */
async function loadMoreThreads() {
  if (state.loadingMore) return state.loadingMore;
  if (!state.hasMore) return null;
  const request = state.listRequest;
  state.loadingMore = fetchThreads({ cursor: state.cursor })
    .then((result) => {
      if (request !== state.listRequest) return null;
      const listed = new Set(state.threads.map((thread) => thread.Id));
      // A thread that moved up since the list was read is already listed; it is not repeated.
      const added = result.MessageThreads.filter((thread) => !listed.has(thread.Id));
      state.threads.push(...added);
      state.cursor = result.Cursor ?? state.cursor;
      state.hasMore = result.MessageThreads.length === THREAD_PAGE;
      appendThreads(added);
      setListStatus(null);
      announceArrivals(added.map((thread) => ({ thread, message: thread.LastMessage })));
      return added;
    })
    .then(
      (added) => {
        state.loadingMore = null;
        watchListEnd();
        return added;
      },
      (error) => {
        state.loadingMore = null;
        if (error instanceof ApiError && error.status === 401) return showSignIn();
        if (request === state.listRequest) setListStatus(describeFailure('Could not load more conversations', error), { error: true });
        // Tried again when the list is next scrolled (or the keyboard asks), not at once in a loop while it fails.
        $('thread-list').addEventListener('scroll', watchListEnd, { once: true });
        return null;
      },
    );
  return state.loadingMore;
}

const numberFormat = new Intl.NumberFormat();

/** Each filter's count in its option: "Open (10,000)". */
function renderCounts() {
  for (const option of $('filter').options) {
    const label = { open: 'Open', resolved: 'Resolved', all: 'All' }[option.value];
    const count = state.counts?.[label];
    option.textContent = count === undefined ? label : `${label} (${numberFormat.format(count)})`;
  }
}

function emptyListText() {
  if (state.search) return `No threads match “${state.search}”`;
  if (state.assignment === 'Mine') return 'No conversations assigned to you.';
  if (state.assignment === 'Unassigned') return 'No unassigned conversations.';
  return { open: 'No open conversations.', resolved: 'No resolved conversations.', all: 'No conversations yet.' }[state.filter];
}

/** The thread the list's Tab stop is on: the open one, else the one last focused, else the first. */
function tabStopId() {
  const ids = state.threads.map((thread) => thread.Id);
  return [state.selectedId, state.lastFocusedId].find((id) => id && ids.includes(id)) ?? ids[0];
}

function threadItem(thread, stop) {
  const preview = thread.LastMessage
    ? `${thread.LastMessage.Sender.Discriminator === 'Enterprise' ? `${staffName(thread.LastMessage.Author, 'You')}: ` : ''}${thread.LastMessage.Text}`
    : 'No messages yet';
  const assignee = thread.AssignedStaff ? `Assigned to ${staffName(thread.AssignedStaff, 'you')}` : 'Unassigned';
  const button = element(
    'button',
    {
      className: `thread${thread.IsUnread ? ' unread' : ''}${thread.IsResolved ? ' resolved' : ''}`,
      attributes: {
        type: 'button',
        'data-thread-id': thread.Id,
        tabindex: thread.Id === stop ? '0' : '-1',
        ...(thread.Id === state.selectedId && { 'aria-current': 'true' }),
      },
    },
    [
      element('span', { className: 'thread-line' }, [
        element('span', { className: 'guest', text: thread.OriginalSender }),
        timeElement(thread.UpdatedUtc, shortTime(thread.UpdatedUtc), 'time relative'),
      ]),
      element('span', { className: 'subject', text: thread.Subject }),
      element('span', { className: 'preview', text: preview }),
      element('span', { className: 'thread-line' }, [
        element('span', { className: 'application', text: thread.ApplicationName }),
        element('span', { className: `assignee${thread.AssignedStaff ? '' : ' nobody'}`, text: assignee }),
        ...(thread.IsUnread ? [element('span', { className: 'badge', text: 'Unread' })] : []),
        ...(thread.IsResolved ? [element('span', { className: 'badge resolved-badge', text: 'Resolved' })] : []),
      ]),
    ],
  );
  return element('li', {}, [button]);
}

/** The last item of the list while there may be more: scrolled near, it reads the next page. */
const listEnd = element('li', { className: 'more', text: 'Loading more conversations…', attributes: { 'aria-hidden': 'true' } });

const listEndObserver = new IntersectionObserver(
  (entries) => {
    if (entries.some((entry) => entry.isIntersecting)) guarded(loadMoreThreads);
  },
  { root: $('thread-list'), rootMargin: '0px 0px 50% 0px' },
);

/** Watches the end of the list again: a new observation reports at once whether it is already in view. */
function watchListEnd() {
  listEndObserver.disconnect();
  listEnd.hidden = !state.hasMore;
  if (state.hasMore && listEnd.isConnected) listEndObserver.observe(listEnd);
}

function renderThreads() {
  const focusedId = document.activeElement?.closest?.('#thread-list')
    ? document.activeElement.getAttribute('data-thread-id')
    : null;
  const stop = tabStopId();
  const items = state.threads.map((thread) => threadItem(thread, stop));
  $('thread-list').replaceChildren(...items, listEnd);
  watchListEnd();
  setListStatus(items.length === 0 ? emptyListText() : null);
  // The open conversation's assignment follows the list, which live events keep current.
  const selected = threadById(state.selectedId);
  if (selected) renderAssignment(selected);
  // A live refresh replaces the rows; the keyboard stays on the row it was on, and the list where it was scrolled.
  if (focusedId) threadButton(focusedId)?.focus({ preventScroll: true });
  renderTitle();
}

/** Adds a page's threads at the end of the list, leaving the rows above (and the keyboard) where they are. */
function appendThreads(threads) {
  const stop = $('thread-list').querySelector('.thread[tabindex="0"]') ? null : tabStopId();
  listEnd.before(...threads.map((thread) => threadItem(thread, stop)));
  renderTitle();
}

function renderTitle() {
  const unread = state.threads.filter((thread) => thread.IsUnread).length;
  document.title = unread > 0 ? `(${unread}) Inbox` : 'Inbox';
}

function threadButton(id) {
  return id ? $('thread-list').querySelector(`[data-thread-id="${CSS.escape(id)}"]`) : null;
}

/**
 * Arrow keys, Home and End move through the list; Tab leaves it (one Tab stop, on the current row). End goes to the
 * last thread listed and reads the next page; ArrowDown on the last one waits for it and moves on into it.
 */
async function moveInList(event) {
  const buttons = () => [...$('thread-list').querySelectorAll('.thread')];
  const listed = buttons();
  const index = listed.indexOf(document.activeElement);
  if (index < 0) return;
  const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: listed.length - 1 }[event.key];
  if (target === undefined) return;
  event.preventDefault();
  // By thread, not by element: a live refresh meanwhile replaces the rows, and the keyboard stays on the same thread.
  const fromId = document.activeElement.getAttribute('data-thread-id');
  const stillOnFrom = () => document.activeElement?.getAttribute('data-thread-id') === fromId;
  let rows = listed;
  if (target >= listed.length - 1 && state.hasMore) {
    const more = loadMoreThreads();
    if (target === listed.length) {
      // ArrowDown on the last row goes on once the next page is there, unless the keyboard moved meanwhile. A live
      // refresh meanwhile rereads the list and drops the page being read: it is asked for again (a few times at most,
      // so that a failing server is not asked in a loop).
      let added = await more;
      for (let tries = 1; !added && tries < 3 && stillOnFrom() && state.hasMore; tries++) added = await loadMoreThreads();
      if (added && stillOnFrom()) rows = buttons();
    }
  }
  const next = rows[Math.max(0, Math.min(rows.length - 1, target))];
  if (!next || (rows !== listed && !stillOnFrom())) return;
  for (const button of rows) button.tabIndex = button === next ? 0 : -1;
  next.focus();
}

/** Where the keyboard goes in the list: the given thread's row if listed, else the Tab stop, else the search box. */
function focusList(id) {
  (threadButton(id) ?? $('thread-list').querySelector('[tabindex="0"]') ?? $('search')).focus();
}

// ---- conversation -----------------------------------------------------------------------------------------------

function threadById(id) {
  return state.threads.find((thread) => thread.Id === id);
}

/** Whether the reply box and the resolve button act on what the staff member sees: the selected thread, loaded. */
function conversationReady() {
  return state.shownId !== null && state.shownId === state.selectedId;
}

function setConversationReady() {
  const ready = conversationReady();
  $('reply-fields').disabled = !ready || state.sending;
  $('toggle-resolved').disabled = !ready;
  $('assignee').disabled = !ready;
  $('assign-to-me').disabled = !ready;
  if (!ready) closePicker();
  $('conversation').setAttribute('aria-busy', String(!ready));
}

function keepDraft() {
  if (state.shownId) state.drafts.set(state.shownId, $('reply').value);
}

async function openThread(id) {
  if (id === state.selectedId && conversationReady()) return $('reply').focus();
  keepDraft();
  state.selectedId = id;
  state.shownId = null;
  document.body.classList.add('showing-conversation');
  $('conversation').hidden = false;
  $('no-conversation').hidden = true;
  $('reply-error').textContent = '';
  $('reply').value = '';
  // The previous conversation leaves the screen at once: what is shown is always the selected thread, loading.
  renderHeader(threadById(id));
  $('messages').replaceChildren(element('li', { className: 'loading', text: 'Loading conversation…' }));
  setConversationReady();
  renderThreads();
  const loaded = await loadConversation();
  if (loaded && id === state.selectedId) {
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('#thread-list')) $('reply').focus();
  }
  await loadThreads();
}

/** Reads the selected thread's messages and shows them, unless another thread was chosen meanwhile. */
async function loadConversation() {
  const id = state.selectedId;
  if (!id) return false;
  const request = ++state.conversationRequest;
  const isCurrent = () => request === state.conversationRequest && id === state.selectedId;
  let result;
  try {
    result = await call('messages/getAll', { MessageThreadId: id, Limitation: { Count: MESSAGE_PAGE } });
  } catch (error) {
    if (!isCurrent()) return false;
    if (error instanceof ApiError && error.status === 401) throw error;
    if (state.shownId !== id) {
      $('messages').replaceChildren(element('li', { className: 'error', text: describeFailure('Could not load this conversation', error) }));
    }
    return false;
  }
  const thread = threadById(id) ?? (await findThread(id));
  if (!isCurrent()) return false;
  const firstShowing = state.shownId !== id;
  const messages = [...result.Messages].reverse();
  renderHeader(thread);
  renderMessages(thread, messages);
  state.shownId = id;
  if (firstShowing) $('reply').value = state.drafts.get(id) ?? '';
  setConversationReady();
  if (thread) announceArrivals(messages.map((message) => ({ thread, message })));
  return true;
}

/** A thread that is not in the current list (filtered out), looked up among the latest threads of any state. */
async function findThread(id) {
  const result = await call('messageThreads/getAll', { Limitation: { Count: MAX_PAGE }, IsResolved: null }).catch(() => null);
  return result?.MessageThreads.find((thread) => thread.Id === id) ?? null;
}

function renderHeader(thread) {
  $('conversation-title').textContent = thread?.Subject ?? '';
  $('conversation-meta').textContent = thread ? `${thread.OriginalSender} · via ${thread.ApplicationName}` : '';
  $('conversation-status').textContent = thread ? (thread.IsResolved ? 'Resolved' : 'Open') : '';
  const toggle = $('toggle-resolved');
  toggle.hidden = !thread;
  toggle.textContent = thread?.IsResolved ? 'Reopen' : 'Mark resolved';
  toggle.dataset.resolved = String(thread?.IsResolved ?? false);
  renderAssignment(thread);
}

/** A staff member's name as the signed-in one reads it: `self` for themselves. */
function staffName(staff, self) {
  if (!staff) return 'Staff';
  return staff.Id === state.staff?.Id ? self : staff.Name;
}

/** The conversation's "Assigned to" choice: nobody, or one of the staff (a colleague added since is added to it). */
function renderAssignment(thread) {
  const select = $('assignee');
  const assigned = thread?.AssignedStaff ?? null;
  const people = [...state.colleagues];
  if (assigned && !people.some((person) => person.Id === assigned.Id)) people.push(assigned);
  $('assign-to-me').hidden = !thread || assigned?.Id === state.staff?.Id;
  // Live refreshes leave the choice alone (an open drop-down stays open) unless it changed.
  const key = JSON.stringify([assigned?.Id, people.map((person) => person.Id)]);
  if (select.dataset.key === key) return;
  select.dataset.key = key;
  select.replaceChildren(
    element('option', { text: 'Nobody', attributes: { value: '' } }),
    ...people.map((person) =>
      element('option', { text: person.Id === state.staff?.Id ? `${person.Name} (you)` : person.Name, attributes: { value: person.Id } }),
    ),
  );
  select.value = assigned?.Id ?? '';
}

function renderMessages(thread, messages) {
  const guest = thread?.OriginalSender ?? 'Guest';
  const items = [];
  messages.forEach((message, index) => {
    // A day separator before the first message of each day.
    if (index === 0 || !sameDay(messages[index - 1].CreatedUtc, message.CreatedUtc)) {
      items.push(element('li', { className: 'day', attributes: { role: 'separator' } }, [timeElement(message.CreatedUtc, dayLabel(message.CreatedUtc))]));
    }
    const fromStaff = message.Sender.Discriminator === 'Enterprise';
    items.push(
      element('li', { className: `message ${fromStaff ? 'from-staff' : 'from-guest'}` }, [
        element('p', { className: 'author', text: fromStaff ? staffName(message.Author, 'You') : `${guest} (guest)` }),
        element('p', { className: 'text', text: message.Text }),
        timeElement(message.CreatedUtc, clockTime(message.CreatedUtc)),
      ]),
    );
  });
  if (items.length === 0) items.push(element('li', { className: 'empty', text: 'No messages yet.' }));
  $('messages').replaceChildren(...items);
  $('messages').lastElementChild?.scrollIntoView({ block: 'end' });
}

function closeThread() {
  const left = state.selectedId;
  keepDraft();
  state.selectedId = null;
  state.shownId = null;
  state.lastFocusedId = left;
  document.body.classList.remove('showing-conversation');
  $('conversation').hidden = true;
  $('no-conversation').hidden = false;
  renderThreads();
  focusList(left);
}

async function sendReply(event) {
  event.preventDefault();
  // The reply goes to the thread on screen, and only when that is the one selected (the form is disabled otherwise).
  if (!conversationReady()) return;
  const threadId = state.shownId;
  const text = $('reply').value;
  if (!text.trim()) return;
  const guest = threadById(threadId)?.OriginalSender ?? 'the guest';
  closePicker();
  $('reply-error').textContent = '';
  $('send').textContent = 'Sending…';
  state.sending = true;
  setConversationReady();
  try {
    await call('messages/add', { MessageThreadId: threadId, Text: text });
    state.drafts.delete(threadId);
    if (state.shownId === threadId) $('reply').value = '';
    await loadConversation();
    await loadThreads();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    // The text stays in the box (or in this thread's draft) to send again.
    $('reply-error').textContent = `${describeFailure(`Your reply to ${guest} was not sent`, error)} Your text is kept; try again.`;
  } finally {
    state.sending = false;
    $('send').textContent = 'Send';
    setConversationReady();
    if (conversationReady()) $('reply').focus();
  }
}

async function toggleResolved() {
  if (!conversationReady()) return;
  const resolved = $('toggle-resolved').dataset.resolved === 'true';
  $('reply-error').textContent = '';
  try {
    await call(resolved ? 'messageThreads/reopen' : 'messageThreads/resolve', { MessageThreadId: state.shownId });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    $('reply-error').textContent = describeFailure(resolved ? 'The thread was not reopened' : 'The thread was not resolved', error);
    return;
  }
  await loadThreads();
  await loadConversation();
}

async function assign(staffId) {
  if (!conversationReady()) return;
  const threadId = state.shownId;
  $('reply-error').textContent = '';
  try {
    const result = await call('messageThreads/assign', { MessageThreadId: threadId, StaffId: staffId });
    const thread = threadById(threadId);
    if (thread) thread.AssignedStaff = result.AssignedStaff;
    if (state.shownId === threadId) renderAssignment(thread ?? { AssignedStaff: result.AssignedStaff });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    $('reply-error').textContent = describeFailure('The thread was not assigned', error);
    // The drop-down goes back to the assignment as it stands.
    delete $('assignee').dataset.key;
    renderAssignment(threadById(threadId));
    return;
  }
  await loadThreads();
}

// ---- quick replies ----------------------------------------------------------------------------------------------

async function loadQuickReplies() {
  const result = await call('quickReplies/getAll');
  state.quickReplies = result.QuickReplies;
  if (state.picker.open) updatePicker();
  if ($('quick-replies-dialog').open) renderQuickReplyList();
}

/** The manager's list: each saved text with its Remove button. */
function renderQuickReplyList() {
  const items = state.quickReplies.map((reply) =>
    element('li', { className: 'saved-quick-reply' }, [
      element('p', { className: 'text', text: reply.Text }),
      element('button', {
        className: 'secondary',
        text: 'Remove',
        attributes: { type: 'button', 'data-quick-reply-id': reply.Id, 'aria-label': `Remove quick reply: ${reply.Text.slice(0, 60)}` },
      }),
    ]),
  );
  if (items.length === 0) items.push(element('li', { className: 'empty', text: 'No quick replies yet.' }));
  $('quick-reply-list').replaceChildren(...items);
}

function openQuickReplyManager() {
  $('quick-reply-error').textContent = '';
  renderQuickReplyList();
  $('quick-replies-dialog').showModal();
  $('new-quick-reply').focus();
  guarded(loadQuickReplies, (error) => ($('quick-reply-error').textContent = describeFailure('Could not load the quick replies', error)));
}

async function addQuickReplyFromForm(event) {
  event.preventDefault();
  const text = $('new-quick-reply').value;
  if (!text.trim()) return;
  if (await changeQuickReplies('quickReplies/add', { Text: text }, 'The quick reply was not saved')) $('new-quick-reply').value = '';
}

function removeQuickReply(id) {
  return changeQuickReplies('quickReplies/remove', { QuickReplyId: id }, 'The quick reply was not removed');
}

/** Sends a change of the quick replies, then lists them again; a failure is said in the dialog. True once done. */
async function changeQuickReplies(operation, body, failure) {
  $('quick-reply-error').textContent = '';
  try {
    await call(operation, body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    $('quick-reply-error').textContent = describeFailure(failure, error);
    return false;
  }
  await loadQuickReplies();
  $('new-quick-reply').focus();
  return true;
}

/** What the reply box asks the picker for: the text after a `/` that starts it, on its first line; else null. */
function pickerQuery() {
  const match = /^\/([^\n]*)$/.exec($('reply').value);
  return match ? match[1].trim().toLowerCase() : null;
}

/** Opens, filters or closes the quick reply list as the reply box's text asks. */
function updatePicker() {
  const query = pickerQuery();
  if (query === null) return closePicker();
  const wasOpen = state.picker.open;
  // Every word typed, in any order: "/wifi pass" finds "Wi-Fi … password".
  const words = query.split(/\s+/).filter(Boolean);
  const matches = state.quickReplies.filter((reply) => words.every((word) => reply.Text.toLowerCase().includes(word)));
  state.picker = { open: true, matches, active: Math.min(wasOpen ? state.picker.active : 0, Math.max(0, matches.length - 1)) };
  if (!wasOpen) loadQuickReplies().catch(() => {});
  renderPicker(query);
}

function renderPicker(query) {
  const list = $('quick-replies');
  const { matches, active } = state.picker;
  const items = matches.map((reply, index) =>
    element('li', {
      className: 'quick-reply',
      text: reply.Text,
      attributes: { id: `quick-reply-${index}`, role: 'option', 'aria-selected': String(index === active), 'data-index': String(index) },
    }),
  );
  if (items.length === 0) {
    const text = state.quickReplies.length === 0 ? 'No quick replies yet.' : `No quick reply matches “${query}”.`;
    items.push(element('li', { className: 'empty', text, attributes: { role: 'presentation' } }));
  }
  list.replaceChildren(...items);
  list.hidden = false;
  $('reply').setAttribute('aria-expanded', 'true');
  if (matches.length > 0) $('reply').setAttribute('aria-activedescendant', `quick-reply-${active}`);
  else $('reply').removeAttribute('aria-activedescendant');
  list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
}

function closePicker() {
  state.picker = { open: false, matches: [], active: 0 };
  $('quick-replies').hidden = true;
  $('quick-replies').replaceChildren();
  $('reply').setAttribute('aria-expanded', 'false');
  $('reply').removeAttribute('aria-activedescendant');
}

/** Puts a quick reply's text in the reply box in place of the `/…` typed, ready to edit or send. */
function insertQuickReply(index) {
  const reply = state.picker.matches[index];
  if (!reply) return;
  const box = $('reply');
  box.value = reply.Text;
  closePicker();
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
}

/** The picker's keys while it is open: arrows move, Enter inserts, Escape closes (and only closes). */
function pickerKeys(event) {
  if (!state.picker.open) return false;
  const { matches, active } = state.picker;
  if (event.key === 'Escape') {
    event.stopPropagation();
    closePicker();
  } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && matches.length > 0) {
    const step = event.key === 'ArrowDown' ? 1 : -1;
    state.picker.active = (active + step + matches.length) % matches.length;
    renderPicker(pickerQuery() ?? '');
  } else if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.shiftKey && matches.length > 0) {
    insertQuickReply(active);
  } else {
    return false;
  }
  event.preventDefault();
  return true;
}

// ---- live updates -----------------------------------------------------------------------------------------------

/** A sound and notice for each newly arrived guest message among `entries`, when this browser has them on. */
function announceArrivals(entries) {
  for (const { thread, message } of entries) {
    if (!message || !state.arrivedMessages.delete(message.Id)) continue;
    if (message.Sender.Discriminator === 'Enterprise') continue;
    if (thread.Id === state.shownId && document.hasFocus()) continue;
    notifyGuestMessage({ guest: thread.OriginalSender, text: message.Text, threadId: thread.Id });
  }
  // A message no listing shows (filtered out, or not the last of its thread) is no longer news after a minute.
  for (const [id, arrived] of state.arrivedMessages) if (Date.now() - arrived > 60_000) state.arrivedMessages.delete(id);
}

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

function setLive(text, kind) {
  $('live').textContent = text;
  $('live').dataset.state = kind;
}

function startListening() {
  state.events?.close();
  state.events = listen({
    onEvent(event) {
      if (event.Discriminator === 'MessageAdded') state.arrivedMessages.set(event.MessageId, Date.now());
      if (event.MessageThreadId === state.selectedId) refreshConversation();
      else refreshFromEvents();
    },
    onOpen() {
      setLive('Live', 'live');
      // Whatever happened while disconnected is caught up by reading the lists again.
      refreshFromEvents();
    },
    onError(closed) {
      if (closed) setLive('Offline: reload the page', 'offline');
      else setLive('Reconnecting…', 'reconnecting');
      if (closed) guarded(currentStaff).then((staff) => staff === null && showSignIn());
    },
  });
}

/** Relative times ("5 min ago") move on while the page stays open. */
function refreshTimes() {
  for (const time of $('thread-list').querySelectorAll('time.relative')) time.textContent = shortTime(time.dateTime);
}

// ---- sign in and out ---------------------------------------------------------------------------------------------

function showSignIn() {
  state.events?.close();
  state.events = null;
  state.staff = null;
  // Nothing of the previous session stays for whoever signs in next.
  Object.assign(state, {
    threads: [],
    cursor: null,
    hasMore: false,
    counts: null,
    selectedId: null,
    shownId: null,
    lastFocusedId: null,
    colleagues: [],
    quickReplies: [],
  });
  renderCounts();
  closePicker();
  $('quick-replies-dialog').close();
  delete $('assignee').dataset.key;
  state.drafts.clear();
  state.arrivedMessages.clear();
  $('thread-list').replaceChildren();
  watchListEnd();
  $('messages').replaceChildren();
  $('reply').value = '';
  $('conversation').hidden = true;
  $('no-conversation').hidden = false;
  document.body.classList.remove('showing-conversation');
  document.title = 'Inbox';
  $('inbox').hidden = true;
  $('sign-in').hidden = false;
  $('email').focus();
}

async function showInbox(staff) {
  state.staff = staff;
  $('who').textContent = `${staff.Name} · ${staff.EnterpriseName}`;
  $('notify').checked = notificationsEnabled();
  $('sign-in').hidden = true;
  $('inbox').hidden = false;
  $('search').focus();
  // Who threads can be assigned to, and the quick replies: the list does not wait for them.
  call('staff/getAll').then(
    (result) => {
      state.colleagues = result.StaffMembers;
      if (state.selectedId) renderAssignment(threadById(state.selectedId));
    },
    () => {},
  );
  loadQuickReplies().catch(() => {});
  await loadThreads({ visibly: true });
  if (document.activeElement === $('search') && !$('search').value) focusList(null);
  startListening();
}

async function submitSignIn(event) {
  event.preventDefault();
  const button = $('sign-in-button');
  $('sign-in-error').textContent = '';
  button.disabled = true;
  button.textContent = 'Signing in…';
  let staff;
  try {
    staff = await signIn($('email').value, $('password').value);
    $('password').value = '';
  } catch (error) {
    $('sign-in-error').textContent = describeFailure('Not signed in', error);
    return;
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
  await guarded(() => showInbox(staff));
}

function wire() {
  $('sign-in-form').addEventListener('submit', submitSignIn);
  $('sign-out').addEventListener('click', () => signOut().finally(showSignIn));
  $('notify').addEventListener('change', () => setNotificationsEnabled($('notify').checked));
  $('filter').addEventListener('change', () => {
    state.filter = $('filter').value;
    guarded(() => loadThreads({ visibly: true }));
  });
  $('assignment').addEventListener('change', () => {
    state.assignment = $('assignment').value;
    guarded(() => loadThreads({ visibly: true }));
  });
  $('assignee').addEventListener('change', () => guarded(() => assign($('assignee').value || null)));
  $('assign-to-me').addEventListener('click', () =>
    guarded(async () => {
      await assign(state.staff.Id);
      // The button goes away once the thread is one's own; the keyboard stays on the assignment.
      if (document.activeElement === document.body || $('assign-to-me').hidden) $('assignee').focus();
    }),
  );
  $('search').addEventListener(
    'input',
    debounce(() => {
      state.search = $('search').value.trim();
      guarded(() => loadThreads({ visibly: true }));
    }, 250),
  );
  $('thread-list').addEventListener('click', (event) => {
    const button = event.target.closest('.thread');
    if (button) guarded(() => openThread(button.dataset.threadId));
  });
  $('thread-list').addEventListener('keydown', (event) => guarded(() => moveInList(event)));
  $('thread-list').addEventListener('focusin', (event) => {
    state.lastFocusedId = event.target.dataset?.threadId ?? state.lastFocusedId;
  });
  $('reply-form').addEventListener('submit', (event) => guarded(() => sendReply(event)));
  $('reply').addEventListener('keydown', (event) => {
    if (pickerKeys(event)) return;
    // Ctrl/Cmd+Enter sends, as in most chat tools; Enter alone makes a new line.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) $('reply-form').requestSubmit();
  });
  $('reply').addEventListener('input', updatePicker);
  $('reply').addEventListener('blur', closePicker);
  // mousedown would take the focus from the reply box (and close the list) before the click.
  $('manage-quick-replies').addEventListener('click', openQuickReplyManager);
  $('close-quick-replies').addEventListener('click', () => $('quick-replies-dialog').close());
  $('quick-reply-form').addEventListener('submit', (event) => guarded(() => addQuickReplyFromForm(event)));
  $('quick-reply-list').addEventListener('click', (event) => {
    const button = event.target.closest('[data-quick-reply-id]');
    if (button) guarded(() => removeQuickReply(button.dataset.quickReplyId));
  });
  $('quick-replies').addEventListener('mousedown', (event) => event.preventDefault());
  $('quick-replies').addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) insertQuickReply(Number(option.dataset.index));
  });
  $('toggle-resolved').addEventListener('click', () => guarded(toggleResolved));
  $('back').addEventListener('click', closeThread);
  document.addEventListener('keydown', (event) => {
    // Escape in the quick replies dialog closes the dialog (the browser does), not the conversation behind it.
    if (event.key === 'Escape' && state.selectedId && !$('quick-replies-dialog').open) closeThread();
  });
  setInterval(refreshTimes, 30_000);
}

wire();
guarded(async () => {
  const staff = await currentStaff();
  if (staff) await showInbox(staff);
  else showSignIn();
}, (error) => {
  showSignIn();
  $('sign-in-error').textContent = describeFailure('The inbox could not start', error);
});

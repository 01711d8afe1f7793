// The integrators' console, over the admin API (and the Connector API for a sandbox's threads). Every piece of text
// from an API is put into the page with textContent, never parsed as HTML.
import { ApiError, describeFailure, postJson, reach, refusal } from '../ui-common/api-error.js';
import { element } from '../ui-common/dom.js';

const TOKEN_KEY = 'console.adminToken';
/** How often the deliveries and the fault rules are read again while the page is visible. */
const POLL_MS = 2000;
const JOURNAL_PAGE = 50;
/** How long after the journal's stream drops it is opened again: what the server's `retry:` asks for too. */
const RECONNECT_MS = 2000;
const DELIVERY_PAGE = 50;
/** Threads updated in this many days are offered for a reply (the Connector API allows at most 3 months). */
const THREAD_DAYS = 60;
const DAY_MS = 86_400_000;
const $ = (id) => document.getElementById(id);

const state = {
  settings: null,
  token: null,
  /** Whether the token is the public sandbox one, so that there is nothing to sign out of. */
  publicToken: false,
  sandboxes: [],
  applications: [],
  /** The chosen sandbox's Id (or, without the sandbox API, the chosen application's Id). */
  selectedId: null,
  /** Panels whose API answered 404: not offered on this server. */
  missing: new Set(),
  poll: null,
  journal: {
    /** The AbortController of the chosen sandbox's live journal stream, and whether that stream is open. */
    stream: null,
    open: false,
    /** What the list shows, newest first: the first page as last read, and the entries streamed since. */
    entries: [],
    /** The entries streamed since the last reread began: its answer may have been read before they were stored. */
    arrived: [],
    /** Which reread is the latest: an answer to an older one (another filter) is not shown. */
    read: 0,
  },
};

async function admin(operation, body = {}) {
  return postJson(`${state.settings.AdminApi}/${operation}`, body, { headers: { authorization: `Bearer ${state.token}` } });
}

const connector = (operation, body) => postJson(`/api/connector/v1/${operation}`, body);

/** Runs `work`; a 401 sends the page back to the sign-in form, a 404 hides `panel`, other failures go to `onError`. */
async function guarded(work, { panel, onError = showLoadError } = {}) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showSignIn('The admin token was refused: sign in again.');
    if (panel && error instanceof ApiError && error.status === 404) return hidePanel(panel);
    onError(error);
  }
}

function showLoadError(error) {
  setText('load-error-text', describeFailure('Could not load the console', error));
  $('load-error').hidden = false;
}

function hidePanel(panel) {
  state.missing.add(panel);
  $(`panel-${panel}`).hidden = true;
}

function showPanel(panel, shown = true) {
  $(`panel-${panel}`).hidden = !shown || state.missing.has(panel);
}

function setText(id, text) {
  $(id).textContent = text ?? '';
}

/** Disables `button` while `work` runs, so that a slow answer is never asked for twice. */
async function busy(button, work) {
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = false;
  }
}

/** The value of a number input, or undefined when it is empty (the API's default then applies). */
function numberOf(id) {
  const value = $(id).value.trim();
  return value === '' ? undefined : Number(value);
}

const selectedSandbox = () => state.sandboxes.find((sandbox) => sandbox.Id === state.selectedId) ?? null;

/** The application whose deliveries are shown: the sandbox's (matched by its ClientToken), or the one chosen. */
function selectedApplicationId() {
  const sandbox = selectedSandbox();
  if (!sandbox) return state.selectedId;
  return state.applications.find((application) => application.ClientToken === sandbox.ClientToken)?.Id ?? null;
}

/**
 * Replaces the items of `list` when they changed, keeping which ones were open and where the keyboard was: the
 * lists are read again every few seconds, and must not close what someone is reading.
 */
function renderList(list, items, { key, build, empty }) {
  const signature = JSON.stringify(items);
  if (list.dataset.signature === signature) return;
  list.dataset.signature = signature;
  const open = new Set([...list.querySelectorAll('details[open]')].map((node) => node.dataset.key));
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  const focusKey = focused?.closest('[data-key]')?.dataset.key;
  const focusRole = focused?.dataset.role;
  list.replaceChildren(
    ...(items.length ? items.map((item) => build(item)) : [element('li', { className: 'empty', text: empty })]),
  );
  for (const node of list.querySelectorAll('details[data-key]')) node.open = open.has(node.dataset.key);
  if (focusKey) {
    const item = list.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    (item?.querySelector(`[data-role="${focusRole}"]`) ?? item?.querySelector('summary'))?.focus();
  }
}

const json = (value) => JSON.stringify(value, null, 2);

/** "once", "2 times": how often something happened. */
const times = (count) => (count === 1 ? 'once' : `${count} times`);

/** A definition list of `fields` ([label, value]); objects are shown as JSON. */
function fieldList(fields) {
  return element(
    'dl',
    { className: 'fields' },
    fields
      .filter(([, value]) => value !== undefined)
      .flatMap(([label, value]) => [
        element('dt', { text: label }),
        element('dd', {}, [
          value !== null && typeof value === 'object' ? element('pre', { text: json(value) }) : element('span', { text: String(value ?? '—') }),
        ]),
      ]),
  );
}

function copyButton(label, value) {
  const button = element('button', { className: 'secondary copy', text: 'Copy', attributes: { type: 'button', 'aria-label': `Copy ${label}` } });
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed: select the text';
    }
    setTimeout(() => (button.textContent = 'Copy'), 2000);
  });
  return button;
}

// ---- sign-in ------------------------------------------------------------------------------------------------------

function showSignIn(message = '') {
  stopPolling();
  stopJournal();
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $('starting').hidden = true;
  $('console').hidden = true;
  $('sign-in').hidden = false;
  setText('sign-in-error', message);
  $('token').focus();
}

async function submitSignIn(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  setText('sign-in-error', 'Signing in…');
  await busy($('sign-in-button'), async () => {
    state.token = token;
    try {
      await admin('applications/getAll');
    } catch (error) {
      state.token = null;
      setText('sign-in-error', error instanceof ApiError && error.status === 401 ? 'That admin token was refused.' : describeFailure('Could not sign in', error));
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    await showConsole();
  });
}

function signOut() {
  showSignIn();
}

// ---- the console ---------------------------------------------------------------------------------------------------

async function showConsole() {
  $('starting').hidden = true;
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('sign-out').hidden = state.publicToken;
  setText('status', 'Loading…');
  $('load-error').hidden = true;
  await guarded(async () => {
    state.applications = (await admin('applications/getAll')).Applications;
    await loadSandboxes();
  });
  setText('status', '');
}

/** The sandboxes (or, where the sandbox API is off, the applications) to choose from. */
async function loadSandboxes(selectId = state.selectedId) {
  try {
    state.sandboxes = (await admin('sandboxes/getAll')).Sandboxes;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    for (const panel of ['sandboxes', 'reply', 'auto-replies', 'journal', 'faults', 'behaviour', 'clock']) hidePanel(panel);
    state.sandboxes = [];
  }
  const choices = state.sandboxes.length
    ? state.sandboxes.map((sandbox) => [sandbox.Id, sandbox.Name])
    : state.applications.map((application) => [application.Id, application.Name]);
  setText('sandbox-label', state.sandboxes.length ? 'Sandbox' : 'Application');
  $('sandbox').replaceChildren(...choices.map(([id, name]) => element('option', { text: name, attributes: { value: id } })));
  state.selectedId = choices.some(([id]) => id === selectId) ? selectId : (choices[0]?.[0] ?? null);
  $('sandbox').value = state.selectedId ?? '';
  await selectSandbox();
}

async function selectSandbox() {
  state.selectedId = $('sandbox').value || null;
  const sandbox = selectedSandbox();
  for (const list of document.querySelectorAll('.items')) delete list.dataset.signature;
  setText('sandbox-message', '');
  setText('reply-status', '');
  setText('reply-error', '');
  renderCredentials(sandbox);
  showPanel('sandboxes', sandbox !== null);
  showPanel('reply', sandbox !== null);
  renderReplyEnterprises(sandbox);
  followJournal();
  await Promise.all([
    loadThreads(),
    loadAutoReplies(),
    loadDeliveries(),
    loadFaults(),
    loadBehaviour(),
    loadClock(),
  ]);
  startPolling();
}

// ---- sandboxes -----------------------------------------------------------------------------------------------------

/** The sandbox's credentials in groups: the application's, then each enterprise's with its staff login. */
function credentialGroups(sandbox) {
  return [
    [
      sandbox.Name,
      [
        ['Sandbox Id', sandbox.Id],
        ['ClientToken', sandbox.ClientToken],
        ['Portfolio AccessToken', sandbox.PortfolioAccessToken],
        ['Webhook secret', sandbox.WebhookSecret],
      ],
    ],
    ...sandbox.Enterprises.map((enterprise) => {
      const staff = sandbox.Staff.find((member) => member.EnterpriseId === enterprise.Id);
      return [
        enterprise.Name,
        [
          ['Enterprise Id', enterprise.Id],
          ['AccessToken', enterprise.AccessToken],
          ['Staff email', staff?.Email],
          ['Staff password', staff?.Password],
        ],
      ];
    }),
  ];
}

function renderCredentials(sandbox) {
  $('credentials').replaceChildren(
    ...(sandbox ? credentialGroups(sandbox) : []).map(([group, rows]) =>
      element('tbody', {}, [
        element('tr', { className: 'group' }, [element('th', { text: group, attributes: { colspan: '3', scope: 'rowgroup' } })]),
        ...rows
          .filter(([, value]) => value)
          .map(([label, value]) =>
            element('tr', {}, [
              element('th', { text: label, attributes: { scope: 'row' } }),
              element('td', {}, [element('code', { text: value })]),
              element('td', {}, [copyButton(`${label} (${group})`, value)]),
            ]),
          ),
      ]),
    ),
  );
}

async function resetSandbox() {
  const sandbox = selectedSandbox();
  if (!sandbox) return;
  setText('sandbox-message', `Resetting ${sandbox.Name}…`);
  await busy($('reset-sandbox'), () =>
    guarded(
      async () => {
        await admin('sandboxes/reset', { SandboxId: sandbox.Id });
        setText('sandbox-message', `${sandbox.Name} was reset: its threads, messages and deliveries are gone; the credentials stay.`);
        await selectSandbox();
      },
      { onError: (error) => setText('sandbox-message', describeFailure('Could not reset the sandbox', error)) },
    ),
  );
}

async function addSandbox(event) {
  event.preventDefault();
  setText('add-sandbox-error', '');
  const body = {
    Name: $('new-name').value.trim() || undefined,
    EnterpriseCount: numberOf('new-enterprises'),
    WebhookUrl: $('new-webhook-url').value.trim() || undefined,
    IntegrationWebhookUrl: $('new-integration-webhook-url').value.trim() || undefined,
  };
  await busy($('add-sandbox-button'), () =>
    guarded(
      async () => {
        const { Sandbox } = await admin('sandboxes/add', body);
        state.applications = (await admin('applications/getAll')).Applications;
        $('add-sandbox-form').reset();
        $('add-sandbox').open = false;
        await loadSandboxes(Sandbox.Id);
        setText('sandbox-message', `${Sandbox.Name} was added.`);
        $('sandbox').focus();
      },
      { onError: (error) => setText('add-sandbox-error', describeFailure('Could not add the sandbox', error)) },
    ),
  );
}

// ---- reply as the hotel --------------------------------------------------------------------------------------------

function renderReplyEnterprises(sandbox) {
  const enterprises = (sandbox?.Enterprises ?? []).filter((enterprise) => enterprise.AccessToken);
  $('reply-enterprise').replaceChildren(
    ...enterprises.map((enterprise) => element('option', { text: enterprise.Name, attributes: { value: enterprise.Id } })),
  );
}

/** The enterprise's threads, read with the sandbox's own credentials through the Connector API. */
async function loadThreads() {
  const sandbox = selectedSandbox();
  const enterprise = sandbox?.Enterprises.find((candidate) => candidate.Id === $('reply-enterprise').value);
  if (!sandbox || !enterprise) return $('reply-thread').replaceChildren();
  setText('threads-status', 'Loading conversations…');
  const now = Date.now();
  try {
    const { MessageThreads } = await connector('messageThreads/getAll', {
      ClientToken: sandbox.ClientToken,
      AccessToken: enterprise.AccessToken,
      Client: 'Console',
      UpdatedUtc: { StartUtc: new Date(now - THREAD_DAYS * DAY_MS).toISOString(), EndUtc: new Date(now + DAY_MS).toISOString() },
      Limitation: { Count: 100 },
    });
    const chosen = $('reply-thread').value;
    $('reply-thread').replaceChildren(
      ...MessageThreads.map((thread) =>
        element('option', {
          text: `${thread.OriginalSender}: ${thread.Subject}${thread.IsResolved ? ' (resolved)' : ''}`,
          attributes: { value: thread.Id },
        }),
      ),
    );
    if (MessageThreads.some((thread) => thread.Id === chosen)) $('reply-thread').value = chosen;
    setText('threads-status', MessageThreads.length ? '' : `No conversations in the last ${THREAD_DAYS} days: a guest starts one with messageThreads/add.`);
  } catch (error) {
    setText('threads-status', describeFailure('Could not load the conversations', error));
  }
}

/** Does `operation` on the chosen thread, then `onDone()`, and says `done`. */
async function replyAction(button, operation, body, done, onDone = () => {}) {
  setText('reply-error', '');
  setText('reply-status', '');
  if (!$('reply-thread').value) return setText('reply-error', 'Choose a conversation first.');
  await busy(button, () =>
    guarded(
      async () => {
        await admin(operation, { MessageThreadId: $('reply-thread').value, ...body });
        onDone();
        setText('reply-status', done);
        await loadThreads();
      },
      { onError: (error) => setText('reply-error', describeFailure('The hotel could not do that', error)) },
    ),
  );
}

function sendReply(event) {
  event.preventDefault();
  return replyAction($('send-reply'), 'sandboxMessages/add', { Text: $('reply-text').value }, 'Sent as the hotel.', () => ($('reply-text').value = ''));
}

// ---- auto-replies --------------------------------------------------------------------------------------------------

async function loadAutoReplies() {
  const sandbox = selectedSandbox();
  if (!sandbox) return;
  await guarded(
    async () => {
      const { AutoReplies } = await admin('autoReplies/getAll', { SandboxId: sandbox.Id });
      showPanel('auto-replies');
      renderList($('auto-reply-list'), AutoReplies, {
        empty: 'No auto-replies: guests get answers only from the inbox or the box above.',
        build: (reply) => {
          const remove = element('button', { className: 'secondary', text: 'Remove', attributes: { type: 'button', 'data-role': 'remove', 'aria-label': `Remove auto-reply ${reply.Text}` } });
          remove.addEventListener('click', () => removeAutoReply(remove, reply.Id));
          return element('li', { attributes: { 'data-key': reply.Id } }, [
            element('span', { text: `${reply.Text} (after ${reply.DelayMs} ms)` }),
            remove,
          ]);
        },
      });
    },
    { panel: 'auto-replies', onError: (error) => setText('auto-reply-error', describeFailure('Could not load the auto-replies', error)) },
  );
}

async function addAutoReply(event) {
  event.preventDefault();
  setText('auto-reply-error', '');
  await busy($('add-auto-reply'), () =>
    guarded(
      async () => {
        await admin('autoReplies/add', { SandboxId: state.selectedId, Text: $('auto-reply-text').value, DelayMs: numberOf('auto-reply-delay') });
        $('auto-reply-text').value = '';
        await loadAutoReplies();
      },
      { onError: (error) => setText('auto-reply-error', describeFailure('Could not add the auto-reply', error)) },
    ),
  );
}

async function removeAutoReply(button, id) {
  await busy(button, () =>
    guarded(
      async () => {
        await admin('autoReplies/remove', { AutoReplyId: id });
        await loadAutoReplies();
        $('auto-reply-text').focus();
      },
      { onError: (error) => setText('auto-reply-error', describeFailure('Could not remove the auto-reply', error)) },
    ),
  );
}

// ---- webhook deliveries --------------------------------------------------------------------------------------------

function deliverySummary(delivery) {
  const what = delivery.Kind === 'MessageAdded' ? `MessageAdded (${delivery.Events.length} event${delivery.Events.length === 1 ? '' : 's'})` : `Integration ${delivery.Action}`;
  const last = delivery.Attempts.at(-1);
  const outcome = last ? (last.StatusCode !== null ? `last answer ${last.StatusCode}` : `last attempt: ${last.Error}`) : 'not tried yet';
  return `${delivery.Status}: ${what}, ${delivery.Attempts.length} attempt${delivery.Attempts.length === 1 ? '' : 's'}, ${outcome} (${delivery.CreatedUtc})`;
}

/** An attempt's fields; whatever else the API tells of it (request and response headers or bodies) is shown too. */
function attemptItem(attempt, index) {
  return element('li', {}, [
    element('h4', { text: `Attempt ${index + 1}` }),
    fieldList(Object.entries(attempt)),
  ]);
}

function deliveryItem(delivery) {
  const redeliver = element('button', { text: 'Redeliver', attributes: { type: 'button', 'data-role': 'redeliver' } });
  redeliver.addEventListener('click', () => redeliverDelivery(redeliver, delivery.Id));
  const { Attempts, ...rest } = delivery;
  return element('li', { attributes: { 'data-key': delivery.Id } }, [
    element('details', { attributes: { 'data-key': delivery.Id } }, [
      element('summary', { className: `delivery ${delivery.Status.toLowerCase()}`, text: deliverySummary(delivery) }),
      fieldList(Object.entries(rest)),
      element('ol', { className: 'attempts', attributes: { 'aria-label': 'Attempts' } }, Attempts.map(attemptItem)),
      redeliver,
    ]),
  ]);
}

async function loadDeliveries() {
  const applicationId = selectedApplicationId();
  if (!applicationId) {
    showPanel('deliveries');
    return renderList($('delivery-list'), [], { empty: 'No application yet: add one with applications/add.' });
  }
  await guarded(
    async () => {
      const { WebhookDeliveries } = await admin('webhookDeliveries/getAll', {
        ApplicationId: applicationId,
        Limitation: { Count: DELIVERY_PAGE },
        Status: $('delivery-status').value || undefined,
      });
      showPanel('deliveries');
      if ($('deliveries-status').dataset.kind === 'error') setText('deliveries-status', '');
      renderList($('delivery-list'), WebhookDeliveries, {
        empty: 'No webhook deliveries: give the sandbox a webhook URL, then add a message.',
        build: deliveryItem,
      });
    },
    {
      panel: 'deliveries',
      onError: (error) => {
        $('deliveries-status').dataset.kind = 'error';
        setText('deliveries-status', describeFailure('Could not load the webhook deliveries', error));
      },
    },
  );
}

async function redeliverDelivery(button, id) {
  await busy(button, () =>
    guarded(
      async () => {
        await admin('webhookDeliveries/redeliver', { DeliveryId: id });
        delete $('deliveries-status').dataset.kind;
        setText('deliveries-status', 'Sent again: it is Pending until the receiver answers.');
        await loadDeliveries();
      },
      { onError: (error) => setText('deliveries-status', describeFailure('Could not redeliver', error)) },
    ),
  );
}

// ---- request journal -----------------------------------------------------------------------------------------------

/** A journal body (a JSON value, its secrets masked by the server), pretty-printed; null when there was none. */
const bodyText = (body) => (body === null ? 'None (empty or not JSON)' : json(body));

function journalItem(entry) {
  const summary = `${entry.Status} ${entry.Method} ${entry.Operation} · ${entry.DurationMs} ms · ${entry.CreatedUtc}${entry.FaultId ? ' · fault' : ''}`;
  return element('li', { attributes: { 'data-key': entry.Id } }, [
    element('details', { attributes: { 'data-key': entry.Id } }, [
      element('summary', { className: entry.Status >= 400 ? 'failed' : '', text: summary }),
      fieldList([
        ['Request-Id', entry.RequestId],
        ['Fault', entry.FaultId],
      ]),
      element('h4', { text: 'Request body' }),
      element('pre', { text: bodyText(entry.RequestBody) }),
      element('h4', { text: 'Response body' }),
      element('pre', { text: bodyText(entry.ResponseBody) }),
    ]),
  ]);
}

/** The filter's values as `requests/getAll` takes them. */
function journalFilter() {
  return {
    Operation: $('journal-operation').value.trim() || undefined,
    Status: numberOf('journal-status'),
    RequestId: $('journal-request-id').value.trim() || undefined,
  };
}

/** Whether `requests/getAll` with `filter` would answer `entry`: each field given must be equal. */
const matchesFilter = (entry, filter) => Object.entries(filter).every(([field, value]) => value === undefined || entry[field] === value);

/** `newer` then `older` (each newest first), each entry once, at most a page of them. */
function newestFirst(newer, older) {
  const seen = new Set();
  return [...newer, ...older].filter((entry) => !seen.has(entry.Id) && seen.add(entry.Id)).slice(0, JOURNAL_PAGE);
}

function setJournalState(kind, text) {
  $('journal-status-line').dataset.state = kind;
  setText('journal-status-line', text);
}

function renderJournal() {
  renderList($('journal-list'), state.journal.entries, { empty: 'No requests match.', build: journalItem });
}

/** Reads the first page again (the filter changed, or the stream was opened) and shows it with what came since. */
async function loadJournal() {
  if (!selectedSandbox() || state.missing.has('journal')) return;
  const journal = state.journal;
  const read = ++journal.read;
  journal.arrived = [];
  await guarded(
    async () => {
      const { Requests } = await admin('requests/getAll', { SandboxId: state.selectedId, Limitation: { Count: JOURNAL_PAGE }, ...journalFilter() });
      if (read !== journal.read) return;
      journal.entries = newestFirst(journal.arrived, Requests);
      showPanel('journal');
      if (journal.open) setJournalState('live', 'Live: new requests appear as they are made.');
      renderJournal();
    },
    {
      panel: 'journal',
      onError: (error) => read === journal.read && setJournalState('offline', describeFailure('Could not load the journal', error)),
    },
  );
}

/** A streamed entry: shown at the top when the filter takes it. */
function addJournalEntry(entry) {
  const journal = state.journal;
  if (!matchesFilter(entry, journalFilter())) return;
  journal.arrived = newestFirst([entry], journal.arrived);
  journal.entries = newestFirst([entry], journal.entries);
  renderJournal();
}

/** The data of each event of a text/event-stream body, as the events arrive. */
async function* eventData(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += value;
      let end;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const lines = buffered.slice(0, end).split('\n');
        buffered = buffered.slice(end + 2);
        const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice('data:'.length).replace(/^ /, ''));
        if (data.length) yield data.join('\n');
      }
    }
  } finally {
    // Left early (an event that would not parse): the connection is closed, not kept open unread.
    reader.cancel().catch(() => {});
  }
}

const pause = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Follows the chosen sandbox's journal over the live stream, in place of the one followed before. */
function followJournal() {
  stopJournal();
  state.journal.entries = [];
  $('journal-list').replaceChildren();
  delete $('journal-list').dataset.signature;
  if (!selectedSandbox() || state.missing.has('journal')) return;
  const controller = new AbortController();
  state.journal.stream = controller;
  setJournalState('connecting', 'Connecting…');
  void streamJournal(state.selectedId, controller.signal);
}

function stopJournal() {
  state.journal.stream?.abort();
  state.journal.stream = null;
  state.journal.open = false;
}

/**
 * Keeps the stream open: each time it is (re)opened the first page is read again, so that what was recorded while it
 * was down is shown too; opened first, so that nothing falls between the two. The stream needs the Authorization
 * header, which EventSource cannot send: hence fetch.
 */
async function streamJournal(sandboxId, signal) {
  const url = `${state.settings.AdminApi}/requests/stream?${new URLSearchParams({ SandboxId: sandboxId })}`;
  const headers = { authorization: `Bearer ${state.token}`, accept: 'text/event-stream' };
  while (!signal.aborted) {
    try {
      const response = await reach(url, { headers, signal, cache: 'no-store' });
      if (!response.ok) throw await refusal(response);
      state.journal.open = true;
      void loadJournal();
      for await (const data of eventData(response.body)) addJournalEntry(JSON.parse(data));
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && error.status === 401) return showSignIn('The admin token was refused: sign in again.');
      if (error instanceof ApiError && error.status === 404) return hidePanel('journal');
      // A refusal (a sandbox gone) would be refused again: only a server that failed or could not be reached is retried.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        state.journal.open = false;
        return setJournalState('offline', describeFailure('Could not follow the journal', error));
      }
    }
    if (signal.aborted) return;
    state.journal.open = false;
    setJournalState('reconnecting', 'Reconnecting… New requests show once the journal is followed again.');
    await pause(RECONNECT_MS, signal);
  }
}

// ---- fault rules ---------------------------------------------------------------------------------------------------

function faultText(fault) {
  const parts = [fault.Operation];
  if (fault.Status) parts.push(`answers ${fault.Status}`);
  if (fault.RetryAfterS !== null) parts.push(`Retry-After ${fault.RetryAfterS} s`);
  if (fault.DelayMs) parts.push(`after ${fault.DelayMs} ms`);
  if (fault.Drop) parts.push('drops the connection');
  if (fault.AfterCommit) parts.push('after storing');
  if (fault.AccessToken) parts.push(`for AccessToken ••••${fault.AccessToken.slice(-4)}`);
  if (fault.Probability < 1) parts.push(`with probability ${fault.Probability}`);
  parts.push(fault.Count === null ? 'until removed' : times(fault.Count));
  return `${parts.join(', ')}: fired ${times(fault.FiredCount)}`;
}

async function loadFaults() {
  if (!selectedSandbox() || state.missing.has('faults')) return;
  await guarded(
    async () => {
      const { Faults } = await admin('faults/getAll', { SandboxId: state.selectedId });
      showPanel('faults');
      renderList($('fault-list'), Faults, {
        empty: 'No fault rules: every request is answered normally.',
        build: (fault) => {
          const remove = element('button', { className: 'secondary', text: 'Remove', attributes: { type: 'button', 'data-role': 'remove', 'aria-label': `Remove fault rule ${fault.Operation}` } });
          remove.addEventListener('click', () => removeFault(remove, fault.Id));
          return element('li', { attributes: { 'data-key': fault.Id } }, [element('span', { text: faultText(fault) }), remove]);
        },
      });
    },
    { panel: 'faults', onError: (error) => setText('fault-error', describeFailure('Could not load the fault rules', error)) },
  );
}

async function addFault(event) {
  event.preventDefault();
  setText('fault-error', '');
  const body = {
    SandboxId: state.selectedId,
    Operation: $('fault-operation').value.trim(),
    Status: numberOf('fault-status'),
    RetryAfterS: numberOf('fault-retry-after'),
    DelayMs: numberOf('fault-delay'),
    Count: numberOf('fault-count'),
    Probability: numberOf('fault-probability'),
    Drop: $('fault-drop').checked || undefined,
    AfterCommit: $('fault-after-commit').checked || undefined,
  };
  await busy($('add-fault'), () =>
    guarded(
      async () => {
        await admin('faults/add', body);
        $('fault-form').reset();
        await loadFaults();
      },
      { onError: (error) => setText('fault-error', describeFailure('Could not add the fault rule', error)) },
    ),
  );
}

async function removeFault(button, id) {
  await busy(button, () =>
    guarded(
      async () => {
        await admin('faults/remove', { FaultId: id });
        await loadFaults();
        $('fault-operation').focus();
      },
      { onError: (error) => setText('fault-error', describeFailure('Could not remove the fault rule', error)) },
    ),
  );
}

// ---- webhook behaviour ---------------------------------------------------------------------------------------------

function renderBehaviour(behaviour) {
  const failing = behaviour.FailNextTimeout ? 'by timeout' : `with ${behaviour.FailNextStatus}`;
  setText(
    'behaviour-current',
    [
      `Lag ${behaviour.LagMs} ms + up to ${behaviour.LagJitterMs} ms`,
      `duplicates with probability ${behaviour.DuplicateProbability}`,
      behaviour.Reorder ? 'reordered' : 'in order',
      behaviour.FailNextCount ? `the next ${behaviour.FailNextCount} fail ${failing}` : 'none set to fail',
    ].join(', ') + '.',
  );
  $('behaviour-lag').value = behaviour.LagMs;
  $('behaviour-jitter').value = behaviour.LagJitterMs;
  $('behaviour-duplicates').value = behaviour.DuplicateProbability;
  $('behaviour-reorder').checked = behaviour.Reorder;
}

async function loadBehaviour() {
  if (!selectedSandbox() || state.missing.has('behaviour')) return;
  const id = state.selectedId;
  // Until it is read, the form holds no other sandbox's values to edit.
  setText('behaviour-current', 'Loading the webhook behaviour…');
  await guarded(
    async () => {
      const { WebhookBehaviour } = await admin('webhookBehaviour/get', { SandboxId: id });
      // The answer for a sandbox chosen before is not shown, nor written into the form.
      if (id !== state.selectedId) return;
      showPanel('behaviour');
      renderBehaviour(WebhookBehaviour);
    },
    { panel: 'behaviour', onError: (error) => setText('behaviour-error', describeFailure('Could not load the webhook behaviour', error)) },
  );
}

async function updateBehaviour(event) {
  event.preventDefault();
  setText('behaviour-error', '');
  const failCount = numberOf('behaviour-fail-count');
  // A timeout has no status: the API takes one or the other.
  const failTimeout = $('behaviour-fail-timeout').checked;
  const body = {
    SandboxId: state.selectedId,
    LagMs: numberOf('behaviour-lag'),
    LagJitterMs: numberOf('behaviour-jitter'),
    DuplicateProbability: numberOf('behaviour-duplicates'),
    Reorder: $('behaviour-reorder').checked,
    FailNext:
      failCount === undefined
        ? undefined
        : failTimeout
          ? { Count: failCount, Timeout: true }
          : { Count: failCount, Status: numberOf('behaviour-fail-status') },
  };
  await busy($('update-behaviour'), () =>
    guarded(
      async () => {
        renderBehaviour((await admin('webhookBehaviour/update', body)).WebhookBehaviour);
        $('behaviour-fail-count').value = '';
      },
      { onError: (error) => setText('behaviour-error', describeFailure('Could not update the webhook behaviour', error)) },
    ),
  );
}

// ---- clock ---------------------------------------------------------------------------------------------------------

function renderClock(clock) {
  setText(
    'clock-now',
    clock.IsRealTime ? `Real time: ${clock.NowUtc}.` : `${clock.NowUtc}, ${clock.Frozen ? 'frozen' : 'running'} (not real time).`,
  );
}

async function loadClock() {
  if (!selectedSandbox() || state.missing.has('clock')) return;
  await guarded(
    async () => {
      renderClock((await admin('clock/get', { SandboxId: state.selectedId })).Clock);
      showPanel('clock');
    },
    { panel: 'clock', onError: (error) => setText('clock-error', describeFailure('Could not read the clock', error)) },
  );
}

async function clockAction(button, operation, body) {
  setText('clock-error', '');
  await busy(button, () =>
    guarded(async () => renderClock((await admin(operation, { SandboxId: state.selectedId, ...body })).Clock), {
      onError: (error) => setText('clock-error', describeFailure('Could not change the clock', error)),
    }),
  );
}

// ---- polling -------------------------------------------------------------------------------------------------------

function startPolling() {
  stopPolling();
  state.poll = setInterval(() => {
    if (document.hidden) return;
    void loadDeliveries();
    void loadFaults();
  }, POLL_MS);
}

function stopPolling() {
  clearInterval(state.poll);
  state.poll = null;
}

// ---- wiring --------------------------------------------------------------------------------------------------------

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function wire() {
  $('sign-in-form').addEventListener('submit', submitSignIn);
  $('sign-out').addEventListener('click', signOut);
  $('retry').addEventListener('click', () => void showConsole());
  $('sandbox').addEventListener('change', () => void selectSandbox());
  $('reset-sandbox').addEventListener('click', resetSandbox);
  $('add-sandbox-form').addEventListener('submit', addSandbox);
  $('reply-enterprise').addEventListener('change', () => void loadThreads());
  $('refresh-threads').addEventListener('click', () => void loadThreads());
  $('reply-form').addEventListener('submit', sendReply);
  $('resolve-thread').addEventListener('click', () => replyAction($('resolve-thread'), 'sandboxThreads/resolve', {}, 'Resolved.'));
  $('reopen-thread').addEventListener('click', () => replyAction($('reopen-thread'), 'sandboxThreads/reopen', {}, 'Reopened.'));
  $('auto-reply-form').addEventListener('submit', addAutoReply);
  $('delivery-status').addEventListener('change', () => void loadDeliveries());
  const rereadJournal = debounce(() => void loadJournal(), 250);
  for (const id of ['journal-operation', 'journal-status', 'journal-request-id']) $(id).addEventListener('input', rereadJournal);
  $('fault-form').addEventListener('submit', addFault);
  $('behaviour-form').addEventListener('submit', updateBehaviour);
  $('clock-set-form').addEventListener('submit', (event) => {
    event.preventDefault();
    return clockAction($('set-clock'), 'clock/set', { NowUtc: $('clock-time').value.trim(), Frozen: $('clock-frozen').checked });
  });
  $('clock-advance-form').addEventListener('submit', (event) => {
    event.preventDefault();
    return clockAction($('advance-clock'), 'clock/advance', { Seconds: numberOf('clock-seconds') });
  });
  $('resume-clock').addEventListener('click', () => clockAction($('resume-clock'), 'clock/resume', {}));
}

async function start() {
  wire();
  try {
    const response = await fetch('settings.json');
    if (!response.ok) throw new ApiError(response.status, `the console's settings could not be read (${response.status})`);
    state.settings = await response.json();
  } catch (error) {
    setText('starting', describeFailure('Could not start the console', error));
    $('starting').setAttribute('role', 'alert');
    return;
  }
  const stored = sessionStorage.getItem(TOKEN_KEY);
  state.publicToken = !stored && state.settings.PublicAdminToken !== null;
  state.token = stored ?? state.settings.PublicAdminToken;
  if (!state.token) return showSignIn();
  await showConsole();
}

void start();

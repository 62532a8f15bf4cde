// Talks to the host's JSON API. Failures become ApiError with the ProblemDetails title and detail,
// so the page can tell the person what went wrong in the server's own words.

export class ApiError extends Error {
  constructor(title, detail, status, errors = []) {
    super(detail ? `${title}: ${detail}` : title);
    this.title = title;
    this.detail = detail;
    this.status = status;
    // Csound's own error lines, when the server could not compile a CSD (422).
    this.errors = errors;
  }
}

// A session's tokens are its capabilities: the server shows them once, at creation. They are kept per tab
// (sessionStorage), sent as bearer tokens, and never put in URLs, where logs and referrers would keep them.
const TOKENS_KEY = 'orchestron.sessionTokens';
const OPERATOR_KEY = 'orchestron.operatorToken';

function loadTokens() {
  try {
    return JSON.parse(sessionStorage.getItem(TOKENS_KEY)) ?? {};
  } catch {
    return {};
  }
}

function saveTokens(tokens) {
  sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
}

export const sessionTokens = {
  remember(created) {
    const tokens = loadTokens();
    tokens[created.id] = { control: created.controlToken, listen: created.listenToken };
    saveTokens(tokens);
  },
  forget(id) {
    const tokens = loadTokens();
    delete tokens[id];
    saveTokens(tokens);
  },
  control: (id) => loadTokens()[id]?.control ?? null,
  listen: (id) => loadTokens()[id]?.listen ?? null,
};

// A host with an operator token is opened as /client/#operator-token=...; the fragment never reaches the
// server, and is taken out of the address bar at once so it is not shared by accident.
export function adoptOperatorTokenFromLocation() {
  const match = /(?:^#|&)operator-token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  sessionStorage.setItem(OPERATOR_KEY, decodeURIComponent(match[1]));
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

const operatorToken = () => sessionStorage.getItem(OPERATOR_KEY);

// A listen link is /client/#listen=<session id>.<listen token>: the page only listens. Like the operator token,
// the fragment stays out of server logs and leaves the address bar at once. Returns the session id, or null.
export function adoptListenLinkFromLocation() {
  const match = /(?:^#|&)listen=([0-9a-z-]+)\.([0-9a-f]+)/.exec(window.location.hash);
  if (!match) return null;
  const tokens = loadTokens();
  tokens[match[1]] = { listen: match[2] };
  saveTokens(tokens);
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return match[1];
}

export function listenLink(id) {
  const token = sessionTokens.listen(id);
  return token ? `${window.location.origin}${window.location.pathname}#listen=${id}.${token}` : null;
}

export async function request(method, path, body, token) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json' } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError('The server cannot be reached', `${method} ${path}: ${error.message}`, 0);
  }

  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }

  if (!response.ok) {
    const title = json?.title || `${response.status} ${response.statusText || 'error'}`;
    const detail = json?.detail || `${method} ${path} answered ${response.status}.`;
    throw new ApiError(title, detail, response.status, Array.isArray(json?.errors) ? json.errors : []);
  }

  return json;
}

const sessionPath = (id, rest = '') => `/api/sessions/${encodeURIComponent(id)}${rest}`;
const control = (method, id, rest, body) => request(method, sessionPath(id, rest), body, sessionTokens.control(id));
// Listening works with either token; the listen token is all a listen link's page has.
const listening = (id) => sessionTokens.control(id) ?? sessionTokens.listen(id);

export const api = {
  health: () => request('GET', '/api/health'),
  // With a session's token the answer includes TURN credentials; without, only servers that need none.
  // The session id in the query lets a proxy in front of several replicas send this to the session's own
  // replica, the one whose tokens can unlock TURN credentials; the host itself ignores it.
  runtimeConfig: (id) => request('GET', id ? `/api/runtime-config?session=${encodeURIComponent(id)}` : '/api/runtime-config',
    undefined, id ? listening(id) : null),
  instruments: () => request('GET', '/api/instruments'),
  // Either a library instrument's id or { csd: text }: the operator's own instrument, which runs sandboxed.
  createSession: async (source) => {
    const body = typeof source === 'string' ? { instrument: source } : { csd: source.csd };
    const created = await request('POST', '/api/sessions', body, operatorToken());
    if (created?.id) sessionTokens.remember(created);
    return created;
  },
  session: (id) => request('GET', sessionPath(id), undefined, listening(id)),
  startSession: (id) => control('POST', id, '/start'),
  stopSession: (id) => control('POST', id, '/stop'),
  panic: (id) => control('POST', id, '/panic'),
  deleteSession: async (id) => {
    try {
      return await control('DELETE', id, '');
    } finally {
      sessionTokens.forget(id);
    }
  },
  midi: (id, message, delayMs = 0) => control('POST', id, '/midi-event', { message, delayMs }),
  setChannel: (id, name, value) => control('PUT', id, `/channels/${encodeURIComponent(name)}`, { value }),
  negotiate: (id, offer) =>
    request('POST', sessionPath(id, '/audio/webrtc'), { sdp: offer.sdp, type: offer.type }, listening(id)),
  // Janus's watch flow, carried by the host: Janus offers, the browser answers, the host passes both on.
  janusWatch: (id) => request('POST', sessionPath(id, '/audio/janus'), undefined, listening(id)),
  janusAnswer: (id, viewerId, answer) =>
    request('POST', sessionPath(id, `/audio/janus/${encodeURIComponent(viewerId)}`), { sdp: answer.sdp, type: answer.type }, listening(id)),
  janusLeave: (id, viewerId) => request('DELETE', sessionPath(id, `/audio/janus/${encodeURIComponent(viewerId)}`), undefined, listening(id)),
};

// Leaving the page must not leave a session running on the server; keepalive lets the request outlive the page.
export function deleteSessionOnUnload(id) {
  const token = sessionTokens.control(id);
  sessionTokens.forget(id);
  fetch(sessionPath(id), { method: 'DELETE', keepalive: true, headers: { Authorization: `Bearer ${token}` } })
    .catch(() => {});
}

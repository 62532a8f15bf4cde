// Talks to the host's JSON API. Failures become ApiError with the ProblemDetails title and detail,
// so the page can tell the person what went wrong in the server's own words.

export class ApiError extends Error {
  constructor(title, detail, status) {
    super(detail ? `${title}: ${detail}` : title);
    this.title = title;
    this.detail = detail;
    this.status = status;
  }
}

export async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json' } };
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
    throw new ApiError(title, detail, response.status);
  }

  return json;
}

export const api = {
  health: () => request('GET', '/api/health'),
  runtimeConfig: () => request('GET', '/api/runtime-config'),
  instruments: () => request('GET', '/api/instruments'),
  createSession: (instrument) => request('POST', '/api/sessions', { instrument }),
  startSession: (id) => request('POST', `/api/sessions/${encodeURIComponent(id)}/start`),
  stopSession: (id) => request('POST', `/api/sessions/${encodeURIComponent(id)}/stop`),
  panic: (id) => request('POST', `/api/sessions/${encodeURIComponent(id)}/panic`),
  deleteSession: (id) => request('DELETE', `/api/sessions/${encodeURIComponent(id)}`),
  midi: (id, message, delayMs = 0) =>
    request('POST', `/api/sessions/${encodeURIComponent(id)}/midi-event`, { message, delayMs }),
  setChannel: (id, name, value) =>
    request('PUT', `/api/sessions/${encodeURIComponent(id)}/channels/${encodeURIComponent(name)}`, { value }),
  negotiate: (id, offer) =>
    request('POST', `/api/sessions/${encodeURIComponent(id)}/audio/webrtc`, { sdp: offer.sdp, type: offer.type }),
};

// Leaving the page must not leave a session running on the server; keepalive lets the request outlive the page.
export function deleteSessionOnUnload(id) {
  fetch(`/api/sessions/${encodeURIComponent(id)}`, { method: 'DELETE', keepalive: true }).catch(() => {});
}

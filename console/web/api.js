// The JSON API client (docs/api.md): same-origin fetch with the session cookie; every
// state-changing request carries the session's CSRF token and a JSON body type.

export class ApiError extends Error {
  constructor(status, message, retryAfter, data) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.retryAfter = retryAfter;
    this.data = data || null; // the JSON body, e.g. {error, second_factor}
  }
}

let csrfToken = null;
let unauthorizedHandler = null;

export function setCsrf(token) {
  csrfToken = typeof token === 'string' && token !== '' ? token : null;
}

// Called with the error when a request other than signing in gets 401 (the session ended).
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', redirect: 'error' };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (method !== 'DELETE' || body !== undefined) init.body = JSON.stringify(body === undefined ? {} : body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.');
  }
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (response.status !== 204 && type.includes('application/json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const message = data && typeof data.error === 'string' && data.error !== ''
      ? data.error
      : `The server answered ${response.status} ${response.statusText}.`.replace(' .', '.');
    const error = new ApiError(response.status, message, response.headers.get('Retry-After'), data);
    const signingIn = path === '/api/v1/session' && (method === 'POST' || method === 'GET');
    if (response.status === 401 && !signingIn && unauthorizedHandler) unauthorizedHandler(error);
    throw error;
  }
  return data;
}

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const del = (path) => api('DELETE', path);
export const patch = (path, body) => api('PATCH', path, body);

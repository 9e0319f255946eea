// REST client: the bearer token lives in memory and in sessionStorage (per tab, gone when the tab closes).

const KEY = 'switchboard.auth';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

export const auth = {
  token: null,
  user: null,
  role: null,
  ws: null,

  load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      if (saved && saved.token) Object.assign(this, saved);
    } catch {
      sessionStorage.removeItem(KEY);
    }
    return this.token !== null;
  },

  save() {
    sessionStorage.setItem(KEY, JSON.stringify({ token: this.token, user: this.user, role: this.role, ws: this.ws }));
  },

  clear() {
    this.token = this.user = this.role = null;
    sessionStorage.removeItem(KEY);
  },
};

async function request(method, path, body, { authenticated = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (authenticated && auth.token) headers.Authorization = `Bearer ${auth.token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const err = json && json.error;
    throw new ApiError(res.status, err && err.code, err && err.message);
  }
  return json;
}

/** POST /api/auth/token: a development token for `sub` with one role. */
export async function signIn(sub, role, ws) {
  const r = await request('POST', '/api/auth/token', { sub, roles: [role] }, { authenticated: false });
  Object.assign(auth, { token: r.token, user: sub, role, ws });
  auth.save();
  return r;
}

export const listSessions = (limit = 200) => request('GET', `/api/sessions?limit=${limit}`);
export const createSession = (title) => request('POST', '/api/sessions', { title });
/** The topics with traffic over the cluster that this user may read, busiest first: {topics: [{topic, perSecond}]}. */
export const activeTopics = () => request('GET', '/api/topics/active');
export const getSession = (id) => request('GET', `/api/sessions/${encodeURIComponent(id)}`);
export const health = () => request('GET', '/api/health', undefined, { authenticated: false })
  .catch((e) => { if (e instanceof ApiError) return { status: `HTTP ${e.status}` }; throw e; });

export async function metricsText() {
  const res = await fetch('/metrics', { headers: { Accept: 'text/plain' } });
  if (!res.ok) throw new ApiError(res.status, 'metrics', `GET /metrics: HTTP ${res.status}`);
  return res.text();
}

// Requests to the editor's own server (the same 127.0.0.1 address; nothing else is ever fetched).
let csrf = "";

export function session() {
  return fetch("/api/session", { credentials: "same-origin" })
    .then((r) => r.json())
    .then((s) => {
      csrf = s.csrf;
      return s;
    });
}

// method, path, body (JSON value, or an ArrayBuffer sent as it is), extra headers → the JSON answer;
// a refused request rejects with an Error whose message is the server's (Thai / English), and .status/.body
export function api(method, path, body, headers) {
  const raw = body instanceof ArrayBuffer;
  const init = {
    method,
    credentials: "same-origin",
    headers: { "X-CSRF-Token": csrf, ...(raw ? {} : { "Content-Type": "application/json" }), ...(headers || {}) },
  };
  if (method !== "GET") init.body = raw ? body : JSON.stringify(body || {});
  return fetch(path, init).then(async (r) => {
    let data = null;
    try {
      data = await r.json();
    } catch (e) {
      data = { message: r.statusText };
    }
    if (!r.ok) {
      const error = new Error((data && data.message) || r.statusText);
      error.status = r.status;
      error.body = data;
      throw error;
    }
    return data;
  });
}

/**
 * What a browser without the queue UI's cookie gets: a page that exchanges the dashboard's session
 * (same origin, same tab: the dashboard keeps its token in sessionStorage under `leadboard.session`,
 * see apps/dashboard/src/stores/session.store.ts) for the cookie, then reloads. The script is a file,
 * not inline, so a Content-Security-Policy of `script-src 'self'` allows it.
 */
import { QUEUE_BOARD_PATH } from './queue-board-sessions';

export const SIGN_IN_SCRIPT_PATH = `${QUEUE_BOARD_PATH}/sign-in.js`;

export const SIGN_IN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Leadboard · queues</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:38rem;padding:0 1rem;color:#111}</style>
</head>
<body>
<h1>Queues — for administrators</h1>
<p id="status">Checking your dashboard session…</p>
<noscript><p>Sign in to the dashboard as an administrator, then open ${QUEUE_BOARD_PATH} in the same tab.</p></noscript>
<script src="${SIGN_IN_SCRIPT_PATH}"></script>
</body>
</html>
`;

export const SIGN_IN_SCRIPT = `(function () {
  var status = document.getElementById('status');
  var session = null;
  try { session = JSON.parse(window.sessionStorage.getItem('leadboard.session') || 'null'); } catch (e) { session = null; }
  if (!session || session.kind !== 'user' || !session.token) {
    status.innerHTML = 'Sign in to the <a href="/">dashboard</a> as an administrator, then open <code>${QUEUE_BOARD_PATH}</code> again in the same tab.';
    return;
  }
  fetch('/api/v1/admin/queues/session', { method: 'POST', credentials: 'same-origin', headers: { authorization: 'Bearer ' + session.token } })
    .then(function (res) {
      if (res.ok) { window.location.replace('${QUEUE_BOARD_PATH}'); return; }
      status.textContent = res.status === 403 ? 'Your account is not an administrator.' : 'Your dashboard session has ended: sign in again.';
    })
    .catch(function () { status.textContent = 'The server did not answer; try again.'; });
})();
`;

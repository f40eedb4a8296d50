// HardenedDemoService sample application.
//
// A dependency-free HTTP server that answers on $PORT (default 3000). It runs as the
// unprivileged `node` user of the base image on a read-only root filesystem: the only place it
// writes is its scratch directory, os.tmpdir() ($TMPDIR, else /tmp: the task's scratch
// volume). /health proves that directory is writable, so a scratch volume the user cannot
// write to fails the load balancer's health check instead of failing the first real upload.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const port = Number.parseInt(process.env.PORT || '3000', 10);
const startedAt = new Date().toISOString();

const securityHeaders = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Write, read back and remove a small file in the scratch directory. */
function checkScratch() {
  const dir = os.tmpdir();
  const probe = path.join(dir, `health-probe-${process.pid}`);
  const token = `${Date.now()}-${Math.random()}`;
  try {
    fs.writeFileSync(probe, token, { mode: 0o600 });
    const ok = fs.readFileSync(probe, 'utf8') === token;
    fs.unlinkSync(probe);
    if (!ok) {
      console.error(JSON.stringify({ msg: 'scratch probe read back different content', dir }));
    }
    return ok;
  } catch (err) {
    // The details go to the logs, not to whoever asks /health.
    console.error(JSON.stringify({ msg: 'scratch directory not writable', dir, error: err && err.code ? err.code : String(err) }));
    return false;
  }
}

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type, ...securityHeaders });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url || '/', 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  if (url.pathname === '/health') {
    const writable = checkScratch();
    send(
      res,
      writable ? 200 : 503,
      'application/json',
      JSON.stringify({ status: writable ? 'ok' : 'scratch directory not writable', scratch: writable ? 'writable' : 'not writable', startedAt }) + '\n',
    );
    return;
  }
  if (url.pathname === '/') {
    send(
      res,
      200,
      'text/html; charset=utf-8',
      '<!doctype html><html><head><title>HardenedDemoService</title></head>' +
        '<body><h1>HardenedDemoService</h1><p>The sample application is running.</p></body></html>\n',
    );
    return;
  }
  send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
});

server.keepAliveTimeout = 65_000; // longer than the load balancer's 60 s idle timeout
server.headersTimeout = 66_000;
server.listen(port, () => {
  console.log(JSON.stringify({ msg: 'listening', port }));
});

function shutdown(signal) {
  console.log(JSON.stringify({ msg: 'shutting down', signal }));
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

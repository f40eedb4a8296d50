// HardenedDemoService sample application.
//
// A dependency-free HTTP server that answers on $PORT (default 3000). It writes nothing to
// disk, so it runs on a read-only root filesystem, and it runs as the unprivileged `node`
// user of the base image.
'use strict';

const http = require('node:http');

const port = Number.parseInt(process.env.PORT || '3000', 10);
const startedAt = new Date().toISOString();

const securityHeaders = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

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
    send(res, 200, 'application/json', JSON.stringify({ status: 'ok', startedAt }) + '\n');
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

import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { tempDir } from './util';
import { SCRATCH_PATH } from '../src/internal/web-service';

/**
 * The sample application as the task runs it: as the unprivileged user (1000:1000), with its
 * scratch directory as the only place it may write. Fargate mounts the scratch volume at
 * SCRATCH_PATH; here a fresh temp dir plays that part through TMPDIR (the server uses
 * os.tmpdir()). Like the image's /app on a read-only root filesystem, the server runs from a
 * copy of its directory that nobody may write to, with a HOME that nobody may write to either.
 */
const APP_DIR = path.join(__dirname, '..', 'assets', 'sample-app');
const APP_UID = 1000;
const APP_GID = 1000;

/** Every path under `dir` with its size and mode, sorted: what a write would change. */
function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true } as any).map((e: any) => {
    const p = path.join(e.parentPath ?? e.path, e.name);
    const st = fs.statSync(p);
    return `${path.relative(dir, p)} ${st.size} ${(st.mode % 0o10000).toString(8)} ${st.mtimeMs}`;
  }).sort();
}

/** Entries of the shared temporary directories that the app user created after `since`. */
function writtenByAppUserSince(since: number, except: string[]): string[] {
  const found: string[] = [];
  for (const dir of ['/tmp', '/var/tmp', '/dev/shm'].filter((d) => fs.existsSync(d))) {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      try {
        const st = fs.lstatSync(p);
        if (st.uid === APP_UID && st.mtimeMs >= since && !except.includes(p)) {
          found.push(p);
        }
      } catch {
        // Gone meanwhile: another process's file.
      }
    }
  }
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function get(port: number, urlPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 5_000, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${urlPath} timed out`)));
    req.on('error', reject);
  });
}

async function waitForListening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the sample app exited with ${child.exitCode}: ${output()}`);
    }
    try {
      await get(port, '/');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`the sample app did not listen on ${port}: ${output()}`);
}

/** Drop to the app's uid/gid when we can (running as root); otherwise run as we are. */
const dropPrivileges = typeof process.getuid === 'function' && process.getuid() === 0;

describe('the sample application, run as the task runs it', () => {
  let scratch: string;
  let appDir: string;
  let home: string;
  let appTreeBefore: string[];
  let startedAt: number;
  let child: ChildProcess | undefined;
  let port: number;
  let output = '';

  beforeAll(async () => {
    scratch = tempDir('sample-app-scratch-');
    // Like the image's VOLUME: the app user owns its scratch directory.
    if (dropPrivileges) {
      fs.chownSync(scratch, APP_UID, APP_GID);
    }
    fs.chmodSync(scratch, 0o700);
    // The image's /app: owned by root, read-only to everyone (and its parent too, standing for
    // the rest of the read-only root filesystem, HOME included).
    const root = tempDir('sample-app-root-');
    appDir = path.join(root, 'app');
    home = path.join(root, 'home');
    fs.mkdirSync(appDir);
    fs.mkdirSync(home);
    fs.copyFileSync(path.join(APP_DIR, 'server.js'), path.join(appDir, 'server.js'));
    fs.chmodSync(path.join(appDir, 'server.js'), 0o444);
    for (const dir of [appDir, home, root]) {
      fs.chmodSync(dir, 0o555);
    }
    appTreeBefore = tree(root);
    port = await freePort();
    startedAt = Date.now();
    child = spawn(process.execPath, [path.join(appDir, 'server.js')], {
      cwd: appDir,
      env: { PATH: process.env.PATH ?? '', HOME: home, PORT: String(port), TMPDIR: scratch, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(dropPrivileges ? { uid: APP_UID, gid: APP_GID } : {}),
    });
    child.stdout?.on('data', (d) => (output += String(d)));
    child.stderr?.on('data', (d) => (output += String(d)));
    await waitForListening(port, child, () => output);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child!.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // tempDir removes the scratch and root copies after this file; make them removable by
    // a non-root runner first.
    for (const dir of [appDir, home, path.dirname(appDir)].filter(Boolean)) {
      fs.chmodSync(dir, 0o755);
    }
  });

  test(`runs unprivileged (${dropPrivileges ? 'dropped to 1000:1000' : 'not root: runs as the current user'})`, () => {
    expect(child?.pid).toBeDefined();
    if (dropPrivileges) {
      // The server cannot write next to its own code: only the scratch dir is its own.
      const status = fs.readFileSync(`/proc/${child!.pid}/status`, 'utf8');
      expect(status).toMatch(new RegExp(`^Uid:\\s+${APP_UID}\\s`, 'm'));
      expect(status).toMatch(new RegExp(`^Gid:\\s+${APP_GID}\\s`, 'm'));
    }
  });

  test('GET / answers 200 with the HTML page and the security headers', async () => {
    const res = await get(port, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<h1>HardenedDemoService</h1>');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  test('GET /health answers 200 ok after writing and reading back its scratch directory', async () => {
    const res = await get(port, '/health');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', scratch: 'writable', startedAt: expect.any(String) });
    // The probe cleans up after itself.
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  test('GET /health answers 503 when the scratch directory is not writable (a root-owned 0755 bind mount)', async () => {
    fs.chmodSync(scratch, 0o500);
    try {
      const res = await get(port, '/health');
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body)).toMatchObject({ status: 'scratch directory not writable', scratch: 'not writable' });
      expect(res.body).not.toContain(scratch); // no paths or error codes to anonymous callers
    } finally {
      fs.chmodSync(scratch, 0o700);
    }
  });

  test('unknown paths are 404', async () => {
    expect((await get(port, '/nope')).status).toBe(404);
  });

  test('after serving / and /health it has written nothing outside its scratch directory', async () => {
    for (const urlPath of ['/', '/health', '/', '/health']) {
      expect((await get(port, urlPath)).status).toBe(200);
    }
    // Its code directory, the directory above it and HOME: exactly as they were.
    expect(tree(path.dirname(appDir))).toEqual(appTreeBefore);
    // The scratch directory: the health probe removed its file.
    expect(fs.readdirSync(scratch)).toEqual([]);
    if (dropPrivileges) {
      // Nothing of the app user's in the shared temporary directories either.
      expect(writtenByAppUserSince(startedAt, [scratch])).toEqual([]);
    }
    expect(child?.exitCode).toBeNull();
  });
});

describe('the sample image declares its scratch volume', () => {
  const dockerfile = fs.readFileSync(path.join(APP_DIR, 'Dockerfile'), 'utf8');
  // Instructions, with comments dropped and continuation lines joined.
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const index = (re: RegExp) => instructions.findIndex((l) => re.test(l));
  const esc = SCRATCH_PATH.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

  test(`VOLUME ["${SCRATCH_PATH}"]: Fargate then copies the image directory's owner and mode into the bind mount`, () => {
    const volume = instructions.find((l) => /^VOLUME\s/i.test(l));
    expect(volume).toBeDefined();
    const declared = JSON.parse(volume!.replace(/^VOLUME\s+/i, '')) as string[];
    expect(declared).toContain(SCRATCH_PATH);
  });

  test('the scratch path is owned by the app user (1000:1000) and world-writable with the sticky bit, before the VOLUME', () => {
    const chown = index(new RegExp(`chown\\s+(${APP_UID}:${APP_GID}|node:node)\\s+${esc}(\\s|$|&)`));
    const chmod = index(new RegExp(`chmod\\s+1777\\s+${esc}(\\s|$|&)`));
    const volume = index(/^VOLUME\s/i);
    expect(chown).toBeGreaterThanOrEqual(0);
    expect(chmod).toBeGreaterThanOrEqual(0);
    // Docker discards changes to a VOLUME path made after the VOLUME instruction.
    expect(chown).toBeLessThan(volume);
    expect(chmod).toBeLessThan(volume);
    // Done as root, before the image drops to its user.
    expect(volume).toBeLessThan(index(/^USER\s/i));
  });

  test('the image runs as its unprivileged user', () => {
    const users = instructions.filter((l) => /^USER\s/i.test(l));
    expect(users[users.length - 1]).toMatch(/^USER\s+(node|1000(:1000)?)$/i);
  });
});

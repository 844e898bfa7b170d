// Shared helpers of the browser tests: the static server on loopback, Debian's headless Chromium
// through playwright-core, the app's read-only test hook (window.wirelabTest, web/views/test_hook.h),
// real mouse gestures on the canvas, screenshots, and bounded waits. Every wait fails with what
// the app showed instead, so a failure explains itself.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const CHROMIUM = '/usr/bin/chromium';
// The flags that work on these machines (TOOLCHAIN.md): software WebGL 2 via SwiftShader, no
// network besides loopback. Playwright adds --headless and a fresh temporary --user-data-dir.
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-proxy-server',
];

export class TestFailure extends Error {}

export function check(condition, message) {
  if (!condition) throw new TestFailure(message);
}

// One test run: a log with elapsed seconds, cleanup steps run newest first, a watchdog.
export class Run {
  constructor(name, totalMs) {
    this.name = name;
    this.started = Date.now();
    this.cleanups = [];
    const watchdog = setTimeout(() => this.finish(1, `${name} FAILED: did not finish within ${totalMs / 1000} s`), totalMs);
    watchdog.unref();
  }

  log(message) {
    console.log(`[${((Date.now() - this.started) / 1000).toFixed(1)}s] ${message}`);
  }

  async cleanup() {
    while (this.cleanups.length) {
      const step = this.cleanups.pop();
      try {
        await Promise.race([step(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      } catch {
        // best effort: keep cleaning up the rest
      }
    }
  }

  async finish(code, message) {
    if (message) console.error(message);
    await this.cleanup();
    process.exit(code);
  }

  // Runs main(run) and exits 0, or 1 with "<name> FAILED: <why>".
  main(fn) {
    fn(this).then(() => this.finish(0), (err) => {
      const why = err instanceof TestFailure ? err.message : (err && err.stack) || String(err);
      return this.finish(1, `${this.name} FAILED: ${why}`);
    });
  }
}

export function parseArgs(argv) {
  const opts = { root: path.join(REPO, 'build/web/www'), out: path.join(REPO, 'build/web/screenshots') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') opts.root = path.resolve(argv[++i]);
    else if (argv[i] === '--out') opts.out = path.resolve(argv[++i]);
    else throw new TestFailure(`unknown option ${argv[i]} (usage: [--root DIR] [--out DIR])`);
  }
  return opts;
}

// Starts web/serve.mjs on a free loopback port; resolves to its URL.
export function startServer(run, root) {
  const server = spawn(process.execPath, [path.join(REPO, 'web/serve.mjs'), '--port', '0',
                                          '--host', '127.0.0.1', '--root', root],
                       { stdio: ['ignore', 'pipe', 'pipe'] });
  run.cleanups.push(() => { if (server.exitCode === null) server.kill('SIGKILL'); });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new TestFailure(`web/serve.mjs printed no URL within 10 s:\n${output}`)), 10_000);
    const onData = (chunk) => {
      output += chunk;
      const m = /Wirelab is served at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new TestFailure(`web/serve.mjs exited with ${code} before serving:\n${output}`));
    });
  });
}

export async function launch(run) {
  let chromium;
  try {
    chromium = (await import('playwright-core')).chromium;
  } catch {
    throw new TestFailure('playwright-core is not installed: run `npm ci` in tests/browser (./dev test does it)');
  }
  check(existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, chromiumSandbox: false, args: CHROMIUM_FLAGS, timeout: 20_000,
  });
  run.cleanups.push(() => browser.close());
  return browser;
}

// Collects everything that would mean the page is broken.
export function watchForProblems(page) {
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`); });
  return problems;
}

export async function state(page) {
  return page.evaluate(() => window.wirelabTest.state());
}

// Waits until the app has drawn `frames` frames, or fails with the page's own error message.
export async function waitForFrames(page, frames) {
  const handle = await page.waitForFunction((n) => {
    const status = document.getElementById('status');
    if (status && status.classList.contains('error')) return { error: status.innerText };
    return window.wirelabTest && window.wirelabTest.frames() >= n ? { ok: true } : false;
  }, frames, { timeout: 30_000 });
  const result = await handle.jsonValue();
  check(!result.error, `the page shows an error instead of the app:\n${result.error}`);
}

// Lets the app draw `n` more frames (so a click has been seen and acted on).
export async function settle(page, n = 3) {
  const start = await page.evaluate(() => window.wirelabTest.frames());
  await page.waitForFunction((s) => window.wirelabTest.frames() >= s, start + n, { timeout: 10_000 });
}

// Polls `probe` (run in node, given the page) until `pred` holds; fails with the last value.
export async function waitFor(page, probe, pred, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe(page);
    if (pred(last)) return last;
    await page.waitForTimeout(50);
  }
  const shown = typeof last === 'string' ? last.slice(-1500) : JSON.stringify(last)?.slice(0, 1500);
  throw new TestFailure(`timed out after ${timeoutMs / 1000} s waiting for ${what}; the app shows:\n${shown}`);
}

export async function rect(page, name) {
  const r = (await state(page)).rects[name];
  check(r && r.w > 0 && r.h > 0, `the app reports no rectangle for ${name}`);
  return r;
}

export function centre(r) {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

// A click as a hand makes it: the pointer arrives first (ImGui tabs only take a click on what the
// pointer was already over), then the button goes down and up.
export async function click(page, at) {
  await page.mouse.move(at.x, at.y);
  await settle(page, 2);
  await page.mouse.down();
  await settle(page, 1);
  await page.mouse.up();
  await settle(page, 2);
}

// A real drag: press at `from`, move in steps, release at `to`.
export async function drag(page, from, to, steps = 12) {
  await page.mouse.move(from.x, from.y);
  await settle(page, 2);
  await page.mouse.down();
  await settle(page, 2);
  await page.mouse.move(from.x + (to.x - from.x) * 0.1, from.y + (to.y - from.y) * 0.1, { steps: 3 });
  await settle(page, 2);
  await page.mouse.move(to.x, to.y, { steps });
  await settle(page, 2);
  await page.mouse.up();
  await settle(page, 3);
}

export async function screenshot(run, page, out, name) {
  const file = path.join(out, name);
  const png = await page.screenshot({ path: file });
  run.log(`screenshot ${path.relative(REPO, file)}`);
  return png;
}

// The network as the app's document holds it (scenario JSON).
export async function scenario(page) {
  return JSON.parse(await page.evaluate(() => window.wirelabTest.scenario()));
}

export async function terminalText(page, host) {
  return page.evaluate((h) => window.wirelabTest.terminal(h), host);
}

export async function device(page, name) {
  const d = (await state(page)).devices.find((x) => x.name === name);
  check(d, `no device ${name} on the canvas`);
  return d;
}

// Drags a palette item to a point of the canvas given as fractions of its size.
export async function placeDevice(run, page, item, fx, fy) {
  const from = centre(await rect(page, `palette.${item}`));
  const c = await rect(page, 'canvas');
  await drag(page, from, { x: c.x + c.w * fx, y: c.y + c.h * fy }, 15);
  const s = await state(page);
  run.log(`dragged ${item} from the palette: devices now ${s.devices.map((d) => d.name).join(', ')}`);
}

export async function connect(run, page, a, b) {
  const before = (await state(page)).links;
  // Hover the device so its + handle shows, then drag the handle onto the other device.
  await page.mouse.move((await device(page, a)).at.x, (await device(page, a)).at.y);
  await settle(page, 3);
  const from = (await device(page, a)).handle;
  const to = (await device(page, b)).at;
  await drag(page, from, to, 15);
  const s = await waitFor(page, state, (x) => x.links === before + 1, `a cable between ${a} and ${b}`);
  run.log(`connected ${a} and ${b} (${s.links} cables)`);
}

export async function clickDevice(page, name) {
  await click(page, (await device(page, name)).at);
}

// A widget's rectangle once it has stopped moving: an edit just applied (a restart notice, a
// cable name in a header) can lay the inspector out again a few frames later.
async function stableRect(page, name) {
  let prev = await rect(page, name);
  for (let i = 0; i < 20; ++i) {
    await settle(page, 2);
    const r = await rect(page, name);
    if (r.x === prev.x && r.y === prev.y && r.w === prev.w && r.h === prev.h) return r;
    prev = r;
  }
  return prev;
}

// Clicks the text field `name` (a test-hook rectangle) until it has the keyboard, then replaces
// its text. Never sends Ctrl+A while no field has the keyboard: the canvas would select all.
// selectAll: false clicks once and types whatever happens (a locked, greyed-out field).
export async function typeField(page, name, text, { enter = true, selectAll = true } = {}) {
  for (let attempt = 1; ; ++attempt) {
    const r = await stableRect(page, name);
    await click(page, { x: r.x + Math.min(r.w / 2, 60), y: r.y + r.h / 2 });
    await settle(page, 2);
    if (!selectAll || (await state(page)).typing) break;
    check(attempt < 4, `clicking ${name} ${attempt} times never gave it the keyboard`);
  }
  if (selectAll) await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 15 });
  if (enter) await page.keyboard.press('Enter');
  await settle(page, 3);
}

// Serves opts.root, opens it in a fresh headless Chromium page and waits for the app's first
// frames. Returns the page and the list watchForProblems fills.
export async function openApp(run, opts, viewport) {
  check(existsSync(path.join(opts.root, 'wirelab_app.wasm')),
        `${opts.root}/wirelab_app.wasm is missing: build the web preset first (cmake --build --preset web)`);
  mkdirSync(opts.out, { recursive: true });
  const url = await startServer(run, opts.root);
  run.log(`server: ${url}`);
  const browser = await launch(run);
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(url);
  await waitForFrames(page, 5);
  return { page, problems };
}

// Clicks the packet list's download button and saves the capture as out/name.
export async function downloadCapture(page, out, name) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10_000 }),
    click(page, centre(await rect(page, 'packet_download'))),
  ]);
  const file = path.join(out, name);
  await download.saveAs(file);
  check(download.suggestedFilename().endsWith('.pcap'), `download is named ${download.suggestedFilename()}`);
  return file;
}

// Reloads the page and waits until the autosaved network is back with `devices` devices.
export async function reloadAndCompare(run, page, devices) {
  const before = await scenario(page);
  await page.reload();
  await waitForFrames(page, 5);
  const after = await waitFor(page, scenario, (s) => s.devices.length === devices, 'the network after a reload');
  check(JSON.stringify(after.devices) === JSON.stringify(before.devices) &&
        JSON.stringify(after.links) === JSON.stringify(before.links),
        `after the reload the scenario differs:\n${JSON.stringify(after)}\nvs\n${JSON.stringify(before)}`);
  run.log(`reloaded: ${after.devices.map((d) => d.name).join(', ')} and ${after.links.length} cables are back`);
  return after;
}

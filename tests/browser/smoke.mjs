// Browser smoke test of the Wirelab app, driven the way a person uses it: Debian's Chromium
// (headless, software WebGL 2) loads the page from web/serve.mjs on loopback, real mouse and
// keyboard events reach the ImGui widgets, and assertions read the app's own state through
// window.wirelabTest (web/views/test_hook.h) rather than pixels. Screenshots are kept as artefacts.
//
//   node tests/browser/smoke.mjs [--root build/web/www] [--out build/web/screenshots]
//
// Exits 0 on success, 1 with "browser smoke test FAILED: <why>" otherwise. The server, the
// browser and its profile folder are always cleaned up; the whole run is bounded to 60 s.
import { spawn } from 'node:child_process';
import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, pixelStats } from './png.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const CHROMIUM = '/usr/bin/chromium';
const TOTAL_TIMEOUT_MS = 60_000;
// The flags that work on these machines (TOOLCHAIN.md): software WebGL 2 via SwiftShader, no
// network besides loopback. Playwright adds --headless and a fresh temporary --user-data-dir.
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-proxy-server',
];
const VIEWPORT = { width: 1280, height: 800 };

const cleanups = [];
const started = Date.now();

function log(message) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

class TestFailure extends Error {}

function check(condition, message) {
  if (!condition) throw new TestFailure(message);
}

// Runs the cleanup steps newest first, each bounded to 5 s. Playwright also kills the browser
// it launched when this process exits.
async function cleanup() {
  while (cleanups.length) {
    const step = cleanups.pop();
    try {
      await Promise.race([step(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    } catch {
      // best effort: keep cleaning up the rest
    }
  }
}

async function finish(code, message) {
  if (message) console.error(message);
  await cleanup();
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {
    root: path.join(REPO, 'build/web/www'),
    out: path.join(REPO, 'build/web/screenshots'),
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') opts.root = path.resolve(argv[++i]);
    else if (argv[i] === '--out') opts.out = path.resolve(argv[++i]);
    else throw new TestFailure(`unknown option ${argv[i]} (usage: smoke.mjs [--root DIR] [--out DIR])`);
  }
  return opts;
}

// Starts web/serve.mjs on a free loopback port; resolves to its URL.
function startServer(root) {
  const server = spawn(process.execPath, [path.join(REPO, 'web/serve.mjs'), '--port', '0',
                                          '--host', '127.0.0.1', '--root', root],
                       { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => { if (server.exitCode === null) server.kill('SIGKILL'); });
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

async function loadPlaywright() {
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    throw new TestFailure('playwright-core is not installed: run `npm ci` in tests/browser (./dev test does it)');
  }
}

async function launch(chromium) {
  check(existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install chromium`);
  // Playwright gives the browser a fresh temporary --user-data-dir and deletes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_FLAGS,
    timeout: 20_000,
  });
  cleanups.push(() => browser.close());
  return browser;
}

// Collects everything that would mean the page is broken.
function watchForProblems(page) {
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`); });
  return problems;
}

async function state(page) {
  return page.evaluate(() => window.wirelabTest.state());
}

// Waits until the app has drawn `frames` frames, or fails with the page's own error message.
async function waitForFrames(page, frames) {
  const handle = await page.waitForFunction((n) => {
    const status = document.getElementById('status');
    if (status && status.classList.contains('error')) return { error: status.innerText };
    return window.wirelabTest && window.wirelabTest.frames() >= n ? { ok: true } : false;
  }, frames, { timeout: 30_000 });
  const result = await handle.jsonValue();
  check(!result.error, `the page shows an error instead of the app:\n${result.error}`);
}

async function screenshot(page, out, name) {
  const file = path.join(out, name);
  const png = await page.screenshot({ path: file });
  log(`screenshot ${path.relative(REPO, file)}`);
  return decodePng(png);
}

async function checkStart(page, out) {
  await waitForFrames(page, 3);
  const s = await state(page);
  log(`app running: ${s.frames} frames, ui scale ${s.ui_scale}, ${s.canvas.instances} canvas instances`);
  check(s.fonts_problem === '', `fonts did not load: ${s.fonts_problem}`);
  check(s.renderer_problem === '', `canvas renderer failed: ${s.renderer_problem}`);
  check(s.canvas.instances > 10, `the canvas grid has only ${s.canvas.instances} instances`);
  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight,
             ratio: window.devicePixelRatio, focused: document.activeElement === c,
             statusHidden: document.getElementById('status').classList.contains('hidden') };
  });
  check(canvas.cssWidth === VIEWPORT.width && canvas.cssHeight === VIEWPORT.height,
        `the canvas does not fill the window: ${canvas.cssWidth}x${canvas.cssHeight} CSS px`);
  check(canvas.width === Math.round(canvas.cssWidth * canvas.ratio),
        `canvas backing store ${canvas.width} px wide, expected CSS width x devicePixelRatio`);
  check(canvas.statusHidden, 'the loading indicator is still shown after the first frames');
  check(canvas.focused, 'keyboard focus is not on the canvas');

  const stats = pixelStats(await screenshot(page, out, '01-start.png'));
  log(`screenshot: ${stats.colours} colours, ${(100 * stats.nonBackground / stats.total).toFixed(1)}% not ${stats.background}`);
  check(stats.colours > 50 && stats.nonBackground > stats.total * 0.05,
        `the page looks blank: ${stats.colours} colours, ${stats.nonBackground} of ${stats.total} pixels differ from ${stats.background}`);
}

async function typeInto(page, rectName, text) {
  const r = (await state(page)).rects[rectName];
  check(r && r.w > 0 && r.h > 0, `the app reports no rectangle for ${rectName}`);
  await page.mouse.click(r.x + Math.min(r.w / 2, 40), r.y + r.h / 2);
  await page.keyboard.type(text, { delay: 20 });
}

// Waits until the CIDR calculator's state satisfies pred (evaluated in node on polled state).
async function waitForCidr(page, pred, what) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = (await state(page)).cidr;
    if (pred(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new TestFailure(`CIDR calculator never showed ${what}; it shows ${JSON.stringify(last)}`);
}

// Opens View → CIDR calculator (it starts closed, out of the way of the network).
async function openCidrCalculator(page) {
  for (const name of ['menu.View', 'menu.View.CIDR']) {
    const deadline = Date.now() + 5_000;
    let r;
    while (Date.now() < deadline && !(r && r.w > 0)) {
      r = (await state(page)).rects[name];
      if (!(r && r.w > 0)) await page.waitForTimeout(50);
    }
    check(r && r.w > 0, `the app reports no rectangle for ${name}`);
    await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  }
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const s = await state(page);
    if (s.cidr.open && s.rects.cidr_input.w > 0) return;
    await page.waitForTimeout(50);
  }
  throw new TestFailure('View → CIDR calculator did not open the calculator');
}

async function checkCidrCalculator(page, out) {
  await openCidrCalculator(page);
  await typeInto(page, 'cidr_input', '192.168.5/24');
  const row = (c, key) => c.rows.find((r) => r.key === key);
  const cidr = await waitForCidr(page, (c) => c.input === '192.168.5/24' && row(c, 'hosts'),
                                 'rows for 192.168.5/24');
  log(`CIDR calculator: ${cidr.rows.map((r) => `${r.key}=${r.value}`).join(', ')}`);
  check(cidr.error === '', `unexpected error: ${cidr.error}`);
  check(/^192\.168\.5\.0(\/24)?$/.test(row(cidr, 'network')?.value ?? ''),
        `network is ${row(cidr, 'network')?.value}, expected 192.168.5.0/24`);
  check(row(cidr, 'hosts').value === '254', `hosts is ${row(cidr, 'hosts').value}, expected 254`);
  await screenshot(page, out, '02-cidr.png');

  // A bad prefix: the parser's message is shown in place of the rows.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('10.0.0.300/24', { delay: 20 });
  const bad = await waitForCidr(page, (c) => c.input === '10.0.0.300/24' && c.error !== '',
                                'an error for 10.0.0.300/24');
  log(`CIDR error shown: ${bad.error}`);
  check(bad.input === '10.0.0.300/24', `after select-all + typing the input is ${JSON.stringify(bad.input)}`);
  check(/300/.test(bad.error) && bad.rows.length === 0, `error does not name the bad octet: ${bad.error}`);
  await screenshot(page, out, '03-cidr-error.png');
}

async function checkCanvasPanZoom(page) {
  const r = (await state(page)).rects.canvas;
  // A click after the pointer jumped (from the calculator) must not pan the view.
  const start = (await state(page)).canvas;
  await page.mouse.click(r.x + r.w * 0.15, r.y + r.h * 0.9);
  await page.waitForTimeout(100);
  const clicked = (await state(page)).canvas;
  check(clicked.center[0] === start.center[0] && clicked.center[1] === start.center[1],
        `a plain click moved the canvas: centre ${start.center} -> ${clicked.center}`);
  const before = clicked;
  // Start left of the centre hint, away from the calculator window.
  const x = r.x + r.w * 0.25, y = r.y + r.h * 0.6;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 60, y + 30, { steps: 6 });
  await page.mouse.move(x + 120, y + 60, { steps: 6 });
  await page.mouse.up();
  await page.waitForTimeout(100);
  const panned = (await state(page)).canvas;
  check(panned.center[0] < before.center[0] - 50 && panned.center[1] < before.center[1] - 25,
        `dragging the canvas did not pan it: centre ${before.center} -> ${panned.center}`);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(200);
  const zoomed = (await state(page)).canvas;
  check(zoomed.zoom > before.zoom, `the mouse wheel did not zoom in: ${before.zoom} -> ${zoomed.zoom}`);
  log(`canvas: drag panned to [${panned.center.map((v) => v.toFixed(0))}], wheel zoomed to ${zoomed.zoom.toFixed(2)}`);
}

// The canvas follows the window when it is resized.
async function checkResize(page) {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.waitForFunction(() => {
    const c = document.getElementById('canvas');
    const s = window.wirelabTest.state();
    const inspector = s.rects['panel.inspector'];
    return c.width === 1000 && c.height === 700 && inspector &&
           Math.abs(inspector.x + inspector.w - 1000) < 1 &&
           Math.abs(s.rects.canvas.x + s.rects.canvas.w - inspector.x) < 1;
  }, null, { timeout: 5_000 }).catch(() => {
    throw new TestFailure('after resizing the window to 1000x700 the canvas did not follow');
  });
  log('window resized to 1000x700: canvas and layout followed');
}

// A second page at devicePixelRatio 2: the canvas backing store must follow it.
async function checkHighDpi(browser, url, out) {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(url);
  await waitForFrames(page, 3);
  const c = await page.evaluate(() => ({ w: document.getElementById('canvas').width, ratio: devicePixelRatio }));
  const s = await state(page);
  check(c.ratio === 2 && c.w === 1600, `at devicePixelRatio ${c.ratio} the canvas is ${c.w} px wide, expected 1600`);
  check(s.ui_scale === 2, `at devicePixelRatio 2 the UI scale is ${s.ui_scale}`);
  await screenshot(page, out, '04-hidpi.png');
  check(problems.length === 0, `problems on the high-DPI page:\n  ${problems.join('\n  ')}`);
  log('devicePixelRatio 2: canvas 1600 px wide, UI scale 2');
  await context.close();
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  check(existsSync(path.join(opts.root, 'wirelab_app.wasm')),
        `${opts.root}/wirelab_app.wasm is missing: build the web preset first (cmake --build --preset web)`);
  mkdirSync(opts.out, { recursive: true });
  const chromium = await loadPlaywright();
  const url = await startServer(opts.root);
  log(`server: ${url}`);
  const browser = await launch(chromium);
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(url);
  await checkStart(page, opts.out);
  await checkCidrCalculator(page, opts.out);
  await checkCanvasPanZoom(page);
  await checkResize(page);
  check(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
  await checkHighDpi(browser, url, opts.out);
  writeFileSync(path.join(opts.out, 'last-state.json'), JSON.stringify(await state(page), null, 2));
  log('browser smoke test passed');
}

const watchdog = setTimeout(() => {
  finish(1, `browser smoke test FAILED: did not finish within ${TOTAL_TIMEOUT_MS / 1000} s`);
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

main().then(() => finish(0), (err) => {
  const why = err instanceof TestFailure ? err.message : (err && err.stack) || String(err);
  return finish(1, `browser smoke test FAILED: ${why}`);
});

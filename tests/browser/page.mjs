// Issue 6 item 3's page view in headless Chromium, with real mouse and keyboard events: open the
// hello-web example from File → Examples, right-click pc1 on the canvas and choose "Open web
// browser", type the web server's address and press Enter; the page view must show the
// server's `<p>Hello, World!</p>` as text, with a 200 status, and the request must be a real
// HTTP exchange in the packet list. A name nothing resolves shows curl's words instead; Back
// returns to the page. Assertions
// read window.wirelabTest (web/views/test_hook.h); screenshots go to build/web/screenshots/page-*.png.
//
//   node tests/browser/page.mjs [--root build/web/www] [--out build/web/screenshots]
import {
  Run, centre, check, click, openApp, parseArgs, rect, screenshot, settle, state, waitFor,
} from './lib.mjs';

const TOTAL_TIMEOUT_MS = 100_000;
const VIEWPORT = { width: 1400, height: 900 };
const ADDRESS = 'http://10.0.0.80/'; // what site/examples/hello-web.json serves (no DNS there)

const pageView = async (page) => (await state(page)).page_view;
const packets = (page) => page.evaluate(() => window.wirelabTest.packets(5000));

async function openExample(run, page) {
  await click(page, centre(await rect(page, 'menu.File')));
  await click(page, centre(await rect(page, 'menu.File.Examples')));
  await click(page, centre(await rect(page, 'menu.File.Examples.hello-web.json')));
  const s = await waitFor(page, state, (x) => x.devices.some((d) => d.name === 'web'), 'the hello-web example to open');
  run.log(`example opened: ${s.devices.map((d) => d.name).join(', ')}`);
}

async function openBrowser(run, page, out) {
  const pc1 = (await state(page)).devices.find((d) => d.name === 'pc1');
  check(pc1, 'no pc1 on the canvas');
  await page.mouse.move(pc1.at.x, pc1.at.y);
  await settle(page, 2);
  await page.mouse.click(pc1.at.x, pc1.at.y, { button: 'right' });
  await settle(page, 3);
  await screenshot(run, page, out, 'page-1-menu.png');
  await click(page, centre(await rect(page, 'canvas_menu.Open web browser')));
  const v = await waitFor(page, pageView, (x) => x.open && x.host === 'pc1', 'the web browser window on pc1');
  run.log(`page view open on ${v.host}`);
}

async function visit(page, address) {
  const r = await rect(page, 'page.address');
  await click(page, { x: r.x + r.w / 2, y: r.y + r.h / 2 });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(address, { delay: 10 });
  await page.keyboard.press('Enter');
}

async function helloWorld(run, page, out) {
  await visit(page, ADDRESS);
  const v = await waitFor(page, pageView, (x) => !x.loading && (x.status > 0 || x.error),
                          `the page at ${ADDRESS}`, 30_000);
  run.log(`loaded ${v.url}: status ${v.status}, ${v.bytes} bytes, ${v.ms} ms simulated, error "${v.error}"`);
  check(v.error === '', `the page view shows an error: ${v.error}`);
  check(v.status === 200, `status ${v.status}, expected 200`);
  check(v.url === ADDRESS, `url ${v.url}`);
  check(v.text.split('\n').includes('Hello, World!'), `the page text has no "Hello, World!" line:\n${v.text}`);
  check(!/<p>/.test(v.text), `the page text still has markup:\n${v.text}`);
  check(v.ms > 0, 'the load took no simulated time');
  // The request is the page view's own (its User-Agent, not the example script's curl): an HTTP
  // row whose Info is its request line, in a frame of Ethernet 14 + IPv4 20 + TCP 20 + request.
  const request = 'GET / HTTP/1.1\r\nHost: 10.0.0.80\r\nUser-Agent: Wirelab-browser/1.0 (text mode)\r\n' +
    'Accept: text/html, text/plain, */*\r\n\r\n';
  const sent = (p) => p.protocol === 'HTTP' && p.info === 'GET / HTTP/1.1' && p.length >= 54 + request.length;
  // The example's script brought pc1's terminal forward; the list fills while it is shown.
  await click(page, centre(await rect(page, 'tab.Packets')));
  const list = await waitFor(page, packets, (x) => x.rows.some(sent),
                             'an HTTP row "GET / HTTP/1.1" in the packet list', 10_000);
  const row = list.rows.find(sent);
  run.log(`packet list row ${row.no}: ${row.source} → ${row.destination} ${row.protocol} ${row.length} "${row.info}"`);
  check(row.source === '10.0.0.10' && row.destination === '10.0.0.80', `the request went ${row.source} → ${row.destination}`);
  await screenshot(run, page, out, 'page-2-hello.png');
}

async function unresolvable(run, page, out) {
  await visit(page, 'www.lab');
  const v = await waitFor(page, pageView, (x) => !x.loading && x.error !== '', 'an error for www.lab', 30_000);
  run.log(`www.lab: "${v.error}"`);
  check(v.error === 'Could not resolve host: www.lab', `error "${v.error}"`);
  await screenshot(run, page, out, 'page-3-error.png');
}

// Back (a real click) loads the previous address again.
async function back(run, page) {
  await click(page, centre(await rect(page, 'page.back')));
  const v = await waitFor(page, pageView, (x) => !x.loading && x.status === 200, 'Back to the hello page', 30_000);
  check(v.url === ADDRESS && v.error === '' && v.text.split('\n').includes('Hello, World!'),
        `after Back: ${v.url} "${v.error}"\n${v.text}`);
  check(v.address === ADDRESS, `the address bar shows ${v.address}`);
  run.log(`Back: ${v.url} again, status ${v.status}`);
}

new Run('browser page view test', TOTAL_TIMEOUT_MS).main(async (run) => {
  const opts = parseArgs(process.argv.slice(2));
  const { page, problems } = await openApp(run, opts, VIEWPORT);
  await openExample(run, page);
  await openBrowser(run, page, opts.out);
  await helloWorld(run, page, opts.out);
  await unresolvable(run, page, opts.out);
  await back(run, page);
  check(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
  run.log('browser page view test passed');
});

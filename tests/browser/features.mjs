// Journey 2 of PRODUCT.md and the rest of the app's promises, in headless Chromium with real
// mouse and keyboard events: copy, paste, delete and box selection; packets drawn in motion during a ping; 50% loss set on a cable in the
// inspector is applied to the running network (no restart) and ping loses packets, with red drop
// bursts and "lost on link" in the event log; Ctrl+Z takes the loss back; File → Examples opens
// an example whose script runs in a terminal; a share link carries the network to a fresh
// browser. Starts from a network put in the browser's storage (the autosave) to save time.
//
//   node tests/browser/features.mjs [--root build/web/www] [--out build/web/screenshots]
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  Run, centre, check, click, launch, parseArgs, rect, screenshot, settle, startServer, state,
  waitFor, waitForFrames, watchForProblems,
} from './lib.mjs';

const TOTAL_TIMEOUT_MS = 150_000;
const VIEWPORT = { width: 1400, height: 900 };
const LAN = {
  format: 'wirelab/1',
  title: 'Two PCs on a switch',
  devices: [
    { name: 'pc1', type: 'host', position: [0, 0], interfaces: [{ name: 'eth0', ipv4: ['10.0.0.1/24'] }] },
    { name: 'pc2', type: 'host', position: [400, 0], interfaces: [{ name: 'eth0', ipv4: ['10.0.0.2/24'] }] },
    { name: 'sw1', type: 'switch', position: [200, 160], ports: 8 },
  ],
  links: [{ a: 'pc1:eth0', b: 'sw1:port1' }, { a: 'pc2:eth0', b: 'sw1:port2' }],
};

const scenario = async (page) => JSON.parse(await page.evaluate(() => window.wirelabTest.scenario()));
const terminal = (page, host) => page.evaluate((h) => window.wirelabTest.terminal(h), host);

async function device(page, name) {
  const d = (await state(page)).devices.find((x) => x.name === name);
  check(d, `no device ${name} on the canvas`);
  return d;
}

async function runInTerminal(page, host, line) {
  const s = await state(page);
  if (s.active_tab !== host) {
    await click(page, (await device(page, host)).at);
    await click(page, centre(await rect(page, 'inspector.open_terminal')));
    await waitFor(page, state, (x) => x.active_tab === host && x.typing, `the terminal of ${host}`);
  } else {
    await click(page, centre(await rect(page, 'terminal_input')));
  }
  await page.keyboard.type(line, { delay: 10 });
  await page.keyboard.press('Enter');
}

async function editing(run, page) {
  await click(page, (await device(page, 'pc1')).at);
  await page.keyboard.press('Control+C');
  await page.keyboard.press('Control+V');
  const pasted = await waitFor(page, state, (s) => s.devices.length === 4, 'Ctrl+C, Ctrl+V to add a copy of pc1');
  const copy = (await scenario(page)).devices[3];
  check(copy.name === 'pc3' && copy.interfaces[0].ipv4[0] === '10.0.0.1/24' && pasted.selection.join() === 'pc3',
        `the copy is ${JSON.stringify(copy)}, selection ${pasted.selection}`);
  await page.keyboard.press('Delete');
  await waitFor(page, state, (s) => s.devices.length === 3, 'Delete to remove the pasted pc3');
  // Shift+drag a box around everything.
  const c = await rect(page, 'canvas');
  await page.keyboard.down('Shift');
  await page.mouse.move(c.x + 5, c.y + 40);
  await settle(page, 2);
  await page.mouse.down();
  await page.mouse.move(c.x + c.w - 5, c.y + c.h - 5, { steps: 8 });
  await settle(page, 2);
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const boxed = await waitFor(page, state, (s) => s.selection.length === 3, 'a selection box around the three devices');
  run.log(`copy, paste, delete and box selection work (${boxed.selection.join(', ')})`);
  await page.keyboard.press('Escape');
}

async function packetsInMotion(run, page, out) {
  await runInTerminal(page, 'pc1', 'ping -c 3 10.0.0.2');
  const s = await waitFor(page, state, (x) => x.sim.flights > 0, 'packets drawn on the cables during the ping');
  run.log(`packets in motion: ${s.sim.flights} on screen, ${s.canvas.instances} instances in ${s.canvas.draw_calls} draw calls`);
  check(s.canvas.draw_calls === 4, `expected one draw call per layer (grid, links, nodes, packets), got ${s.canvas.draw_calls}`);
  await screenshot(run, page, out, 'features-1-packets-in-motion.png');
  await waitFor(page, (p) => terminal(p, 'pc1'), (t) => /3 packets transmitted/.test(t), 'ping -c 3 to finish', 20_000);
  // A ping without -c runs until Ctrl+C, which prints the statistics, as on Linux.
  await runInTerminal(page, 'pc1', 'ping 10.0.0.2');
  await waitFor(page, (p) => terminal(p, 'pc1'), (t) => /icmp_seq=2 /.test(t.split('ping 10.0.0.2\n').pop()),
                'the endless ping to answer twice', 20_000);
  await page.keyboard.press('Control+C');
  const stopped = await waitFor(page, (p) => terminal(p, 'pc1'),
                                (t) => /\^C[\s\S]*packets transmitted/.test(t.split('ping 10.0.0.2\n').pop()),
                                'Ctrl+C to stop the ping and print its statistics');
  run.log(`Ctrl+C: ${stopped.trim().split('\n').filter((l) => /packets transmitted/.test(l)).pop()}`);
  check(!(await state(page)).terminals.find((t) => t.host === 'pc1').busy, 'pc1 is still busy after Ctrl+C');
}

async function lightTheme(run, page, out) {
  await click(page, centre(await rect(page, 'menu.View')));
  await click(page, centre(await rect(page, 'menu.View.Dark')));
  await waitFor(page, state, (s) => s.theme === 'light', 'the light theme');
  await screenshot(run, page, out, 'features-5-light.png');
  await click(page, centre(await rect(page, 'menu.View')));
  await click(page, centre(await rect(page, 'menu.View.Dark')));
  await waitFor(page, state, (s) => s.theme === 'dark', 'the dark theme again');
}

async function lossOnLink(run, page, out) {
  const restarts = (await state(page)).sim.restarts;
  const a = (await device(page, 'pc1')).at, b = (await device(page, 'sw1')).at;
  await click(page, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
  const r = await rect(page, 'inspector.link.loss');
  await click(page, { x: r.x + r.w / 2, y: r.y + r.h / 2 });
  await page.keyboard.press('Control+A');
  await page.keyboard.type('50', { delay: 10 });
  await page.keyboard.press('Enter');
  const sc = await waitFor(page, scenario, (x) => x.links[0].loss !== undefined, 'the loss to reach the scenario');
  run.log(`link pc1–sw1 now ${JSON.stringify(sc.links[0])}`);
  check(sc.links[0].loss === 0.5 || sc.links[0].loss === '50%', `loss is ${sc.links[0].loss}`);
  const s = await state(page);
  check(s.sim.restarts === restarts, 'changing the loss restarted the simulation instead of applying it live');
  await runInTerminal(page, 'pc1', 'ping -c 8 10.0.0.2');
  const bursts = await waitFor(page, state, (x) => x.sim.bursts > 0, 'a red drop burst on the lossy cable', 20_000);
  run.log(`drop bursts on screen: ${bursts.sim.bursts}; last event: ${bursts.sim.last_log}`);
  await screenshot(run, page, out, 'features-2-loss.png');
  const text = await waitFor(page, (p) => terminal(p, 'pc1'), (t) => /8 packets transmitted/.test(t),
                             'ping -c 8 to finish', 30_000);
  const summary = text.trim().split('\n').filter((l) => /packets transmitted/.test(l)).pop();
  run.log(`with 50% loss: ${summary}`);
  check(!/ 0% packet loss/.test(summary), `no packet lost with 50% loss on the link: ${summary}`);
  const st = await state(page);
  check(st.sim.logged_drops > 0 && /lost on link (pc1–sw1|sw1–pc1) \(loss 50%\)/.test(JSON.stringify(st)),
        `the event log has no "lost on link pc1–sw1 (loss 50%)": ${st.sim.last_log}`);
  // Ctrl+Z on the canvas takes the loss back.
  const c = await rect(page, 'canvas');
  await click(page, { x: c.x + 30, y: c.y + c.h - 30 });
  await page.keyboard.press('Control+Z');
  const undone = await waitFor(page, scenario, (x) => x.links[0].loss === undefined, 'Ctrl+Z to remove the loss');
  run.log(`after Ctrl+Z: ${JSON.stringify(undone.links[0])}`);
}

async function example(run, page, out) {
  await click(page, centre(await rect(page, 'menu.File')));
  await click(page, centre(await rect(page, 'menu.File.Examples')));
  await click(page, centre(await rect(page, 'menu.File.Examples.two-lans.json')));
  const s = await waitFor(page, state, (x) => x.devices.length === 7, 'the two-lans example to open');
  run.log(`example opened: ${s.devices.map((d) => d.name).join(', ')}`);
  const text = await waitFor(page, (p) => terminal(p, 'pc1'),
                             (t) => /ping -c 3 10\.0\.2\.10 +# from the scenario's script[\s\S]*3 packets transmitted/.test(t),
                             "the example's scripted ping on pc1", 30_000);
  check(/from 10\.0\.2\.10: icmp_seq=1 ttl=63/.test(text), `no reply across the router with ttl=63:\n${text}`);
  run.log('scripted ping across r1 answered with ttl=63');
  await screenshot(run, page, out, 'features-3-example.png');
}

async function shareLink(run, browser, page, out) {
  await click(page, centre(await rect(page, 'menu.File')));
  await click(page, centre(await rect(page, 'menu.File.Share')));
  const s = await waitFor(page, state, (x) => /#s=/.test(x.share_link), 'a share link');
  await page.keyboard.press('Escape');
  const expected = await page.evaluate(() => window.wirelabTest.scenario());
  run.log(`share link: ${s.share_link.length} characters`);
  const other = await browser.newContext({ viewport: VIEWPORT });
  const page2 = await other.newPage();
  await page2.goto(s.share_link);
  await waitForFrames(page2, 5);
  const got = await waitFor(page2, (p) => p.evaluate(() => window.wirelabTest.scenario()), (t) => t === expected,
                            'the shared network in a fresh browser');
  check(!(await page2.evaluate(() => location.hash)), 'the scenario stayed in the address after loading');
  run.log(`a fresh browser opened the link: ${JSON.parse(got).devices.length} devices`);
  await screenshot(run, page2, out, 'features-4-shared.png');
  await other.close();
}

new Run('browser features test', TOTAL_TIMEOUT_MS).main(async (run) => {
  const opts = parseArgs(process.argv.slice(2));
  check(existsSync(path.join(opts.root, 'wirelab_app.wasm')),
        `${opts.root}/wirelab_app.wasm is missing: build the web preset first (cmake --build --preset web)`);
  mkdirSync(opts.out, { recursive: true });
  const url = await startServer(run, opts.root);
  const browser = await launch(run);
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await context.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('wirelab.autosave.v1', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, JSON.stringify(LAN));
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(url);
  await waitForFrames(page, 5);
  check((await state(page)).devices.length === 3, 'the autosaved network was not restored');
  await settle(page, 5);
  await editing(run, page);
  await packetsInMotion(run, page, opts.out);
  await lossOnLink(run, page, opts.out);
  await example(run, page, opts.out);
  await shareLink(run, browser, page, opts.out);
  await lightTheme(run, page, opts.out);
  check(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
  run.log('browser features test passed');
});

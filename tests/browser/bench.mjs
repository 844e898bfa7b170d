// Frame-time benchmark of the browser app (not a test): a network of N devices (LANs of a switch
// and hosts joined by one router) where every host pings a host in the next LAN,
// run in headless Chromium (software WebGL: SwiftShader) until many frames are in flight, then
// measured for a few seconds: the interval between animation frames as the page sees it, the
// app's own time per frame (simulation slice + UI), and how many packets were drawn.
//
//   node tests/browser/bench.mjs [--root build/web/www] [--devices 1000] [--interval 0.2]
//                                [--seconds 10] [--width 1400 --height 900]
import path from 'node:path';
import { Run, check, launch, startServer, state, waitFor, waitForFrames, REPO } from './lib.mjs';

function parse(argv) {
  const o = { root: path.join(REPO, 'build/web/www'), devices: 1000, interval: '0.2', seconds: 10,
              width: 1400, height: 900, out: path.join(REPO, 'build/web/screenshots') };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, ''), v = argv[i + 1];
    if (!(k in o)) throw new Error(`unknown option ${argv[i]}`);
    o[k] = typeof o[k] === 'number' ? Number(v) : path.isAbsolute(v) || k !== 'root' ? v : path.resolve(v);
  }
  return o;
}

// LANs of one switch and 23 hosts each (10.0.k.0/24), all joined by one router r1 (10.0.k.254)
// so broadcasts stay in their LAN; host i of LAN k pings host i of LAN k+1 across the router.
function network(devices, interval) {
  const perSwitch = 23;
  const lans = Math.max(2, Math.round((devices - 1) / (perSwitch + 1)));
  const s = { format: 'wirelab/1', title: `Benchmark: ${devices} devices`, devices: [], links: [], script: [] };
  const router = { name: 'r1', type: 'router', position: [2800, -400], interfaces: [] };
  s.devices.push(router);
  for (let k = 0; k < lans; k++) {
    const sx = (k % 8) * 700, sy = Math.floor(k / 8) * 700;
    const sw = `sw${k + 1}`;
    s.devices.push({ name: sw, type: 'switch', position: [sx + 250, sy + 250], ports: perSwitch + 1 });
    router.interfaces.push({ name: `eth${k}`, ipv4: [`10.0.${k + 1}.254/24`] });
    s.links.push({ a: `r1:eth${k}`, b: `${sw}:port${perSwitch + 1}` });
    for (let h = 0; h < perSwitch; h++) {
      const name = `h${k + 1}-${h + 1}`;
      const angle = (h / perSwitch) * 2 * Math.PI;
      s.devices.push({ name, type: 'host',
                       position: [Math.round(sx + 250 + 230 * Math.cos(angle)), Math.round(sy + 250 + 230 * Math.sin(angle))],
                       interfaces: [{ name: 'eth0', ipv4: [`10.0.${k + 1}.${h + 1}/24`] }], gateway: `10.0.${k + 1}.254` });
      s.links.push({ a: `${name}:eth0`, b: `${sw}:port${h + 1}` });
      const to = `10.0.${((k + 1) % lans) + 1}.${h + 1}`;
      s.script.push({ at: `${(1 + ((h * 0.37 + k * 0.11) % 1)).toFixed(3)}s`, on: name, run: `ping -c 100000 -i ${interval} ${to}` });
    }
  }
  return s;
}

const run = new Run('browser benchmark', 300_000);
run.main(async () => {
  const o = parse(process.argv.slice(2));
  const scenario = network(o.devices, o.interval);
  run.log(`network: ${scenario.devices.length} devices, ${scenario.links.length} cables, ${scenario.script.length} pinging hosts (ping -i ${o.interval})`);
  const url = await startServer(run, o.root);
  const browser = await launch(run);
  const context = await browser.newContext({ viewport: { width: o.width, height: o.height } });
  await context.addInitScript((text) => localStorage.setItem('wirelab.autosave.v1', text), JSON.stringify(scenario));
  const page = await context.newPage();
  await page.goto(url);
  await waitForFrames(page, 5);
  check((await state(page)).devices.length === scenario.devices.length, 'the benchmark network did not load');
  const s0 = await waitFor(page, state, (s) => s.sim.flights >= 10000 || s.sim.time > 20, 'traffic to build up', 120_000);
  run.log(`after ${s0.sim.time.toFixed(2)} s simulated: ${s0.sim.flights} frames in flight on screen`);
  // Sample: rAF intervals in the page, and the app's numbers.
  await page.evaluate(() => {
    window.__bench = [];
    const tick = (t) => { window.__bench.push(t); if (window.__bench.length < 100000) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const samples = [];
  // The app keeps its last 240 frame timings: start counting after the load's long frames.
  await page.waitForFunction((n) => window.wirelabTest.frames() >= n, (await state(page)).frames + 5);
  const start = Date.now();
  while (Date.now() - start < o.seconds * 1000) {
    await page.waitForTimeout(500);
    const s = await state(page);
    samples.push({ flights: s.sim.flights, drawn: s.sim.packets_drawn, time: s.sim.time,
                   lagging: s.sim.lagging, instances: s.canvas.instances, draw_calls: s.canvas.draw_calls });
  }
  const times = await page.evaluate(() => window.__bench);
  const timing = (await state(page)).timing;
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const pct = (p) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))].toFixed(1);
  const mean = (k) => (samples.reduce((a, s) => a + s[k], 0) / samples.length);
  const simRate = (samples.at(-1).time - samples[0].time) / ((samples.length - 1) * 0.5);
  await page.screenshot({ path: path.join(o.out, 'bench.png') });
  run.log(`frames: ${gaps.length} in ${o.seconds} s = ${(gaps.length / o.seconds).toFixed(1)} fps; ` +
          `interval median ${pct(0.5)} ms, p90 ${pct(0.9)} ms, p99 ${pct(0.99)} ms`);
  const ms = (p) => `${p.median.toFixed(1)} ms (p90 ${p.p90.toFixed(1)})`;
  run.log(`app time per frame over its last ${timing.frames} frames, median: total ${ms(timing.total)}; ` +
          `simulation step ${ms(timing.sim)}, building the UI ${ms(timing.ui)}, submitting to WebGL ${ms(timing.render)}, ` +
          `files and edits ${ms(timing.prep)}`);
  run.log(`frames in flight: mean ${mean('flights').toFixed(0)} (min ${Math.min(...samples.map((s) => s.flights))}), ` +
          `of which drawn (under way, in view): mean ${mean('drawn').toFixed(0)}; ` +
          `instances ${mean('instances').toFixed(0)} in ${samples[0].draw_calls} draw calls`);
  run.log(`simulated time ran at ${simRate.toFixed(2)}x real time (asked: 1x)${samples.some((s) => s.lagging) ? ', behind real time at times' : ''}`);
});

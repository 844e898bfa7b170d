// Journey 1 of PRODUCT.md in headless Chromium, the way a new user does it, with real mouse and
// keyboard events: drag two hosts and a switch from the palette onto the canvas, connect them,
// type addresses in the inspector (an invalid one first: the loader's message shows as you
// type), open pc1's terminal and `ping -c 2` pc2, find the ICMP echo request in the packet list
// and its decode tree, download the capture and read it with tshark, reload the page and find the
// network still there (autosave), and open a broken file (its errors in a dialog, the network
// untouched). Assertions read window.wirelabTest (web/views/test_hook.h); a screenshot of every step is
// kept under build/web/screenshots/journey-*.png.
//
//   node tests/browser/journey.mjs [--root build/web/www] [--out build/web/screenshots]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  Run, centre, check, click, clickDevice, connect, downloadCapture, openApp, parseArgs, placeDevice,
  rect, reloadAndCompare, scenario, screenshot, state, terminalText, typeField, waitFor,
} from './lib.mjs';

const TOTAL_TIMEOUT_MS = 150_000;
const VIEWPORT = { width: 1400, height: 900 };

async function buildNetwork(run, page, out) {
  await placeDevice(run, page, 'Host', 0.25, 0.3);
  await placeDevice(run, page, 'Host', 0.75, 0.3);
  await placeDevice(run, page, 'Switch', 0.5, 0.65);
  const names = (await state(page)).devices.map((d) => `${d.name}:${d.type}`);
  check(names.join(',') === 'pc1:host,pc2:host,sw1:switch',
        `expected pc1, pc2 (hosts) and sw1 (switch) after three drags, found ${names.join(', ')}`);
  await screenshot(run, page, out, 'journey-1-placed.png');
  await connect(run, page, 'pc1', 'sw1');
  await connect(run, page, 'pc2', 'sw1');
  const links = (await scenario(page)).links.map((l) => `${l.a}-${l.b}`);
  check(links.join(',') === 'pc1:eth0-sw1:port1,pc2:eth0-sw1:port2',
        `cables are ${links.join(', ')}; expected pc1:eth0-sw1:port1 and pc2:eth0-sw1:port2`);
  await screenshot(run, page, out, 'journey-2-connected.png');
}

async function addresses(run, page, out) {
  await clickDevice(page, 'pc1');
  check((await state(page)).selection.join() === 'pc1', 'clicking pc1 did not select it');
  // Validated as you type, with the loader's words; nothing applied until it parses.
  await typeField(page, 'inspector.eth0.ipv4', '10.0.0.300/24', { enter: false });
  const bad = await waitFor(page, state, (s) => (s.field_errors['eth0.ipv4'] || '').includes('300'),
                            'the inspector to reject 10.0.0.300/24');
  run.log(`inspector shows: ${bad.field_errors['eth0.ipv4']}`);
  check(/is not an IPv4 prefix: octet 4 is 300/.test(bad.field_errors['eth0.ipv4']),
        `unexpected message: ${bad.field_errors['eth0.ipv4']}`);
  await screenshot(run, page, out, 'journey-3-invalid-address.png');
  await typeField(page, 'inspector.eth0.ipv4', '10.0.0.1/24');
  await clickDevice(page, 'pc2');
  await typeField(page, 'inspector.eth0.ipv4', '10.0.0.2/24');
  const s = await waitFor(page, scenario, (sc) => sc.devices[1].interfaces?.[0]?.ipv4?.[0] === '10.0.0.2/24',
                          'pc2 to have 10.0.0.2/24 in the scenario');
  check(JSON.stringify(s.devices[0].interfaces) === '[{"name":"eth0","ipv4":["10.0.0.1/24"]}]',
        `pc1 has ${JSON.stringify(s.devices[0].interfaces)}`);
  check(JSON.stringify(s.devices[1].interfaces) === '[{"name":"eth0","ipv4":["10.0.0.2/24"]}]',
        `pc2 has ${JSON.stringify(s.devices[1].interfaces)}`);
  const st = await state(page);
  check(st.sim.running, `the network is not running: ${st.sim.problems.join('; ')}`);
  run.log(`addresses set; simulation restarted ${st.sim.restarts} times (last: ${st.sim.restart_reason})`);
  await screenshot(run, page, out, 'journey-4-addresses.png');
}

async function ping(run, page, out) {
  // The inspector's button (double-clicking the device does the same).
  await clickDevice(page, 'pc1');
  await click(page, centre(await rect(page, 'inspector.open_terminal')));
  await waitFor(page, state, (s) => s.active_tab === 'pc1' && s.rects.terminal_input?.w > 0,
                'the terminal of pc1 to open');
  await screenshot(run, page, out, 'journey-5-terminal.png');
  // Tab completion of a command, then its output.
  await page.keyboard.type('hostn', { delay: 15 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitFor(page, (p) => terminalText(p, 'pc1'), (t) => /\$ hostname \npc1\n/.test(t),
                '`hostn` + Tab to complete to hostname and print pc1');
  await page.keyboard.type('ping -c 2 10.0.0.2', { delay: 15 });
  await page.keyboard.press('Enter');
  const text = await waitFor(page, (p) => terminalText(p, 'pc1'), (t) => /2 packets transmitted/.test(t),
                             'ping -c 2 to finish in pc1\'s terminal', 30_000);
  run.log(`terminal of pc1:\n${text.trim().split('\n').map((l) => '    ' + l).join('\n')}`);
  check(text.includes('user@pc1:~$ ping -c 2 10.0.0.2'), 'the prompt and command are not echoed');
  check(/2 packets transmitted, 2 received, 0% packet loss/.test(text), 'ping lost packets on a plain LAN');
  check(/64 bytes from 10\.0\.0\.2: icmp_seq=1 ttl=64/.test(text), 'no echo reply line for icmp_seq=1');
  await screenshot(run, page, out, 'journey-6-ping.png');
}

async function packets(run, page, out) {
  await click(page, centre(await rect(page, 'tab.Packets')));
  await waitFor(page, state, (s) => s.active_tab === 'Packets' && s.rects.packet_filter?.w > 0,
                'the packet list to open');
  await typeField(page, 'packet_filter', 'icmp');
  const list = await waitFor(page, (p) => p.evaluate(() => window.wirelabTest.packets(50)),
                             (l) => l.applied === 'icmp' && l.rows.length >= 4, 'ICMP rows in the packet list');
  run.log(`packet list (filter icmp): ${list.rows.length} rows`);
  for (const r of list.rows.slice(0, 4))
    run.log(`    ${r.no}  ${r.time.toFixed(6)}  ${r.source} → ${r.destination}  ${r.protocol}  ${r.length}  ${r.info}`);
  const request = list.rows.find((r) => r.protocol === 'ICMP' && /Echo \(ping\) request/.test(r.info));
  check(request && request.source === '10.0.0.1' && request.destination === '10.0.0.2',
        `no echo request from 10.0.0.1 to 10.0.0.2 in ${JSON.stringify(list.rows.slice(0, 4))}`);
  check(list.rows.every((r) => r.protocol === 'ICMP'), 'the icmp filter let other protocols through');
  // Click the last echo request in view.
  const all = await page.evaluate(() => window.wirelabTest.packets(1000));
  const requests = new Set(all.rows.filter((r) => /request/.test(r.info)).map((r) => r.no));
  const shown = all.visible.filter((v) => requests.has(v.no));
  check(shown.length > 0, `no echo request row is visible: ${JSON.stringify(all.visible)}`);
  await click(page, centre(shown[shown.length - 1].rect));
  await screenshot(run, page, out, 'journey-7-packet-selected.png');
  const tree = await waitFor(page, (p) => p.evaluate(() => window.wirelabTest.packets(1)),
                             (l) => l.tree.length > 5, 'the decode tree of the first row');
  check(tree.tree.some((l) => /^Internet Control Message Protocol/.test(l)), `decode tree: ${tree.tree.join(' | ')}`);
  check(tree.tree.some((l) => /Type: 8 \(Echo \(ping\) request\)/.test(l)), `no ICMP type line in ${tree.tree.join(' | ')}`);
  run.log(`decode tree: ${tree.tree.length} lines, e.g. "${tree.tree.find((l) => /Type: 8/.test(l)).trim()}"`);
  await screenshot(run, page, out, 'journey-8-packets.png');
  return list.rows.length;
}

async function downloadPcap(run, page, out, rows) {
  const file = await downloadCapture(page, out, 'journey-capture.pcap');
  const tshark = execFileSync('tshark', ['-r', file], { encoding: 'utf8', timeout: 20_000 });
  run.log(`tshark -r ${path.basename(file)}:\n${tshark.trimEnd().split('\n').map((l) => '    ' + l).join('\n')}`);
  const lines = tshark.trim().split('\n');
  check(lines.length === rows, `tshark read ${lines.length} packets; the list showed ${rows}`);
  check(/10\.0\.0\.1 → 10\.0\.0\.2\s+ICMP.*Echo \(ping\) request/.test(tshark), 'tshark does not see the echo request');
  check(/10\.0\.0\.2 → 10\.0\.0\.1\s+ICMP.*Echo \(ping\) reply/.test(tshark), 'tshark does not see the echo reply');
}

async function reload(run, page, out) {
  await reloadAndCompare(run, page, 3);
  await screenshot(run, page, out, 'journey-9-reloaded.png');
}

async function brokenFile(run, page, out) {
  const before = await page.evaluate(() => window.wirelabTest.scenario());
  const broken = JSON.stringify({
    format: 'wirelab/1',
    devices: [{ name: 'pc1', type: 'host', interfaces: [{ name: 'eth0', ipv4: ['10.0.0.300/24'] }] },
              { name: 'pc9', type: 'toaster' }],
    links: [{ a: 'pc1:eth0', b: 'nowhere:eth0' }],
  });
  await click(page, centre(await rect(page, 'menu.File')));
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser', { timeout: 10_000 }),
    click(page, centre(await rect(page, 'menu.File.Open'))),
  ]);
  await chooser.setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  const s = await waitFor(page, state, (x) => x.dialog.open && x.dialog.text.includes('broken.json'),
                          'the error dialog for broken.json');
  run.log(`error dialog:\n${s.dialog.text.split('\n').map((l) => '    ' + l).join('\n')}`);
  check(s.dialog.text.includes('devices[0].interfaces[0].ipv4[0]: "10.0.0.300/24" is not an IPv4 prefix'),
        'the dialog does not show the address error with its JSON path');
  check(/devices\[1\]\.type/.test(s.dialog.text), 'the dialog does not list the unknown device type');
  await screenshot(run, page, out, 'journey-10-broken-file.png');
  check(await page.evaluate(() => window.wirelabTest.scenario()) === before, 'the broken file changed the network');
  await page.keyboard.press('Escape');
  await waitFor(page, state, (x) => !x.dialog.open, 'the dialog to close');
}

new Run('browser journey test', TOTAL_TIMEOUT_MS).main(async (run) => {
  const opts = parseArgs(process.argv.slice(2));
  const { page, problems } = await openApp(run, opts, VIEWPORT);
  check((await state(page)).devices.length === 0, 'a fresh browser did not start with an empty canvas');
  await screenshot(run, page, opts.out, 'journey-0-empty.png');
  await buildNetwork(run, page, opts.out);
  await addresses(run, page, opts.out);
  await ping(run, page, opts.out);
  const rows = await packets(run, page, opts.out);
  await downloadPcap(run, page, opts.out, rows);
  await reload(run, page, opts.out);
  await brokenFile(run, page, opts.out);
  check(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
  run.log('browser journey test passed');
});

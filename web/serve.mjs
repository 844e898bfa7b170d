// Serves the built browser app (build/web/www: site/ + wirelab_app.{js,wasm}) over http on
// loopback. Dependency-free (node:http), for `./dev serve` and the browser test.
//
//   node web/serve.mjs [--port N] [--host 127.0.0.1] [--root DIR]
//
// --port 0 picks a free port; when the requested port is busy the next free one is used. Either
// way the line "Wirelab is served at http://HOST:PORT/" names the real port (tests parse it).
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_PORT_TRIES = 20;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.pcap': 'application/vnd.tcpdump.pcap',
};

function usage(message) {
  if (message) console.error(`serve.mjs: ${message}`);
  console.error('usage: node web/serve.mjs [--port N] [--host 127.0.0.1] [--root DIR]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { port: 8080, host: '127.0.0.1', root: path.join(REPO, 'build/web/www') };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === '--port') {
      const v = value();
      opts.port = Number(v);
      if (!/^\d+$/.test(v) || opts.port > 65535) usage(`--port ${v} is not a port number (0-65535)`);
    } else if (flag === '--host') {
      opts.host = value();
    } else if (flag === '--root') {
      opts.root = path.resolve(value());
    } else if (flag === '--help' || flag === '-h') {
      usage();
    } else {
      usage(`unknown option ${argv[i]}`);
    }
  }
  return opts;
}

// Maps a URL path to a file under root, or null when it would leave root.
function resolveInRoot(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

function send(res, code, text) {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text + '\n');
}

async function handle(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'only GET and HEAD');
  let file = resolveInRoot(root, req.url || '/');
  if (!file) return send(res, 403, 'forbidden');
  let stat = await fs.stat(file).catch(() => null);
  if (stat && stat.isDirectory()) {
    file = path.join(file, 'index.html');
    stat = await fs.stat(file).catch(() => null);
  }
  if (!stat || !stat.isFile()) return send(res, 404, `not found: ${req.url}`);
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': stat.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    const onError = (err) => { server.off('listening', onListening); reject(err); };
    const onListening = () => { server.off('error', onError); resolve(server.address().port); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = opts.root;
  const index = await fs.stat(path.join(root, 'index.html')).catch(() => null);
  if (!index) {
    console.error(`serve.mjs: ${root}/index.html does not exist: build the app first ` +
                  '(cmake --preset web && cmake --build --preset web, or ./dev serve)');
    process.exit(1);
  }
  const server = createServer((req, res) => {
    handle(root, req, res).catch((err) => send(res, 500, `internal error: ${err.message}`));
  });
  let port = opts.port;
  for (let attempt = 0; ; attempt++) {
    try {
      port = await listen(server, opts.host, port);
      break;
    } catch (err) {
      if (err.code === 'EADDRINUSE' && opts.port !== 0 && attempt < MAX_PORT_TRIES) {
        console.error(`serve.mjs: port ${port} is busy, trying ${port + 1}`);
        port += 1;
        continue;
      }
      console.error(`serve.mjs: cannot listen on ${opts.host}:${port}: ${err.message}`);
      process.exit(1);
    }
  }
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  console.log(`Wirelab is served at http://${shown}:${port}/`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
}

main();

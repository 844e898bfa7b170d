// Starts the Wirelab WebAssembly app in #canvas: checks what the browser must support, wires
// Emscripten's Module object to the page, shows progress until the first frame and a clear
// message if anything fails. Also exposes window.wirelabTest, a read-only view of the app's state
// for tests (web/views/test_hook.h).
'use strict';

(function () {
  const canvas = document.getElementById('canvas');
  const status = document.getElementById('status');
  const statusText = document.getElementById('status-text');
  const statusDetail = document.getElementById('status-detail');
  let failed = false;
  let started = false;

  function showProgress(text) {
    if (!failed && !started) statusText.textContent = text;
  }

  function showError(title, detail) {
    failed = true;
    status.classList.remove('hidden');
    status.classList.add('error');
    statusText.textContent = title;
    statusDetail.textContent = detail || '';
    console.error('Wirelab: ' + title + (detail ? ' ' + detail : ''));
  }

  function hasWebAssembly() {
    return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
  }

  function hasWebGL2() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      return false;
    }
  }

  // Read-only test hook: C functions exported by web/views/test_hook.cpp.
  window.wirelabTest = {
    ready: false,
    frames() {
      return window.wirelabTest.ready ? Module._wirelab_test_frames() : 0;
    },
    state() {
      if (!window.wirelabTest.ready) return null;
      return JSON.parse(Module.UTF8ToString(Module._wirelab_test_state()));
    },
    cidrRows() {
      const s = window.wirelabTest.state();
      return s ? s.cidr.rows : [];
    },
    rect(name) {
      const s = window.wirelabTest.state();
      return s ? s.rects[name] : null;
    },
    // The document as scenario JSON text (the same text File → Save writes).
    scenario() {
      return window.wirelabTest.ready ? Module.UTF8ToString(Module._wirelab_test_scenario()) : null;
    },
    // A host's terminal text ('' when it has no terminal).
    terminal(host) {
      if (!window.wirelabTest.ready) return null;
      return Module.UTF8ToString(Module.ccall('wirelab_test_terminal', 'number', ['string'], [host]));
    },
    // The packet list: displayed rows with their columns, the filter, the selected decode tree.
    packets(limit = 1000) {
      if (!window.wirelabTest.ready) return null;
      return JSON.parse(Module.UTF8ToString(Module._wirelab_test_packets(limit)));
    },
  };

  function waitForFirstFrame() {
    if (failed) return;
    if (window.wirelabTest.frames() > 0) {
      started = true;
      status.classList.add('hidden');
      canvas.focus();
      return;
    }
    requestAnimationFrame(waitForFirstFrame);
  }

  if (!hasWebAssembly()) {
    showError('This browser cannot run WebAssembly.',
              'Wirelab needs a browser with WebAssembly enabled (any current Firefox, Chrome, Edge or Safari).');
    return;
  }
  if (!hasWebGL2()) {
    showError('This browser did not provide WebGL 2.',
              'Wirelab draws with WebGL 2. Enable hardware acceleration in the browser settings, or try another browser.');
    return;
  }

  window.Module = {
    canvas: canvas,
    print(text) { console.log(text); },
    printErr(text) {
      // The app reports fatal start-up problems on stderr as "wirelab: cannot start: ...".
      if (/^wirelab: cannot start/.test(text)) showError('Wirelab could not start.', text.replace(/^wirelab: /, ''));
      else console.warn(text);
    },
    setStatus(text) { if (text) showProgress(text); },
    monitorRunDependencies(left) {
      showProgress(left ? 'Loading Wirelab… (' + left + ' files left)' : 'Starting Wirelab…');
    },
    onRuntimeInitialized() {
      window.wirelabTest.ready = true;
      showProgress('Starting Wirelab…');
      requestAnimationFrame(waitForFirstFrame);
    },
    onAbort(what) {
      const text = String(what);
      if (/fetching of the wasm|WebAssembly\.instantiate/.test(text)) {
        showError('Could not load wirelab_app.wasm.',
                  'The WebAssembly module next to this page is missing or damaged. ' +
                  'Rebuild and serve it with ./dev serve.\n(' + text + ')');
      } else {
        showError('Wirelab stopped with an internal error.', text);
      }
    },
  };

  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  canvas.addEventListener('mousedown', () => canvas.focus());

  const script = document.createElement('script');
  script.src = 'wirelab_app.js';
  script.async = true;
  script.onerror = () => showError('Could not load wirelab_app.js.',
    'The WebAssembly app was not found next to this page. Build and serve it with ./dev serve.');
  document.body.appendChild(script);
})();

// The page side of the app's file handling (web/platform/emscripten_files.cpp calls these):
// downloads, the file chooser and dropped files, fetching examples, localStorage and the
// clipboard. Files that arrive are queued in `incoming`; the app takes them on its next frame.
'use strict';

(function () {
  const incoming = [];
  let input = null;

  function push(kind, name, text, error) {
    incoming.push({ kind, name, text: text || '', error: error || '' });
  }

  function readFile(file) {
    if (file.size > 16 * 1024 * 1024) {
      push('upload', file.name, '', `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; ` +
           'scenario files are small JSON documents (at most 16 MB)');
      return;
    }
    file.text().then((text) => push('upload', file.name, text, ''),
                     (err) => push('upload', file.name, '', `cannot read ${file.name}: ${err}`));
  }

  function fileInput() {
    if (input) return input;
    input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      if (input.files && input.files[0]) readFile(input.files[0]);
      input.value = '';
    });
    document.body.appendChild(input);
    return input;
  }

  window.wirelabFiles = {
    incoming,
    // The app calls this right after a click, inside the browser's user-activation window.
    open() {
      fileInput().click();
      return true;
    },
    download(name, mime, bytes) {
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    fetchText(url) {
      fetch(url, { cache: 'no-cache' })
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status} ${r.statusText}`))))
        .then((text) => push('fetch', url, text, ''),
              (err) => push('fetch', url, '', `cannot load ${url}: ${err.message || err}`));
    },
    storageGet(key) {
      try {
        return window.localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    storageSet(key, value) {
      try {
        window.localStorage.setItem(key, value);
        return true;
      } catch {
        return false;
      }
    },
    copyText(text) {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).catch(() => {});
      }
    },
  };

  // Ctrl+S saves the scenario (the app sees the key too), not the page.
  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S')) e.preventDefault();
  });

  // A scenario file dropped anywhere on the page is opened like File → Open.
  window.addEventListener('dragover', (e) => { e.preventDefault(); });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (file) readFile(file);
  });
})();

// Time to interactive without a WebDriver session: `cargo xtask perf` runs
// this after its report. A chromedriver session slows a page's wasm several
// times over (the same slowdown a debugger attached through the DevTools
// protocol causes), which no user has; Playwright drives the same Chromium
// with the same flags and leaves the page's code alone.
//
// Usage: PLAYWRIGHT_CORE=<path to playwright-core> node tests/perf/load.mjs NAME=DIR...
// Loads each page in turn from a blank page, many times, and prints the
// median and p95 of navigation → `kata-interactive`, and of `kata-start` →
// `kata-interactive` where the page marks it.
//
// Then, when EDIT_STATE names a file holding a shared-state link (`cargo
// xtask perf`'s report writes the every-key request there), the edit: each
// page opened on that request, then the memory field edited many times, each
// timed in the page from the input event until the manifest shows the new
// value (a MutationObserver), as the WebDriver report does. These servers
// send COOP and COEP, so the page is cross-origin isolated and its clock
// ticks in microseconds instead of tenths of a millisecond.
//
// Then, when VALIDATE_INPUT names the report's file of the every-key
// request and the native `validate` median, `validate` in wasm: through the
// npm package's `./validate` entry from JS (PKG_DIR; serde-wasm-bindgen both
// ways), and inside wasm with no JS boundary (the floor page opened with
// `?validate-timing` times it in batches), each against the native figure:
// NATIVE_VALIDATE names the native timer, run between the wasm rounds.
//
// Then the first visit: the same loads, each in a new browser context and
// so a new renderer process, which has compiled nothing yet (see below).
//
// Then the repeat visit: each page served the way docs/embedding.md says
// (Trunk's content-hashed files cacheable for a year, index.html revalidated),
// loaded once to fill a fresh browser context's cache, then loaded again
// many times: what a reader who comes back to a documentation page waits.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const LOADS = 30;
const FIRST_VISITS = 20;
const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run', '--window-size=1280,900',
];
const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json',
};

// Trunk names each asset after a hash of its content (`name-<16 hex>.ext`).
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

function serve(dir, caching = false, isolated = false) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let name = decodeURIComponent(req.url.split(/[?#]/)[0]);
      if (name === '/') name = '/index.html';
      const file = path.join(dir, path.normalize(name));
      if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
      fs.readFile(file, (err, body) => {
        if (err) { res.writeHead(404); res.end(); return; }
        const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
        if (isolated) {
          headers['cross-origin-opener-policy'] = 'same-origin';
          headers['cross-origin-embedder-policy'] = 'require-corp';
        }
        if (caching) {
          headers['cache-control'] = HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache';
        }
        res.writeHead(200, headers);
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function summary(times) {
  const sorted = times.filter((t) => t !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = (p) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
  return { median: sorted[Math.floor((sorted.length - 1) / 2)], p95: rank(0.95), runs: sorted.length };
}

const pages = process.argv.slice(2).map((arg) => {
  const [name, dir] = arg.split('=');
  return { name, dir: path.resolve(dir), loads: [], renders: [], firsts: [], firstRenders: [], repeats: [], edits: [] };
});
const validateInput = process.env.VALIDATE_INPUT && fs.existsSync(process.env.VALIDATE_INPUT)
  ? JSON.parse(fs.readFileSync(process.env.VALIDATE_INPUT, 'utf8'))
  : null;
const validateTimes = [];
// The native timer (`tests/src/bin/validate-native.rs`, built by `cargo xtask
// perf`): run between the wasm rounds. Without it, the report's own native
// median (VALIDATE_INPUT's `nativeMs`), taken minutes earlier.
const NATIVE_VALIDATE = process.env.NATIVE_VALIDATE && fs.existsSync(process.env.NATIVE_VALIDATE)
  ? process.env.NATIVE_VALIDATE
  : null;
const nativeTimes = [];
const VALIDATE_ROUNDS = 5;
// Calls of the package's `validate` before the first round is timed, as on
// the floor page: long enough for V8 to tier the hot functions up (step 25
// of docs/performance.md). Later rounds reuse the warm module.
const VALIDATE_WARM_UP = 1000;
const EDITS = 300;
const EDIT_WARM_UP = 20;
const editState = process.env.EDIT_STATE && fs.existsSync(process.env.EDIT_STATE)
  ? fs.readFileSync(process.env.EDIT_STATE, 'utf8').trim()
  : null;
// The memory field of the configurator; the floors' one input.
const MEMORY_INPUT = 'value-io-katacontainers-config-hypervisor-default-memory';

// Times `count` edits of the first of `inputs` found on the page, in the page.
async function edits(page, inputs, count) {
  return page.evaluate(async ([inputs, count, warmUp]) => {
    const input = inputs.map((id) => document.getElementById(id)).find((e) => e);
    const output = document.getElementById('output-manifest');
    if (!input || !output) return [];
    const edit = (value) => new Promise((done) => {
      const shown = new RegExp("default_memory:\\s*['\"]?" + value + "['\"]?(\\s|$)");
      const t0 = performance.now();
      const timer = setTimeout(() => { observer.disconnect(); done(null); }, 2000);
      const observer = new MutationObserver(() => {
        if (!shown.test(output.textContent)) return;
        observer.disconnect();
        clearTimeout(timer);
        done(performance.now() - t0);
      });
      observer.observe(output, { childList: true, subtree: true, characterData: true });
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    });
    const times = [];
    for (let i = 0; i < warmUp + count; i++) {
      const t = await edit(String(3000 + i));
      if (i >= warmUp) times.push(t);
      // A pause between keystrokes, as a typist leaves.
      await new Promise((r) => setTimeout(r, 10));
    }
    return times;
  }, [inputs, count, EDIT_WARM_UP]);
}
const playwright = await import(pathToFileURL(path.join(process.env.PLAYWRIGHT_CORE, 'index.mjs')));
const browser = await playwright.chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
// Opens the page served by `server` from a blank page and returns
// navigation → `kata-interactive`, and `kata-start` → `kata-interactive`.
async function load(page, server) {
  await page.goto('about:blank');
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => performance.getEntriesByName('kata-interactive').length > 0, null, { timeout: 10000 });
  return page.evaluate(() => {
    const [s] = performance.getEntriesByName('kata-start');
    const [i] = performance.getEntriesByName('kata-interactive');
    return [i.startTime, s ? i.startTime - s.startTime : null];
  });
}

try {
  const page = await browser.newPage();
  for (const p of pages) p.server = await serve(p.dir);
  for (let i = 0; i < LOADS; i++) {
    for (const p of pages) {
      const [interactive, render] = await load(page, p.server);
      p.loads.push(interactive);
      p.renders.push(render);
    }
  }
  // The first visit: each load in a new browser context, so in a new
  // renderer process. The loads above reuse one process, where V8 keeps the
  // module it compiled for the last load of the same bytes and Blink its
  // font lookups; a reader opening the page in a new tab has neither, and
  // compiles each function the first render calls on the main thread.
  for (let i = 0; i < FIRST_VISITS; i++) {
    for (const p of pages) {
      const context = await browser.newContext();
      try {
        const [interactive, render] = await load(await context.newPage(), p.server);
        p.firsts.push(interactive);
        p.firstRenders.push(render);
      } finally {
        await context.close();
      }
    }
  }
  for (const p of pages) {
    p.cached = await serve(p.dir, true);
    p.context = await browser.newContext();
    p.page = await p.context.newPage();
    await load(p.page, p.cached);
  }
  for (let i = 0; i < LOADS; i++) {
    for (const p of pages) p.repeats.push((await load(p.page, p.cached))[0]);
  }
  if (editState) {
    for (const p of pages) {
      p.isolated = await serve(p.dir, false, true);
      p.editPage = await (await browser.newContext()).newPage();
      await p.editPage.goto(`http://127.0.0.1:${p.isolated.address().port}/#s=${editState}`);
      await p.editPage.waitForFunction(() => performance.getEntriesByName('kata-interactive').length > 0, null, { timeout: 10000 });
    }
    // In rounds, each page in turn, so a slow spell of the machine falls on all.
    for (let round = 0; round < 5; round++) {
      for (const p of pages) {
        await p.editPage.bringToFront();
        p.edits.push(...await edits(p.editPage, [MEMORY_INPUT, 'search'], EDITS / 5));
      }
    }
  }
  if (validateInput) {
    const { request, nativeMs } = validateInput;
    const pkg = await serve(path.resolve(process.env.PKG_DIR || 'pkg'));
    const floor = editState && pages.find((p) => p.name === 'floor');
    const fromJs = [];
    const inWasm = [];
    try {
      const pkgPage = await (await browser.newContext()).newPage();
      await pkgPage.goto(`http://127.0.0.1:${pkg.address().port}/package.json`);
      const floorPage = floor && await (await browser.newContext()).newPage();
      // In rounds: native, the package from JS, inside wasm; so a slow spell
      // of the machine falls on all three and their ratio holds.
      for (let round = 0; round < VALIDATE_ROUNDS; round++) {
        if (NATIVE_VALIDATE) {
          const run = spawnSync(NATIVE_VALIDATE, [process.env.VALIDATE_INPUT, '12'], { encoding: 'utf8' });
          if (run.status !== 0) throw new Error(`${NATIVE_VALIDATE}: ${run.stderr}`);
          nativeTimes.push(...JSON.parse(run.stdout));
        }
        fromJs.push(...await pkgPage.evaluate(async ([request, runs, batch, warmUp]) => {
          const api = await import('./validate/kata_annotations_validate.js');
          await api.default();
          for (let i = 0; i < warmUp; i++) api.validate(request);
          const times = [];
          for (let r = 0; r < runs; r++) {
            const t0 = performance.now();
            for (let i = 0; i < batch; i++) api.validate(request);
            times.push((performance.now() - t0) / batch);
          }
          return times;
        }, [request, 6, 10, round === 0 ? VALIDATE_WARM_UP : 0]));
        if (floorPage) {
          await floorPage.goto('about:blank');
          await floorPage.goto(`http://127.0.0.1:${(floor.isolated ?? floor.server).address().port}/?validate-timing#s=${editState}`);
          await floorPage.waitForFunction(() => performance.getEntriesByName('kata-validate-batch').length >= 30, null, { timeout: 60000 });
          inWasm.push(...await floorPage.evaluate(() => performance.getEntriesByName('kata-validate-batch').map((m) => m.duration / 10)));
        }
      }
    } finally {
      pkg.close();
    }
    const native = summary(nativeTimes)?.median ?? nativeMs;
    validateTimes.push(['the package\'s ./validate from JS (serde-wasm-bindgen both ways)', fromJs, native]);
    if (floor) validateTimes.push(['inside wasm, no JS boundary (the floor page)', inWasm, native]);
  }
} finally {
  await browser.close();
  for (const p of pages) {
    p.server?.close();
    p.cached?.close();
    p.isolated?.close();
  }
}
const base = summary(pages[pages.length - 1].loads);
for (const p of pages) {
  const s = summary(p.loads);
  const r = summary(p.renders);
  const ratio = base && p !== pages[pages.length - 1] ? `, ${(s.median / base.median).toFixed(2)}× the ${pages[pages.length - 1].name}` : '';
  console.log(`navigation to interactive, Playwright, ${p.name}: median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${s.runs} runs)${ratio}`);
  if (r) console.log(`  of which the first render: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
}
const firstBase = summary(pages[pages.length - 1].firsts);
for (const p of pages) {
  const s = summary(p.firsts);
  const r = summary(p.firstRenders);
  if (!s) continue;
  const ratio = firstBase && p !== pages[pages.length - 1] ? `, ${(s.median / firstBase.median).toFixed(2)}× the ${pages[pages.length - 1].name}'s` : '';
  console.log(`first visit (a new renderer process each load, Playwright), ${p.name}: median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${s.runs} runs)${ratio}`);
  if (r) console.log(`  of which the first render: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
}
const repeatBase = summary(pages[pages.length - 1].repeats);
for (const p of pages) {
  const s = summary(p.repeats);
  if (!s) continue;
  const ratio = repeatBase && p !== pages[pages.length - 1] ? `, ${(s.median / repeatBase.median).toFixed(2)}× the ${pages[pages.length - 1].name}'s` : '';
  console.log(`repeat visit (cached, Playwright), ${p.name}: median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${s.runs} runs)${ratio}`);
}
const editBase = summary(pages[pages.length - 1].edits);
for (const p of pages) {
  const s = summary(p.edits);
  if (!s) continue;
  const timedOut = p.edits.filter((t) => t === null).length;
  const ratio = editBase && p !== pages[pages.length - 1] ? `, ${(s.median / editBase.median).toFixed(2)}× the ${pages[pages.length - 1].name}'s` : '';
  console.log(`edit to manifest updated, Playwright, ${p.name}: median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms (${s.runs} runs, ${timedOut} timed out)${ratio}`);
}
const nativeSummary = summary(nativeTimes);
if (nativeSummary) {
  console.log(`validate natively, between the wasm rounds: median ${nativeSummary.median.toFixed(3)} ms, p95 ${nativeSummary.p95.toFixed(3)} ms (${nativeSummary.runs} batches)`);
}
for (const [what, times, nativeMs] of validateTimes) {
  const s = summary(times);
  if (!s) continue;
  const source = nativeSummary ? 'same rounds' : 'from the report';
  console.log(`validate in wasm, Playwright, ${what}: median ${s.median.toFixed(3)} ms, p95 ${s.p95.toFixed(3)} ms (${s.runs} batches); native ${nativeMs.toFixed(3)} ms (${source}): ${(s.median / nativeMs).toFixed(2)}×`);
}

// #12's targets beside this run's figures. The sizes come from `cargo xtask
// perf` (FIRST_LOAD_GZIP, PACKAGE_GZIP, VALIDATE_GZIP: gzip -9 bytes, as
// the size budget measures them); the times are the ones printed above.
const app = pages.find((p) => p.name === 'configurator');
const baseline = pages[pages.length - 1];
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const targets = [];
const bytes = (name) => (process.env[name] ? Number(process.env[name]) : null);
const firstLoad = bytes('FIRST_LOAD_GZIP');
if (firstLoad !== null) targets.push(`first load, gzip: ${firstLoad} B; target ≤ 200 KB (200,000 B): ${verdict(firstLoad <= 200000)}`);
const validateBytes = bytes('VALIDATE_GZIP');
if (validateBytes !== null) targets.push(`npm ./validate .wasm, gzip: ${validateBytes} B; target ≤ 120 KB (120,000 B): ${verdict(validateBytes <= 120000)}`);
const packageBytes = bytes('PACKAGE_GZIP');
if (packageBytes !== null) targets.push(`npm package .wasm (the full API), gzip: ${packageBytes} B; target: say what it costs`);
const edit = app && summary(app.edits);
if (edit) targets.push(`edit to manifest updated, 100 keys: median ${edit.median.toFixed(2)} ms, target ≤ 1 ms: ${verdict(edit.median <= 1)}; p95 ${edit.p95.toFixed(2)} ms, target ≤ 4 ms: ${verdict(edit.p95 <= 4)}`);
const inWasm = validateTimes.find(([what]) => what.startsWith('inside wasm'));
if (inWasm && summary(inWasm[1])) {
  const ratio = summary(inWasm[1]).median / inWasm[2];
  targets.push(`validate in wasm ÷ native: ${ratio.toFixed(2)}×; target ≤ 3×: ${verdict(ratio <= 3)}`);
}
const appLoads = app && summary(app.loads);
const baseLoads = summary(baseline.loads);
if (appLoads && baseLoads && app !== baseline) {
  const ratio = appLoads.median / baseLoads.median;
  const first = summary(app.firsts);
  const firstBaseline = summary(baseline.firsts);
  const firstVisit = first && firstBaseline ? ` (a first visit, new process: ${(first.median / firstBaseline.median).toFixed(2)}×)` : '';
  targets.push(`time to interactive ÷ ${baseline.name}: ${ratio.toFixed(2)}×${firstVisit}; target ≤ 1.3×: ${verdict(ratio <= 1.3)}`);
}
if (targets.length > 0) {
  console.log("#12's targets, this run:");
  for (const line of targets) console.log(`  ${line}`);
}

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

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const LOADS = 30;
const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run', '--window-size=1280,900',
];
const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
};

function serve(dir) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let name = decodeURIComponent(req.url.split(/[?#]/)[0]);
      if (name === '/') name = '/index.html';
      const file = path.join(dir, path.normalize(name));
      if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
      fs.readFile(file, (err, body) => {
        if (err) { res.writeHead(404); res.end(); return; }
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
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
  return { name, dir: path.resolve(dir), loads: [], renders: [] };
});
const playwright = await import(pathToFileURL(path.join(process.env.PLAYWRIGHT_CORE, 'index.mjs')));
const browser = await playwright.chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
try {
  const page = await browser.newPage();
  for (const p of pages) p.server = await serve(p.dir);
  for (let i = 0; i < LOADS; i++) {
    for (const p of pages) {
      await page.goto('about:blank');
      await page.goto(`http://127.0.0.1:${p.server.address().port}/`);
      await page.waitForFunction(() => performance.getEntriesByName('kata-interactive').length > 0, null, { timeout: 10000 });
      const [load, render] = await page.evaluate(() => {
        const [s] = performance.getEntriesByName('kata-start');
        const [i] = performance.getEntriesByName('kata-interactive');
        return [i.startTime, s ? i.startTime - s.startTime : null];
      });
      p.loads.push(load);
      p.renders.push(render);
    }
  }
} finally {
  await browser.close();
  for (const p of pages) p.server?.close();
}
const base = summary(pages[pages.length - 1].loads);
for (const p of pages) {
  const s = summary(p.loads);
  const r = summary(p.renders);
  const ratio = base && p !== pages[pages.length - 1] ? `, ${(s.median / base.median).toFixed(2)}× the ${pages[pages.length - 1].name}` : '';
  console.log(`navigation to interactive, Playwright, ${p.name}: median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${s.runs} runs)${ratio}`);
  if (r) console.log(`  of which the first render: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
}

// Loads the npm package built in pkg/ (cargo xtask pkg) the way Node users
// do: initSync on the .wasm bytes, then the exported functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = new URL('../../pkg/', import.meta.url);
const api = await import(new URL('kata_annotations.js', pkg));
api.initSync({ module: readFileSync(fileURLToPath(new URL('kata_annotations_bg.wasm', pkg))) });

test('package.json points at the module and its types', () => {
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('package.json', pkg)), 'utf8'));
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.types, 'kata_annotations.d.ts');
  const dts = readFileSync(fileURLToPath(new URL('kata_annotations.d.ts', pkg)), 'utf8');
  for (const name of ['interface Request', 'interface Report', 'interface Diagnostic', 'interface Rendered', 'AnnotationInfo']) {
    assert.ok(dts.includes(name), `${name} is declared`);
  }
});

test('catalog() lists annotations with their metadata', () => {
  const catalog = api.catalog();
  assert.ok(catalog.length > 100);
  const memory = catalog.find((a) => a.key === 'io.katacontainers.config.hypervisor.default_memory');
  assert.equal(memory.gated, true);
  assert.equal(memory.gateName, 'default_memory');
  assert.equal(typeof memory.description, 'string');
});

test('validate() gives the runtime-specific verdict', () => {
  const annotations = { 'io.katacontainers.config.agent.enable_tracing': 'True' };
  const rust = api.validate({ annotations });
  assert.equal(rust.diagnostics[0].code, 'KA401');
  assert.equal(rust.diagnostics[0].severity, 'error');
  const go = api.validate({ annotations, runtime: 'go' });
  assert.ok(go.diagnostics.every((d) => d.severity !== 'error'));
});

test('render() returns every output as text', () => {
  const out = api.render({
    annotations: { 'io.katacontainers.config.hypervisor.default_memory': '4096' },
    workload: { kind: 'CronJob', name: 'nightly' },
  });
  for (const field of ['manifest', 'containerd', 'kataDropIn', 'helmValues', 'crio']) {
    assert.equal(typeof out[field], 'string', field);
  }
  assert.match(out.manifest, /kind: CronJob/);
  assert.match(out.manifest, /default_memory: '4096'/);
});

test('a malformed request throws an Error with a clear message', () => {
  assert.throws(() => api.validate({ runtime: 'java' }), (e) => e instanceof Error && /invalid request/.test(e.message));
  assert.throws(() => api.validate({ annotations: { k: 1 } }), /invalid request/);
});

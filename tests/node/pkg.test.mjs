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
  for (const name of ['interface Request', 'interface Report', 'interface Diagnostic', 'interface Rendered', 'AnnotationInfo', 'interface OutputInfo', 'interface Tab', 'interface ShimInfo', 'export function renderOutput(', 'export function outputs(', 'export function releases(', 'export function shims(']) {
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

test('releases() lists every Kata release, oldest first', () => {
  const releases = api.releases();
  assert.equal(releases[0], '3.2');
  assert.ok(releases.includes('3.23'));
  assert.equal(releases.at(-1), '4.1');
  assert.equal(new Set(releases).size, releases.length);
});

test('shims() lists what kata-deploy installs at a release', () => {
  const newest = api.shims();
  assert.deepEqual(newest, api.shims(api.releases().at(-1)));
  const rs = newest.find((s) => s.name === 'qemu-runtime-rs');
  assert.equal(rs.runtimeClass, 'kata-qemu-runtime-rs');
  assert.equal(rs.runtime, 'rust');
  assert.equal(rs.hypervisor, 'qemu');
  assert.equal(rs.installed, true);
  assert.ok(rs.enableAnnotations.includes('default_memory'));
  // At 3.23 the same shim enables fewer keys, and Cloud Hypervisor's runtime-rs shim has its old name.
  const old = api.shims('3.23');
  assert.ok(!old.find((s) => s.name === 'qemu-runtime-rs').enableAnnotations.includes('default_memory'));
  assert.ok(old.some((s) => s.name === 'cloud-hypervisor'));
  assert.ok(old.every((s) => s.installed));
  assert.throws(() => api.shims('9.9'), (e) => e instanceof Error && /9\.9/.test(e.message));
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

test('outputs() lists every output with its tab, file name and form', () => {
  const outputs = api.outputs({ workload: { kind: 'StatefulSet', name: 'web' }, containerd: { handler: 'kata-qemu' } });
  const known = ['manifest', 'containerd', 'kata', 'helm', 'crio', 'admission-policy', 'kyverno-policy'];
  assert.deepEqual(outputs.map((o) => o.id).filter((id) => known.includes(id)), known);
  assert.deepEqual([...new Set(outputs.map((o) => o.tab.id))], ['manifest', 'containerd', 'kata', 'crio', 'admission']);
  const byId = Object.fromEntries(outputs.map((o) => [o.id, o]));
  assert.equal(byId.manifest.fileName, 'web-statefulset.yaml');
  assert.equal(byId.containerd.fileName, 'containerd-kata-qemu.toml');
  assert.equal(byId.containerd.mediaType, 'application/toml');
  assert.match(byId.kata.placement.path, /config\.d\/50-kata-annotations\.toml$/);
  const version = byId.containerd.settings.find((s) => s.field === 'containerd.configVersion');
  assert.equal(version.control.type, 'select');
  assert.deepEqual(version.control.choices.map((c) => c.value), [1, 2, 3, 4]);
  assert.equal(version.control.choices[0].label, '1 (containerd 1.3+)');
  assert.equal(version.value, 3);
  // Without a request, the defaults.
  assert.equal(api.outputs()[0].fileName, 'kata-pod-pod.yaml');
});

test('the admission policy is an output with its file, where it goes and its form', () => {
  const request = {
    annotations: { 'io.katacontainers.config.runtime.disable_guest_seccomp': 'false' },
    workload: { runtimeClassName: 'kata-qemu-runtime-rs' },
    admission: { action: 'Warn', namespaceLabels: 'team=a' },
  };
  const policy = api.outputs(request).find((o) => o.id === 'admission-policy');
  assert.equal(policy.fileName, 'kata-annotations-kata-qemu-runtime-rs.yaml');
  assert.equal(policy.tab.label, 'Admission policy');
  assert.match(policy.placement.how, /kubectl apply -f kata-annotations-kata-qemu-runtime-rs\.yaml/);
  const action = policy.settings.find((s) => s.field === 'admission.action');
  assert.deepEqual(action.control.choices.map((c) => c.value), ['Deny', 'Warn', 'Audit']);
  assert.equal(action.value, 'Warn');
  const text = api.renderOutput('admission-policy', request);
  assert.match(text, /kind: ValidatingAdmissionPolicyBinding/);
  assert.match(text, /- Warn/);
  assert.throws(() => api.renderOutput('admission-policy', { admission: { namespaceLabels: 'nope' } }), /key=value/);
});

test('renderOutput() fails only the output that cannot be written', () => {
  const request = { workload: { name: '' } };
  assert.throws(() => api.renderOutput('manifest', request), (e) => e instanceof Error && /name/.test(e.message));
  for (const id of ['containerd', 'kata', 'helm', 'crio']) {
    assert.equal(typeof api.renderOutput(id, request), 'string', id);
  }
  assert.equal(api.renderOutput('crio', {}), api.render({}).crio);
  assert.throws(() => api.renderOutput('pdf', {}), /no output "pdf"/);
});

test('a malformed request throws an Error with a clear message', () => {
  assert.throws(() => api.validate({ runtime: 'java' }), (e) => e instanceof Error && /invalid request/.test(e.message));
  assert.throws(() => api.validate({ annotations: { k: 1 } }), /invalid request/);
});

test('applyImport() moves misplaced Kata keys into the form and keeps the runtime class', () => {
  const yaml = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  annotations:',
    '    io.katacontainers.config.hypervisor.default_memory: "4096"', 'spec:', '  template:',
    '    spec:', '      containers: [{name: app, image: nginx, command: [sh, -c, "echo done"]}]',
  ].join('\n');
  const base = { workload: { runtimeClassName: 'kata-clh' } };
  const imported = api.importManifest(yaml, base);
  const form = api.applyImport(imported.workloads[0], base);
  assert.equal(form.annotations['io.katacontainers.config.hypervisor.default_memory'], '4096');
  assert.equal(form.workload.runtimeClassName, 'kata-clh');
  assert.deepEqual(form.workload.command, ['sh', '-c', 'echo done']);
  assert.throws(() => api.applyImport({ kind: 'Pod' }, base), /invalid workload/);
});

// The validate-only entry (`kata-annotations/validate`): the catalog and the
// validator without the generators, for pages that only check annotations.
const lite = await import(new URL('validate/kata_annotations_validate.js', pkg));
lite.initSync({ module: readFileSync(fileURLToPath(new URL('validate/kata_annotations_validate_bg.wasm', pkg))) });

test('the ./validate entry gives the same verdicts and catalog as the full one', () => {
  const requests = [
    { annotations: { 'io.katacontainers.config.agent.enable_tracing': 'True' } },
    { runtime: 'go', annotations: { 'io.katacontainers.config.hypervisor.default_memory': '2Gi', 'io.katacontainers.config.hypervisor.defualt_vcpus': '2' } },
    { annotations: Object.fromEntries(api.catalog().map((a) => [a.key, a.default ?? '1'])) },
  ];
  for (const request of requests) {
    assert.deepEqual(lite.validate(request), api.validate(request));
  }
  assert.deepEqual(lite.catalog(), api.catalog());
  assert.deepEqual(lite.releases(), api.releases());
  assert.deepEqual(lite.shims('3.23'), api.shims('3.23'));
  assert.deepEqual(lite.presets(), api.presets());
});

test('the ./validate entry leaves the generators and the importer out', () => {
  for (const name of ['render', 'renderOutput', 'outputs', 'importManifest', 'readNodeConfig', 'encodeState']) {
    assert.equal(typeof api[name], 'function', `the full entry has ${name}`);
    assert.equal(lite[name], undefined, `the validate entry has no ${name}`);
  }
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('package.json', pkg)), 'utf8'));
  assert.equal(manifest.exports['./validate'].default, './validate/kata_annotations_validate.js');
  assert.equal(manifest.exports['./validate'].types, './validate/kata_annotations_validate.d.ts');
  const full = readFileSync(fileURLToPath(new URL('kata_annotations_bg.wasm', pkg))).length;
  const small = readFileSync(fileURLToPath(new URL('validate/kata_annotations_validate_bg.wasm', pkg))).length;
  assert.ok(small < full, `validate entry ${small} B < full ${full} B`);
});

// The CLI and the package give the same findings for every fixture: the
// CLI's JSON (cargo builds target/debug/kata-annotations for the native
// tests, which run first) next to importManifest's diagnostics.
test('kata-annotations lint finds what importManifest finds, with the same positions', async () => {
  const { execFileSync } = await import('node:child_process');
  const { readdirSync, existsSync } = await import('node:fs');
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const cli = `${root}target/debug/kata-annotations`;
  assert.ok(existsSync(cli), `${cli} is missing: cargo build -p kata-annotations-cli`);
  const dir = 'tests/fixtures/manifests';
  const files = readdirSync(`${root}${dir}`).filter((f) => /\.ya?ml$/.test(f)).sort();
  const out = execFileSync(cli, ['lint', '--format', 'json', '--fail-on', 'never', ...files.map((f) => `${dir}/${f}`)], { cwd: root, maxBuffer: 1 << 26 });
  const report = JSON.parse(out.toString());
  assert.equal(report.files.length, files.length);
  let findings = 0;
  for (const file of report.files) {
    const text = readFileSync(`${root}${file.path}`, 'utf8');
    let expected;
    try {
      expected = api.importManifest(text, {}).report.diagnostics.map((d) => ({
        code: d.code, severity: d.severity, key: d.key ?? null, message: d.message,
        line: d.position?.line ?? null, column: d.position?.column ?? null,
      }));
    } catch (error) {
      // Not a manifest: the CLI reports it as a finding of its own.
      expected = [{ code: 'KA710', severity: 'error', key: null, message: error.message, line: null, column: null }];
    }
    const got = file.findings.map((f) => ({
      code: f.code, severity: f.severity, key: f.key ?? null, message: f.message,
      line: f.line ?? null, column: f.column ?? null,
    }));
    assert.deepEqual(got, expected, file.path);
    findings += got.length;
  }
  assert.ok(findings > 20, `only ${findings} findings`);
});

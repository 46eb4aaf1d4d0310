/**
 * The kustomize subset of kustomize.ts on small kustomizations written for each case: what it
 * does, and that it refuses what it does not implement rather than rendering it wrongly.
 * (k8s.spec.ts also compares it with `kubectl kustomize` on the real overlays, where kubectl exists.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kustomize, type K8sObject } from './kustomize';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sanshe-kustomize-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {tier: backend}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.0.0
          env:
            - {name: A, value: "1"}
            - {name: B, value: "2"}
      initContainers:
        - {name: wait, image: example/api:1.0.0}
`;
const widget = `apiVersion: example.org/v1
kind: Widget
metadata: {name: w, namespace: other}
spec:
  parts: [a, b]
  size: {width: 1, height: 2}
`;
const build = (dir = 'overlay') => kustomize(join(root, dir)).objects;
const byKind = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind)!;

test('resources, namespace, labels, images, then patches by target (JSON 6902) and by name (strategic merge)', () => {
  write('base/kustomization.yaml', 'resources: [deployment.yaml, widget.yaml]\n');
  write('base/deployment.yaml', deployment);
  write('base/widget.yaml', widget);
  write(
    'overlay/kustomization.yaml',
    `namespace: team
resources: [../base]
labels:
  - pairs: {env: test}
images:
  - {name: example/api, newName: registry.example.org/api, newTag: 2.0.0}
patches:
  - target: {kind: Deployment, labelSelector: tier=backend}
    patch: |-
      - {op: replace, path: /spec/replicas, value: 5}
      - {op: add, path: /spec/template/spec/containers/0/env/-, value: {name: C, value: "3"}}
  - path: env.patch.yaml
  - target: {kind: Widget, name: "w.*"}
    patch: |-
      apiVersion: example.org/v1
      kind: Widget
      metadata: {name: any}
      spec:
        parts: [c]
        size: {height: null}
`,
  );
  write(
    'overlay/env.patch.yaml',
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - {name: B, value: "two"}
`,
  );
  const objects = build();
  const api = byKind(objects, 'Deployment') as unknown as {
    metadata: { namespace: string; labels: Record<string, string> };
    spec: { replicas: number; template: { spec: { containers: Array<{ image: string; env: unknown[] }>; initContainers: Array<{ image: string }> } } };
  };
  expect(api.metadata.namespace).toBe('team');
  expect(api.metadata.labels).toEqual({ tier: 'backend', env: 'test' });
  expect(api.spec.replicas).toBe(5);
  // Merged by name, the patch's element first (as kustomize orders them), the others after.
  expect(api.spec.template.spec.containers[0]!.env).toEqual([
    { name: 'B', value: 'two' },
    { name: 'A', value: '1' },
    { name: 'C', value: '3' },
  ]);
  expect(api.spec.template.spec.containers[0]!.image).toBe('registry.example.org/api:2.0.0');
  expect(api.spec.template.spec.initContainers[0]!.image).toBe('registry.example.org/api:2.0.0');
  // A custom resource: lists are replaced, null deletes, the namespace is overridden.
  const w = byKind(objects, 'Widget');
  expect(w.metadata.namespace).toBe('team');
  expect(w['spec']).toEqual({ parts: ['c'], size: { width: 1 } });
});

test('refuses fields outside the subset, patches that match nothing, and paths that do not exist', () => {
  write('overlay/deployment.yaml', deployment);
  write('overlay/kustomization.yaml', 'resources: [deployment.yaml]\ncommonLabels: {a: b}\n');
  expect(() => build()).toThrow(/not in the supported subset: commonLabels/);
  write('overlay/kustomization.yaml', 'resources: [deployment.yaml]\npatches:\n  - target: {kind: Service}\n    patch: "- {op: remove, path: /spec}"\n');
  expect(() => build()).toThrow(/no resource matches/);
  write('overlay/kustomization.yaml', 'resources: [deployment.yaml]\npatches:\n  - target: {kind: Deployment}\n    patch: "- {op: replace, path: /spec/paused, value: true}"\n');
  expect(() => build()).toThrow(/nothing there/);
  write('overlay/kustomization.yaml', 'resources: [deployment.yaml]\npatches:\n  - target: {kind: Deployment}\n    patch: "spec: {paused: true}"\n');
  expect(() => build()).toThrow(/needs apiVersion, kind and metadata.name/);
  write('overlay/kustomization.yaml', 'resources: [deployment.yaml, deployment.yaml]\n');
  expect(() => build()).toThrow(/two resources are Deployment\/\/api/);
});

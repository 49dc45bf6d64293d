import { z } from 'zod';
import { appContextSchema, commonLabels, has, profileLabels } from '../../../src/plan/app-context.js';
import { READ_ONLY } from '../../shared/annotations.js';
import { FILES } from '../../shared/layout.js';
import { names } from '../../../src/plan/names.js';
import { generatorOutputSchema, output } from '../../../src/manifests/result.js';
import { readTemplateJson } from '../../shared/templates.js';
import { defineTool } from '../../shared/tool.js';
import { gitRepo, imageRepository } from '../repo.js';

interface PipelineTemplate {
  language: string;
  image: string;
  /** The toolchain image for the version the Dockerfile builds with ({version}, {major}). */
  versionedImage?: string;
  install: string;
  test: string;
  lint: string;
}
const KNOWN = ['node', 'python', 'go', 'java'];

/** Tests run on the language version the image is built with, not on whatever the template was written for. */
function testImage(t: PipelineTemplate, version: string | undefined): string {
  if (!version || !t.versionedImage || !/^\d+(\.\d+)*$/.test(version)) return t.image;
  return t.versionedImage.replaceAll('{version}', version).replaceAll('{major}', version.split('.')[0]);
}

export default defineTool({
  name: 'generate_tekton_pipeline',
  title: 'Generate a Tekton pipeline',
  description:
    "A Tekton Pipeline that clones the repository, tests with the detected language's tools, builds and pushes the image with kaniko (or buildah), and scans it with Trivy before it can be deployed.",
  input: z.object({ app: appContextSchema, builder: z.enum(['kaniko', 'buildah']).default('kaniko') }),
  output: generatorOutputSchema,
  annotations: READ_ONLY,
  pure: true,
  run: ({ app, builder }) => {
    const lang = KNOWN.includes(app.language) ? app.language : 'generic';
    const t = readTemplateJson<PipelineTemplate>(`pipelines/${lang}.json`);
    const image = testImage(t, app.languageVersion);
    const repo = gitRepo(app);
    const ciNs = names.ciNamespace(app);
    const meta = (name: string) => ({ name, namespace: ciNs, labels: commonLabels(app) });
    // kaniko runs as root with the default capabilities: Pod Security "baseline" admits it, "restricted" would not.
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ciNs,
        labels: {
          ...commonLabels(app),
          ...profileLabels(app),
          ...(has(app, 'pod-security')
            ? {
                'pod-security.kubernetes.io/enforce': 'baseline',
                'pod-security.kubernetes.io/enforce-version': 'latest',
                'pod-security.kubernetes.io/warn': 'restricted',
              }
            : {}),
        },
      },
    };
    // A regulated profile's egress is default-deny here too: the pipeline reaches DNS and HTTPS (Git, registries) only.
    const regulated = app.securityProfile !== 'standard' && has(app, 'network-policy');
    const egress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(`${app.name}-ci-egress`),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
          // HTTPS anywhere (Git, registries, the API server's Service); 6443 is the API server itself, which
          // policies see after the Service is translated (the EventListener creates PipelineRuns through it).
          {
            ports: [
              { protocol: 'TCP', port: 443 },
              { protocol: 'TCP', port: 6443 },
            ],
          },
        ],
      },
    };
    const step = (name: string, image: string, script: string) => ({
      name,
      image,
      workingDir: '$(workspaces.source.path)',
      script: `#!/bin/sh\nset -eu\n${script}\n`,
    });
    const testTask = {
      apiVersion: 'tekton.dev/v1',
      kind: 'Task',
      metadata: meta(`${app.name}-test`),
      spec: {
        workspaces: [{ name: 'source' }],
        steps: [step('install', image, t.install), step('lint', image, t.lint), step('test', image, t.test)],
      },
    };
    const buildStep =
      builder === 'kaniko'
        ? {
            name: 'build-and-push',
            image: 'gcr.io/kaniko-project/executor:v1.23.2',
            args: [
              '--dockerfile=$(params.dockerfile)',
              '--context=$(workspaces.source.path)',
              '--destination=$(params.image):$(params.revision)',
              '--digest-file=$(results.IMAGE_DIGEST.path)',
            ],
          }
        : {
            name: 'build-and-push',
            image: 'quay.io/buildah/stable:v1.37',
            securityContext: { privileged: false },
            script:
              '#!/bin/sh\nset -eu\nbuildah bud --storage-driver=vfs -f $(params.dockerfile) -t $(params.image):$(params.revision) $(workspaces.source.path)\nbuildah push --storage-driver=vfs --digestfile $(results.IMAGE_DIGEST.path) $(params.image):$(params.revision)\n',
          };
    const buildTask = {
      apiVersion: 'tekton.dev/v1',
      kind: 'Task',
      metadata: meta(`${app.name}-build`),
      spec: {
        params: [{ name: 'image' }, { name: 'revision' }, { name: 'dockerfile', default: 'Dockerfile' }],
        workspaces: [
          { name: 'source' },
          { name: 'registry-credentials', optional: true, mountPath: '/kaniko/.docker' },
        ],
        results: [{ name: 'IMAGE_DIGEST' }],
        steps: [buildStep],
      },
    };
    const scanTask = {
      apiVersion: 'tekton.dev/v1',
      kind: 'Task',
      metadata: meta(`${app.name}-scan`),
      spec: {
        params: [{ name: 'image' }, { name: 'digest' }],
        steps: [
          {
            name: 'trivy',
            image: 'aquasec/trivy:0.57.1',
            args: [
              'image',
              '--exit-code',
              '1',
              '--severity',
              app.securityProfile === 'standard' ? 'CRITICAL' : 'HIGH,CRITICAL',
              '$(params.image)@$(params.digest)',
            ],
          },
        ],
      },
    };
    const pipeline = {
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: meta(`${app.name}-ci`),
      spec: {
        params: [
          repo.url ? { name: 'repo-url', default: repo.url } : { name: 'repo-url' },
          { name: 'revision', default: app.cicd?.branch ?? 'main' },
          { name: 'image', default: imageRepository(app) },
        ],
        workspaces: [{ name: 'source' }, { name: 'registry-credentials', optional: true }],
        tasks: [
          {
            name: 'clone',
            taskRef: {
              resolver: 'hub',
              params: [
                { name: 'name', value: 'git-clone' },
                { name: 'version', value: '0.9' },
              ],
            },
            params: [
              { name: 'url', value: '$(params.repo-url)' },
              { name: 'revision', value: '$(params.revision)' },
            ],
            workspaces: [{ name: 'output', workspace: 'source' }],
          },
          {
            name: 'test',
            runAfter: ['clone'],
            taskRef: { name: `${app.name}-test` },
            workspaces: [{ name: 'source', workspace: 'source' }],
          },
          {
            name: 'build',
            runAfter: ['test'],
            taskRef: { name: `${app.name}-build` },
            params: [
              { name: 'image', value: '$(params.image)' },
              { name: 'revision', value: '$(params.revision)' },
            ],
            workspaces: [
              { name: 'source', workspace: 'source' },
              { name: 'registry-credentials', workspace: 'registry-credentials' },
            ],
          },
          {
            name: 'scan',
            runAfter: ['build'],
            taskRef: { name: `${app.name}-scan` },
            params: [
              { name: 'image', value: '$(params.image)' },
              { name: 'digest', value: '$(tasks.build.results.IMAGE_DIGEST)' },
            ],
          },
        ],
      },
    };
    return output(
      [
        {
          path: FILES.tektonPipeline,
          objects: [namespace, ...(regulated ? [egress] : []), pipeline, testTask, buildTask, scanTask] as never,
        },
      ],
      [
        ...(regulated
          ? [
              `${app.securityProfile} profile: egress from ${ciNs} denied except DNS, HTTPS (Git, registries) and the API server`,
            ]
          : []),
        `in namespace ${ciNs} (Pod Security "baseline", the builder runs as root; the app namespace stays "restricted")`,
        `clone → test (${lang}: ${t.test} on ${image}) → build with ${builder} → Trivy scan failing on ${app.securityProfile === 'standard' ? 'CRITICAL' : 'HIGH and CRITICAL'}`,
      ],
      repo.findings,
    );
  },
});

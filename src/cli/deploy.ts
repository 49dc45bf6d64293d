// `kaptain-kube deploy CONFIG`: from a Dockerfile and an AppDeployment to manifests,
// through the session engine. Heavy modules load inside the action.
import { Command, Option } from 'commander';
import { COMPONENT_IDS } from '../plan/component-ids.js';
import { parseOutputFormat } from './output.js';
import type { DeployFlags } from './deploy-flags.js';
import { APPROVAL_POLICIES } from '../vocabulary.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Flags that ask for different runs: given together they are a usage error naming both (exit 2). */
const exclusive = (flags: string, description: string, conflicts: string[]) =>
  new Option(flags, description).conflicts(conflicts);

export function register(program: Command): void {
  program
    .command('deploy')
    .summary('turn a Dockerfile and an AppDeployment into a production deployment')
    .description(
      'Analyse the Dockerfile, plan the components the app needs and generate their manifests through the MCP servers.\n' +
        'With --generate-only the manifests are written to a directory; without it they are applied to the cluster (with approval).',
    )
    .argument(
      '[config...]',
      "AppDeployment YAML file (app-config.yaml); several, or a directory of them, deploy as one system; with --resume, the session's own",
    )
    .addOption(
      exclusive('--generate-only', 'write manifests to --output-dir and stop; touches no cluster', [
        'planOnly',
        'dryRun',
        'diff',
      ]),
    )
    .option(
      '--output-dir <dir>',
      'where --generate-only writes the tree; a symbolic link is refused (give the real directory)',
      './k8s',
    )
    .option(
      '--force',
      'replace the files an earlier run wrote to --output-dir (listed in its .kaptain-kube-files; refused when it holds anything else), and run calls whose result adds manifest errors where --yes and --approval auto-read stop on them',
    )
    .option(
      '--project-root <dir>',
      "the only directory the Dockerfile, build context and the files they name may be read from (default: the config's directory)",
    )
    .addOption(exclusive('--plan-only', 'show the plan (components and why) and stop', ['dryRun', 'diff']))
    .addOption(exclusive('--dry-run', 'generate everything in memory and write nothing', ['yes', 'diff']))
    .option('--record', 'keep a session for --plan-only and --dry-run too (other runs always record one)')
    .option('--show-components', 'with --dry-run: list components with their reasons and objects')
    .option(
      '--disable-component <name>',
      `leave a component out (repeatable): ${COMPONENT_IDS.filter((c) => c !== 'deployment').join(', ')}; aliases like istio, kong, cert-manager, tekton work too`,
      collect,
    )
    .option('--resources-cpu <quantity>', 'CPU request, overriding config and estimate (e.g. 1000m)')
    .option('--resources-memory <quantity>', 'memory request and limit, overriding config and estimate (e.g. 2Gi)')
    .option('--image <ref>', 'container image to deploy, overriding spec.image')
    .option('--analyze-verbose', 'print what the Dockerfile analysis found, line by line')
    .addOption(
      exclusive('-y, --yes', 'approve every proposed call (approval policy "yes")', ['interactive', 'approval']),
    )
    .option('-i, --interactive', 'review each proposed call and its diff in the terminal UI')
    .addOption(
      new Option(
        '--approval <policy>',
        'approval policy: ask (every call waits), auto-read (read-only tools pass), suggest (world-changing tools only recorded), yes',
      ).choices(APPROVAL_POLICIES),
    )
    .option(
      '--resume <session>',
      'continue a session (id, name or "latest") where it stopped, pending approval included',
    )
    .addOption(exclusive('--continue', 'continue the latest session', ['resume']))
    .option('--name <name>', 'name the session, to find it later')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('-n, --namespace <ns>', 'namespace for objects that name none')
    .option('--diff', 'server-side dry run against the cluster and show the diff with live objects; change nothing')
    .option('--force-conflicts', 'take over fields another field manager owns')
    .option('--prune', 'delete objects an earlier deploy of this app applied that this one no longer generates')
    .option('--timeout <seconds>', 'how long to watch the rollout', (v) => Number(v), 300)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ kaptain-kube deploy app-config.yaml --generate-only --output-dir ./k8s
  $ kaptain-kube deploy app-config.yaml --plan-only
  $ kaptain-kube deploy . --generate-only --output-dir ./k8s      (every *.app-config.yaml here, as one system)
  $ kaptain-kube deploy app-config.yaml --dry-run --show-components
  $ kaptain-kube deploy app-config.yaml --disable-component istio --resources-cpu 1000m --resources-memory 2Gi
  $ kaptain-kube deploy app-config.yaml --interactive
  $ kaptain-kube deploy app-config.yaml --diff --context staging
  $ kaptain-kube deploy app-config.yaml --yes --context staging --timeout 600
  $ kaptain-kube deploy --resume latest`,
    )
    .action(async (configs: string[], flags: DeployFlags) => {
      parseOutputFormat(flags.output);
      const { runDeploy } = await import('./deploy-run.js');
      process.exitCode = await runDeploy(configs.length > 1 ? configs : configs[0], flags);
    });
}

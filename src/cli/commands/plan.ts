import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatPlanDot, formatPlanMermaid, formatPlanText } from '../../explain/formatPlan.js';
import { planDockerfile, type DockerfilePlan } from '../../explain/planDockerfile.js';
import { renderReport } from '../../report/html/renderReport.js';
import { addBuildFlags, dockerfilePath, EXIT_FAILED, EXIT_OK, formatOption, type BuildFlags } from '../options.js';

interface Flags extends BuildFlags {
  format: 'text' | 'mermaid' | 'dot' | 'json';
  report?: string;
}

const FORMATS: Record<Flags['format'], (plan: DockerfilePlan) => string> = {
  text: formatPlanText,
  mermaid: formatPlanMermaid,
  dot: formatPlanDot,
  json: (plan) => JSON.stringify(plan, null, 2) + '\n',
};

/** The plan options a command's build flags stand for (no context is read). */
export function planOptions(context: string, flags: BuildFlags) {
  return {
    dockerfilePath: dockerfilePath(context, flags),
    ...(flags.target !== undefined ? { target: flags.target } : {}),
    ...(flags.buildArg ? { buildArgs: flags.buildArg } : {}),
  };
}

async function plan(context: string, flags: Flags): Promise<number> {
  const planned = await planDockerfile(planOptions(context, flags));
  process.stdout.write(FORMATS[flags.format](planned));
  if (flags.report !== undefined) await writeFile(flags.report, renderReport({ plan: planned }));
  // Both builders failing to plan is a build that would fail.
  return planned.buildkit.failure && planned.classic.failure ? EXIT_FAILED : EXIT_OK;
}

/** `dockerfile-sim plan`: the stage graph and what each builder runs, without reading the context (a dry run). */
export function planCommand(program: Command): void {
  addBuildFlags(program.command('plan').description('dry run: the stage graph and what BuildKit and the classic builder run, without reading the context'))
    .option(...formatOption(['text', 'mermaid', 'dot', 'json'], 'text'))
    .option('--report <file.html>', 'also write a self-contained HTML page with the stage graph')
    .action(async (context: string, flags: Flags) => {
      process.exitCode = await plan(context, flags);
    });
}

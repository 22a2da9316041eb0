import type { CstConfig } from './imageView.js';
import { invalid, matches, notRun, outcome, Undecided } from './outcome.js';
import type { StructureTestResult } from './report.js';
import type { EnvVarSpec, MetadataTestSpec } from './spec.js';

/** CST skips a metadata test that sets nothing. */
export function metadataEmpty(m: MetadataTestSpec): boolean {
  return (
    !m.envVars?.length &&
    !m.unboundEnvVars?.length &&
    !m.exposedPorts?.length &&
    !m.unexposedPorts?.length &&
    m.entrypoint == null &&
    m.cmd == null &&
    !m.workdir &&
    !m.user &&
    !m.volumes?.length &&
    !m.unmountedVolumes?.length &&
    !m.labels?.length
  );
}

/** Go's `%v` (and `%s`) of a []string. */
const goList = (list: readonly string[]): string => `[${list.join(' ')}]`;

/** CST's metadata test on the image config, with its messages. */
export function metadataTest(config: CstConfig, m: MetadataTestSpec): StructureTestResult {
  const name = 'Metadata Test';
  const validation: string[] = [];
  for (const v of m.envVars ?? []) if (!v.key) validation.push('Environment variable key cannot be empty');
  for (const l of m.labels ?? []) if (!l.key) validation.push('Label key cannot be empty');
  for (const p of m.exposedPorts ?? []) if (!p) validation.push('Port cannot be empty');
  for (const v of m.volumes ?? []) if (!v) validation.push('Volume cannot be empty');
  if (validation.length > 0) return invalid('metadata', name, validation);
  const errors: string[] = [];
  try {
    for (const pair of m.envVars ?? []) {
      const val = config.env.get(pair.key);
      if (val === undefined) errors.push(`variable ${pair.key} not found in image env`);
      else if (!valueMatches(pair, val)) errors.push(`env var ${pair.key} value ${val} does not match expected value: ${pair.value ?? ''}`);
    }
    for (const pair of m.unboundEnvVars ?? []) {
      if (config.env.has(pair.key)) errors.push(`env variable ${pair.key} should not be present in image metadata`);
    }
    for (const pair of m.labels ?? []) {
      const val = config.labels.get(pair.key);
      if (val === undefined) errors.push(`label ${pair.key} not found in image metadata`);
      else if (!valueMatches(pair, val)) errors.push(`label ${pair.key} value ${val} does not match expected value: ${pair.value ?? ''}`);
    }
  } catch (err) {
    if (err instanceof Undecided) return notRun('metadata', name, err.message);
    throw err;
  }
  compareList(errors, 'Cmd', config.cmd, m.cmd);
  compareList(errors, 'entrypoint', config.entrypoint, m.entrypoint);
  if (m.workdir && m.workdir !== config.workdir) errors.push(`Image workdir ${config.workdir} does not match config workdir: ${m.workdir}`);
  if (m.user && m.user !== config.user) errors.push(`Image user ${config.user} does not match config user: ${m.user}`);
  for (const port of m.exposedPorts ?? []) if (!config.exposedPorts.includes(port)) errors.push(`Port ${port} not found in config`);
  for (const port of m.unexposedPorts ?? []) if (config.exposedPorts.includes(port)) errors.push(`Port ${port} should not be exposed`);
  for (const volume of m.volumes ?? []) if (!config.volumes.includes(volume)) errors.push(`Volume ${volume} not found in config`);
  for (const volume of m.unmountedVolumes ?? []) if (config.volumes.includes(volume)) errors.push(`Volume ${volume} should not be mounted`);
  return outcome('metadata', name, errors);
}

function valueMatches(pair: EnvVarSpec, actual: string): boolean {
  return pair.isRegex ? matches(pair.value ?? '', actual, true) : (pair.value ?? '') === actual;
}

/** CST compares Cmd and Entrypoint by length, then element by element (one error per mismatch). */
function compareList(errors: string[], what: 'Cmd' | 'entrypoint', actual: readonly string[], expected: readonly string[] | null | undefined): void {
  if (expected == null) return;
  if (expected.length !== actual.length) {
    errors.push(what === 'Cmd' ? `Image Cmd ${goList(actual)} does not match expected Cmd: ${goList(expected)}` : `Image entrypoint ${goList(actual)} does not match expected entrypoint: ${goList(expected)}`);
    return;
  }
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] !== actual[i]) {
      errors.push(`Image config ${what} ${goList(actual)} does not match expected value: ${goList(expected)}`);
    }
  }
}

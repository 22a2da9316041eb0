import { DockerfileError } from '../../model/errors.js';
import type { HealthConfig } from '../../model/image.js';
import type {
  CmdInstruction,
  CommandLine,
  EntrypointInstruction,
  EnvInstruction,
  ExposeInstruction,
  HealthcheckInstruction,
  LabelInstruction,
  MaintainerInstruction,
  OnbuildInstruction,
  ShellInstruction,
  StopsignalInstruction,
  UserInstruction,
  VolumeInstruction,
} from '../../model/instruction.js';
import type { BuildEnv } from '../buildEnv.js';
import { expandIn, expandWordsIn } from '../expandIn.js';
import { goDuration, goQuote, goQuoteList } from '../goFormat.js';
import { recordHistory } from '../history.js';
import { setEnv, type StageState } from '../stageState.js';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** Exec form as written; shell form wrapped in the stage's SHELL (or `/bin/sh -c`). */
export function commandArgs(state: StageState, command: CommandLine): string[] {
  if (command.form === 'exec') return [...command.args];
  const shell = state.config.Shell ?? DEFAULT_SHELL;
  // A bare CMD: the classic builder stores the shell alone, BuildKit the shell and "".
  return command.text === '' && state.builder === 'classic' ? [...shell] : [...shell, command.text];
}

export function runEnv(state: StageState, instruction: EnvInstruction, env: BuildEnv): void {
  // Every word is expanded against the variables from before the instruction.
  const pairs = instruction.pairs.map((p) => [expandIn(state, p.key, env), expandIn(state, p.value, env)] as const);
  for (const [key, value] of pairs) {
    if (key === '') throw new DockerfileError('invalid-argument', 'ENV names can not be blank');
    setEnv(state.config, key, value);
    state.vars.set(key, value);
  }
  recordHistory(state, `ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`, { emptyLayer: true });
}

export function runLabel(state: StageState, instruction: LabelInstruction, env: BuildEnv): void {
  const pairs = instruction.pairs.map((p) => [expandIn(state, p.key, env), expandIn(state, p.value, env)] as const);
  const labels = { ...(state.config.Labels ?? {}) };
  for (const [key, value] of pairs) {
    if (key === '') throw new DockerfileError('invalid-argument', 'LABEL names can not be blank');
    labels[key] = value;
  }
  state.config.Labels = labels;
  recordHistory(state, `LABEL ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`, { emptyLayer: true });
}

export function runUser(state: StageState, instruction: UserInstruction, env: BuildEnv): void {
  const user = expandIn(state, instruction.user.text, env);
  state.config.User = user;
  recordHistory(state, `USER ${user}`, { emptyLayer: true });
}

export function runCmd(state: StageState, instruction: CmdInstruction): void {
  const args = commandArgs(state, instruction.command);
  state.config.Cmd = args;
  if (state.builder === 'buildkit') {
    state.config.ArgsEscaped = true;
    state.cmdSet = true;
  } else {
    // The classic builder only counts a non-empty CMD as set.
    state.cmdSet = args.length > 0;
  }
  recordHistory(state, `CMD ${goQuoteList(args)}`, { emptyLayer: true });
}

export function runEntrypoint(state: StageState, instruction: EntrypointInstruction): void {
  const args = commandArgs(state, instruction.command);
  state.config.Entrypoint = args.length === 0 && state.builder === 'buildkit' ? null : args;
  // A CMD inherited from the base is dropped; one set earlier in this stage is kept.
  if (!state.cmdSet) state.config.Cmd = null;
  recordHistory(state, `ENTRYPOINT ${goQuoteList(args)}`, { emptyLayer: true });
}

export function runShell(state: StageState, instruction: ShellInstruction): void {
  state.config.Shell = [...instruction.shell];
  recordHistory(state, `SHELL [${instruction.shell.join(' ')}]`, { emptyLayer: true });
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/** `[ip:][hostPort:]port[-end][/proto]` → the `port/proto` keys of ExposedPorts. */
export function exposedPorts(raw: string): string[] {
  const slash = raw.lastIndexOf('/');
  const proto = slash === -1 ? 'tcp' : raw.slice(slash + 1).toLowerCase();
  const rest = slash === -1 ? raw : raw.slice(0, slash);
  const fail = (why: string): never => {
    throw new DockerfileError('invalid-argument', why);
  };
  if (!PROTOCOLS.has(proto)) fail(`Invalid proto: ${proto}`);
  const container = rest.slice(rest.lastIndexOf(':') + 1);
  const m = /^(\d+)(?:-(\d+))?$/.exec(container);
  if (!m) return fail(`invalid containerPort: ${container}`);
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535) fail(`invalid containerPort: ${container}`);
  if (end < start) fail(`invalid range specified for container port: ${container}`);
  const ports: string[] = [];
  for (let p = start; p <= end; p++) ports.push(`${p}/${proto}`);
  return ports;
}

export function runExpose(state: StageState, instruction: ExposeInstruction, env: BuildEnv): void {
  const words = instruction.ports.flatMap((w) => expandWordsIn(state, w.text, env));
  const ports = { ...(state.config.ExposedPorts ?? {}) };
  const added: string[] = [];
  for (const word of words) {
    for (const port of exposedPorts(word)) {
      ports[port] = {};
      added.push(port);
    }
  }
  state.config.ExposedPorts = ports;
  const message = state.builder === 'buildkit' ? `EXPOSE map[${[...new Set(added)].sort().map((p) => `${p}:{}`).join(' ')}]` : `EXPOSE ${words.join(' ')}`;
  recordHistory(state, message, { emptyLayer: true });
}

export function runVolume(state: StageState, instruction: VolumeInstruction, env: BuildEnv): void {
  const volumes = { ...(state.config.Volumes ?? {}) };
  const added: string[] = [];
  for (const word of instruction.volumes) {
    const path = expandIn(state, word.text, env).trim();
    if (path === '') throw new DockerfileError('invalid-argument', 'VOLUME specified can not be an empty string');
    volumes[path] = {};
    added.push(path);
  }
  state.config.Volumes = volumes;
  recordHistory(state, `VOLUME [${added.join(' ')}]`, { emptyLayer: true });
}

const SIGNALS = [
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR',
  'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH',
  'XCPU', 'XFSZ', 'RTMIN', 'RTMAX',
];

function validSignal(signal: string): boolean {
  if (/^\d+$/.test(signal)) return Number(signal) > 0 && Number(signal) <= 64;
  const name = signal.toUpperCase().replace(/^SIG/, '');
  return SIGNALS.includes(name) || /^RTMIN\+\d+$|^RTMAX-\d+$/.test(name);
}

export function runStopsignal(state: StageState, instruction: StopsignalInstruction, env: BuildEnv): void {
  const signal = expandIn(state, instruction.signal.text, env);
  if (!validSignal(signal)) throw new DockerfileError('invalid-argument', `invalid signal: ${signal}`);
  state.config.StopSignal = signal;
  recordHistory(state, `STOPSIGNAL ${signal}`, { emptyLayer: true });
}

export function runHealthcheck(state: StageState, instruction: HealthcheckInstruction): void {
  const test = instruction.test;
  let health: HealthConfig;
  if (test.type === 'NONE') {
    // The classic builder keeps the inherited timings beside NONE (observed); BuildKit drops them.
    health = state.builder === 'classic' && state.config.Healthcheck ? { ...state.config.Healthcheck, Test: ['NONE'] } : { Test: ['NONE'] };
  } else {
    const command = test.command;
    health = { Test: command.form === 'exec' ? ['CMD', ...command.args] : ['CMD-SHELL', command.text] };
    const { interval, timeout, startPeriod, startInterval, retries } = instruction;
    if (interval) health.Interval = interval;
    if (timeout) health.Timeout = timeout;
    if (startPeriod) health.StartPeriod = startPeriod;
    if (startInterval) health.StartInterval = startInterval;
    if (retries) health.Retries = retries;
  }
  // History shows what the instruction itself says, even where classic keeps inherited timings.
  const own: HealthConfig = test.type === 'NONE' ? { Test: ['NONE'] } : health;
  state.config.Healthcheck = health;
  const durations = [own.Interval, own.Timeout, own.StartPeriod, own.StartInterval].map((d) => goQuote(goDuration(d ?? 0)));
  const retries = `'\\x${(own.Retries ?? 0).toString(16).padStart(2, '0')}'`;
  recordHistory(state, `HEALTHCHECK &{${goQuoteList(own.Test)} ${durations.join(' ')} ${retries}}`, { emptyLayer: true });
}

export function runOnbuild(state: StageState, instruction: OnbuildInstruction): void {
  state.config.OnBuild = [...(state.config.OnBuild ?? []), instruction.trigger];
  if (state.builder === 'classic') recordHistory(state, `ONBUILD ${instruction.trigger}`, { emptyLayer: true });
}

export function runMaintainer(state: StageState, instruction: MaintainerInstruction): void {
  recordHistory(state, `MAINTAINER ${instruction.maintainer}`, { emptyLayer: true });
}

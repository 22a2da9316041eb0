import { expandSimple, globalEnv, type DockerfileInfo } from './dockerfile.js';
import { normaliseRef } from './safety.js';

/** What a build's own output says: which stages ran, and the error. */
export interface BuildOutcome {
  readonly outcome: 'success' | 'failure';
  readonly error?: string;
  readonly errorLine?: number;
  readonly stages: string[];
  /** Things worth a human look (printed by the recorder, not stored). */
  readonly notes: string[];
  /** Image ids the classic builder printed (` ---> <id>`), for clean-up. */
  readonly imageIds: string[];
}

/**
 * Random parts of error texts (BuildKit's ref ids, content digests, daemon paths) replaced by
 * placeholders, so that a re-recording gives the same file.
 */
export function normaliseError(msg: string): string {
  return msg
    .replace(/\bref [0-9a-z-]+::[0-9a-z]+/g, 'ref <ref>')
    .replace(/\bref [0-9a-z]{20,}/g, 'ref <ref>')
    // A path inside a build container's root: /<data-root>/overlay2/<id>/merged/etc/passwd -> <rootfs>/etc/passwd
    .replace(/\/[^\s:"']*\/(?:overlay2|snapshots)\/[^/\s:"']+\/(?:merged|diff|fs)(?=[/\s:"']|$)/g, '<rootfs>')
    // BuildKit's temporary mount of a copy source: /<data-root>/tmp/buildkit-mount<digits>/x
    .replace(/\/[^\s:"']*\/buildkit-mount\d+(?=[/\s:"']|$)/g, '<daemon-path>/buildkit-mount<id>')
    .replace(/\/[^\s:"']*\/(?:overlay2|snapshots|containers)\/[^\s:"']*/g, '<daemon-path>')
    // The name the classic client gives a Dockerfile it sends from outside the context.
    .replace(/\.dockerfile\.[0-9a-f]{16,}/g, '.dockerfile.<random>')
    .replace(/\b(sha256:)?[0-9a-f]{64}\b/g, '<digest>')
    .replace(/\b(container|Running in) [0-9a-f]{12}\b/g, '$1 <id>')
    .trim();
}

/** Index of the stage a BuildKit vertex prefix names, or undefined. */
function stageIndexForVertex(prefix: string | undefined, info: DockerfileInfo, target: string | undefined): number | undefined {
  const stages = info.stages;
  if (prefix === undefined) {
    // Single-stage builds drop the name: `[2/3] COPY ...`.
    if (target !== undefined) {
      const t = target.toLowerCase();
      const hit = [...stages].reverse().find((s) => s.name === t);
      if (hit) return hit.index;
    }
    return stages.length > 0 ? stages.length - 1 : undefined;
  }
  const byName = [...stages].reverse().find((s) => s.name === prefix);
  if (byName) return byName.index;
  const m = /^stage-(\d+)$/.exec(prefix);
  if (m && Number(m[1]) < stages.length) return Number(m[1]);
  return undefined;
}

/** `docker.io/library/x:y@sha256:..` -> `x:y`. */
function vertexRef(s: string): string {
  return normaliseRef(s.trim().replace(/@sha256:[0-9a-f]{64}$/, ''));
}

/**
 * Stage indexes the progress shows, ignoring vertices that cannot be this Dockerfile's: BuildKit
 * merges identical vertices of concurrent builds on the daemon (another build's `[x 1/2] FROM img`
 * can show in ours, and our FROM can show under another build's name). A vertex counts only when
 * its stage exists here and its instruction fits that stage (FROM of the stage's own base image;
 * RUN/COPY/ADD/WORKDIR the stage has, or any when the stage is built on a stage whose ONBUILD
 * triggers may add them).
 */
function stagesFromVertices(
  lines: readonly string[],
  info: DockerfileInfo,
  target: string | undefined,
  buildArgs: Readonly<Record<string, string>>,
  notes: string[],
): Set<number> {
  const env = globalEnv(info, 'buildkit', buildArgs);
  const seen = new Set<number>();
  for (const l of lines) {
    const m = /^#\d+ \[(?:(\S+) )?(\d+)\/(\d+)\] (\S+)(.*)$/.exec(l);
    if (!m) continue;
    const idx = stageIndexForVertex(m[1], info, target);
    if (idx === undefined) {
      notes.push(`ignored a vertex of no stage here: ${l}`);
      continue;
    }
    const stage = info.stages[idx]!;
    const word = m[4]!;
    if (word === 'FROM') {
      const base = expandSimple(stage.base, env);
      if (base === undefined || vertexRef(base) !== vertexRef(m[5]!)) {
        notes.push(`ignored a FROM vertex that is not stage ${stage.display}'s base: ${l}`);
        continue;
      }
    } else {
      const onStage = info.stages.slice(0, idx).some((s) => s.name !== undefined && s.name === stage.base.toLowerCase());
      if (!stage.vertexKeywords.includes(word) && !onStage) {
        notes.push(`ignored a vertex stage ${stage.display} has no instruction for: ${l}`);
        continue;
      }
    }
    seen.add(idx);
  }
  return seen;
}

/** The stage a successful build made the image of: --target (the last stage of that name) or the last stage. */
function targetIndex(info: DockerfileInfo, target: string | undefined): number | undefined {
  if (target === undefined) return info.stages.length > 0 ? info.stages.length - 1 : undefined;
  const t = target.toLowerCase();
  return [...info.stages].reverse().find((s) => s.name === t)?.index;
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export function parseBuildKit(
  code: number,
  rawStdout: string,
  rawStderr: string,
  info: DockerfileInfo,
  dockerfileName: string,
  target: string | undefined,
  buildArgs: Readonly<Record<string, string>>,
): BuildOutcome {
  const text = `${rawStdout}\n${rawStderr}`.replace(ANSI, '');
  const lines = text.split('\n');
  const notes: string[] = [];
  const seen = stagesFromVertices(lines, info, target, buildArgs, notes);
  if (code === 0) {
    // The image exists, so its stage ran, whether or not a vertex of its own showed it.
    const t = targetIndex(info, target);
    if (t !== undefined) seen.add(t);
  }
  const stages = [...seen].sort((a, b) => a - b).map((i) => info.stages[i]!.display);
  if (code === 0) return { outcome: 'success', stages, notes, imageIds: [] };

  const errLine = [...lines].reverse().find((l) => l.startsWith('ERROR: '));
  let error = errLine?.slice('ERROR: '.length) ?? lines.filter((l) => l.trim() !== '').pop() ?? `exit code ${code}`;
  error = error.replace(/^failed to build: /, '').replace(/^failed to solve: /, '');
  const esc = dockerfileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const loc = lines.map((l) => new RegExp(`^${esc}:(\\d+)$`).exec(l.trim())).find((m) => m !== null);
  const parseLine = /parse error (?:on )?line (\d+)/.exec(error);
  const errorLine = loc ? Number(loc[1]) : parseLine ? Number(parseLine[1]) : undefined;
  return {
    outcome: 'failure',
    error: normaliseError(error),
    ...(errorLine !== undefined ? { errorLine } : {}),
    stages,
    notes,
    imageIds: [],
  };
}

const DEPRECATION = /^(DEPRECATED: The legacy builder|\s+BuildKit is currently disabled|\s+environment-variable\.)/;

export function parseClassic(code: number, rawStdout: string, rawStderr: string, info: DockerfileInfo): BuildOutcome {
  // Warnings come wrapped in colour codes that can share a line with the next "Step".
  const stdout = rawStdout.replace(ANSI, '');
  const stderr = rawStderr.replace(ANSI, '');
  const notes: string[] = [];
  const stages: string[] = [];
  const imageIds: string[] = [];
  let stageIndex = -1;
  let lastStep: { k: number; text: string; done: boolean } | undefined;
  for (const l of stdout.split('\n')) {
    const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(l);
    if (step) {
      lastStep = { k: Number(step[1]), text: step[3]!, done: false };
      if (/^from\s/i.test(step[3]!)) {
        stageIndex++;
        const as = /\sas\s+(\S+)\s*$/i.exec(step[3]!);
        stages.push(as ? as[1]!.toLowerCase() : `stage-${stageIndex}`);
      }
      continue;
    }
    const id = /^ ---> ([0-9a-f]{12})$/.exec(l);
    if (id) {
      imageIds.push(id[1]!);
      if (lastStep) lastStep.done = true;
    }
  }
  if (code === 0) return { outcome: 'success', stages, notes, imageIds };

  const errText = stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !DEPRECATION.test(l))
    .join('\n');
  const error = errText.replace(/^Error response from daemon: /, '') || `exit code ${code}`;
  let errorLine: number | undefined;
  const parseLine = /parse error (?:on )?line (\d+)/.exec(error);
  if (parseLine) errorLine = Number(parseLine[1]);
  else if (lastStep && !lastStep.done && !/^No image was generated/.test(error)) {
    const ins = info.instructions[lastStep.k - 1];
    const word = lastStep.text.split(/\s/)[0]!.toUpperCase();
    if (ins && ins.keyword === word) errorLine = ins.line;
    else notes.push(`cannot map step ${lastStep.k} (${lastStep.text}) to a line`);
  }
  return {
    outcome: 'failure',
    error: normaliseError(error),
    ...(errorLine !== undefined ? { errorLine } : {}),
    stages,
    notes,
    imageIds,
  };
}

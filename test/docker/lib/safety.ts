import type { Builder } from './cases.js';
import { couldBeImageRef, expandSimple, globalEnv, type DockerfileInfo } from './dockerfile.js';

/**
 * The images a build of this Dockerfile may resolve (FROM, COPY --from, mount from=), and the
 * reasons not to build it at all: no registry is reachable here and any pull attempt is
 * forbidden traffic, so every name Docker could take for an image must exist locally first.
 * Deliberately conservative: it over-approximates what Docker would resolve.
 */
export interface SafetyReport {
  readonly images: string[];
  readonly problems: string[];
}

export function checkSafety(
  info: DockerfileInfo,
  builder: Builder,
  buildArgs: Readonly<Record<string, string>>,
): SafetyReport {
  const images = new Set<string>();
  const problems: string[] = [];
  const env = globalEnv(info, builder, buildArgs);
  const names = info.stages.map((s) => s.name);

  info.stages.forEach((stage, i) => {
    if (stage.platform !== undefined) {
      const p = expandSimple(stage.platform, env);
      if (p === undefined) problems.push(`line ${stage.line}: cannot check --platform=${stage.platform}`);
      else if (p !== '' && p !== 'linux/amd64') problems.push(`line ${stage.line}: --platform=${p} would need another platform's image`);
    }
    const base = expandSimple(stage.base, env);
    if (base === undefined) {
      problems.push(`line ${stage.line}: cannot check the base "${stage.base}"`);
      return;
    }
    if (base === '' || base === 'scratch') return;
    if (names.slice(0, i).includes(base.toLowerCase())) return;
    if (couldBeImageRef(base)) images.add(base);
  });

  for (const { value, line } of info.fromRefs) {
    if (value.includes('$') || /^-?\d+$/.test(value)) continue;
    const lower = value.toLowerCase();
    if (builder === 'buildkit') {
      if (names.includes(lower)) continue;
    } else {
      // Classic: only stages built before the current one count; anything else is pulled.
      const earlier = info.stages.filter((s) => s.line < line);
      if (earlier.slice(0, -1).some((s) => s.name === lower)) continue;
    }
    if (couldBeImageRef(value)) images.add(value);
  }

  if (builder === 'buildkit') {
    const cycle = fromEdgeCycle(info, env);
    if (cycle) problems.push(`stage cycle through a FROM <stage> edge (${cycle}): crashes the Engine 26.1 daemon (BuildKit isReachable recursion)`);
  }
  // Engine 26.1's BuildKit frontend panics on a Dockerfile whose only instructions are ARGs
  // (dispatchStates.lastTarget: index out of range [-1]) and the panic takes the whole daemon down.
  if (info.stages.length === 0 && info.instructions.length > 0 && info.instructions.every((i) => i.keyword === 'ARG')) {
    problems.push('only ARG instructions and no FROM: crashes the Engine 26.1 daemon (BuildKit frontend panic)');
  }
  info.text.split('\n').forEach((l, i) => {
    if (/^\s*(onbuild\s+)?add\b.*(:\/\/|git@)/i.test(l)) problems.push(`line ${i + 1}: ADD of a remote source`);
    if (/--network=host/i.test(l)) problems.push(`line ${i + 1}: --network=host`);
  });
  return { images: [...images], problems };
}

/** `nginx` -> `nginx:latest`, `docker.io/library/x:y` -> `x:y`. */
export function normaliseRef(ref: string): string {
  let r = ref.replace(/^docker\.io\//, '').replace(/^library\//, '');
  const lastSlash = r.lastIndexOf('/');
  if (!r.includes('@') && !r.slice(lastSlash + 1).includes(':')) r += ':latest';
  return r;
}

/** `dfsim/busybox:latest` -> `dfsim_busybox_latest.tar`, as test/docker/images.sh names them. */
export function fixtureName(ref: string): string {
  return `${normaliseRef(ref).replace(/[/:]/g, '_')}.tar`;
}

/**
 * BuildKit 0.13 looks for cycles over `COPY --from` / `mount from=` edges only
 * (hasCircularDependency, which fails the build cleanly), then walks those edges and
 * `FROM <stage>` edges (isReachable) with no visited set: a cycle that needs a FROM edge — e.g.
 * stage 0 `COPY --from=1`, stage 1 `FROM <stage 0>` — recurses until the daemon dies of a stack
 * overflow. Returns such a cycle's stage names, or undefined.
 */
function fromEdgeCycle(info: DockerfileInfo, env: ReadonlyMap<string, string>): string | undefined {
  const stages = info.stages;
  // BuildKit's statesByName: the last stage of a (lower-cased) name wins.
  const byName = new Map<string, number>();
  const deps: Array<Set<number>> = stages.map(() => new Set());
  const bases: Array<number | undefined> = stages.map((s) => {
    // FROM looks a name up as written (after global ARGs), among the stages added before it.
    const base = expandSimple(s.base, env);
    const hit = base !== undefined ? byName.get(base) : undefined;
    if (s.name !== undefined) byName.set(s.name, s.index);
    return hit;
  });
  for (const { value, line } of info.fromRefs) {
    const owner = [...stages].reverse().find((s) => s.line <= line);
    if (!owner) continue;
    const target = /^\d+$/.test(value) ? Number(value) : byName.get(value.toLowerCase());
    if (target !== undefined && target < stages.length) deps[owner.index]!.add(target);
  }
  const cycle = (edges: (i: number) => number[]): number[] | undefined => {
    const state = stages.map(() => 0); // 0 new, 1 on the path, 2 done
    const path: number[] = [];
    const visit = (i: number): number[] | undefined => {
      if (state[i] === 1) return path.slice(path.indexOf(i));
      if (state[i] === 2) return undefined;
      state[i] = 1;
      path.push(i);
      for (const j of edges(i)) {
        const found = visit(j);
        if (found) return found;
      }
      path.pop();
      state[i] = 2;
      return undefined;
    };
    for (const s of stages) {
      const found = visit(s.index);
      if (found) return found;
    }
    return undefined;
  };
  if (cycle((i) => [...deps[i]!])) return undefined; // reported as "circular dependency", no crash
  const found = cycle((i) => [...deps[i]!, ...(bases[i] !== undefined ? [bases[i]!] : [])]);
  return found?.map((i) => stages[i]!.display).join(' -> ');
}

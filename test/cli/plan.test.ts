/** `dockerfile-sim plan`: the built binary on the fixed example, every format, exact output. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './runCli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = 'test/explain/fixtures/app';

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dockerfile-sim plan', () => {
  it('prints the stages, the labelled graph and both builders side by side', () => {
    const r = run(['plan', FIXTURE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Stages:
  #0  build  FROM scratch  (line 2)
  #1  docs   FROM scratch  (line 9)
  #2  test   FROM build    (line 12)
  #3  app    FROM scratch  (line 15)

Graph (needed -> stage that needs it):
  build  ->  test  FROM (line 12)
  build  ->  app   COPY --from=build (line 17)

Target: app
  stage  buildkit                                         classic
  build  1. needed by "app" (COPY --from at line 17)      1. the classic builder runs every stage up to the target
  docs   skipped: the target "app" does not depend on it  2. the classic builder runs every stage up to the target
  test   skipped: the target "app" does not depend on it  3. the classic builder runs every stage up to the target
  app    2. target                                        4. target

Order:
  buildkit: build -> app
  classic:  build -> docs -> test -> app
`);
  });

  it('--format mermaid', () => {
    const r = run(['plan', FIXTURE, '--target', 'test', '--format', 'mermaid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`flowchart LR
  s0["build"]
  s1["docs"]
  s2["test (target)"]
  s3["app"]
  s0 -->|"FROM (line 12)"| s2
  s0 -->|"COPY --from=build (line 17)"| s3
  classDef skipped stroke-dasharray: 5 5,color:#888
  class s1,s3 skipped
  %% buildkit: build -> test
  %% classic: build -> docs -> test
`);
  });

  it('--format dot', () => {
    const r = run(['plan', FIXTURE, '--format', 'dot']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`digraph build {
  rankdir=LR;
  node [shape=box, fontname="sans-serif"];
  edge [fontname="sans-serif", fontsize=10];
  // buildkit: build -> app
  // classic: build -> docs -> test -> app
  s0 [label="build"];
  s1 [label="docs", style=dashed];
  s2 [label="test", style=dashed];
  s3 [label="app (target)"];
  s0 -> s2 [label="FROM (line 12)"];
  s0 -> s3 [label="COPY --from=build (line 17)"];
}
`);
  });

  it('--format json is the planDockerfile() result', () => {
    const r = run(['plan', FIXTURE, '--format', 'json', '--build-arg', 'VERSION=2']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.edges).toEqual([
      { stage: 2, needs: { stage: 0 }, cause: 'FROM', written: 'build', line: 12, builders: ['buildkit', 'classic'] },
      { stage: 3, needs: { stage: 0 }, cause: 'COPY --from', written: 'build', line: 17, builders: ['buildkit', 'classic'] },
    ]);
    expect(plan.buildkit.order).toEqual(['build', 'app']);
    expect(plan.classic.stages[1]).toEqual({ stage: 'docs', runs: true, step: 2, reason: 'the classic builder runs every stage up to the target' });
  });

  it('reads no context file: a context with only a Dockerfile plans the same', () => {
    const r = run(['plan', '-f', `${FIXTURE}/Dockerfile`, '/nonexistent-context']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('buildkit: build -> app');
  });

  it("an unknown target: the graph, each builder's error, exit 1", () => {
    const r = run(['plan', FIXTURE, '--target', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`Stages:
  #0  build  FROM scratch  (line 2)
  #1  docs   FROM scratch  (line 9)
  #2  test   FROM build    (line 12)
  #3  app    FROM scratch  (line 15)

Graph (needed -> stage that needs it):
  build  ->  test  FROM (line 12)
  build  ->  app   COPY --from=build (line 17)

Order:
  buildkit: fails: target stage "nope" could not be found
  classic:  fails: target stage "nope" could not be found
`);
  });
});

/** planDockerfile() and its formats: edges by cause, both builders, failures, the seed's examples as mermaid. */
import { describe, expect, it } from 'vitest';
import { formatPlanMermaid, formatPlanText, planDockerfile } from '../../src/index.js';

const RUBY = `FROM ruby:3.0.3 as base

# ...Install dependencies...
# ...Setup non-root user...

WORKDIR /app
USER $USER
RUN gem install bundler

# development stage
FROM base as dev
COPY ./app/Gemfile* ./
RUN bundle install
CMD [rails, s, -b, "0.0.0.0"]
`;

describe('planDockerfile', () => {
  it('labels every edge by its cause; RUN --mount exists only for BuildKit', async () => {
    const plan = await planDockerfile({
      dockerfile: 'FROM alpine AS a\nFROM a AS b\nRUN --mount=from=a,target=/m true\nFROM scratch\nCOPY --from=b /x /x\nCOPY --from=nginx:1 /y /y\n',
    });
    expect(plan.edges.map((e) => [e.stage, e.needs, e.cause, e.line, e.builders])).toEqual([
      [0, { image: 'alpine:latest' }, 'FROM', 1, ['buildkit', 'classic']],
      [1, { stage: 0 }, 'FROM', 2, ['buildkit', 'classic']],
      [1, { stage: 0 }, 'RUN --mount', 3, ['buildkit']],
      [2, { stage: 1 }, 'COPY --from', 5, ['buildkit', 'classic']],
      [2, { image: 'nginx:1' }, 'COPY --from', 6, ['buildkit', 'classic']],
    ]);
    expect(plan.buildkit.order).toEqual(['a', 'b', 'stage-2']);
    expect(formatPlanMermaid(plan)).toContain('  s0 -->|"RUN --mount from=a (line 3) [buildkit only]"| s1\n');
  });

  it('each builder runs its own stages for a target, with the reason for every skip', async () => {
    const plan = await planDockerfile({ dockerfile: 'FROM scratch AS a\nFROM scratch AS b\nFROM scratch AS c\n', target: 'b' });
    expect(plan.buildkit.stages).toEqual([
      { stage: 'a', runs: false, reason: 'the target "b" does not depend on it' },
      { stage: 'b', runs: true, step: 1, reason: 'target' },
      { stage: 'c', runs: false, reason: 'the target "b" does not depend on it' },
    ]);
    expect(plan.classic.order).toEqual(['a', 'b']);
    expect(plan.classic.stages[2]).toEqual({ stage: 'c', runs: false, reason: 'comes after the target "b"' });
  });

  it('a Dockerfile that does not parse: a failure per builder, no throw', async () => {
    const plan = await planDockerfile({ dockerfile: 'RUN true\n' });
    expect(plan.stages).toEqual([]);
    expect(plan.buildkit.failure?.message).toBe('no build stage in current context');
    expect(formatPlanText(plan)).toBe(
      'Order:\n  buildkit: fails: line 1: no build stage in current context\n  classic:  fails: line 1: no build stage in current context\n',
    );
  });

  it('a BuildKit cycle fails BuildKit only', async () => {
    const plan = await planDockerfile({ dockerfile: 'FROM scratch AS a\nCOPY --from=b /x /x\nFROM scratch AS b\nCOPY --from=a /y /y\n' });
    expect(plan.buildkit.failure?.message).toBe('circular dependency detected on stage: a');
    expect(plan.classic.failure).toBeUndefined();
  });

  it('misuse throws a TypeError', async () => {
    await expect(planDockerfile({})).rejects.toThrow(TypeError);
  });

  it('the seed\'s examples as mermaid (the README shows these)', async () => {
    const first = await planDockerfile({ context: 'examples/multi-stage' });
    expect(formatPlanMermaid(first)).toBe(`flowchart LR
  i0[/"node:16-bullseye"/]
  i1[/"node:16.13.0-alpine3.13"/]
  s0["dev"]
  s1["prod (target)"]
  i0 -->|"FROM (line 1)"| s0
  i1 -->|"FROM (line 7)"| s1
  s0 -->|"COPY --from=dev (line 8)"| s1
  %% buildkit: dev -> prod
  %% classic: dev -> prod
`);
    expect(formatPlanMermaid(await planDockerfile({ dockerfile: RUBY }))).toBe(`flowchart LR
  i0[/"ruby:3.0.3"/]
  s0["base"]
  s1["dev (target)"]
  i0 -->|"FROM (line 1)"| s0
  s0 -->|"FROM (line 11)"| s1
  %% buildkit: base -> dev
  %% classic: base -> dev
`);
  });
});

/** `dockerfile-sim why PATH`: the built binary on the fixed example, exact output, exit 0 present / 1 absent. */
import { describe, expect, it } from 'vitest';
import { FIXTURE, run } from './runCli.js';


describe('dockerfile-sim why', () => {
  it('a file copied from the context into one stage, then into the final one: the whole chain', () => {
    const r = run(['why', '/app/main-1.0.js', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`/app/main-1.0.js is in the final image:
     context file src/main.js
  -> stage build, line 7: COPY --chown=1000:1000 src/main.js ./main-\${VERSION}.js  => /out/main-1.0.js
  -> stage app, line 17: COPY --from=build /out/ \${APP_HOME}/  => /app/main-1.0.js
`);
  });

  it('a file copied straight from the context', () => {
    const r = run(['why', '/etc/app/app.conf', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`/etc/app/app.conf is in the final image:
     context file config/app.conf
  -> stage app, line 18: COPY config/ /etc/app/  => /etc/app/app.conf
`);
  });

  it('excluded by .dockerignore: the COPY that would bring it and the rule', () => {
    const r = run(['why', '/etc/app/local.log', FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`/etc/app/local.log is not in the final image:
  - excluded: line 18 (COPY config/ /etc/app/) in stage app would bring context path config/local.log here, but config/local.log is excluded by .dockerignore:2: **/*.log
`);
  });

  it('produced in a stage that is not built (emulated as a target to see)', () => {
    const r = run(['why', '/docs/README.md', FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`/docs/README.md is not in the final image:
  - not built: stage docs would have /docs/README.md (line 10: COPY README.md /docs/README.md), but it is not built: the target "app" does not depend on it
`);
  });

  it('in a built stage that nothing copies into the final one', () => {
    const r = run(['why', '/src/util.js', FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`/src/util.js is not in the final image:
  - never copied: stage build has /src/util.js (line 4: COPY src/ /src/), but no COPY --from copies it into the final image
  - not built: stage test would have /src/util.js (line 4: COPY src/ /src/), but it is not built: the target "app" does not depend on it
`);
  });

  it('a COPY --from would bring it, but the source stage lacks it', () => {
    const r = run(['why', '/app/util.js', FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`/app/util.js is not in the final image:
  - not in stage build: line 17 (COPY --from=build /out/ \${APP_HOME}/) in stage app would bring /out/util.js of stage build here, but that stage has no such path
`);
  });

  it('a COPY would bring it, but the context has no such file', () => {
    const r = run(['why', '/etc/app/missing.conf', FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`/etc/app/missing.conf is not in the final image:
  - not in the context: line 18 (COPY config/ /etc/app/) in stage app would bring context path config/missing.conf here, but the context has no such path
`);
  });

  it('no COPY maps there, but an excluded context path ends the same way', () => {
    const r = run(['why', '/vendor/lib/index.js', FIXTURE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`/vendor/lib/index.js is not in the final image:
  - excluded: the context path vendor is excluded by .dockerignore:4: vendor
`);
  });

  it('--format json gives the chain as data', () => {
    const r = run(['why', 'app/main-1.0.js', FIXTURE, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
  "path": "/app/main-1.0.js",
  "present": true,
  "chain": [
    {
      "kind": "context",
      "path": "src/main.js"
    },
    {
      "kind": "step",
      "stage": "build",
      "line": 7,
      "instruction": "COPY --chown=1000:1000 src/main.js ./main-${VERSION}.js",
      "path": "/out/main-1.0.js"
    },
    {
      "kind": "step",
      "stage": "app",
      "line": 17,
      "instruction": "COPY --from=build /out/ ${APP_HOME}/",
      "path": "/app/main-1.0.js"
    }
  ],
  "notes": []
});
  });

  it('a build that fails has no final image: exit 1 with the failure', () => {
    const r = run(['why', '/app/x', FIXTURE, '-f', 'test/explain/fixtures/Missing.Dockerfile']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`/app/x: the build fails, so there is no final image (failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing.txt": not found)
`);
  });
});

/** `dockerfile-sim explain`: the built binary on the fixed example, exact output; colour rules. */
import { describe, expect, it } from 'vitest';
import { FIXTURE, run } from './runCli.js';


describe('dockerfile-sim explain', () => {
  it('steps through the build: variables, resolved paths, files, config', () => {
    const r = run(['explain', FIXTURE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Builder: buildkit, target: app
Order: build -> app
Skipped: docs (the target "app" does not depend on it)
Skipped: test (the target "app" does not depend on it)

stage build  #0  FROM scratch  (needed by "app" (COPY --from at line 17))
  line 3    ARG VERSION
              (no change)
  line 4    COPY src/ /src/
    paths     src/ -> /src/  (from the context)
    files     + /src
              + /src/main.js
              + /src/util.js
  line 5    COPY config/app.conf /src/app.conf
    paths     config/app.conf -> /src/app.conf  (from the context)
    files     + /src/app.conf
  line 6    WORKDIR /out
    paths     /out
    files     + /out
    config    WorkingDir: "/" -> "/out"
  line 7    COPY --chown=1000:1000 src/main.js ./main-\${VERSION}.js
    variables $VERSION="1.0"
    paths     src/main.js -> /out/main-1.0.js  (from the context)
    files     + /out/main-1.0.js

stage app  #3  FROM scratch  (target)
  line 16   ENV APP_HOME=/app
    config    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] -> ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","APP_HOME=/app"]
  line 17   COPY --from=build /out/ \${APP_HOME}/
    variables $APP_HOME="/app"
    paths     build:/out/ -> /app/
    files     + /app
              + /app/main-1.0.js
  line 18   COPY config/ /etc/app/
    paths     config/ -> /etc/app/  (from the context)
    files     + /etc
              + /etc/app
              + /etc/app/app.conf
  line 19   WORKDIR $APP_HOME
    variables $APP_HOME="/app"
    paths     /app
    config    WorkingDir: "/" -> "/app"
  line 20   USER 1000
    config    User: (unset) -> "1000"
  line 21   CMD ["node", "main-1.0.js"]
    config    Cmd: (unset) -> ["node","main-1.0.js"]
              ArgsEscaped: (unset) -> true

Result: 5 entries in the final image
`);
  });

  it('is plain text when stdout is not a terminal, coloured with FORCE_COLOR, plain again with NO_COLOR', () => {
    const forced = run(['explain', FIXTURE, '--target', 'build'], { FORCE_COLOR: '1' });
    expect(forced.stdout).toBe(`[1mBuilder:[22m buildkit, target: build
[1mOrder:[22m build
[2mSkipped: docs (the target "build" does not depend on it)[22m
[2mSkipped: test (the target "build" does not depend on it)[22m
[2mSkipped: app (the target "build" does not depend on it)[22m

[36m[1mstage build[22m[39m[2m  #0  FROM scratch  (target)[22m
  [2mline 3   [22m [1mARG VERSION[22m
    [2m          [22m[2m(no change)[22m
  [2mline 4   [22m [1mCOPY src/ /src/[22m
    [2mpaths     [22msrc/ -> /src/[2m  (from the context)[22m
    [2mfiles     [22m[32m+ /src[39m
              [32m+ /src/main.js[39m
              [32m+ /src/util.js[39m
  [2mline 5   [22m [1mCOPY config/app.conf /src/app.conf[22m
    [2mpaths     [22mconfig/app.conf -> /src/app.conf[2m  (from the context)[22m
    [2mfiles     [22m[32m+ /src/app.conf[39m
  [2mline 6   [22m [1mWORKDIR /out[22m
    [2mpaths     [22m/out
    [2mfiles     [22m[32m+ /out[39m
    [2mconfig    [22mWorkingDir: "/" -> "/out"
  [2mline 7   [22m [1mCOPY --chown=1000:1000 src/main.js ./main-\${VERSION}.js[22m
    [2mvariables [22m[35m$VERSION[39m="1.0"
    [2mpaths     [22msrc/main.js -> /out/main-1.0.js[2m  (from the context)[22m
    [2mfiles     [22m[32m+ /out/main-1.0.js[39m

[32m[1mResult:[22m[39m 6 entries in the final image
`);
    const plain = run(['explain', FIXTURE, '--target', 'build']);
    expect(plain.stdout).not.toContain('\x1b[');
    expect(run(['explain', FIXTURE, '--target', 'build'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).toBe(plain.stdout);
  });

  it('shows the failing step and exits 1', () => {
    const r = run(['explain', FIXTURE, '-f', 'test/explain/fixtures/Missing.Dockerfile']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`Builder: buildkit, target: stage-0
Order: stage-0

stage stage-0  #0  FROM scratch  (target)
  line 2    ARG FILE=missing.txt
              (no change)
  line 3    COPY README.md /
    paths     README.md -> /  (from the context)
    files     + /README.md
  line 4    COPY \${FILE} /app/
    variables $FILE="missing.txt"
    paths     missing.txt -> /app/  (from the context)
    error     failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing.txt": not found

FAILED line 4: failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing.txt": not found
`);
  });

  it('with the classic builder, every stage up to the target runs', () => {
    const r = run(['explain', FIXTURE, '--builder', 'classic', '--target', 'test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Builder: classic, target: test
Order: build -> docs -> test
Skipped: app (comes after the target "test")

stage build  #0  FROM scratch  (the classic builder runs every stage up to the target)
  line 3    ARG VERSION
              (no change)
  line 4    COPY src/ /src/
    paths     src/ -> /src/  (from the context)
    files     + /src
              + /src/main.js
              + /src/util.js
  line 5    COPY config/app.conf /src/app.conf
    paths     config/app.conf -> /src/app.conf  (from the context)
    files     + /src/app.conf
  line 6    WORKDIR /out
    paths     /out
    files     + /out
    config    WorkingDir: (unset) -> "/out"
  line 7    COPY --chown=1000:1000 src/main.js ./main-\${VERSION}.js
    variables $VERSION="1.0"
    paths     src/main.js -> /out/main-1.0.js  (from the context)
    files     + /out/main-1.0.js

stage docs  #1  FROM scratch  (the classic builder runs every stage up to the target)
  line 10   COPY README.md /docs/README.md
    paths     README.md -> /docs/README.md  (from the context)
    files     + /docs
              + /docs/README.md

stage test  #2  FROM build  (target)
  line 13   COPY test/ /test/
    paths     test/ -> /test/  (from the context)
    files     + /test
              + /test/main.test.js

Result: 8 entries in the final image
`);
  });
});

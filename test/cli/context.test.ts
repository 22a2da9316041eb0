/** `dockerfile-sim context`: the built binary on the fixed example, exact output. */
import { describe, expect, it } from 'vitest';
import { FIXTURE, run } from './runCli.js';


describe('dockerfile-sim context', () => {
  it('lists the sent files with sizes, totals, and what the target uses', () => {
    const r = run(['context', FIXTURE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Sent (after .dockerignore):
    94  .dockerignore
   416  Dockerfile
    14  README.md
        config/
    10  config/app.conf    used by build line 5, app line 18
        src/
    21  src/main.js        used by build line 4, build line 7
    21  src/util.js        used by build line 4
        test/
    27  test/main.test.js

Total: 7 files, 603 B; used by target app: 3 files, 52 B
Excluded: 4 paths (list them with --excluded)
`);
  });

  it('--excluded names the .dockerignore line that excluded each path', () => {
    const r = run(['context', FIXTURE, '--excluded']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Sent (after .dockerignore):
    94  .dockerignore
   416  Dockerfile
    14  README.md
        config/
    10  config/app.conf    used by build line 5, app line 18
        src/
    21  src/main.js        used by build line 4, build line 7
    21  src/util.js        used by build line 4
        test/
    27  test/main.test.js

Total: 7 files, 603 B; used by target app: 3 files, 52 B

Excluded (4):
  config/local.log  .dockerignore:2: **/*.log
  debug.log         .dockerignore:2: **/*.log
  src/secret.txt    .dockerignore:3: src/secret.txt
  vendor            .dockerignore:4: vendor
`);
  });

  it('the classic builder runs every stage, so the target uses more', () => {
    const r = run(['context', FIXTURE, '--builder', 'classic']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Sent (after .dockerignore):
    94  .dockerignore
   416  Dockerfile
    14  README.md          used by docs line 10
        config/
    10  config/app.conf    used by build line 5, app line 18
        src/
    21  src/main.js        used by build line 4, build line 7
    21  src/util.js        used by build line 4
        test/
    27  test/main.test.js  used by test line 13

Total: 7 files, 603 B; used by target app: 5 files, 93 B
Excluded: 4 paths (list them with --excluded)
`);
  });

  it('--target picks the stages whose COPY sources count', () => {
    const r = run(['context', FIXTURE, '--target', 'docs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    14  README.md          used by docs line 10\n');
    expect(r.stdout).toContain('Total: 7 files, 603 B; used by target docs: 1 file, 14 B\n');
  });

  it('--format json', () => {
    const r = run(['context', FIXTURE, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.files.find((f: { path: string }) => f.path === 'src/main.js')).toEqual({ path: 'src/main.js', type: 'file', size: 21, usedBy: ['build line 4', 'build line 7'] });
    expect(report.excluded).toContainEqual({ path: 'vendor', rule: { file: '.dockerignore', line: 4, pattern: 'vendor' } });
  });
});

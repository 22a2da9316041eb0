/** Declared effects of single RUN steps: matching, what they write, and what the result says. */
import { describe, expect, it } from 'vitest';
import { emulate, imageFs, type RunEffects } from '../../src/index.js';
import { treeLines } from './helpers.js';

const DOCKERFILE = `FROM scratch
COPY lists.txt /var/lib/apt/lists/lists.txt
WORKDIR /app
RUN npm ci
RUN apt-get update \\
    && apt-get install -y curl
`;

const EFFECTS: RunEffects = {
  runs: [
    {
      match: 'npm ci',
      dirs: [{ path: '/app/node_modules', mode: '0775', owner: '1000' }],
      files: [
        { path: '/app/node_modules/.keep', content: '' },
        { path: '/app/node_modules/x/index.js', content: 'module.exports = 1;\n', mode: '0600', owner: '1000:1000' },
      ],
      links: [{ path: '/app/node_modules/.bin/x', target: '../x/index.js' }],
    },
    { regex: '^apt-get update && apt-get install', files: [{ path: '/usr/bin/curl', content: '#!curl\n', mode: '0755' }], delete: ['/var/lib/apt/lists'] },
  ],
};

describe('runs: declared effects of RUN steps', () => {
  it('applies an exact match and a regex match in place of the RUN (BuildKit)', async () => {
    const result = await emulate({ dockerfile: DOCKERFILE, context: { 'lists.txt': 'x\n' }, runEffects: EFFECTS });
    expect(result.status).toBe('success');
    expect(treeLines(result)).toEqual([
      'drwxr-xr-x 0:0 /app/',
      'drwxrwxr-x 1000:1000 /app/node_modules/',
      'drwxr-xr-x 0:0 /app/node_modules/.bin/',
      'lrwxrwxrwx 0:0 /app/node_modules/.bin/x -> ../x/index.js',
      '-rw-r--r-- 0:0 0 /app/node_modules/.keep',
      'drwxr-xr-x 0:0 /app/node_modules/x/',
      '-rw------- 1000:1000 20 /app/node_modules/x/index.js',
      'drwxr-xr-x 0:0 /dev/',
      'drwxr-xr-x 0:0 /proc/',
      'drwxr-xr-x 0:0 /sys/',
      'drwxr-xr-x 0:0 /usr/',
      'drwxr-xr-x 0:0 /usr/bin/',
      '-rwxr-xr-x 0:0 7 /usr/bin/curl',
      'drwxr-xr-x 0:0 /var/',
      'drwxr-xr-x 0:0 /var/lib/',
      'drwxr-xr-x 0:0 /var/lib/apt/',
    ]);
    expect(imageFs(result).readFileSync('/app/node_modules/x/index.js', 'utf8')).toBe('module.exports = 1;\n');
    expect(result.partial).toBe(false);
    expect(result.unknowns).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.declaredEffects).toEqual([
      { declaration: 'runs[0]', stage: 'stage-0', line: 4, what: 'RUN npm ci' },
      { declaration: 'runs[1]', stage: 'stage-0', line: 5, what: 'RUN apt-get update     && apt-get install -y curl' },
    ]);
    // The RUN's history line is the real one, whatever stood in for the command.
    expect(result.history.map((h) => h.createdBy).slice(-2)).toEqual([
      'RUN /bin/sh -c npm ci # buildkit',
      'RUN /bin/sh -c apt-get update     && apt-get install -y curl # buildkit',
    ]);
    expect(result.provenance.find((p) => p.path === '/usr/bin/curl')).toEqual({
      path: '/usr/bin/curl',
      stage: 'stage-0',
      line: 5,
      instruction: 'RUN apt-get update     && apt-get install -y curl',
      source: 'run-effects:runs[1].files[0]',
    });
  });

  it('applies the same declarations with the classic builder (no /dev, /proc, /sys)', async () => {
    const result = await emulate({ dockerfile: DOCKERFILE, context: { 'lists.txt': 'x\n' }, runEffects: EFFECTS, builder: 'classic' });
    expect(treeLines(result)).toEqual([
      'drwxr-xr-x 0:0 /app/',
      'drwxrwxr-x 1000:1000 /app/node_modules/',
      'drwxr-xr-x 0:0 /app/node_modules/.bin/',
      'lrwxrwxrwx 0:0 /app/node_modules/.bin/x -> ../x/index.js',
      '-rw-r--r-- 0:0 0 /app/node_modules/.keep',
      'drwxr-xr-x 0:0 /app/node_modules/x/',
      '-rw------- 1000:1000 20 /app/node_modules/x/index.js',
      'drwxr-xr-x 0:0 /usr/',
      'drwxr-xr-x 0:0 /usr/bin/',
      '-rwxr-xr-x 0:0 7 /usr/bin/curl',
      'drwxr-xr-x 0:0 /var/',
      'drwxr-xr-x 0:0 /var/lib/',
      'drwxr-xr-x 0:0 /var/lib/apt/',
    ]);
    expect(result.partial).toBe(false);
    expect(result.history.map((h) => h.createdBy).slice(-1)).toEqual(['/bin/sh -c apt-get update     && apt-get install -y curl']);
  });

  it('matches exec form by its arguments joined by spaces, and a heredoc RUN with its body', async () => {
    const dockerfile = 'FROM scratch\nRUN ["npm",  "ci"]\nRUN <<EOF\nset -e\n  make   install\nEOF\n';
    const result = await emulate({
      dockerfile,
      builder: 'classic',
      runEffects: {
        runs: [
          { match: '  npm   ci ', files: [{ path: '/a', content: 'a' }] },
          { match: '<<EOF set -e make install EOF', files: [{ path: '/b', content: 'b' }] },
        ],
      },
    });
    expect(treeLines(result)).toEqual(['-rw-r--r-- 0:0 1 /a', '-rw-r--r-- 0:0 1 /b']);
    expect(result.partial).toBe(false);
    expect(result.declaredEffects?.map((d) => d.declaration)).toEqual(['runs[0]', 'runs[1]']);
  });

  it('takes the first matching entry in file order, honouring a stage restriction', async () => {
    const dockerfile = 'FROM scratch AS deps\nRUN make\n\nFROM scratch AS app\nRUN make\n';
    const result = await emulate({
      dockerfile,
      builder: 'classic',
      runEffects: {
        runs: [
          { match: 'make', stage: 'APP', files: [{ path: '/app-made', content: '' }] },
          { regex: '^make$', files: [{ path: '/made', content: '' }] },
          { match: 'make', files: [{ path: '/never', content: '' }] },
        ],
      },
    });
    expect(treeLines(result)).toEqual(['-rw-r--r-- 0:0 0 /app-made']);
    expect(result.declaredEffects).toEqual([
      { declaration: 'runs[1]', stage: 'deps', line: 2, what: 'RUN make' },
      { declaration: 'runs[0]', stage: 'app', line: 5, what: 'RUN make' },
    ]);
    expect(result.warnings).toEqual([{ message: 'run effects: runs[2] (match "make") matched no RUN' }]);
  });

  it('deletes like rm -rf: a symlink itself, not its target; a missing path is no error', async () => {
    const result = await emulate({
      dockerfile: 'FROM scratch\nCOPY . /\nRUN cleanup\n',
      context: { 'data/keep.txt': 'k', 'data/tmp/x': 'x', 'link': { symlink: 'data' } },
      runEffects: { runs: [{ match: 'cleanup', delete: ['/link', '/data/tmp', '/not/there'] }] },
      builder: 'classic',
    });
    expect(treeLines(result)).toEqual(['drwxr-xr-x 0:0 /data/', '-rw-r--r-- 0:0 1 /data/keep.txt']);
    expect(result.partial).toBe(false);
  });

  it('keeps an existing directory as it is unless a mode or owner is declared; writes replace what is there', async () => {
    const result = await emulate({
      dockerfile: 'FROM scratch\nCOPY . /\nRUN setup\n',
      context: { 'etc/conf': 'old', 'var/x': 'x', 'opt/d/f': 'f' },
      builder: 'classic',
      runEffects: {
        runs: [
          {
            match: 'setup',
            dirs: [{ path: '/var' }, { path: '/etc', mode: '0700' }, { path: '/etc/conf' }],
            files: [{ path: '/opt/d', content: 'now a file\n' }],
          },
        ],
      },
    });
    expect(treeLines(result)).toEqual([
      'drwx------ 0:0 /etc/',
      'drwxr-xr-x 0:0 /etc/conf/',
      'drwxr-xr-x 0:0 /opt/',
      '-rw-r--r-- 0:0 11 /opt/d',
      'drwxr-xr-x 0:0 /var/',
      '-rw-r--r-- 0:0 1 /var/x',
    ]);
  });

  it('a matching entry with no effects makes the RUN known to change nothing', async () => {
    const result = await emulate({ dockerfile: 'FROM scratch\nRUN apt-get update\n', builder: 'classic', runEffects: { runs: [{ match: 'apt-get update' }] } });
    expect(result.tree).toEqual([]);
    expect(result.partial).toBe(false);
    expect(result.unknowns).toEqual([]);
  });

  it('leaves a RUN no entry matches unknown, as without declarations', async () => {
    const result = await emulate({
      dockerfile: 'FROM node:20\nRUN npm ci\nRUN npm test\n',
      builder: 'classic',
      runEffects: { runs: [{ match: 'npm ci' }] },
    });
    expect(result.partial).toBe(true);
    expect(result.unknowns.slice(1)).toEqual([{ stage: 'stage-0', line: 3, what: 'RUN npm test', reason: '/bin/sh is not among the known files of this stage' }]);
  });

  it('rejects a declaration the modelled tree cannot take, naming it', async () => {
    await expect(
      emulate({
        dockerfile: 'FROM scratch\nCOPY a /a\nRUN make\n',
        context: { a: 'file' },
        runEffects: { runs: [{ match: 'make', files: [{ path: '/a/b', content: '' }] }] },
      }),
    ).rejects.toThrow(new TypeError('run effects: runs[0].files[0]: mkdir /a: not a directory (in stage stage-0)'));
  });
});

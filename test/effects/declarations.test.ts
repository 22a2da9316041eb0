/** The declaration format: files (JSON, YAML), checks with messages naming the field, and warnings for unused entries. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulate } from '../../src/index.js';
import { treeLines } from './helpers.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-declarations-'));
  mkdirSync(join(dir, 'fixtures', 'out'), { recursive: true });
  writeFileSync(join(dir, 'fixtures', 'out', 'a.txt'), 'a\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DOCKERFILE = 'FROM golang:1.22 AS build\nRUN make\n\nFROM golang:1.22 AS docs\nRUN make docs\n\nFROM scratch\nCOPY --from=build /out /app\n';

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('declaration files', () => {
  const expected = ['drwxr-xr-x 0:0 /app/', '-rw-r--r-- 0:0 2 /app/a.txt'];

  it('reads YAML, with `from` relative to the file', async () => {
    const path = file('effects.yaml', 'stages:\n  build:\n    produces:\n      - path: /out\n        from: fixtures/out\n        mode: "0644"\n');
    const result = await emulate({ dockerfile: DOCKERFILE, runEffects: path });
    expect(treeLines(result)).toEqual(expected);
    expect(result.partial).toBe(false);
  });

  it('reads JSON the same way', async () => {
    const path = file('effects.json', JSON.stringify({ stages: { build: { produces: [{ path: '/out', from: './fixtures/out', mode: '0644' }] } } }));
    const result = await emulate({ dockerfile: DOCKERFILE, runEffects: path });
    expect(treeLines(result)).toEqual(expected);
  });

  it('reports files it cannot read or parse as misuse', async () => {
    await expect(emulate({ dockerfile: DOCKERFILE, runEffects: join(dir, 'nope.yaml') })).rejects.toThrow(
      new TypeError(`run effects: cannot read ${join(dir, 'nope.yaml')}: ENOENT`),
    );
    await expect(emulate({ dockerfile: DOCKERFILE, runEffects: file('bad.json', '{"runs": [') })).rejects.toThrow(/^run effects: .*bad\.json is not valid JSON: /);
    await expect(emulate({ dockerfile: DOCKERFILE, runEffects: file('bad.yaml', 'runs: [\n') })).rejects.toThrow(/^run effects: .*bad\.yaml is not valid YAML: /);
    await expect(emulate({ dockerfile: DOCKERFILE, runEffects: file('modes.yaml', 'runs:\n  - match: make\n    dirs: [{ path: /x, mode: 0755 }]\n') })).rejects.toThrow(
      new TypeError('run effects: runs[0].dirs[0].mode: must be an octal mode as a string, like "0755" (quote it in YAML)'),
    );
  });

  it('rejects a runEffects option that is neither a path nor an object', async () => {
    await expect(emulate({ dockerfile: DOCKERFILE, runEffects: 42 as never })).rejects.toThrow(
      new TypeError('emulate(): option "runEffects" must be a JSON or YAML file path or an object of declarations'),
    );
  });
});

describe('checks name the field', () => {
  const cases: [string, unknown, string][] = [
    ['top level', [], '(top level): must be an object with stages and/or runs'],
    ['unknown top-level field', { run: [] }, '(top level).run: unknown field (expected stages, runs)'],
    ['stages not a map', { stages: [] }, 'stages: must be a map from stage name or index to { produces: [...] }'],
    ['misspelt produces', { stages: { build: { produce: [] } } }, 'stages.build.produce: unknown field (expected produces)'],
    ['relative path', { stages: { build: { produces: [{ path: 'out', content: '' }] } } }, 'stages.build.produces[0].path: must be an absolute path (starting with "/")'],
    ['root path', { runs: [{ match: 'make', delete: ['/'] }] }, 'runs[0].delete[0]: must not be "/"'],
    ['both from and content', { stages: { build: { produces: [{ path: '/out', content: '', from: '.' }] } } }, 'stages.build.produces[0]: needs exactly one of from or content'],
    ['missing from', { stages: { build: { produces: [{ path: '/out', from: '/does/not/exist' }] } } }, 'stages.build.produces[0].from: no such file or directory: /does/not/exist'],
    ['neither match nor regex', { runs: [{ files: [] }] }, 'runs[0]: needs exactly one of match or regex'],
    ['bad regex', { runs: [{ regex: '(' }] }, 'runs[0].regex: invalid regular expression: '],
    ['files not a list', { runs: [{ match: 'make', files: {} }] }, 'runs[0].files: must be a list'],
    ['bad owner', { runs: [{ match: 'make', dirs: [{ path: '/x', owner: 'root' }] }] }, 'runs[0].dirs[0].owner: must be "uid:gid" or "uid" (numbers)'],
    ['link without target', { runs: [{ match: 'make', links: [{ path: '/x' }] }] }, 'runs[0].links[0].target: must be a non-empty string'],
    ['content not text', { runs: [{ match: 'make', files: [{ path: '/x', content: 1 }] }] }, 'runs[0].files[0].content: must be a string'],
    ['unknown run field', { runs: [{ match: 'make', file: [] }] }, 'runs[0].file: unknown field (expected match, regex, stage, delete, dirs, files, links)'],
  ];
  it.each(cases)('%s', async (_name, runEffects, message) => {
    // The regular expression's own error is worded by the JavaScript engine: only the start is compared.
    const error = await emulate({ dockerfile: DOCKERFILE, runEffects: runEffects as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    const text = (error as TypeError).message;
    expect(message.endsWith(': ') ? text.slice(0, `run effects: ${message}`.length) : text).toBe(`run effects: ${message}`);
  });
});

describe('declarations that never applied are warnings, not errors', () => {
  it('names each: a RUN text that matched nothing, a stage that is not there or did not run', async () => {
    const result = await emulate({
      dockerfile: DOCKERFILE,
      runEffects: {
        stages: { biuld: { produces: [] }, docs: { produces: [{ path: '/site', content: '' }] }, 7: { produces: [] } },
        runs: [
          { match: 'make', files: [{ path: '/out/x', content: '' }] },
          { match: 'make  all' },
          { regex: '^cmake', stage: 'build' },
          { match: 'make', stage: 'nowhere' },
        ],
      },
    });
    expect(result.status).toBe('success');
    expect(result.warnings).toEqual([
      { message: 'run effects: runs[1] (match "make  all") matched no RUN' },
      { message: 'run effects: runs[2] (regex /^cmake/) matched no RUN in stage build' },
      { message: 'run effects: runs[3].stage "nowhere" names no stage of the Dockerfile' },
      { message: 'run effects: stages.7 names no stage of the Dockerfile' },
      { message: 'run effects: stages.biuld names no stage of the Dockerfile' },
      // BuildKit skips the docs stage: the final stage does not need it.
      { message: 'run effects: stages.docs: stage docs did not run, so its products were not used', stage: 'docs' },
    ]);
    expect(result.declaredEffects).toEqual([{ declaration: 'runs[0]', stage: 'build', line: 2, what: 'RUN make' }]);
  });

  it('the classic builder runs the docs stage, so its products apply there', async () => {
    const result = await emulate({
      dockerfile: DOCKERFILE,
      builder: 'classic',
      runEffects: { stages: { docs: { produces: [{ path: '/site', content: '' }] } }, runs: [{ regex: '^make' }] },
    });
    expect(result.warnings).toEqual([]);
    expect(result.declaredEffects?.map((d) => `${d.stage} ${d.declaration}`)).toEqual(['build runs[0]', 'docs runs[0]', 'docs stages.docs.produces[0]']);
  });
});

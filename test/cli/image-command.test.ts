/** `dockerfile-sim image save`: the built binary turning an archive into a fixture that --image takes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './runCli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NODE_16 = join(ROOT, 'scenarios', 'images', 'node_16-bullseye.tar');
let dir: string;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-cli-image-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dockerfile-sim image save', () => {
  it('writes a fixture, says what it holds, and warns about --keep paths the image lacks', () => {
    const r = run(['image', 'save', NODE_16, '-o', 'node.json.gz', '--keep', '/usr/local/bin/docker-entrypoint.sh', '--keep', '/nope']);
    expect(r.code).toBe(0);
    const bytes = statSync(join(dir, 'node.json.gz')).size;
    expect(r.stdout).toBe(`node:16-bullseye -> node.json.gz: 303 paths (11 files), contents kept for 5, ${bytes} bytes\n`);
    expect(r.stderr).toBe('dockerfile-sim: warning: --keep /nope: the image has no such file or directory\n');
  });

  it('builds from the fixture as from the archive, a file not kept still in the tree with its hash', () => {
    run(['image', 'save', NODE_16, '-o', 'node.json']);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:16-bullseye\nCOPY --from=node:16-bullseye /bin/busybox /etc/passwd /copied/\n');
    const fromFixture = run(['build', '--image', 'node:16-bullseye=node.json', '--format', 'json', '.']);
    const fromArchive = run(['build', '--image', `node:16-bullseye=${NODE_16}`, '--format', 'json', '.']);
    expect(fromFixture.code).toBe(0);
    const [f, a] = [JSON.parse(fromFixture.stdout), JSON.parse(fromArchive.stdout)];
    expect(f.tree).toEqual(a.tree);
    expect(f.config).toEqual(a.config);
    expect(f.tree.find((e: { path: string }) => e.path === '/copied/busybox')).toMatchObject({ size: 1982256, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.parse(readFileSync(join(dir, 'node.json'), 'utf8')).contents['/bin/busybox']).toBeUndefined();
  });

  it('fails with the loader\'s message on something that is not an image, 2 without -o', () => {
    writeFileSync(join(dir, 'not-an-image.tar'), 'hello');
    const r = run(['image', 'save', 'not-an-image.tar', '-o', 'x.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^dockerfile-sim: /);
    expect(run(['image', 'save', NODE_16]).code).toBe(2);
  });
});

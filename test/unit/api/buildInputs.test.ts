/** Missing inputs fail as `docker build` (Engine 26.1) fails before it starts, with its words. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulate, type BuilderMode, type EmulateOptions } from '../../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dfsim-inputs-'));
const empty = join(dir, 'empty');
mkdirSync(empty);
const file = join(dir, 'afile');
writeFileSync(file, 'x');

async function failure(options: EmulateOptions): Promise<string | undefined> {
  return (await emulate(options)).failure?.message;
}

describe.each(['buildkit', 'classic'] as BuilderMode[])('missing inputs (%s)', (builder) => {
  it('a context directory that does not exist', async () => {
    expect(await failure({ context: join(dir, 'nope'), builder })).toBe(`unable to prepare context: path "${join(dir, 'nope')}" not found`);
  });

  it('a context that is a file', async () => {
    expect(await failure({ context: file, builder })).toBe(
      builder === 'buildkit' ? `unable to prepare context: path "${file}" not found` : `unable to prepare context: context must be a directory: ${file}`,
    );
  });

  it('a context without a Dockerfile', async () => {
    expect(await failure({ context: empty, builder })).toBe(
      builder === 'buildkit'
        ? 'failed to read dockerfile: open Dockerfile: no such file or directory'
        : `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${join(empty, 'Dockerfile')}: no such file or directory`,
    );
  });

  it('a Dockerfile path that does not exist: the first missing component is named', async () => {
    const path = join(dir, 'nope', 'Dockerfile');
    expect(await failure({ context: empty, dockerfilePath: path, builder })).toBe(
      builder === 'buildkit'
        ? `resolve : lstat ${join(dir, 'nope')}: no such file or directory`
        : `unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${join(dir, 'nope')}: no such file or directory`,
    );
  });
});

/** Which failure BuildKit reports when several steps fail; each case was seen in Docker Engine 26.1 (scenarios/_found/*). */
import { describe, expect, it } from 'vitest';
import { emulate } from '../../../src/index.js';

async function reported(dockerfile: string, target?: string): Promise<string> {
  const r = await emulate({ dockerfile, context: {}, builder: 'buildkit', ...(target ? { target } : {}) });
  return `line ${r.failure?.range?.start.line}: ${r.failure?.message}`;
}

const HOME_NOT_FOUND = 'failed to compute cache key: failed to calculate checksum of ref <ref>: "/home": not found';

describe('BuildKit: the failure it reports', () => {
  it('a cache key over a stage of file steps comes before a RUN that fails to start', async () => {
    const dockerfile = 'FROM scratch AS base\nWORKDIR /s0\n\nFROM scratch AS builder\nRUN mkdir -p /r/s\n\nFROM builder\nCOPY --from=base /home /dst/\n';
    expect(await reported(dockerfile)).toBe(`line 8: ${HOME_NOT_FOUND}`);
  });

  it('a copy-time failure comes before a cache key that waits for another stage to run', async () => {
    const dockerfile = 'FROM scratch\nCOPY . /dst/\n\nFROM scratch AS base\nCOPY . missing.txt /dst/\nCOPY --from=0 /home /dst/\n';
    expect(await reported(dockerfile, 'base')).toBe('line 5: lstat <daemon-path>/buildkit-mount<id>/missing.txt: no such file or directory');
  });

  it('a step after a failed one in its stage never runs, but its cache key still comes', async () => {
    const dockerfile = 'FROM scratch AS base\nWORKDIR /s0\n\nFROM base AS final\nRUN mkdir -p /r/s\nCOPY --from=base /s0 /home /dst/\n';
    expect(await reported(dockerfile, 'final')).toBe(`line 6: ${HOME_NOT_FOUND}`);
  });

  it('the same step on the same input in two stages is one output: COPY --from the other reads the destination itself, unhashed', async () => {
    // Seen in real builds (the error; which stages BuildKit shows as started varies from run to run).
    const dockerfile = 'FROM scratch\nCOPY . /dst/\n\nFROM scratch AS base\nCOPY . /dst/\nCOPY --from=0 /home /dst/\n';
    expect(await reported(dockerfile)).toBe('line 6: lstat <daemon-path>/buildkit-mount<id>/home: no such file or directory');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DockerfileError } from '../../../src/model/errors.js';
import { parseDockerfile, parseTrigger } from '../../../src/parse/parseDockerfile.js';

/** Pieces that reach the parser's corners: keywords, flags, quotes, escapes, JSON, heredocs, blanks. */
const piece = fc.constantFrom(
  'FROM', 'from', 'RUN', 'COPY', 'ADD', 'ENV', 'LABEL', 'ARG', 'CMD', 'ENTRYPOINT', 'SHELL', 'WORKDIR', 'USER',
  'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER', 'NONE', 'AS', 'a', 'k=v', '=', '--',
  '--from=x', '--link', '--link=', '--mount=type=cache,target=/c', '--mount="a', '--network=x', '--interval=1s',
  '--retries=-1', '"', "'", '\\', '`', '$', '${', '${a:-b}', '}', '[', ']', '["a"]', '["a", 1]', '{', ',', ':',
  '<<EOF', '<<-EOF', '<<"E"', '3<<EOF', 'EOF', '\tEOF', '#', '# escape=`', '# syntax=x', '\u00a0', '\ufeff', 'é',
  '😀', ' ', '  ', '\t', '\n', '\n', '\n', '\r\n', '\r', ' \\\n', '`\n',
);

const dockerfileLike = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));

function parsesOrFailsCleanly(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DockerfileError);
    expect(typeof (e as DockerfileError).message).toBe('string');
  }
}

describe('property: any input parses or fails with a DockerfileError, quickly', () => {
  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 })), fc.boolean(), (text, labs) => {
        parsesOrFailsCleanly(() => parseDockerfile(text, { labs }));
        parsesOrFailsCleanly(() => parseTrigger(text, { labs }));
      }),
      { numRuns: 2000 },
    );
  });

  it('Dockerfile-shaped strings', () => {
    fc.assert(
      fc.property(dockerfileLike, fc.boolean(), (text, labs) => {
        const started = performance.now();
        parsesOrFailsCleanly(() => parseDockerfile(`FROM a\n${text}`, { labs }));
        parsesOrFailsCleanly(() => parseTrigger(text, { labs }));
        expect(performance.now() - started).toBeLessThan(200);
      }),
      { numRuns: 3000 },
    );
  });

  it('a 64 KiB file of one long continued instruction parses in well under a second', () => {
    const started = performance.now();
    parseDockerfile(`FROM a\nRUN ${'echo "x" \\\n'.repeat(6000)}done\n`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

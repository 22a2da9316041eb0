import { expect } from 'vitest';
import { emulate, inlineImage, type BuildResult, type EmulateOptions } from '../../src/index.js';
import '../../src/matchers/vitest.js';

/** A base image with accounts, a symlinked shell and some content, as `FROM base`. */
export const base = inlineImage({
  files: {
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\nwww:x:33:33::/var/www:/bin/sh\n',
    '/etc/group': 'root:x:0:\nnode:x:1000:\nwww:x:33:\nstaff:x:50:node\n',
    '/bin/busybox': { content: 'busybox', mode: 0o755 },
    '/bin/sh': { target: 'busybox' },
    '/usr/lib': { type: 'dir' },
    '/lib': { target: 'usr/lib' },
    '/usr/lib/libc.so': 'libc',
    '/loop': { target: 'loop' },
    '/etc/alternatives/editor': { target: '/usr/bin/vim' },
  },
  config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'] },
});

/** `emulate()` with the base image available. */
export function build(dockerfile: string, context: Record<string, string> = {}, options: Partial<EmulateOptions> = {}): Promise<BuildResult> {
  return emulate({ dockerfile, context, images: { base }, ...options });
}

/** The multi-stage build most tests look at. */
export const app = await build(
  [
    'FROM base AS deps',
    'COPY package.json /src/',
    'FROM base AS test',
    'COPY . /src',
    'FROM base AS prod',
    'COPY --from=deps --chown=node:node /src/package.json /app/',
    'COPY --chmod=600 secret.txt /app/secret.txt',
    'COPY bin.dat /app/',
    'ENV NODE_ENV=production PORT=8080',
    'LABEL org.opencontainers.image.title=app version=1.2.3',
    'USER node',
    'WORKDIR /app',
    'EXPOSE 8080 9229/udp',
    'ENTRYPOINT ["docker-entrypoint.sh"]',
    'CMD ["node", "index.js"]',
  ].join('\n'),
  { 'package.json': '{"name":"app"}\n', 'secret.txt': 's3cret', 'bin.dat': '\u0000\u0001\u0002' },
);

/** The message a failing assertion throws; fails the test if it does not throw. */
export function messageOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  expect.unreachable('the assertion passed');
}

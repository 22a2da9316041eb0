import { fileURLToPath } from 'node:url';
import { emulate, inlineImage } from 'dockerfile-sim';

/**
 * A stand-in for node:20-slim with what this Dockerfile relies on: the `node` user (uid 1000)
 * and the image's config. With a `docker save` archive of the real image, pass its path instead.
 */
const nodeSlim = inlineImage({
  ref: 'node:20-slim',
  files: {
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nnode:x:1000:1000::/home/node:/bin/bash\n',
    '/etc/group': 'root:x:0:\nnode:x:1000:\n',
    '/home/node': { type: 'dir', uid: 1000, gid: 1000 },
  },
  config: {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NODE_VERSION=20.19.0'],
    Entrypoint: ['docker-entrypoint.sh'],
    Cmd: ['node'],
  },
});

/** What `docker build .` would produce for this project. */
export function buildImage(options = {}) {
  return emulate({
    context: fileURLToPath(new URL('..', import.meta.url)),
    images: { 'node:20-slim': nodeSlim },
    ...options,
  });
}

import { describe, expect, it } from 'vitest';
import { imageTreeSerializer } from '../../src/matchers/index.js';
import { app, build } from './builds.js';

describe('imageTreeSerializer', () => {
  it('prints the build, the config and one line per tree entry', () => {
    expect(app).toMatchInlineSnapshot(`
      BuildResult success (buildkit, target prod)
      Order: deps -> prod
      Config:
        ArgsEscaped: true
        Cmd: ["node","index.js"]
        Entrypoint: ["docker-entrypoint.sh"]
        Env: ["PATH=/usr/bin:/bin","NODE_ENV=production","PORT=8080"]
        ExposedPorts: {"8080/tcp":{},"9229/udp":{}}
        Labels: {"org.opencontainers.image.title":"app","version":"1.2.3"}
        User: "node"
        WorkingDir: "/app"
      Tree (17 entries):
        drwxr-xr-x 1000:1000 /app/
        -rw-r--r-- 0:0 3 sha256:ae4b3280e56e /app/bin.dat
        -rw-r--r-- 1000:1000 15 sha256:3f7c33d8000c /app/package.json
        -rw------- 0:0 6 sha256:1ec1c26b50d5 /app/secret.txt
        drwxr-xr-x 0:0 /bin/
        -rwxr-xr-x 0:0 7 sha256:9d75f0d7c398 /bin/busybox
        lrwxrwxrwx 0:0 /bin/sh -> busybox
        drwxr-xr-x 0:0 /etc/
        drwxr-xr-x 0:0 /etc/alternatives/
        lrwxrwxrwx 0:0 /etc/alternatives/editor -> /usr/bin/vim
        -rw-r--r-- 0:0 49 sha256:23e6c4ee4bfb /etc/group
        -rw-r--r-- 0:0 97 sha256:bf7193006f20 /etc/passwd
        lrwxrwxrwx 0:0 /lib -> usr/lib
        lrwxrwxrwx 0:0 /loop -> loop
        drwxr-xr-x 0:0 /usr/
        drwxr-xr-x 0:0 /usr/lib/
        -rw-r--r-- 0:0 4 sha256:16c8c6eb85e0 /usr/lib/libc.so
    `);
  });

  it('prints a failure and the unknown steps', async () => {
    expect(await build('FROM base\nRUN make\nCOPY nothing /\n')).toMatchInlineSnapshot(`
      BuildResult failure (buildkit, target stage-0)
      Order: stage-0
      Not modelled:
        line 2: RUN make (a command it runs is not among the known files of this stage)
      Failure: Dockerfile:3:1 source-not-found: failed to compute cache key: failed to calculate checksum of ref <ref>: "/nothing": not found
    `);
  });

  it('indents when the result sits inside another value', async () => {
    expect({ result: await build('FROM scratch\nCOPY a /\n', { a: 'a' }) }).toMatchInlineSnapshot(`
      {
        "result": BuildResult success (buildkit, target stage-0)
        Order: stage-0
        Config:
          Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
          WorkingDir: "/"
        Tree (1 entry):
          -rw-r--r-- 0:0 1 sha256:ca978112ca1b /a,
      }
    `);
  });

  it('is deterministic: the same build prints the same, whatever order the tree and config come in', () => {
    const shuffled = { ...app, tree: [...app.tree].reverse(), config: Object.fromEntries(Object.entries(app.config ?? {}).reverse()) };
    expect(imageTreeSerializer.serialize(shuffled, {}, '')).toBe(imageTreeSerializer.serialize(app, {}, ''));
    expect(imageTreeSerializer.test(app)).toBe(true);
    expect(imageTreeSerializer.test({ tree: [] })).toBe(false);
  });
});

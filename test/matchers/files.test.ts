import { describe, expect, it } from 'vitest';
import { app, build, messageOf } from './builds.js';

describe('toHaveFile', () => {
  it('passes for a file with its content, mode and owner, by number or by name', () => {
    expect(app).toHaveFile('/app/package.json');
    expect(app).toHaveFile('/app/package.json', { content: '{"name":"app"}\n', mode: 0o644, owner: '1000:1000' });
    expect(app).toHaveFile('/app/package.json', { content: /"app"/, mode: '-rw-r--r--', owner: 'node:node' });
    expect(app).toHaveFile('/app/package.json', { owner: 'node' });
    expect(app).toHaveFile('/app/package.json', { owner: 1000 });
    expect(app).toHaveFile('/app/bin.dat', { content: Uint8Array.from([0, 1, 2]) });
    expect(app).toHaveFile('/app/secret.txt', { mode: 0o600, owner: '0:0', content: Buffer.from('s3cret') });
  });

  it('follows symlinks as test -f does', () => {
    expect(app).toHaveFile('/bin/sh', { mode: 0o755, content: 'busybox' });
    expect(app).toHaveFile('/lib/libc.so', { content: 'libc' });
  });

  it('fails for a missing path, listing the nearest paths', () => {
    expect(app).not.toHaveFile('/app/index.js');
    expect(messageOf(() => expect(app).toHaveFile('/app/packge.json'))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/packge.json")

      Expected: a file at /app/packge.json
      Received: /app/packge.json does not exist
        /app/ holds:
          -rw-r--r-- 0:0 3 /app/bin.dat
          -rw-r--r-- 1000:1000 15 /app/package.json
          -rw------- 0:0 6 /app/secret.txt"
    `);
    expect(messageOf(() => expect(app).toHaveFile('/srv/www/index.html'))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/srv/www/index.html")

      Expected: a file at /srv/www/index.html
      Received: /srv does not exist
        / holds:
          drwxr-xr-x 1000:1000 /app/
          drwxr-xr-x 0:0 /bin/
          drwxr-xr-x 0:0 /etc/
          lrwxrwxrwx 0:0 /lib -> usr/lib
          drwxr-xr-x 0:0 /usr/
          … and 1 more"
    `);
  });

  it('fails for a directory, a dangling walk or a loop', () => {
    expect(messageOf(() => expect(app).toHaveFile('/app'))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app")

      Expected: a file at /app
      Received: not a file: drwxr-xr-x 1000:1000 /app/"
    `);
    expect(messageOf(() => expect(app).toHaveFile('/app/package.json/x'))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/package.json/x")

      Expected: a file at /app/package.json/x
      Received: /app/package.json is not a directory (-rw-r--r-- 1000:1000 15 /app/package.json)
        /app/ holds:
          -rw-r--r-- 0:0 3 /app/bin.dat
          -rw------- 0:0 6 /app/secret.txt"
    `);
    expect(messageOf(() => expect(app).toHaveFile('/etc/alternatives/editor'))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/etc/alternatives/editor")

      Expected: a file at /etc/alternatives/editor
      Received: /usr/bin does not exist
        via /etc/alternatives/editor -> /usr/bin/vim
        /usr/ holds:
          drwxr-xr-x 0:0 /usr/lib/"
    `);
    expect(messageOf(() => expect(app).toHaveFile('/loop'))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/loop")

      Expected: a file at /loop
      Received: /loop is a symlink loop
        via /loop -> loop
        via /loop -> loop
        via /loop -> loop
        … and 37 more symlinks"
    `);
  });

  it('names every mismatch with the actual value', () => {
    expect(app).not.toHaveFile('/app/package.json', { content: 'other' });
    expect(
      messageOf(() => expect(app).toHaveFile('/app/package.json', { content: 'other', mode: 0o600, owner: 'www:www' })),
    ).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/package.json", { content: "other", mode: 0o600, owner: "www:www" })

      Expected: a file at /app/package.json with mode 0o600 (-rw-------), owner www:www (33:33), content "other"
      Received: -rw-r--r-- 1000:1000 15 /app/package.json
        mode is 0o644 (-rw-r--r--)
        owner is 1000:1000 (node:node)
        content is "{\\"name\\":\\"app\\"}\\n""
    `);
    expect(messageOf(() => expect(app).toHaveFile('/app/package.json', { content: /version/ }))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/package.json", { content: /version/ })

      Expected: a file at /app/package.json with content matching /version/
      Received: -rw-r--r-- 1000:1000 15 /app/package.json
        content is "{\\"name\\":\\"app\\"}\\n""
    `);
    expect(messageOf(() => expect(app).toHaveFile('/app/bin.dat', { content: 'x' }))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/bin.dat", { content: "x" })

      Expected: a file at /app/bin.dat with content "x"
      Received: -rw-r--r-- 0:0 3 /app/bin.dat
        content is <3 bytes> 000102"
    `);
    expect(messageOf(() => expect(app).toHaveFile('/bin/sh', { owner: 'node' }))).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/bin/sh", { owner: "node" })

      Expected: a file at /bin/sh with owner node (1000)
      Received: -rwxr-xr-x 0:0 7 /bin/busybox
        via /bin/sh -> busybox
        owner is 0:0 (root:root)"
    `);
  });

  it('shows what .not found', () => {
    expect(messageOf(() => expect(app).not.toHaveFile('/app/package.json', { owner: 'node' }))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveFile("/app/package.json", { owner: "node" })

      Expected: not a file at /app/package.json with owner node (1000)
      Received: -rw-r--r-- 1000:1000 15 /app/package.json"
    `);
  });

  it('fails both ways when an owner name is not in the image', async () => {
    const msg = messageOf(() => expect(app).toHaveFile('/app/package.json', { owner: 'nobody' }));
    expect(msg).toMatchInlineSnapshot(`
      "expect(result).toHaveFile("/app/package.json", { owner: "nobody" })

      Expected: a file at /app/package.json with owner nobody
      Received: -rw-r--r-- 1000:1000 15 /app/package.json
        the image's /etc/passwd has no user "nobody""
    `);
    expect(messageOf(() => expect(app).not.toHaveFile('/app/package.json', { owner: 'nobody' }))).toContain('has no user "nobody"');
    const scratch = await build('FROM scratch\nCOPY a.txt /\n', { 'a.txt': 'a' });
    expect(messageOf(() => expect(scratch).toHaveFile('/a.txt', { owner: 'root' }))).toContain('cannot look up user "root": the image has no /etc/passwd');
  });

  it('rejects misuse with a TypeError', () => {
    expect(() => expect(app).toHaveFile('app/index.js')).toThrow(TypeError);
    expect(() => expect(app).toHaveFile('/a', { perm: 0o644 } as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveFile(): unknown option "perm" (known: content, mode, owner)]`);
    expect(() => expect(app).toHaveFile('/a', { mode: 'rw-r--r' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveFile(): mode must be a number such as 0o644 or a string such as "-rw-r--r--", received "rw-r--r"]`);
    expect(() => expect(app).toHaveFile('/a', { mode: 'drwxr-xr-x' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveFile(): mode "drwxr-xr-x" describes a directory, not a file]`);
    expect(() => expect(app).toHaveFile('/a', { owner: 'a:b:c' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveFile(): owner must be "uid:gid", "uid", "user:group" or "user", received "a:b:c"]`);
    expect(() => expect(app).toHaveFile('/a', { content: 42 as never })).toThrow(TypeError);
  });
});

describe('toHaveDirectory', () => {
  it('passes for a directory with its mode and owner', () => {
    expect(app).toHaveDirectory('/app', { mode: 0o755, owner: 'node:node' });
    expect(app).toHaveDirectory('/app/', { mode: 'drwxr-xr-x' });
    expect(app).toHaveDirectory('/lib', { owner: 0 });
    expect(app).toHaveDirectory('/', { mode: 0o755, owner: '0:0' });
    expect(app).not.toHaveDirectory('/app/node_modules');
  });

  it('fails with the actual entry or the nearest paths', () => {
    expect(messageOf(() => expect(app).toHaveDirectory('/app/package.json'))).toMatchInlineSnapshot(`
      "expect(result).toHaveDirectory("/app/package.json")

      Expected: a directory at /app/package.json
      Received: not a directory: -rw-r--r-- 1000:1000 15 /app/package.json"
    `);
    expect(messageOf(() => expect(app).toHaveDirectory('/app', { mode: 0o700, owner: 'root' }))).toMatchInlineSnapshot(`
      "expect(result).toHaveDirectory("/app", { mode: 0o700, owner: "root" })

      Expected: a directory at /app with mode 0o700 (drwx------), owner root (0)
      Received: drwxr-xr-x 1000:1000 /app/
        mode is 0o755 (drwxr-xr-x)
        owner is 1000:1000 (node:node)"
    `);
    expect(messageOf(() => expect(app).toHaveDirectory('/app/node_modules'))).toMatchInlineSnapshot(`
      "expect(result).toHaveDirectory("/app/node_modules")

      Expected: a directory at /app/node_modules
      Received: /app/node_modules does not exist
        /app/ holds:
          -rw-r--r-- 0:0 3 /app/bin.dat
          -rw-r--r-- 1000:1000 15 /app/package.json
          -rw------- 0:0 6 /app/secret.txt"
    `);
    expect(messageOf(() => expect(app).not.toHaveDirectory('/lib'))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveDirectory("/lib")

      Expected: not a directory at /lib
      Received: drwxr-xr-x 0:0 /usr/lib/
        via /lib -> usr/lib"
    `);
  });
});

describe('toHaveSymlink', () => {
  it('passes for a symlink, with its target when given', () => {
    expect(app).toHaveSymlink('/bin/sh');
    expect(app).toHaveSymlink('/bin/sh', 'busybox');
    expect(app).not.toHaveSymlink('/bin/sh', '/bin/busybox');
    expect(app).not.toHaveSymlink('/bin/busybox');
  });

  it('fails with the actual link or entry', () => {
    expect(messageOf(() => expect(app).toHaveSymlink('/bin/sh', 'bash'))).toMatchInlineSnapshot(`
      "expect(result).toHaveSymlink("/bin/sh", "bash")

      Expected: a symlink at /bin/sh -> bash
      Received: lrwxrwxrwx 0:0 /bin/sh -> busybox"
    `);
    expect(messageOf(() => expect(app).toHaveSymlink('/bin/busybox'))).toMatchInlineSnapshot(`
      "expect(result).toHaveSymlink("/bin/busybox")

      Expected: a symlink at /bin/busybox
      Received: not a symlink: -rwxr-xr-x 0:0 7 /bin/busybox"
    `);
    expect(messageOf(() => expect(app).toHaveSymlink('/bin/bash'))).toMatchInlineSnapshot(`
      "expect(result).toHaveSymlink("/bin/bash")

      Expected: a symlink at /bin/bash
      Received: /bin/bash does not exist
        /bin/ holds:
          -rwxr-xr-x 0:0 7 /bin/busybox
          lrwxrwxrwx 0:0 /bin/sh -> busybox"
    `);
    expect(messageOf(() => expect(app).not.toHaveSymlink('/lib'))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveSymlink("/lib")

      Expected: not a symlink at /lib
      Received: lrwxrwxrwx 0:0 /lib -> usr/lib"
    `);
  });
});

import { describe, expect, it } from 'vitest';
import { app, build, messageOf } from './builds.js';

const bare = await build('FROM scratch\nCOPY a /\n', { a: 'a' });
const classic = await build('FROM scratch\nCOPY a /\n', { a: 'a' }, { builder: 'classic' });

describe('toHaveEnv', () => {
  it('passes for a set variable, with its exact value or a match', () => {
    expect(app).toHaveEnv('NODE_ENV');
    expect(app).toHaveEnv('NODE_ENV', 'production');
    expect(app).toHaveEnv('PATH', /\/usr\/bin/);
    expect(app).not.toHaveEnv('NODE_ENV', 'development');
    expect(app).not.toHaveEnv('NODE');
  });

  it('fails with the actual value, or the variables set', () => {
    expect(messageOf(() => expect(app).toHaveEnv('NODE_ENV', 'development'))).toMatchInlineSnapshot(`
      "expect(result).toHaveEnv("NODE_ENV", "development")

      Expected: Env NODE_ENV="development"
      Received: Env NODE_ENV="production""
    `);
    expect(messageOf(() => expect(app).toHaveEnv('PORT', /^3/))).toMatchInlineSnapshot(`
      "expect(result).toHaveEnv("PORT", /^3/)

      Expected: Env PORT matching /^3/
      Received: Env PORT="8080""
    `);
    expect(messageOf(() => expect(app).toHaveEnv('HOME'))).toMatchInlineSnapshot(`
      "expect(result).toHaveEnv("HOME")

      Expected: Env HOME
      Received: no HOME in Env
        Env holds:
          PATH=/usr/bin:/bin
          NODE_ENV=production
          PORT=8080"
    `);
    expect(messageOf(() => expect(app).not.toHaveEnv('PORT'))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveEnv("PORT")

      Expected: not Env PORT
      Received: Env PORT="8080""
    `);
  });

  it('rejects misuse', () => {
    expect(() => expect(app).toHaveEnv('', 'x')).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveEnv(): the key must be a non-empty string, received ""]`);
    expect(() => expect(app).toHaveEnv('A', 1 as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveEnv(): the value must be a string or a RegExp, received number]`);
  });
});

describe('toHaveLabel', () => {
  it('passes for a label, with its exact value or a match', () => {
    expect(app).toHaveLabel('version');
    expect(app).toHaveLabel('version', '1.2.3');
    expect(app).toHaveLabel('org.opencontainers.image.title', /^app$/);
    expect(app).not.toHaveLabel('version', '1.2');
    expect(bare).not.toHaveLabel('version');
  });

  it('fails with the actual value, or the labels set', () => {
    expect(messageOf(() => expect(app).toHaveLabel('version', '2.0.0'))).toMatchInlineSnapshot(`
      "expect(result).toHaveLabel("version", "2.0.0")

      Expected: label version="2.0.0"
      Received: label version="1.2.3""
    `);
    expect(messageOf(() => expect(app).toHaveLabel('maintainer'))).toMatchInlineSnapshot(`
      "expect(result).toHaveLabel("maintainer")

      Expected: label maintainer
      Received: no label maintainer
        Labels hold:
          org.opencontainers.image.title="app"
          version="1.2.3""
    `);
    expect(messageOf(() => expect(bare).toHaveLabel('maintainer'))).toMatchInlineSnapshot(`
      "expect(result).toHaveLabel("maintainer")

      Expected: label maintainer
      Received: no Labels"
    `);
    expect(messageOf(() => expect(app).not.toHaveLabel('version', /^1\./))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveLabel("version", /^1\\./)

      Expected: not label version matching /^1\\./
      Received: label version="1.2.3""
    `);
  });
});

describe('toHaveUser', () => {
  it('passes for the same text, or the same ids through the image\'s /etc/passwd', () => {
    expect(app).toHaveUser('node');
    expect(app).toHaveUser(1000);
    expect(app).toHaveUser('1000');
    expect(app).not.toHaveUser('www');
    expect(app).not.toHaveUser(0);
    expect(bare).toHaveUser(0);
    expect(classic).toHaveUser('0');
  });

  it('compares the group when the expectation names one', async () => {
    const withGroup = await build('FROM base\nUSER node:staff\n');
    expect(withGroup).toHaveUser('1000:50');
    expect(withGroup).toHaveUser(1000);
    expect(withGroup).not.toHaveUser('node:node');
  });

  it('fails with the actual user and the ids names stand for', () => {
    expect(messageOf(() => expect(app).toHaveUser(33))).toMatchInlineSnapshot(`
      "expect(result).toHaveUser(33)

      Expected: User "33"
      Received: User "node"
        "node" is uid 1000 in the image"
    `);
    expect(messageOf(() => expect(app).toHaveUser('root'))).toMatchInlineSnapshot(`
      "expect(result).toHaveUser("root")

      Expected: User "root"
      Received: User "node"
        "node" is uid 1000 in the image
        "root" is uid 0 in the image"
    `);
    expect(messageOf(() => expect(app).toHaveUser('nobody'))).toMatchInlineSnapshot(`
      "expect(result).toHaveUser("nobody")

      Expected: User "nobody"
      Received: User "node"
        the image's /etc/passwd has no user "nobody""
    `);
    expect(messageOf(() => expect(bare).toHaveUser('node'))).toMatchInlineSnapshot(`
      "expect(result).toHaveUser("node")

      Expected: User "node"
      Received: no User (runs as root)
        cannot look up user "node": the image has no /etc/passwd"
    `);
    expect(messageOf(() => expect(app).not.toHaveUser(1000))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveUser(1000)

      Expected: not User "1000"
      Received: User "node"
        "node" is uid 1000 in the image"
    `);
  });
});

describe('toHaveWorkdir', () => {
  it('passes for the working directory; none is /', () => {
    expect(app).toHaveWorkdir('/app');
    expect(app).not.toHaveWorkdir('/');
    expect(bare).toHaveWorkdir('/');
    expect(classic).toHaveWorkdir('/');
  });

  it('fails with the actual directory', () => {
    expect(messageOf(() => expect(app).toHaveWorkdir('/srv'))).toMatchInlineSnapshot(`
      "expect(result).toHaveWorkdir("/srv")

      Expected: WorkingDir "/srv"
      Received: WorkingDir "/app""
    `);
    expect(messageOf(() => expect(classic).toHaveWorkdir('/app'))).toMatchInlineSnapshot(`
      "expect(result).toHaveWorkdir("/app")

      Expected: WorkingDir "/app"
      Received: no WorkingDir (runs in /)"
    `);
    expect(messageOf(() => expect(app).not.toHaveWorkdir('/app'))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveWorkdir("/app")

      Expected: not WorkingDir "/app"
      Received: WorkingDir "/app""
    `);
  });
});

describe('toHaveCmd and toHaveEntrypoint', () => {
  it('pass for the exact argv', async () => {
    expect(app).toHaveCmd(['node', 'index.js']);
    expect(app).toHaveEntrypoint(['docker-entrypoint.sh']);
    expect(app).not.toHaveCmd(['node']);
    expect(bare).not.toHaveEntrypoint([]);
    const shell = await build('FROM base\nCMD node index.js\n');
    expect(shell).toHaveCmd(['/bin/sh', '-c', 'node index.js']);
  });

  it('fail with the actual argv', () => {
    expect(messageOf(() => expect(app).toHaveCmd(['node', 'server.js']))).toMatchInlineSnapshot(`
      "expect(result).toHaveCmd(["node", "server.js"])

      Expected: Cmd ["node","server.js"]
      Received: Cmd ["node","index.js"]"
    `);
    expect(messageOf(() => expect(app).not.toHaveCmd(['node', 'index.js']))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveCmd(["node", "index.js"])

      Expected: not Cmd ["node","index.js"]
      Received: Cmd ["node","index.js"]"
    `);
    expect(messageOf(() => expect(bare).toHaveEntrypoint(['tini', '--']))).toMatchInlineSnapshot(`
      "expect(result).toHaveEntrypoint(["tini", "--"])

      Expected: Entrypoint ["tini","--"]
      Received: no Entrypoint"
    `);
    expect(messageOf(() => expect(classic).toHaveCmd(['sh']))).toMatchInlineSnapshot(`
      "expect(result).toHaveCmd(["sh"])

      Expected: Cmd ["sh"]
      Received: no Cmd"
    `);
    expect(messageOf(() => expect(app).not.toHaveEntrypoint(['docker-entrypoint.sh']))).toMatchInlineSnapshot(`
      "expect(result).not.toHaveEntrypoint(["docker-entrypoint.sh"])

      Expected: not Entrypoint ["docker-entrypoint.sh"]
      Received: Entrypoint ["docker-entrypoint.sh"]"
    `);
  });

  it('reject a string', () => {
    expect(() => expect(app).toHaveCmd('node index.js' as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: toHaveCmd(): the command must be an array of strings, received "node index.js"]`);
  });
});

describe('toExposePort', () => {
  it('passes for an exposed port; a bare number is TCP', () => {
    expect(app).toExposePort(8080);
    expect(app).toExposePort('8080');
    expect(app).toExposePort('8080/tcp');
    expect(app).toExposePort('9229/udp');
    expect(app).not.toExposePort(9229);
    expect(bare).not.toExposePort(80);
  });

  it('fails with the exposed ports', () => {
    expect(messageOf(() => expect(app).toExposePort(3000))).toMatchInlineSnapshot(`
      "expect(result).toExposePort(3000)

      Expected: exposed port 3000/tcp
      Received: exposed ports 8080/tcp, 9229/udp"
    `);
    expect(messageOf(() => expect(bare).toExposePort('53/udp'))).toMatchInlineSnapshot(`
      "expect(result).toExposePort("53/udp")

      Expected: exposed port 53/udp
      Received: no exposed ports"
    `);
    expect(messageOf(() => expect(app).not.toExposePort('8080/tcp'))).toMatchInlineSnapshot(`
      "expect(result).not.toExposePort("8080/tcp")

      Expected: not exposed port 8080/tcp
      Received: exposed ports 8080/tcp, 9229/udp"
    `);
  });

  it('rejects what is not a port', () => {
    expect(() => expect(app).toExposePort(70000)).toThrowErrorMatchingInlineSnapshot(`[TypeError: toExposePort(): the port must be a number from 1 to 65535 or a string such as "8080/tcp", received 70000]`);
    expect(() => expect(app).toExposePort('80/http' as never)).toThrow(TypeError);
  });
});

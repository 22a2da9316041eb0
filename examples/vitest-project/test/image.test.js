import { beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from './image.js';

describe('the production image', () => {
  let image;
  beforeAll(async () => {
    image = await buildImage();
  });

  it('builds the build and runtime stages, not the test stage', () => {
    expect(image).toHaveBuiltStages(['build', 'runtime']);
  });

  it('ships the app, owned by the node user', () => {
    expect(image).toHaveFile('/app/index.js', { owner: 'node:node', mode: 0o644, content: /createServer/ });
    expect(image).toHaveFile('/app/package.json');
  });

  it('leaves build leftovers and tests behind', () => {
    expect(image).not.toHaveDirectory('/app/node_modules');
    expect(image).not.toHaveDirectory('/app/test');
  });

  it('runs as uid 1000 in /app', () => {
    expect(image).toHaveUser(1000);
    expect(image).toHaveWorkdir('/app');
    expect(image).toHaveEnv('NODE_ENV', 'production');
  });

  it('serves on 8080', () => {
    expect(image).toExposePort(8080);
    expect(image).toHaveEntrypoint(['docker-entrypoint.sh']);
    expect(image).toHaveCmd(['node', 'index.js']);
  });

  it('fails to build without its sources', async () => {
    const broken = await buildImage({ dockerfile: 'FROM node:20-slim\nCOPY lib/ /app/\n' });
    expect(broken).toFailWith('source-not-found', { line: 2 });
  });
});

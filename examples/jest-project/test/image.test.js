import { buildImage } from './image.js';

describe('the production image', () => {
  let image;
  beforeAll(async () => {
    image = await buildImage();
  });

  test('builds the build and runtime stages, not the test stage', () => {
    expect(image).toHaveBuiltStages(['build', 'runtime']);
  });

  test('ships the app, owned by the node user', () => {
    expect(image).toHaveFile('/app/index.js', { owner: 'node:node', mode: '-rw-r--r--', content: /createServer/ });
    expect(image).toHaveFile('/app/package.json');
  });

  test('leaves build leftovers and tests behind', () => {
    expect(image).not.toHaveDirectory('/app/node_modules');
    expect(image).not.toHaveDirectory('/app/test');
  });

  test('runs as uid 1000 in /app', () => {
    expect(image).toHaveUser(1000);
    expect(image).toHaveWorkdir('/app');
    expect(image).toHaveEnv('NODE_ENV', 'production');
  });

  test('serves on 8080', () => {
    expect(image).toExposePort(8080);
    expect(image).toHaveCmd(['node', 'index.js']);
  });

  test('fails to build without its sources', async () => {
    const broken = await buildImage({ dockerfile: 'FROM node:20-slim\nCOPY lib/ /app/\n' });
    expect(broken).toFailWith('source-not-found', { line: 2 });
  });
});

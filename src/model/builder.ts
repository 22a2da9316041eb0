/**
 * Which builder to emulate. `buildkit` is Docker Engine 26.1's BuildKit (v0.13, Dockerfile
 * frontend 1.7); `classic` is the same engine's legacy builder (`DOCKER_BUILDKIT=0`).
 */
export type BuilderMode = 'buildkit' | 'classic';

import { lazyModule } from './lazyModule.js';

/** node:zlib, loaded on first use: most builds read no compressed archive, and a CLI run should not pay for it. */
export const zlib = lazyModule<typeof import('node:zlib')>('node:zlib');

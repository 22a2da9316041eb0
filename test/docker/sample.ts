/**
 * Prints generated cases of the differential property test, to see what it builds:
 *   npx tsx test/docker/sample.ts [count] [seed]     (DFSIM_GEN_RUN=1 includes RUN)
 */
import fc from 'fast-check';
import { caseArb, describeCase } from './gen/case.js';

const count = Number(process.argv[2] ?? 5);
const seed = Number(process.argv[3] ?? Date.now() % 1e9);
process.stdout.write(`seed ${seed}\n`);
for (const c of fc.sample(caseArb({ includeRun: process.env.DFSIM_GEN_RUN === '1' }), { numRuns: count, seed })) {
  process.stdout.write(`${describeCase(c)}\n==========\n`);
}

import { expandWord, expandWords } from '../expand/expandWord.js';
import type { BuildEnv } from './buildEnv.js';
import { lookupVariable, type StageState } from './stageState.js';

/** Expands one word against the stage's variables, as the builder does for most instructions. */
export function expandIn(state: StageState, text: string, env: BuildEnv): string {
  return expandWord(text, (name) => lookupVariable(state, name), { escapeToken: env.directives.escape });
}

/** Expands with word splitting (EXPOSE). */
export function expandWordsIn(state: StageState, text: string, env: BuildEnv): string[] {
  return expandWords(text, (name) => lookupVariable(state, name), { escapeToken: env.directives.escape });
}

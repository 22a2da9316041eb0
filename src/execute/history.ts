import type { StageState } from './stageState.js';

/**
 * Records a `docker history` line. BuildKit writes the instruction as a message with its own
 * comment; the classic builder stores the command of the container it committed, which for
 * steps that run nothing is `/bin/sh -c #(nop) ` plus the message.
 */
export function recordHistory(
  state: StageState,
  message: string,
  options: { readonly emptyLayer: boolean; readonly kind?: 'config' | 'files' | 'run' },
): void {
  const kind = options.kind ?? 'config';
  if (state.builder === 'buildkit') {
    state.history.push({
      createdBy: kind === 'config' ? message : `${message} # buildkit`,
      emptyLayer: options.emptyLayer,
      comment: 'buildkit.dockerfile.v0',
    });
    return;
  }
  // The classic builder commits a container whose command is the stage's current shell.
  const shell = (state.config.Shell ?? ['/bin/sh', '-c']).join(' ');
  const createdBy = kind === 'run' ? message : kind === 'files' ? `${shell} #(nop) ${message}` : `${shell} #(nop)  ${message}`;
  state.history.push({ createdBy, emptyLayer: options.emptyLayer });
}

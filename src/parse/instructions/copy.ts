import type { AddInstruction, CopyInstruction, Heredoc, Word } from '../../model/instruction.js';
import { chompHeredoc, heredocOfWord } from '../heredocs.js';
import type { Node } from '../node.js';
import { instruction, type DecodeContext, invalid, parseFlags, word } from './context.js';

/** COPY: arity, then flags (`--parents` and `--exclude` only on the labs channel), then paths. */
export function copyInstruction(node: Node, ctx: DecodeContext): CopyInstruction {
  requireDestination(node, 'COPY');
  const flags = parseFlags(node, ctx, {
    ...(ctx.labs ? { exclude: 'strings', parents: 'bool' } : {}),
    chown: 'string',
    from: 'string',
    chmod: 'string',
    link: 'bool',
  } as const);
  const { sources, destination, heredocs } = sourcesAndDestination(node, ctx, 'COPY');
  return instruction('COPY', node, ctx, {
    sources,
    destination,
    heredocs,
    from: flags.get('from'),
    chown: flags.get('chown'),
    chmod: flags.get('chmod'),
    link: flags.bool('link'),
    parents: flags.bool('parents'),
    exclude: flags.all('exclude'),
  });
}

/** ADD: as COPY, with `--checksum` and `--keep-git-dir` (frontend 1.7 has no `--unpack`). */
export function addInstruction(node: Node, ctx: DecodeContext): AddInstruction {
  requireDestination(node, 'ADD');
  const flags = parseFlags(node, ctx, {
    ...(ctx.labs ? { exclude: 'strings' } : {}),
    chown: 'string',
    chmod: 'string',
    link: 'bool',
    'keep-git-dir': 'bool',
    checksum: 'string',
  } as const);
  const { sources, destination, heredocs } = sourcesAndDestination(node, ctx, 'ADD');
  return instruction('ADD', node, ctx, {
    sources,
    destination,
    heredocs,
    chown: flags.get('chown'),
    chmod: flags.get('chmod'),
    link: flags.bool('link'),
    exclude: flags.all('exclude'),
    checksum: flags.get('checksum'),
    keepGitDir: flags.bool('keep-git-dir'),
    unpack: undefined,
  });
}

function requireDestination(node: Node, name: string): void {
  if (node.args.length < 2) {
    throw invalid(`${name} requires at least two arguments, but only one was provided. Destination could not be determined`);
  }
}

/**
 * The last argument is the destination, the others sources; a source that is a heredoc word
 * becomes inline content, taken by name from the heredocs the line opened (the last of that
 * name wins, and a name the line did not open gives empty content, as in BuildKit).
 */
function sourcesAndDestination(
  node: Node,
  ctx: DecodeContext,
  name: string,
): { sources: Word[]; destination: Word; heredocs: Heredoc[] } {
  const destination = node.args[node.args.length - 1]!;
  if (heredocOfWord(destination.text)) throw invalid(`${name} cannot accept a heredoc as a destination`);
  const bodies = new Map(ctx.statement.heredocs.map((h) => [h.name, h.content]));
  const sources: Word[] = [];
  const heredocs: Heredoc[] = [];
  for (const source of node.args.slice(0, -1)) {
    const heredoc = heredocOfWord(source.text);
    if (!heredoc) {
      sources.push(word(source, ctx));
      continue;
    }
    const content = bodies.get(heredoc.name) ?? '';
    heredocs.push({
      name: heredoc.name,
      content: heredoc.chomp ? chompHeredoc(content) : content,
      expand: heredoc.expand,
      fd: heredoc.fd,
    });
  }
  return { sources, destination: word(destination, ctx), heredocs };
}

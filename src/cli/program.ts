import { Command, CommanderError } from 'commander';
import { buildCommand } from './commands/build.js';
import { contextCommand } from './commands/context.js';
import { explainCommand } from './commands/explain.js';
import { imageCommand } from './commands/image.js';
import { planCommand } from './commands/plan.js';
import { testCommand } from './commands/test.js';
import { whyCommand } from './commands/why.js';
import { EXIT_FAILED, EXIT_USAGE } from './options.js';

/** Every command registers itself on the program from its own module in ./commands/. */
function program(): Command {
  const cli = new Command('dockerfile-sim')
    .description('Predict what `docker build` produces, without Docker.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  buildCommand(cli);
  planCommand(cli);
  explainCommand(cli);
  whyCommand(cli);
  contextCommand(cli);
  testCommand(cli);
  imageCommand(cli);
  return cli;
}

/** Runs the CLI on `argv` (as `process.argv`), setting `process.exitCode`. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
    } else if (error instanceof TypeError) {
      process.stderr.write(`dockerfile-sim: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      process.stderr.write(`dockerfile-sim: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_FAILED;
    }
  }
}

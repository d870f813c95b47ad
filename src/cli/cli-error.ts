/** An error the command line explains in one message, with its exit code (2: the command was wrong). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * The one error type streamlens throws on purpose. `code` is stable and machine-readable,
 * `message` says what failed on which input, `hint` says what the user can do about it.
 */
export class StreamlensError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  /** Whether trying again later can succeed (a network blip), or never will (a missing file). */
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StreamlensError";
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
  }

  /** One line for logs and terminals: message, then the hint when there is one. */
  describe(): string {
    return this.hint ? `${this.message} (${this.hint})` : this.message;
  }

  toJSON(): { code: string; message: string; hint?: string } {
    return this.hint
      ? { code: this.code, message: this.message, hint: this.hint }
      : { code: this.code, message: this.message };
  }
}

export function isStreamlensError(error: unknown): error is StreamlensError {
  return error instanceof StreamlensError;
}

/** A command's exit status for an error: 2 for bad options or settings (usage), 1 for the rest. */
export function exitCodeOf(error: unknown): 1 | 2 {
  return error instanceof StreamlensError && error.code.startsWith("invalid") ? 2 : 1;
}

/** A printable message for any thrown value, keeping StreamlensError's hint. */
export function describeError(error: unknown): string {
  if (error instanceof StreamlensError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A mistake in how a command was called: shown as its message alone, exit status 2. */
export class UsageError extends Error {}

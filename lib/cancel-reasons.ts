/**
 * The close detail of a session ended by someone other than its creator's Cancel: the engine records
 * it, and a page following the session live reads it (a deleted session's page reloads into "deleted").
 */
export const CANCEL_REASONS = {
  user: "cancelled by the user",
  deleted: "the session was deleted",
  shutdown: "the HeloDesk server was shut down during the test",
  orphaned: (grace: string) => `the page that started it closed or lost its connection and did not come back within ${grace}`,
} as const;

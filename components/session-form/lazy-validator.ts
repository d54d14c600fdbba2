type Validator = typeof import("./validate-form");

let loaded: Validator | null = null;
let loading: Promise<Validator> | null = null;

/**
 * validate-form.ts (and with it zod and the SessionRequest schema) in a chunk of its own, loaded on
 * the first interaction with the page or the first blur or Run: the form renders without it, and
 * validation has nothing to show before the user has typed (docs/performance.md, page weight).
 */
export function loadValidator(): Promise<Validator> {
  loading ??= import("./validate-form").then(
    (m) => (loaded = m),
    (error: unknown) => {
      // The chunk did not load (the network dropped): the next blur or Run tries again.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The validator if it has loaded already: re-checking fields that show an error needs no wait. */
export function loadedValidator(): Validator | null {
  return loaded;
}

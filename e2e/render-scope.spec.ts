import { expect, test } from "./fixtures";

// Run changes what the buttons show, not the fields: the click's task re-renders the buttons only, so
// the request's answer is drawn sooner (docs/performance.md, first line, thirteenth round). A render
// that changes nothing leaves the DOM as it was, so this test asks React itself, through the hook its
// developer tools use: at each commit, which components ran.

declare global {
  interface Window {
    __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown;
    /** Called with each committed root (the hook below). */
    onReactCommit?: (root: { current: Fiber }) => void;
    /** Every root React has committed on this page. */
    reactRoots?: Set<{ current: Fiber }>;
    /** How many commits ran the component that renders each watched element. */
    renders?: Record<string, number>;
  }
}

interface Fiber {
  tag: number;
  flags: number;
  stateNode: unknown;
  child: Fiber | null;
  sibling: Fiber | null;
  return: Fiber | null;
}

const WATCHED = {
  // The Target field: drawn by the form's first field group.
  field: '[data-testid="session-form"] input[name="target"]',
  // Run: drawn by the form's buttons, which must change at Run (the check that the hook sees renders).
  button: '[data-testid="run-button"]',
};

test("Run re-renders the form's buttons, not its fields", async ({ page, smtp, workbench }) => {
  const server = await smtp();
  await page.addInitScript(() => {
    // What React's production build looks for to report commits to developer tools.
    window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      checkDCE: () => {},
      onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
        (window.reactRoots ??= new Set()).add(root);
        window.onReactCommit?.(root);
      },
      onCommitFiberUnmount: () => {},
      onPostCommitFiberRoot: () => {},
    };
  });
  await workbench.open({ target: "127.0.0.1", port: server.port, profile: "banner" });
  await page.waitForLoadState("networkidle");

  await page.evaluate((watched) => {
    // Function, class, forwardRef, memo and simple memo components: what runs user code.
    const COMPONENT = new Set([0, 1, 11, 14, 15]);
    const PERFORMED_WORK = 1;
    const last: Record<string, Fiber | null> = {};
    window.renders = Object.fromEntries(Object.keys(watched).map((name) => [name, 0]));
    const owner = (root: Fiber, element: Element | null): Fiber | null => {
      const stack: Fiber[] = [root];
      while (stack.length > 0) {
        const fiber = stack.pop()!;
        if (fiber.stateNode === element) {
          let up = fiber.return;
          while (up && !COMPONENT.has(up.tag)) up = up.return;
          return up;
        }
        if (fiber.sibling) stack.push(fiber.sibling);
        if (fiber.child) stack.push(fiber.child);
      }
      return null;
    };
    // Where each watched element's component is now, before anything is timed.
    for (const root of window.reactRoots ?? []) {
      for (const [name, selector] of Object.entries(watched)) last[name] ??= owner(root.current, document.querySelector(selector));
    }
    if (Object.values(last).some((fiber) => !fiber)) throw new Error("React's hook has not seen the form's components");
    window.onReactCommit = (root) => {
      for (const [name, selector] of Object.entries(watched)) {
        const fiber = owner(root.current, document.querySelector(selector));
        if (!fiber) continue;
        // A component this render reached is a new fiber object in the committed tree; one that ran
        // carries PerformedWork. A fiber left as it was kept its flags from the last time it ran.
        if (fiber !== last[name] && (fiber.flags & PERFORMED_WORK) !== 0) window.renders![name]! += 1;
        last[name] = fiber;
      }
    };
  }, WATCHED);

  await workbench.run();
  await expect(workbench.replies(220)).toBeVisible();
  await expect(workbench.outcome).toBeVisible();
  const renders = await page.evaluate(() => window.renders!);
  // The hook saw the buttons change (Run disabled, then back), so it sees renders at all.
  expect(renders.button).toBeGreaterThanOrEqual(2);
  expect(renders.field).toBe(0);
});

import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAppServer } from "./app-server";
import { expect, test } from "./fixtures";

// The suite starts a HeloDesk server per worker and more in some specs; each writes a SQLite store.
// These tests keep repeated runs from filling the machine's temporary directory with them.
test.describe("the tests' app server", () => {
  test("removes the data directory it made once stopped", async () => {
    const app = await startAppServer();
    try {
      expect(app.dataDir.startsWith(tmpdir())).toBe(true);
      // The server opened its store there.
      expect(readdirSync(app.dataDir).length).toBeGreaterThan(0);
    } finally {
      await app.stop();
    }
    expect(app.process.exitCode !== null || app.process.signalCode !== null).toBe(true);
    expect(existsSync(app.dataDir)).toBe(false);
  });

  test("leaves a data directory it was given to its owner", async () => {
    const dir = mkdtempSync(join(tmpdir(), "helodesk-owned-e2e-"));
    try {
      const app = await startAppServer({ HELODESK_DATA_DIR: dir });
      await app.stop();
      expect(app.dataDir).toBe(dir);
      expect(readdirSync(dir).length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

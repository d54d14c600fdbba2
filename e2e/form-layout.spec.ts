import { expect, test } from "./fixtures";

test.describe("the form on a 1280 px screen", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("every option of Port, Profile and TLS mode fits its select without being cut", async ({ page, workbench }) => {
    await page.goto("/");
    for (const label of ["Port", "Profile", "TLS mode"]) {
      const select = workbench.field(label);
      // The widest option's text against the room the select gives it (its width less padding and arrow).
      const { widest, room } = await select.evaluate((el) => {
        const s = el as HTMLSelectElement;
        const style = getComputedStyle(s);
        const ctx = document.createElement("canvas").getContext("2d")!;
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const widest = Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width));
        // Chrome draws the arrow of a native select inside its box: about 20 px.
        return { widest, room: s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20 };
      });
      expect(widest, `${label}: the widest option needs ${widest.toFixed(0)} px, the select gives ${room.toFixed(0)} px`).toBeLessThanOrEqual(room);
    }
  });
});

test("a field marked optional is named with a space before the note, as a screen reader reads it", async ({ page, workbench }) => {
  await workbench.open({ target: "127.0.0.1", profile: "send", from: "alice@example.org", to: "bob@example.net", mx: "mx.example.net" });
  await expect(workbench.form.getByRole("group", { name: "Authentication (optional)" })).toBeVisible();
  await expect(workbench.form.getByRole("textbox", { name: "MX host (optional)" })).toBeVisible();
  await expect(workbench.form.getByRole("textbox", { name: "Subject (optional)" })).toBeVisible();
  await expect(page.getByText(/\w\(optional\)/)).toHaveCount(0);
});

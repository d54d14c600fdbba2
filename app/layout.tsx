import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "HeloDesk — SMTP troubleshooting", template: "%s — HeloDesk" },
  description: "Run the telnet-to-port-25 test from your browser: every SMTP reply explained as it arrives.",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1120" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request: Next can put the CSP nonce (proxy.ts) on its scripts only then.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-sky-700 focus:px-3 focus:py-2 focus:text-white">
          Skip to content
        </a>
        <header className="border-b border-slate-200 dark:border-slate-800">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight">
              HeloDesk
            </Link>
            <Link href="/" className="text-sm text-slate-700 hover:underline dark:text-slate-300">Test</Link>
            <Link href="/console" className="text-sm text-slate-700 hover:underline dark:text-slate-300">Console</Link>
            <Link href="/walkthrough" className="text-sm text-slate-700 hover:underline dark:text-slate-300">Walkthrough</Link>
            <Link href="/codes" className="text-sm text-slate-700 hover:underline dark:text-slate-300">Reply codes</Link>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}

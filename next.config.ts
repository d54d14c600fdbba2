import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc first; doing it again here only slows the build.
  typescript: { ignoreBuildErrors: true },
  // server/ is Node-only and runs beside Next in the custom server; Next must not bundle it.
  serverExternalPackages: ["pino", "nodemailer"],
  async headers() {
    return [
      {
        // A share link's id is a bearer token: never sent on in a Referer, never indexed.
        source: "/t/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};

export default config;

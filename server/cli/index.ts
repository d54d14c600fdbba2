import { main } from "./main";

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Internals stay internal: one line, no stack, unless debugging was asked for.
    process.stderr.write(`helodesk: unexpected error${process.env.HELODESK_DEBUG ? `: ${(err as Error)?.stack ?? String(err)}` : ""}\n`);
    process.exitCode = 2;
  },
);

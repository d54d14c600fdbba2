import os from "node:os";

/** What the numbers were taken on, and how busy it was: they mean little without it. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    /** 1, 5 and 15 minute load averages when the numbers were written: above the core count, other work shared the CPU. */
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
  };
}

/**
 * How fast this machine ran a fixed piece of single-thread JavaScript just now (JSON out and in, a
 * sort, over the same 2,000 small objects; median of 7 after 2 warm-ups), in milliseconds: higher is
 * slower. Not a benchmark of anything HeloDesk does. It is there so that runs taken on different
 * days, or on different virtual machines behind the same CPU name, can be told apart: compare it
 * only between runs on the same Node version (V8 changes move it).
 */
export function cpuCalibrationMs(): number {
  const data = Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ["a", "b", String(i % 7)], v: (i * 7919) % 1000 }));
  const once = () => {
    const started = performance.now();
    let check = 0;
    for (let r = 0; r < 10; r++) {
      const copy = JSON.parse(JSON.stringify(data)) as typeof data;
      copy.sort((a, b) => a.v - b.v || a.id - b.id);
      check += copy[0]!.id;
    }
    // The result is used, so no compiler may drop the work.
    if (check !== 0) throw new Error(`calibration: unexpected result ${check}`);
    return performance.now() - started;
  };
  once();
  once();
  const samples = Array.from({ length: 7 }, once).sort((a, b) => a - b);
  return Math.round(samples[3]! * 100) / 100;
}

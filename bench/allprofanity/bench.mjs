// Prints npm allprofanity's throughput on a corpus file, one comment a line, as CPU time of this
// process (the machine is shared): detect() (matches with positions, as classify reports) and
// check() (a yes/no that stops at the first hit). Run by bench/classify_speed.sh.
//
//   node bench/allprofanity/bench.mjs CORPUS
import { readFileSync } from "node:fs";
import profanity from "allprofanity";

const lines = readFileSync(process.argv[2], "utf8").split("\n");
if (lines.at(-1) === "") lines.pop();

function time(what, fn) {
  for (let i = 0; i < Math.min(lines.length, 20000); i++) fn(lines[i]); // warm-up (JIT)
  const t0 = process.cpuUsage();
  let hits = 0;
  for (const line of lines) if (fn(line)) hits++;
  const used = process.cpuUsage(t0);
  const secs = (used.user + used.system) / 1e6;
  console.log(`allprofanity ${what}: ${lines.length} comments in ${secs.toFixed(3)} s CPU, ` +
              `${Math.round(lines.length / secs)} comments/s (${hits} flagged)`);
}
time("detect()", (l) => profanity.detect(l).hasProfanity);
time("check()", (l) => profanity.check(l));

// Preloaded into CLI child processes by tests: prints the process's peak resident memory when it exits.
process.on('exit', () => {
  process.stderr.write(`INTAKE_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});

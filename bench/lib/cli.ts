// The few command-line options the benchmarks take, all positive integers.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Parse `--name <int>` options; unknown options are an error so a typo never silently runs the defaults. */
export function intOptions<K extends string>(defaults: Record<K, number>, argv = process.argv.slice(2)) {
  const spec = Object.fromEntries(Object.keys(defaults).map((k) => [k, { type: 'string' as const }]));
  const { values } = parseArgs({ args: argv, options: spec, strict: true });
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as K[]) {
    const raw = values[key];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${key} must be a positive integer, got "${String(raw)}"`);
    out[key] = n;
  }
  return out;
}

/** True when this module is the script node was asked to run, so each bench file also works on its own. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
}

/**
 * Take one string option (`--name value` or `--name=value`) out of argv, so the rest can go to intOptions.
 * `npm run bench -- --only webhooks` uses it to pick the benchmarks.
 */
export function takeOption(name: string, argv = process.argv.slice(2)): { value: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) {
      value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
    } else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
    else rest.push(arg);
  }
  return { value, rest };
}

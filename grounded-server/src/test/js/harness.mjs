// Shared by the end-to-end scripts: configuration from env/argv, named checks that all run, and
// the exit code. Each check prints "ok - <name>" or "FAIL - <name>: <why>".
import assert from 'node:assert/strict';

let failures = 0;

/** Awaits a promise that must reject, and returns its error. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('the request succeeded');
}

/** Runs one named check; a failure is printed and counted, and the next check still runs. */
export async function check(name, fn) {
  const started = performance.now();
  const took = () => `(${Math.round(performance.now() - started)} ms)`;
  try {
    await fn();
    console.log(`ok - ${name} ${took()}`);
  } catch (err) {
    failures++;
    console.error(`FAIL - ${name} ${took()}: ${err?.stack ?? err}`);
  }
}

/** Sets the exit code: 1 if any check failed. */
export function finish(suite) {
  if (failures > 0) {
    console.error(`${failures} check(s) failed`);
    process.exitCode = 1;
  } else {
    console.log(`all ${suite} checks passed`);
  }
}

/** The answer contains the expected phrase and a [1] citation marker. */
export function assertAnswer(content, expected) {
  assert.equal(typeof content, 'string', `content is ${JSON.stringify(content)}`);
  assert.ok(content.includes(expected), `answer ${JSON.stringify(content)} lacks ${JSON.stringify(expected)}`);
  assert.match(content, /\[1\]/, `answer ${JSON.stringify(content)} has no [1] marker`);
}

/** Settings from --kebab-name=value arguments or GROUNDED_* variables; exits 2 when one is missing. */
export function config(defaults) {
  const out = {};
  const args = new Map(
    process.argv
      .slice(2)
      .filter((a) => a.startsWith('--') && a.includes('='))
      .map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
  );
  const missing = [];
  for (const [key, fallback] of Object.entries(defaults)) {
    const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const env = `GROUNDED_${kebab.replace(/-/g, '_').toUpperCase()}`;
    out[key] = args.get(kebab) ?? process.env[env] ?? fallback;
    if (out[key] === undefined) missing.push(`${env} (or --${kebab}=...)`);
  }
  if (missing.length > 0) {
    console.error(`missing configuration: ${missing.join(', ')}`);
    process.exit(2);
  }
  return out;
}

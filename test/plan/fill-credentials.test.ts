// The command a credentials Secret carries (kaptainkube.dev/fill-with) fills an empty Secret
// and leaves one that has a password alone: the database keeps the password it initialised
// its data with, so running the command twice must not replace it.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillCredentialsCommand } from '../../src/plan/stateful.js';

// A stand-in for kubectl (fakeKubectl): `get … -o jsonpath` prints the stored password,
// `create … --dry-run=client -o yaml` prints the Secret it was given, `apply -f -` stores
// the password from the YAML on stdin; every call is logged.
const FAKE_KUBECTL = `#!/bin/sh
state="$FAKE_KUBECTL_DIR/password"
echo "$*" >> "$FAKE_KUBECTL_DIR/calls"
case "$*" in
  *" get secret "*) [ -f "$state" ] && printf %s "$(base64 < "$state" | tr -d '\\n')"; exit 0 ;;
  *" create secret generic "*)
    pw=$(printf %s "$*" | sed -n 's/.*--from-literal=password=\\([^ ]*\\).*/\\1/p')
    printf 'apiVersion: v1\\nkind: Secret\\nstringData:\\n  password: %s\\n' "$pw"; exit 0 ;;
  "apply "*) sed -n 's/^  password: //p' > "$state"; exit 0 ;;
esac
exit 1
`;

function shell() {
  const dir = mkdtempSync(join(tmpdir(), 'kk-fill-'));
  writeFileSync(join(dir, 'kubectl'), FAKE_KUBECTL);
  chmodSync(join(dir, 'kubectl'), 0o755);
  const run = () =>
    spawnSync('sh', ['-c', fillCredentialsCommand('shop', 'orders-db-credentials')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_KUBECTL_DIR: dir },
    });
  const password = () => (existsSync(join(dir, 'password')) ? readFileSync(join(dir, 'password'), 'utf8').trim() : '');
  const calls = () => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
  return { run, password, calls };
}

describe('the credentials fill command', () => {
  it('fills an empty Secret with a random password, under its own field manager', () => {
    const k = shell();
    const r = k.run();
    expect(r.status, r.stderr).toBe(0);
    expect(k.password()).toMatch(/^[0-9a-f]{48}$/);
    expect(k.calls().some((c) => c.includes('apply --server-side --field-manager=kaptain-kube-credentials'))).toBe(
      true,
    );
  });

  it('run again, leaves the password as it is and says so', () => {
    const k = shell();
    k.run();
    const first = k.password();
    const r = k.run();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('orders-db-credentials already has a password: left as it is');
    expect(k.password()).toBe(first);
    expect(k.calls().filter((c) => c.startsWith('apply'))).toHaveLength(1);
  });
});

// Secrets in plain sight: a ConfigMap is readable by anything that can read the namespace's
// configuration, is printed by `kubectl describe` and lands in every Git history, so a
// credential there is an error — by its key's name (DB_PASSWORD, API_KEY) or by its value
// (a known token format, a private key, a URL with a password).
import { isHarmlessValue, isSecretName, looksLikeSecretValue } from '../../secrets/patterns.js';
import type { Rule } from './manifest-set.js';

export const configSecrets: Rule = (set, emit) => {
  for (const e of set.entries) {
    const data = e.obj.kind === 'ConfigMap' ? e.obj.data : undefined;
    if (!data || typeof data !== 'object') continue;
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      // The key is named, the value never: findings are printed and recorded.
      const why =
        isSecretName(key) && !isHarmlessValue(value)
          ? 'its name says it is a credential'
          : looksLikeSecretValue(value)
            ? 'its value looks like a credential (a token, a private key or a URL with a password)'
            : undefined;
      if (why)
        emit(e, {
          severity: 'error',
          rule: 'configmap-secret',
          message: `data key ${key} holds a secret in a ConfigMap: ${why}`,
          fix: `move ${key} into a Secret (spec.secretsRequired) and reference it with secretRef or secretKeyRef`,
        });
    }
  }
};

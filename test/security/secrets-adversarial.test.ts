// Credentials as a session really carries them: command lines of database, registry and
// cloud CLIs, connection strings, HTTP headers and cookies, presigned URLs, kubectl's JSON,
// YAML block scalars, doubly escaped JSON and token formats of common services. Each case
// was once left in the text; the negatives are what must stay as written.
import { describe, expect, it } from 'vitest';
import { isSecretName, redactSecretText, redactSecretTextUnhinted } from '../../src/secrets/patterns.js';
import { Redactor } from '../../src/sessions/redact.js';

const text = (s: string) => new Redactor().text(s);
const S = 'Xk9s3cr3tVal';
const rep = (s: string, n: number) => s.repeat(n);

describe('credentials that used to stay in the text', () => {
  it.each([
    // Command lines
    ['mysql -pSECRET', `mysql -u root -p${S} -h db`, S],
    ['mysql -p quoted', `mysqldump -uroot -p'${S}' app > dump.sql`, S],
    ['redis-cli -a', `redis-cli -h cache -a ${S} ping`, S],
    ['docker login -p', `docker login -u me -p ${S} ghcr.io`, S],
    ['helm registry login -p', `helm registry login ghcr.io -u me -p ${S}`, S],
    ['az login -p', `az login --service-principal -u appid -p ${S} --tenant t`, S],
    ['curl -u user:pass', `curl -u admin:${S} https://api.example.com`, S],
    ['curl --user', `curl --user "admin:${S}" https://api.example.com`, S],
    ['aws configure set', `aws configure set aws_secret_access_key ${S}`, S],
    ['PGPASSWORD', `PGPASSWORD=${S} psql -h db -U app`, S],
    ['MYSQLPASSWORD', `MYSQLPASSWORD=${S}`, S],
    ['kubectl --from-literal', `kubectl create secret generic db --from-literal=password=${S}`, S],
    ['curl -H X-Api-Key', `curl -H "X-Api-Key: ${S}" https://x`, S],
    ['curl -H X-Auth-Token', `curl --header 'X-Auth-Token: ${S}' https://x`, S],
    // Connection strings and URLs
    ['ODBC Pwd', `Driver={ODBC Driver 18};Server=db;Uid=sa;Pwd=${S};`, S],
    ['an unencoded @ in a URL password', `postgres://app:p@ss${S}@db/x`, S],
    ['Azure SAS sig', `https://acct.blob.core.windows.net/c/b?sv=2021&sig=${S}%2Babc&se=2024`, S],
    ['S3 presigned', `https://b.s3.amazonaws.com/k?X-Amz-Date=1&X-Amz-Signature=${S}0123`, S],
    // Headers
    ['Cookie', `Cookie: session=${S}; theme=dark`, S],
    ['Set-Cookie', `< set-cookie: sid=${S}; Path=/; HttpOnly`, S],
    // Structured text
    ['a YAML block scalar', `auth:\n  password: |\n    ${S}\n  user: app\n`, S],
    ['a folded block in a list', `- token: >-\n    ${S}\n- name: x`, S],
    ['a trailing YAML comment', `password: ${S}  # prod`, S],
    ['container args as JSON', `{"args":["--db-password","${S}"]}`, S],
    ['container args, pretty', `"args": [\n    "--token",\n    "${S}"\n]`, S],
    ['container args as a YAML list', `args:\n- --password\n- ${S}\n`, S],
    ['kubectl -o json env', `{"name":"DB_PASSWORD","value":"${S}"}`, S],
    ['kubectl -o json env, pretty', `{\n    "name": "DB_PASSWORD",\n    "value": "${S}"\n}`, S],
    ['escaped env pair', `{\\"name\\":\\"API_TOKEN\\",\\"value\\":\\"${S}\\"}`, S],
    ['flow YAML env', `env: [{name: DB_PASSWORD, value: ${S}}]`, S],
    ['doubly escaped JSON', `{\\\\\\"password\\\\\\":\\\\\\"${S}\\\\\\"}`, S],
    // Token formats
    ['Google OAuth access token', `ya29.a0AfH6SMB${S}abcdefghijklmnop`, S],
    ['GitLab runner token', `glrt-${S}abcdefghij1234`, S],
    ['GitLab deploy token', `gldt-${S}abcdefghij1234`, S],
    ['Slack app token', `xapp-1-A0123-1234567890-abcdef${S}`, S],
    ['Slack webhook', `https://hooks.slack.com/services/T0123ABCD/B0123ABCD/${S}abcdefgh`, S],
    ['npm token', `npm_${rep('a1B2c3D4e5', 3)}abcdef`, 'a1B2c3D4e5a1B2'],
    ['PyPI token', `pypi-AgEIcHlwaS5vcmcCJDU${S}abcdefghijklmnopqrst`, S],
    ['Hugging Face token', `hf_${rep('a1B2c3D4e5', 3)}abcd`, 'a1B2c3D4e5a1B2'],
    ['SendGrid key', `SG.${S}abcdefghij.${S}abcdefghijklmnopqrstuvwxyz0`, S],
    ['DigitalOcean token', `dop_v1_${rep('0123456789abcdef', 4)}`, '0123456789abcdef0123'],
  ])('%s', (_what, s, secret) => {
    const out = text(s);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[REDACTED\]|\*\*\*/);
  });

  it('keeps the shape around what it takes', () => {
    expect(text(`mysql -u root -p${S} -h db`)).toBe('mysql -u root -p[REDACTED] -h db');
    expect(text(`curl -u admin:${S} https://x`)).toBe('curl -u admin:[REDACTED] https://x');
    expect(text(`Set-Cookie: sid=${S}; Path=/; HttpOnly`)).toBe('Set-Cookie: sid=[REDACTED]; Path=/; HttpOnly');
    expect(text(`auth:\n  password: |\n    ${S}\n    more\n  user: app\n`)).toBe(
      'auth:\n  password: |\n    [REDACTED]\n  user: app\n',
    );
    expect(text(`postgres://app:p@ss${S}@db/x`)).toBe('postgres://app:***@db/x');
    expect(text(`--from-literal=password=${S} --from-literal=user=app`)).toBe(
      '--from-literal=password=[REDACTED] --from-literal=user=app',
    );
    expect(text(`["--password","${S}"]`)).toBe('["--password","[REDACTED]"]');
    expect(text(`Server=db;Uid=sa;Pwd=${S};Encrypt=yes`)).toBe('Server=db;Uid=sa;Pwd=[REDACTED];Encrypt=yes');
  });

  it('fused password names are secret; the shell PWD still is not', () => {
    for (const n of ['PGPASSWORD', 'MYSQLPASSWORD', 'REDISPASSWORD', 'rootpassword'])
      expect(isSecretName(n)).toBe(true);
    expect(isSecretName('PWD')).toBe(false);
  });
});

describe('left as written', () => {
  it.each([
    'mysql -u root -p -h db',
    'mysql -u root -p$MYSQL_ROOT_PASSWORD app',
    'mysql -h db -P 3306 -u app -p',
    'docker run -p 8080:80 nginx',
    'docker login --password-stdin -u me ghcr.io',
    'redis-cli -a "$REDIS_PASSWORD" ping',
    'curl -u admin https://x',
    'curl -u "$USER:$PASS" https://x',
    'curl -H "Content-Type: application/json" -H "X-Api-Key: $API_KEY" https://x',
    'aws configure set region eu-west-1',
    'Set-Cookie: Path=/; HttpOnly',
    'https://example.com/search?q=signature&page=2',
    'PWD=/home/me/project',
    'cd /app; PWD=/app',
    'script: |\n  npm ci\n  npm test\n',
    'password: |\n',
    '{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}',
    '{"name":"LOG_LEVEL","value":"info"}',
    '{"name":"DB_PASSWORD","value":"${DB_PASSWORD}"}',
    '["--password-file","/run/secrets/db"]',
    '["--token","$(TOKEN)"]',
    '["--token","--verbose"]',
    'args:\n- --port\n- "8080"\n',
    'postgres://db:5432/x?sslmode=require',
    'ssh://git@github.com:22/org/repo.git',
    'npm_config_cache=/tmp/npm',
    'shelf_life_of_the_product_in_days_total',
    'password: see the vault  # not here',
  ])('%s', (s) => expect(text(s)).toBe(s));

  it('the name hint still changes nothing on these texts', () => {
    for (const s of [
      `{\\\\\\"password\\\\\\":\\\\\\"${S}\\\\\\"}`,
      `{"name":"DB_PASSWORD","value":"${S}"}`,
      `auth:\n  password: |\n    ${S}\n`,
      `Server=db;Pwd=${S};`,
      `mysql -p${S}`,
    ])
      expect(redactSecretText(s)).toBe(redactSecretTextUnhinted(s));
  });
});

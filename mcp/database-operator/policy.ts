// Backup retention and schedules per security profile, from templates/backup-policies.json.
import { readTemplateJson } from '../shared/templates.js';

export interface BackupPolicy {
  schedule: string;
  retentionDays: number;
  pointInTimeRecovery: boolean;
  encryption: string;
}

export function backupPolicy(profile: string): BackupPolicy {
  const p = readTemplateJson<{ profiles: Record<string, BackupPolicy> }>('backup-policies.json').profiles;
  return p[profile] ?? p.standard;
}

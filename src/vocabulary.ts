// Words the config, the flags, the chat language and the tools all share: each list is
// spelled once here (the lowest layer), so adding a value is one edit.

/** Security baselines an AppDeployment can ask for; the last three add compliance checks. */
export const SECURITY_PROFILES = ['standard', 'pci', 'hipaa', 'fips'] as const;
export type SecurityProfile = (typeof SECURITY_PROFILES)[number];

/** How the approval gate treats proposed tool calls. */
export const APPROVAL_POLICIES = ['ask', 'auto-read', 'suggest', 'yes'] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

/** Database engines an operator-managed instance can be generated for. */
export const DATABASE_TYPES = ['postgresql', 'mysql', 'mongodb', 'redis'] as const;
export type DatabaseType = (typeof DATABASE_TYPES)[number];

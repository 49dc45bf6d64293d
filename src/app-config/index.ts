// AppDeployment: schema, loader with positions, JSON Schema.
export * from './schema.js';
export { loadAppConfig, parseAppConfig, ConfigError, type LoadedAppConfig } from './loader.js';
export { appDeploymentJsonSchema } from './json-schema.js';

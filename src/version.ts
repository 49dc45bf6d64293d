// The product version, reported by the CLI and by every MCP server.
export const VERSION = '0.1.0';

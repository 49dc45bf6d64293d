// Output validation for the built-in servers, which run in this process: each one
// already checks every result against the tool's zod output schema before returning
// it (mcp/shared/server.ts), so compiling the same schema again with ajv on the client
// side would only repeat that work. External servers keep the SDK's full validation.
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';

export class SameProcessValidator implements jsonSchemaValidator {
  getValidator<T>(_schema: JsonSchemaType): JsonSchemaValidator<T> {
    return (input: unknown) => ({ valid: true, data: input as T, errorMessage: undefined });
  }
}

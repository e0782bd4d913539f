// GraphQL Code Generator: TypeScript types for the operations in operations/, from the committed
// SDL (../schema.graphql). Run: npm run codegen (output: src/generated/, not committed).
//
// `strictScalars` makes a scalar added to the schema without a mapping here fail the build,
// instead of silently typing as `any`. The mapping is what the gateway sends on the wire
// (README.md in this folder explains each one).
import type { CodegenConfig } from '@graphql-codegen/cli';

export const scalars = {
  ID: { input: 'string', output: 'string' },
  // RFC 3339, always UTC with "Z" on output, e.g. "2026-10-31T17:30:00Z"; any offset on input.
  DateTime: { input: 'string', output: 'string' },
  // "YYYY-MM-DD" and "HH:MM:SS" ("HH:MM" accepted on input), in the clinic's local time where
  // it matters.
  Date: { input: 'string', output: 'string' },
  Time: { input: 'string', output: 'string' },
  // Exact decimals travel as strings ("35.200"); parse with a decimal library, not Number().
  Decimal: { input: 'string', output: 'string' },
  UUID: { input: 'string', output: 'string' },
  // Any JSON value: narrow it before use.
  JSON: { input: 'unknown', output: 'unknown' },
};

const common = {
  scalars,
  strictScalars: true,
  enumsAsTypes: true,
  useTypeImports: true,
  avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
};

// CODEGEN_SCHEMA (a file or the gateway's /graphql URL), CODEGEN_TOKEN (sent as a bearer token
// with the introspection query) and CODEGEN_OUTPUT let tests/clients run the same generation
// against a live gateway into a scratch directory.
const out = process.env.CODEGEN_OUTPUT ?? 'src/generated';
const schemaSource = process.env.CODEGEN_SCHEMA ?? '../schema.graphql';
const schema = process.env.CODEGEN_TOKEN
  ? { [schemaSource]: { headers: { Authorization: `Bearer ${process.env.CODEGEN_TOKEN}` } } }
  : schemaSource;

const config: CodegenConfig = {
  schema,
  // typescript-operations 6 emits, on its own, every type the operations use (scalars, enums,
  // inputs): in one file with the typescript plugin they would be declared twice. So the
  // schema's types (for code that builds inputs or names enums) get a module of their own.
  generates: {
    [`${out}/schema.ts`]: {
      plugins: ['typescript'],
      config: { ...common, onlyOperationTypes: false },
    },
    [`${out}/operations.ts`]: {
      documents: ['operations/**/*.graphql'],
      plugins: ['typescript-operations'],
      config: common,
    },
  },
};

export default config;

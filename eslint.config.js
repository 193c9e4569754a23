import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.partnerbox/**', 'coverage/**', '.examples-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', fetch: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware rules where they catch real bugs: a promise nobody awaits (an unhandled rejection
    // crashes Node), a promise where a callback's return is ignored, a switch that forgets a case
    // when a union grows. Only src/: tests and scripts would pay the type-checking cost for little.
    files: ['packages/*/src/**/*.ts'],
    // Test-only files inside src/ are outside the packages' tsconfigs (and so outside the build).
    ignores: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test-d.ts', 'packages/*/src/**/test-records.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // The SDK's declarations must not mention TypeBox: its users' compilers would check TypeBox's
    // types (13 s on a one-file project). The root entry carries the schemas; ./types does not.
    files: ['packages/sdk/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@partnerbox/contract',
              message:
                "Import from '@partnerbox/contract/types': the root entry brings TypeBox's declarations to SDK users.",
            },
            { name: 'typebox', message: 'The SDK has no TypeBox: see docs/architecture.md, "Lean declarations".' },
          ],
        },
      ],
    },
  },
);

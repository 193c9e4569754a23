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

import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** typescript-eslint's recommended rules over the whole tree; layout is Prettier's, import boundaries dependency-cruiser's. */
export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', 'test-artifacts/', 'console/src/gql/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['console/src/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    rules: {
      // `_` names what is taken apart only to be left out ({ secret: _, ...rest }).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read GraphQL answers as a client without generated types does.
    files: ['test/**', '**/*.spec.ts', '**/*.given.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

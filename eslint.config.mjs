// ESLint flat config (https://eslint.org/docs/latest/use/configure/configuration-files):
// typescript-eslint's recommended rules everywhere plus a chosen set of type-aware rules for the
// TypeScript, React's hook rules for the Taro app.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const readonly = (names) => Object.fromEntries(names.map((n) => [n, 'readonly']))
const NODE = readonly(['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', '__dirname', 'require', 'module'])
// WeChat's native runtime: App/Page/getApp/wx are globals and modules are CommonJS
// (https://developers.weixin.qq.com/miniprogram/dev/reference/api/App.html).
const WECHAT = readonly(['wx', 'App', 'Page', 'getApp', 'require', 'module', 'console'])

const TS = ['**/*.{ts,tsx,mts}']
const JS = ['**/*.{js,mjs,cjs}']
const TESTS = ['test/**/*.ts']

// Type-aware rules (https://typescript-eslint.io/getting-started/typed-linting), chosen for the bugs
// this code can have: promises nobody awaits or catches, non-errors thrown or rejected, and objects
// or `undefined` printed into messages. Cost: one TypeScript program, the one `tsc` builds.
// Not enabled: `require-await` (an `async` function without `await` is how a Fastify handler or a
// fake says "returns a promise", and dropping `async` turns its throws into synchronous ones) and
// `unbound-method` (our interfaces declare closures with method syntax; every finding was one).
const TYPE_AWARE_RULES = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  '@typescript-eslint/only-throw-error': 'error',
  // Passing on a caught `unknown` is not making a non-Error up; only-throw-error allows it by default.
  '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/no-base-to-string': 'error',
  '@typescript-eslint/no-unsafe-argument': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': 'error',
  // Numbers read fine in a message; `undefined`, `null`, objects and arrays are the bug.
  '@typescript-eslint/restrict-template-expressions': [
    'error',
    { allowNumber: true, allowBoolean: true, allowAny: false, allowNullish: false, allowRegExp: false, allowArray: false },
  ],
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'examples/native-weapp/lib/', '.swc/', '.temp/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // tsconfig.json covers src, server, emulator, scripts, test, bench, config and types.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // Checked against the vendors' typings in a project of its own (see that tsconfig).
    files: ['typecheck/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.platform-typings.json' } },
  },
  { files: TS, rules: TYPE_AWARE_RULES },
  {
    rules: {
      // `_name` marks what is unused on purpose (a destructured field left out, a callback argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Prettier wraps code at 140 but leaves strings and comments long: this holds them to 160.
      // A URL or a regex cannot be split (https://eslint.org/docs/latest/rules/max-len). Core's rule
      // is deprecated for @stylistic/max-len but stays until ESLint 11.
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // No tsconfig covers the JavaScript (config files and the native WeChat example).
  { files: JS, ...tseslint.configs.disableTypeChecked },
  { files: JS, languageOptions: { globals: NODE } },
  {
    files: ['babel.config.js', 'examples/native-weapp/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    // Babel's config and WeChat's native runtime load CommonJS only.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['examples/native-weapp/**/*.js'], languageOptions: { globals: WECHAT } },
  {
    files: TESTS,
    // Tests and the headless host build vendor globals and wire payloads of deliberately wrong
    // shapes, which `any` states more honestly than a cast chain.
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // A test's URL or name with `undefined` in it fails that test anyway.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowAny: true, allowNullish: true },
      ],
    },
  },
)

// ESLint flat config (https://eslint.org/docs/latest/use/configure/configuration-files):
// typescript-eslint's recommended rules everywhere plus a chosen set of type-aware rules for the
// TypeScript, React's hook rules and the rules of Taro's own config that apply to the Taro app.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import react from 'eslint-plugin-react'
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

// Taro's ESLint rules, ported. `taro init` (Taro 4.2, React + TypeScript) writes an `.eslintrc` that
// extends `taro/react` (eslint-config-taro) with `react/jsx-uses-react` and
// `react/react-in-jsx-scope` off. eslint-config-taro 4.2.0 is an eslintrc config for ESLint 8 (peer
// `eslint: ^8`) that pulls in @typescript-eslint 6 (peer `eslint: ^7 || ^8`), which clashes with the
// typescript-eslint 8 plugin loaded here, so neither a direct load nor FlatCompat works under ESLint 9.
// These are its rules that apply (packages/eslint-config-taro/rules/*.js in NervJS/taro). Left out:
// its layout rules (jsx-quotes, jsx-indent-props, jsx-*-spacing, jsx-closing-bracket-location),
// which Prettier owns; its eslint-plugin-import rules, which tsc and the bundler already enforce
// (unresolved and misnamed imports, `export` clashes) except duplicates, ported to the core rule;
// `react/jsx-no-undef`, which tsc reports; and `react/sort-comp`, class member order (the app has
// no classes). What Taro sets to warn is an error here: CI fails on errors only.
const TARO_REACT_RULES = {
  'react-hooks/exhaustive-deps': 'error',
  // The JSX runtime Taro's template compiles with (tsconfig `jsx: react-jsx`), no `React` in scope.
  ...react.configs.flat['jsx-runtime'].rules,
  'react/jsx-uses-vars': 'error',
  'react/jsx-key': 'error',
  'react/jsx-no-duplicate-props': ['error', { ignoreCase: true }],
  'react/jsx-no-comment-textnodes': 'error',
  'react/jsx-boolean-value': ['error', 'never', { always: [] }],
  'react/jsx-pascal-case': ['error', { allowAllCaps: true, ignore: [] }],
  'react/jsx-curly-brace-presence': ['error', { props: 'never', children: 'never' }],
  'react/no-children-prop': 'error',
  'react/no-danger': 'error',
  'react/no-danger-with-children': 'error',
  'react/no-unescaped-entities': 'error',
  'react/no-typos': 'error',
  'react/no-render-return-value': 'error',
  'react/no-find-dom-node': 'error',
  // Class-component rules: the app uses hooks, these keep a class written later honest.
  'react/no-is-mounted': 'error',
  'react/no-direct-mutation-state': 'error',
  'react/no-unused-state': 'error',
  'react/no-string-refs': 'error',
  'react/no-did-update-set-state': 'error',
  'react/no-will-update-set-state': 'error',
  'react/prefer-es6-class': ['error', 'always'],
  'react/require-render-return': 'error',
  // Mini programs have no <select>: Taro's config points to its Picker component.
  'react/forbid-elements': ['error', { forbid: [{ element: 'select', message: 'use Picker from @tarojs/components' }] }],
}

// Taro's rules/variables.js: window's globals (`name`, `event`, `top`, `length`…) do not exist in a
// mini program, yet `lib: dom` types them, so a typo that hits one passes tsc. Plus the global
// isNaN/isFinite, which coerce (Number.isNaN/isFinite do not).
const BROWSER_ONLY_GLOBALS = [
  'addEventListener blur close closed confirm defaultStatus defaultstatus event external find focus frameElement',
  'frames history innerHeight innerWidth length location locationbar menubar moveBy moveTo name onblur onerror',
  'onfocus onload onresize onunload open opener opera outerHeight outerWidth pageXOffset pageYOffset parent print',
  'removeEventListener resizeBy resizeTo screen screenLeft screenTop screenX screenY scroll scrollbars scrollBy',
  'scrollTo scrollX scrollY self status statusbar stop toolbar top',
].flatMap((line) => line.split(' '))
const TARO_VARIABLE_RULES = {
  'no-restricted-globals': ['error', 'isFinite', 'isNaN', ...BROWSER_ONLY_GLOBALS],
  'no-undef-init': 'error',
  'no-label-var': 'error',
  'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
}
// Taro's TypeScript overrides (eslint-config-taro index.js) beyond typescript-eslint's recommended.
const TARO_TS_RULES = {
  '@typescript-eslint/no-shadow': 'error',
  '@typescript-eslint/no-useless-constructor': 'error',
  '@typescript-eslint/consistent-type-assertions': 'error',
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
  { files: TS, rules: { ...TYPE_AWARE_RULES, ...TARO_TS_RULES } },
  { rules: TARO_VARIABLE_RULES },
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
    plugins: { react, 'react-hooks': reactHooks },
    settings: { react: { version: 'detect' } },
    rules: { ...reactHooks.configs.recommended.rules, ...TARO_REACT_RULES },
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

// ESLint flat config (https://eslint.org/docs/latest/use/configure/configuration-files):
// typescript-eslint's recommended rules everywhere, React's hook rules for the Taro app.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const readonly = (names) => Object.fromEntries(names.map((n) => [n, 'readonly']))
const NODE = readonly(['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout', '__dirname', 'require', 'module'])
// WeChat's native runtime: App/Page/getApp/wx are globals and modules are CommonJS
// (https://developers.weixin.qq.com/miniprogram/dev/reference/api/App.html).
const WECHAT = readonly(['wx', 'App', 'Page', 'getApp', 'require', 'module', 'console'])

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'examples/native-weapp/lib/', '.swc/', '.temp/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
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
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: NODE } },
  {
    files: ['babel.config.js', 'examples/native-weapp/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    // Babel's config and WeChat's native runtime load CommonJS only.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['examples/native-weapp/**/*.js'], languageOptions: { globals: WECHAT } },
  {
    files: ['test/**/*.ts'],
    // Tests and the headless host build vendor globals and wire payloads of deliberately wrong
    // shapes, which `any` states more honestly than a cast chain.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)

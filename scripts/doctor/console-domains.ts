import { readFileSync } from 'node:fs'
import type { PlatformAllowList } from '../cli/allow-list'
import type { Exchange } from './recording-transport'
import type { CheckResult } from './types'

type Kind = 'request' | 'uploadFile' | 'downloadFile'
const KINDS: readonly Kind[] = ['request', 'uploadFile', 'downloadFile']
const PLATFORMS = ['weapp', 'alipay', 'dd'] as const
type Platform = (typeof PLATFORMS)[number]

/** What a user typed into one console: per list, or one list for everything (Alipay, DingTalk). */
export type ConsoleDomains = Partial<Record<Platform, Partial<Record<Kind, string[]>>>>

export const CONSOLE_DOMAINS_FORMAT = `{"weapp": {"request": ["https://api.example.com", …], "uploadFile": […], "downloadFile": […]},
 "alipay": ["https://api.example.com", …], "dd": […]}   (a platform given as one list: one list for request, uploadFile and downloadFile)`

export class ConsoleDomainsError extends Error {}

const strings = (v: unknown, where: string): string[] => {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConsoleDomainsError(`${where}: expected a list of hosts`)
  return v as string[]
}

/** Parses the JSON the user gives (`--console-domains file` or DOCTOR_CONSOLE_DOMAINS, a path or the JSON itself). */
export function parseConsoleDomains(json: string): ConsoleDomains {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch (err) {
    throw new ConsoleDomainsError(`console domains are not JSON (${(err as Error).message}); expected ${CONSOLE_DOMAINS_FORMAT}`)
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConsoleDomainsError(`console domains: expected ${CONSOLE_DOMAINS_FORMAT}`)
  const out: ConsoleDomains = {}
  for (const [platform, lists] of Object.entries(raw as Record<string, unknown>)) {
    if (!(PLATFORMS as readonly string[]).includes(platform))
      throw new ConsoleDomainsError(`console domains: unknown platform "${platform}" (weapp, alipay or dd)`)
    if (Array.isArray(lists)) {
      const all = strings(lists, platform)
      out[platform as Platform] = { request: all, uploadFile: all, downloadFile: all }
      continue
    }
    if (!lists || typeof lists !== 'object')
      throw new ConsoleDomainsError(`${platform}: expected a list or {request, uploadFile, downloadFile}`)
    const byKind: Partial<Record<Kind, string[]>> = {}
    for (const [kind, hosts] of Object.entries(lists)) {
      if (!(KINDS as readonly string[]).includes(kind))
        throw new ConsoleDomainsError(`${platform}: unknown list "${kind}" (request, uploadFile or downloadFile)`)
      byKind[kind as Kind] = strings(hosts, `${platform}.${kind}`)
    }
    out[platform as Platform] = byKind
  }
  return out
}

/** The console domains from a file path or inline JSON (DOCTOR_CONSOLE_DOMAINS may be either). */
export function readConsoleDomains(source: string): ConsoleDomains {
  if (source.trim().startsWith('{')) return parseConsoleDomains(source)
  let text: string
  try {
    text = readFileSync(source, 'utf8')
  } catch (err) {
    throw new ConsoleDomainsError(`cannot read console domains file ${source}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  return parseConsoleDomains(text)
}

/** `https://Host.example.com/` → `https://host.example.com`; a bare host is taken as https, as the consoles do. */
function normalize(host: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(host.trim()) ? host.trim() : `https://${host.trim()}`
  try {
    return new URL(withScheme).origin
  } catch {
    return withScheme.toLowerCase()
  }
}

/**
 * Each platform's required hosts (what `npm run domains` prints) against what the user entered in
 * that console: one FAIL per list that lacks a host, naming every missing host and where to add it.
 */
export function checkConsoleDomains(required: PlatformAllowList[], entered: ConsoleDomains): CheckResult[] {
  const checks: CheckResult[] = []
  for (const p of required) {
    const given = entered[p.platform]
    if (!given) {
      checks.push({ id: `allow-list.${p.platform}`, status: 'skip', summary: `${p.name}: no console domains given for ${p.platform}` })
      continue
    }
    let missingAny = false
    for (const kind of KINDS) {
      const have = new Set((given[kind] ?? []).map(normalize))
      const missing = p[kind].filter((host) => !have.has(normalize(host)))
      if (missing.length === 0) continue
      missingAny = true
      checks.push({
        id: `allow-list.${p.platform}.${kind}`,
        status: 'fail',
        code: 'MissingAllowListHost',
        summary: `${p.name} ${kind} list lacks ${missing.join(', ')}`,
        fix: `Add ${missing.length === 1 ? 'it' : 'them'} at ${p.console}; until then the phone refuses the call (WeChat: "url not in domain list").`,
      })
    }
    if (!missingAny)
      checks.push({
        id: `allow-list.${p.platform}`,
        status: 'ok',
        summary: `${p.name}: every host the app calls is on the console's lists`,
      })
  }
  return checks
}

const LIST_OF: Record<Exchange['kind'], Kind> = { request: 'request', upload: 'uploadFile', download: 'downloadFile' }

/**
 * Every host the live run called (as a phone would) must be on the lists `npm run domains` prints:
 * a host missing there would be missing from every console that was set up from them.
 */
export function checkContactedHosts(required: PlatformAllowList, contacted: Exchange[]): CheckResult {
  const missing = new Map<string, Kind>()
  for (const x of contacted) {
    const host = normalize(x.url)
    const list = LIST_OF[x.kind]
    if (!required[list].map(normalize).includes(host)) missing.set(`${host} (${list})`, list)
  }
  if (missing.size === 0)
    return {
      id: 'allow-list.live',
      status: 'ok',
      summary: `every host the live run called is on the lists \`npm run domains\` prints (${contacted.length} requests)`,
    }
  return {
    id: 'allow-list.live',
    status: 'fail',
    code: 'MissingAllowListHost',
    summary: `the live run called ${[...missing.keys()].join(', ')}, which \`npm run domains\` does not list`,
    fix: 'A phone would be refused there: add the host to each console, and report it (the allow-list and the grant disagree).',
  }
}

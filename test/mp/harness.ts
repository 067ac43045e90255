/**
 * Shared set-up for the mini-program host tests: one emulator + backend on this suite's ports, the
 * three builds with those URLs baked in (cached in dist/<platform>-host), and a fixture photo.
 */
import sharp from 'sharp'
import { expect } from 'vitest'
import { acquireLock } from '../../scripts/file-lock'
import { buildLocal } from '../../scripts/local-build'
import { startStack, type Stack, type StackOptions } from '../../scripts/stack'
import type { AllowListCheck, Platform } from '../fakes/mini-program-globals'
import { launchMiniProgram, type LaunchOptions, type MiniProgramHost } from '../mp-host/host'
import { allowListsByPlatform } from '../../scripts/cli/allow-list'
import { makeCardPhoto, makePhonePhoto } from '../support/images'

/** Fixed (the builds bake the URLs in); `MP_HOST_PORTS=emulator,backend` moves them, e.g. beside another checkout's run. */
const [emulatorPort, backendPort] = (process.env.MP_HOST_PORTS ?? '29100,28787').split(',').map(Number)
export const PORTS = { emulator: emulatorPort, backend: backendPort }
/** All three; `MP_PLATFORMS=alipay,dd` runs (and builds) only those, for a quicker local run. */
export const PLATFORMS: Platform[] = (['weapp', 'alipay', 'dd'] as Platform[]).filter(
  (p) => !process.env.MP_PLATFORMS || process.env.MP_PLATFORMS.split(',').includes(p),
)

/** Where each platform's picker puts a photo, in that platform's path style. */
export const PHOTO_PATH: Record<Platform, string> = {
  weapp: 'wxfile://tmp_card_photo.jpg',
  alipay: 'https://resource/apmlcardphoto.image',
  dd: 'https://resource/apmlcardphoto.image',
}

export interface Suite {
  stack: Stack
  dirs: Record<Platform, string>
  photo: Uint8Array
  /** A ~1 MB photo (sensor noise does not compress), so an upload takes many progress steps. */
  bigPhoto: Uint8Array
  /** Over the APIs' 3 MB limit: the app must compress it on the device first. */
  hugePhoto: Uint8Array
  /** A 12 MP phone photo (4000×3000 JPEG, ~4 MB): over 3 MB and over segmentation's 1999 px. */
  phonePhoto: Uint8Array
}

export async function setUpSuite(
  log: (line: string) => void = () => {},
  stackOptions: Omit<StackOptions, 'emulatorPort' | 'backendPort'> = {},
): Promise<Suite> {
  // The ports are fixed (the builds bake the URLs in), so two test files using this harness in
  // parallel Vitest workers would collide: the second waits here until the first closes its stack.
  const releasePorts = await acquireLock(`mp-host-ports-${PORTS.emulator}-${PORTS.backend}`, { log })
  let stack: Stack
  try {
    stack = await startStack({ env: {}, ...stackOptions, emulatorPort: PORTS.emulator, backendPort: PORTS.backend })
  } catch (err) {
    releasePorts()
    throw err
  }
  const closeStack = stack.close
  stack.close = async () => {
    try {
      await closeStack()
    } finally {
      releasePorts()
    }
  }
  try {
    const env = { backendUrl: stack.backendUrl, emulatorUrl: stack.emulatorUrl }
    const dirs = {} as Record<Platform, string>
    // One at a time: each Taro build takes most of a CPU and ~0.7 GB.
    for (const p of PLATFORMS) dirs[p] = await buildLocal(p, `${p}-host`, env, log)
    const photo = new Uint8Array(await makeCardPhoto({ width: 1280, height: 840 }))
    const bigPhoto = new Uint8Array(
      await sharp({
        create: { width: 1280, height: 840, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
      })
        .composite([{ input: Buffer.from(photo), blend: 'overlay' }])
        .jpeg({ quality: 92 })
        .toBuffer(),
    )
    const hugePhoto = new Uint8Array(
      await sharp({
        create: { width: 2400, height: 1800, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
      })
        .jpeg({ quality: 100 })
        .toBuffer(),
    )
    if (hugePhoto.byteLength <= 3 * 1024 * 1024) throw new Error(`the huge fixture photo is only ${hugePhoto.byteLength} bytes`)
    const phonePhoto = new Uint8Array(await makePhonePhoto())
    return { stack, dirs, photo, bigPhoto, hugePhoto, phonePhoto }
  } catch (err) {
    await stack.close()
    throw err
  }
}

/**
 * The allow-lists `npm run domains` prints for this stack and build: the host enforces them, so a
 * host the generator forgets fails here as it would on a phone.
 */
export function stackAllowList(suite: Suite, platform: Platform): AllowListCheck {
  const list = allowListsByPlatform(suite.stack.config, { TARO_APP_BACKEND_URL: suite.stack.backendUrl }).find(
    (l) => l.platform === platform,
  )!
  return { request: list.request, uploadFile: list.uploadFile, downloadFile: list.downloadFile }
}

export function launch(
  suite: Suite,
  platform: Platform,
  user = `mp-${platform}-user`,
  extra: Pick<LaunchOptions, 'device' | 'allowList'> = {},
): Promise<MiniProgramHost> {
  return launchMiniProgram({
    dir: suite.dirs[platform],
    platform,
    user,
    mintLoginCode: (p, u) => suite.stack.emulator!.mintLoginCode(p, u),
    allowList: stackAllowList(suite, platform),
    ...extra,
  })
}

/** Opens a service page from the home page and queues the fixture photo for the picker. */
export async function openService(
  host: MiniProgramHost,
  suite: Suite,
  linkId: 'go-bank-card' | 'go-segment',
  photo = suite.photo,
): Promise<void> {
  host.tap(linkId)
  await host.waitFor(() => host.pages.length === 2 && host.find('choose-photo'), `the page behind #${linkId}`)
  host.pickPhoto(PHOTO_PATH[host.platform], photo)
}

/** What every run must end with: no script errors, no unimplemented API read, no foreign global touched. */
export function expectClean(host: MiniProgramHost): void {
  expect(host.errors.map((e) => String((e as Error)?.stack ?? e))).toEqual([])
  expect(host.missingApis).toEqual([])
  expect(host.wrongGlobalReads).toEqual([])
}

/** Upload percentages the user saw, in order, read from the page text after each render. */
export function uploadPercents(host: MiniProgramHost): number[] {
  const seen: number[] = []
  for (const { text } of host.history) {
    const m = /上传中 ?(\d+)%/.exec(text)
    if (m && Number(m[1]) !== seen[seen.length - 1]) seen.push(Number(m[1]))
  }
  return seen
}

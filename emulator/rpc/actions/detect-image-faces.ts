// IMM 2020-09-30 DetectImageFaces. IMM authorizes per project, so the RAM check runs here on
// `acs:imm:<region>:<account>:project/<ProjectName>` (the generic check only knows `…:*`). The
// image is read straight from the emulator's OSS (`SourceURI` oss://<bucket>/<key>), and one face
// box is derived from the image size: the middle 40 % × 50 % (left 30 %, top 20 %), rounded.
import sharp from 'sharp'
import { CredentialStore } from '../../credentials'
import { sniffImage } from '../../image/format'
import { RpcError, rpcErrors } from '../errors'
import { requireParam } from './required'
import type { RpcAction } from './types'

export const IMM_RAM_ACTION = 'imm:DetectImageFaces'

/** The emulated face box for an image of this size. */
export function emulatedFaceBox(width: number, height: number) {
  return { Left: Math.round(width * 0.3), Top: Math.round(height * 0.2), Width: Math.round(width * 0.4), Height: Math.round(height * 0.5) }
}

export const detectImageFaces: RpcAction = {
  action: 'DetectImageFaces',
  version: '2020-09-30',
  service: 'imm',
  async run({ state, credential, params, requestId }) {
    const o = state.options
    const project = requireParam(params, 'ProjectName')
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(project)) throw new RpcError(400, 'InvalidParameter.ProjectName', 'The ProjectName is invalid.')
    if (!CredentialStore.allows(credential, IMM_RAM_ACTION, `acs:imm:${o.region}:${o.accountId}:project/${project}`)) throw rpcErrors.forbiddenRam()
    const uri = requireParam(params, 'SourceURI')
    const m = /^oss:\/\/([a-z0-9-]+)\/(.+)$/.exec(uri)
    if (!m) throw new RpcError(400, 'InvalidParameter.SourceURI', 'SourceURI must be oss://<bucket>/<object>.')
    const obj = state.objects.hasBucket(m[1]) ? state.objects.get(m[1], m[2], state.clock.now()) : undefined
    if (!obj) throw new RpcError(404, 'ResourceNotFound', `The object ${uri} does not exist.`)
    const format = sniffImage(obj.body)
    if (!format || format === 'bmp') throw new RpcError(400, 'InvalidParameter.SourceURI', 'The object is not a supported image (JPEG, PNG, GIF).')
    let meta: { width?: number; height?: number }
    try {
      meta = await sharp(obj.body).metadata()
    } catch {
      throw new RpcError(400, 'InvalidParameter.SourceURI', 'The image cannot be decoded.')
    }
    const width = meta.width ?? 0
    const height = meta.height ?? 0
    return {
      RequestId: requestId,
      Faces: [
        {
          Boundary: emulatedFaceBox(width, height),
          Age: 30,
          Gender: 'female',
          FaceConfidence: 0.99,
          GenderConfidence: 0.9,
          Mouth: 'close',
          Beard: 'none',
          Mask: 'none',
          Glasses: 'none',
          HeadPose: { Pitch: 0, Roll: 0, Yaw: 0 },
          FaceQuality: 0.9,
        },
      ],
      // Not in the real answer: says the box comes from the image size, not from a face.
      Emulated: true,
    }
  },
}

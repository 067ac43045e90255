// IMM 2020-09-30 DetectImageFaces. IMM authorizes per project, so the RAM check runs here on
// `acs:imm:<region>:<account>:project/<ProjectName>` (the generic check only knows `…:*`). The
// image is read straight from the emulator's OSS (`SourceURI` oss://<bucket>/<key>), and one face
// box is derived from the image size: the middle 40 % × 50 % (left 30 %, top 20 %), rounded.
import { CredentialStore } from '../../credentials'
import { RpcError, rpcErrors } from '../errors'
import { checkImage, type InputImageRules } from '../image-source'
import { requireParam } from './required'
import type { RpcAction } from './types'

/**
 * Input rules, UNVERIFIED for this API: its page links a "Limits on images" page we could not read.
 * JPEG/PNG/GIF as before (the earlier IMM version documents JPG, PNG, BMP, GIF's first frame:
 * https://help.aliyun.com/en/imm/user-guide/overview-2); 20 MB, sides ≤ 30,000 px and ≤ 250 million
 * pixels are IMM's bounds for OSS-hosted images in its image-processing pages. Refusals use IMM's
 * documented code pattern `InvalidParameter.<Parameter>` (IMM error handling,
 * http://help.aliyun.com/document_detail/91593.html), here `InvalidParameter.SourceURI`.
 */
export const FACES_INPUT: InputImageRules = {
  formats: ['jpeg', 'png', 'gif'],
  maxBytes: 20 * 1024 * 1024,
  maxWidth: 30_000,
  maxHeight: 30_000,
  maxPixels: 250_000_000,
}

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
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(project))
      throw new RpcError(400, 'InvalidParameter.ProjectName', 'The ProjectName is invalid.')
    if (!CredentialStore.allows(credential, IMM_RAM_ACTION, `acs:imm:${o.region}:${o.accountId}:project/${project}`))
      throw rpcErrors.forbiddenRam()
    const uri = requireParam(params, 'SourceURI')
    const m = /^oss:\/\/([a-z0-9-]+)\/(.+)$/.exec(uri)
    if (!m) throw new RpcError(400, 'InvalidParameter.SourceURI', 'SourceURI must be oss://<bucket>/<object>.')
    const obj = state.objects.hasBucket(m[1]) ? state.objects.get(m[1], m[2], state.clock.now()) : undefined
    if (!obj) throw new RpcError(404, 'ResourceNotFound', `The object ${uri} does not exist.`)
    let width: number
    let height: number
    try {
      ;({ width, height } = checkImage(obj.body, FACES_INPUT, FACES_INPUT.maxBytes!))
    } catch (err) {
      if (err instanceof RpcError)
        throw new RpcError(400, 'InvalidParameter.SourceURI', `The object is not a supported image: ${err.message}`)
      throw err
    }
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

// In-memory object store for the emulated OSS buckets and the SegmentCommonImage results.
import { createHash } from 'node:crypto'

export interface StoredObject {
  body: Buffer
  contentType: string
  etag: string
  lastModified: number
  expiresAt?: number
}

export function ossEtag(body: Buffer): string {
  // OSS ETag of a simple upload is the uppercase hex MD5, quoted.
  return `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`
}

export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>()

  constructor(bucketNames: string[]) {
    for (const b of bucketNames) this.buckets.set(b, new Map())
  }

  hasBucket(bucket: string): boolean {
    return this.buckets.has(bucket)
  }

  put(bucket: string, key: string, body: Buffer, contentType: string, now: number, ttlMs?: number): StoredObject {
    const b = this.buckets.get(bucket)
    if (!b) throw new Error(`no bucket ${bucket}`)
    const obj: StoredObject = {
      body,
      contentType,
      etag: ossEtag(body),
      lastModified: now,
      expiresAt: ttlMs ? now + ttlMs : undefined,
    }
    b.set(key, obj)
    return obj
  }

  get(bucket: string, key: string, now: number): StoredObject | undefined {
    const obj = this.buckets.get(bucket)?.get(key)
    if (obj?.expiresAt !== undefined && obj.expiresAt <= now) {
      this.buckets.get(bucket)?.delete(key)
      return undefined
    }
    return obj
  }

  keys(bucket: string): string[] {
    return [...(this.buckets.get(bucket)?.keys() ?? [])]
  }

  count(): number {
    let n = 0
    for (const b of this.buckets.values()) n += b.size
    return n
  }

  clear(): void {
    for (const b of this.buckets.values()) b.clear()
  }
}

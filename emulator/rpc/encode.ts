// RFC 3986 percent-encoding as Alibaba Cloud's RPC signatures use it: unreserved A-Z a-z 0-9 - _ . ~
// kept, everything else %XX in uppercase (so space → %20, `*` → %2A, `+` → %2B, `~` kept).
// Written here independently of src/lib so a client bug cannot be mirrored by the verifier.

export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** `k=v&k=v` of the params sorted by (raw) key, each side percent-encoded. */
export function canonicalQuery(params: Record<string, string>, exclude: string[] = []): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k))
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&')
}

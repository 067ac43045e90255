/**
 * RFC 3986 percent-encoding as Alibaba Cloud signs it: unreserved characters `A-Z a-z 0-9 - _ . ~`
 * stay, everything else (UTF-8 bytes) becomes `%XX` in upper case; so space → `%20` (never `+`),
 * `*` → `%2A`, `~` stays.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

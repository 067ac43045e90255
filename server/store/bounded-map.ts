/**
 * Sets `key` as the newest entry of `map`, first dropping the oldest entry when the map already
 * holds `maxEntries`. A Map keeps insertion order, so this bounds an in-memory cache without a
 * separate index: re-setting a key moves it to the end.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, maxEntries: number): void {
  map.delete(key)
  if (map.size >= maxEntries) {
    const oldest = map.keys().next()
    if (!oldest.done) map.delete(oldest.value)
  }
  map.set(key, value)
}

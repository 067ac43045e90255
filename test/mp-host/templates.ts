/**
 * Which node kinds listen for taps, read from the build's own base template (`base.wxml` /
 * `base.axml`): Taro renders every node kind `nn` with `<template name="tmpl_0_<nn>">`, and only
 * the kinds whose element carries `bindtap="eh"` (WeChat) / `onTap="eh"` (Alipay, DingTalk) call
 * the page's event handler when tapped. Static views and texts do not.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export function tappableNodeKinds(dir: string): Set<string> {
  const file = ['base.wxml', 'base.axml'].map((f) => path.join(dir, f)).find((f) => existsSync(f))
  if (!file) throw new Error(`mp-host: no base.wxml/base.axml in ${dir}`)
  const source = readFileSync(file, 'utf8')
  const kinds = new Set<string>()
  for (const m of source.matchAll(/<template name="tmpl_0_([^"]+)">\s*<[a-z-]+([^>]*)>/g)) {
    if (/\b(bindtap|catchtap|onTap|catchTap)="eh"/.test(m[2])) kinds.add(m[1])
  }
  if (kinds.size === 0) throw new Error(`mp-host: found no tappable node kinds in ${file}`)
  return kinds
}

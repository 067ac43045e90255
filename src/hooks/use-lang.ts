import { useEffect, useState } from 'react'
import { currentLang, setLang, t, type Lang, type StringKey } from '../i18n/strings'

/** `<html lang>` for each UI language: screen readers pick their voice by it (WCAG 2 3.1.1). */
const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' }

/** The UI language with a toggle; Chinese by default. */
export function useLang() {
  const [lang, setState] = useState<Lang>(currentLang())
  useEffect(() => {
    // H5 only: src/index.html starts as zh-CN; a mini program has no document.
    if (process.env.TARO_ENV === 'h5') document.documentElement.lang = HTML_LANG[lang]
  }, [lang])
  return {
    lang,
    t: (key: StringKey) => t(key, lang),
    toggle: () => {
      const next = lang === 'zh' ? 'en' : 'zh'
      setLang(next)
      setState(next)
    },
  }
}

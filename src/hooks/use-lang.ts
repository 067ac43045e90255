import { useState } from 'react'
import { currentLang, setLang, t, type Lang, type StringKey } from '../i18n/strings'

/** The UI language with a toggle; Chinese by default. */
export function useLang() {
  const [lang, setState] = useState<Lang>(currentLang())
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

/**
 * @module Detects duplicate member names in JSON text, at any depth. Pure, linear.
 *
 * RFC 8259 §4 leaves duplicate names' meaning to the parser: JSON.parse keeps the last, many
 * origins keep the first. A screen that reads one copy while the origin acts on the other is a
 * classic parser-differential bypass, so bodies (and JWT claim sets, RFC 7519 §4) with duplicate
 * names are refused instead of guessed at.
 */
export function hasDuplicateKeys(json: string, topLevelOnly = false): boolean {
  const stack: Array<Set<string> | null> = []
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (c === 0x22 /* " */) {
      let j = i + 1
      let escaped = false
      while (j < json.length && json.charCodeAt(j) !== 0x22) {
        if (json.charCodeAt(j) === 0x5c) {
          escaped = true
          j++
        }
        j++
      }
      const keys = stack[stack.length - 1]
      if (keys && (!topLevelOnly || stack.length === 1)) {
        let k = j + 1
        while (k < json.length && (json[k] === ' ' || json[k] === '\n' || json[k] === '\r' || json[k] === '\t')) k++
        if (json[k] === ':') {
          let name = json.slice(i + 1, j)
          if (escaped) {
            try {
              name = JSON.parse(json.slice(i, j + 1)) as string
            } catch {
              return false // malformed: JSON.parse will reject the whole text
            }
          }
          if (keys.has(name)) return true
          keys.add(name)
        }
      }
      i = j
    } else if (c === 0x7b /* { */) stack.push(new Set())
    else if (c === 0x5b /* [ */) stack.push(null)
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop()
  }
  return false
}

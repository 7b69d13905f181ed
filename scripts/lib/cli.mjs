/**
 * @module The one argument parser every script uses (node:util parseArgs, strict): `--help` prints
 * usage and an example and exits 0; an unknown or malformed flag prints one line and exits 2,
 * never a stack trace.
 */
import { parseArgs } from 'node:util'

/**
 * @param {{ name: string, usage: string, about?: string, example: string, options?: import('node:util').ParseArgsConfig['options'], allowPositionals?: boolean, argv?: string[] }} spec
 * @returns {{ values: Record<string, any>, positionals: string[] }}
 */
export function parseCli(spec) {
  const argv = spec.argv ?? process.argv.slice(2)
  if (argv.includes('--help') || argv.includes('-h')) {
    const lines = [`Usage: ${spec.usage}`]
    if (spec.about) lines.push('', spec.about)
    const opts = Object.entries(spec.options ?? {})
    if (opts.length > 0) lines.push('', 'Options:', ...opts.map(([k, o]) => `  --${k}${o.type === 'string' ? ' VALUE' : ''}${o.multiple ? ' (repeatable)' : ''}`))
    lines.push('', 'Example:', `  ${spec.example}`)
    process.stdout.write(lines.join('\n') + '\n')
    process.exit(0)
  }
  try {
    return parseArgs({ args: argv, options: spec.options ?? {}, allowPositionals: spec.allowPositionals ?? false, strict: true })
  } catch (error) {
    fail(spec.name, error instanceof Error ? error.message.split('\n')[0] : String(error))
  }
}

/** One line on stderr, exit 2: the contract for a bad invocation. */
export function fail(name, message) {
  process.stderr.write(`${name}: ${message} (see --help)\n`)
  process.exit(2)
}

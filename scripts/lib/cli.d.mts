/** Types for cli.mjs (the scripts' shared argument parser). */
import type { ParseArgsConfig } from 'node:util'
export function parseCli(spec: { name: string; usage: string; about?: string; example: string; options?: ParseArgsConfig['options']; allowPositionals?: boolean; argv?: string[] }): { values: Record<string, any>; positionals: string[] }
export function fail(name: string, message: string): never

/** @module The media type and charset of a Content-Type value (RFC 9110 §8.3), lowercased. Pure. */
export function mediaType(contentType: string | null | undefined): { type: string; charset: string | undefined } {
  const [type = '', ...params] = (contentType ?? '').split(';')
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '')
  return { type: type.trim().toLowerCase(), charset }
}

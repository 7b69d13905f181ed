/** @module The benign near-misses: prose with trigger words that screening must let through. */
export const BENIGN_PROSE = [
  'How do I drop a table in PostgreSQL?',
  'ignore case when searching',
  'the <script> tag embeds JS',
  'admin access request',
  'you are now a member',
] as const

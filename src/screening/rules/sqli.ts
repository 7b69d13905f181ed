/** @module SQL injection rules (SQLI-*), read on the plain view (decoded, lower-case): tautologies, UNION, stacked queries, comments, blind probes. */
import type { Rule } from '../types'
import { any, rule } from './define'

// SQL whitespace as attackers write it: spaces, "+" from form encoding, and inline comments.
const S = `(?:[\\s+]|/\\*[^*]{0,40}\\*/)`
const Q = `['"\`]`

export const SQLI_RULES: readonly Rule[] = [
  rule('SQLI-001', 'sqli', 0.85, 'plain',
    'Tautology after a closed literal or number: \' or 1=1, " or ""=", \') or (\'a\'=\'a, 1 or true.',
    `(?:${Q}|\\d|\\))${S}{0,5}\\)?${S}{0,5}(?:or|and|xor|\\|\\||&&|having|where)(?:${S}{1,5}|(?=[\\d'"(]))\\(?${S}{0,3}(?:${Q}[^'"\\n]{0,20}${Q}|[\\w@.]{1,20})${S}{0,3}\\)?${S}{0,3}(?:=|<>|!=|<=?|>=?|\\blike\\b|\\bis\\b|\\bin\\b|\\bbetween\\b|\\brlike\\b|\\bregexp\\b|\\bsounds\\s{1,3}like\\b)${S}{0,3}\\(?${S}{0,3}(?:${Q}|\\d|\\bnull\\b|\\btrue\\b|\\bfalse\\b|\\(|select\\b|@)`),
  rule('SQLI-002', 'sqli', 0.9, 'plain',
    'UNION-based extraction: UNION SELECT, UNION ALL SELECT, with comment or "+" obfuscation.',
    `\\bunion${S}{1,10}(?:all${S}{1,10}|distinct${S}{1,10})?\\(?${S}{0,5}select(?:\\b|(?=char|concat|case|if|null|\\d))`),
  rule('SQLI-003', 'sqli', 0.85, 'plain',
    'Stacked queries: "; DROP TABLE", "; shutdown", "; exec xp_cmdshell", "; waitfor delay", after a literal or number.',
    `(?:${Q}|\\d|\\)|^|\\bend)${S}{0,5}\\)?${S}{0,3};${S}{0,5}(?:drop${S}{1,5}(?:table|database|schema|user|view)|delete${S}{1,5}from|insert${S}{1,5}into|update${S}{1,5}[\\w\`"\\[\\].]{1,64}${S}{1,5}set\\b|alter${S}{1,5}(?:table|user|database)|create${S}{1,5}(?:table|user|database|function|procedure)|truncate\\b|exec(?:ute)?\\b|declare\\b|shutdown\\b|select\\b|grant\\b|revoke\\b|set\\b|waitfor\\b|if\\b|begin\\b|call\\b|load_file|copy\\b|merge\\b|use\\b|backup\\b|--|#|/\\*)`),
  rule('SQLI-004', 'sqli', 0.7, 'plain',
    'Closing a literal and commenting out the rest: admin\'--, \') #, "/*, and MySQL version comments /*!50000….',
    `(?:${Q}\\s?\\)?\\s?(?:--[\\s+-]|--$|#$|/\\*|;\\s{0,5}--|;\\s{0,3}%00|%00)|/\\*!\\d{0,6}|\\w/\\*[^*]{0,40}\\*/\\w)`),
  rule('SQLI-005', 'sqli', 0.75, 'plain',
    'Blind and error-based probes: SLEEP(), BENCHMARK(), pg_sleep, WAITFOR DELAY, extractvalue/updatexml, utl_inaddr, load_file, xp_cmdshell.',
    `(?:(?:^|[^a-z0-9_.])(?:sleep|benchmark|pg_sleep|randomblob|extractvalue|updatexml|load_file|utl_inaddr\\.\\w{1,40}|utl_http\\.\\w{1,40}|dbms_\\w{1,40}|sys_context|ctxsys\\.\\w{1,40}|xp_\\w{2,30}|sp_executesql|sp_password|group_concat|concat_ws|make_set|name_const|gtid_subset|json_keys|geometrycollection|multipoint|multilinestring|iif|current_setting|pg_read_file|pg_ls_dir|pg_read_binary_file|lo_import|lo_export|dblink|openrowset|opendatasource)${S}{0,3}\\(|\\b(?:xp_cmdshell|sp_password|sp_executesql|sp_oacreate|sp_makewebtask|master\\.\\.\\w{1,40})\\b|(?:^|[^a-z0-9_.])(?:char|chr|nchar|ascii|substring|substr|mid|hex|unhex|md5|sha1|convert|cast|ifnull|isnull|nvl|coalesce|count|length|len|lower|upper|exp|elt|if|concat)${S}{0,3}\\(${S}{0,3}\\(?${S}{0,3}select\\b|\\b(?:version|user|database|schema|current_user|system_user|session_user|connection_id|last_insert_id|row_count|found_rows)\\(\\)|\\bwaitfor${S}{1,5}(?:delay|time)\\b|@@(?:version|datadir|hostname|servername|basedir|tmpdir|identity)|\\binformation_schema\\b|\\b(?:sysobjects|syscolumns|sysusers|sys\\.objects|sys\\.tables|all_tables|user_tables|mysql\\.user|pg_catalog|pg_shadow|sqlite_master|msysobjects|from${S}{1,3}dual)\\b)`),
  rule('SQLI-006', 'sqli', 0.6, 'plain',
    'SQL statement shapes rarely found in prose: SELECT … FROM with columns/*, INSERT INTO … VALUES, DROP TABLE name, ORDER BY n, EXEC(…).',
    `(?:\\bselect${S}{1,5}(?:\\*|[\\w.@\`"\\[\\]]{1,64}${S}{0,3},|count\\s{0,2}\\(|null\\b|top${S}{1,3}\\d|case${S}{1,3}when|if\\s{0,2}\\(|\\d{1,6}${S}{0,3}(?:,|from\\b|$|--|#))|\\binsert${S}{1,5}into${S}{1,5}[\\w\`"\\[\\].]{1,64}${S}{0,5}(?:\\(|values\\b|select\\b)|\\b(?:drop|truncate)${S}{1,5}(?:table|database|schema)${S}{1,5}(?:if${S}{1,3}exists${S}{1,3})?[\\w\`"\\[\\].]{1,64}|\\b(?:order|group)${S}{1,5}by${S}{1,5}\\d{1,4}\\b|\\bexec(?:ute)?${S}{0,5}(?:\\(|master\\.|xp_|sp_|@)|\\bhaving${S}{1,5}\\d{1,6}${S}{0,3}=|\\bcase${S}{1,5}when\\b[^;]{0,100}\\bthen\\b|\\bdeclare${S}{1,5}@|\\bset${S}{1,5}@\\w{1,40}${S}{0,3}=|\\bbulk${S}{1,5}insert\\b|\\binto${S}{1,5}(?:out|dump)file\\b)`),
  rule('SQLI-007', 'sqli', 0.55, 'plain',
    'A field that starts by closing a literal and continuing with SQL: \' and …, ") union …, \'; …, 1\' or ….',
    `^${S}{0,5}[\\w.-]{0,30}${Q}{1,2}${S}{0,5}\\)*${S}{0,5}(?:and|or|union|select|;|order|group|having|waitfor|exec|procedure|limit|\\|\\||\\+|=|-|where|into|like|not|div|xor|rlike|regexp)\\b`),
  rule('SQLI-008', 'sqli', 0.45, 'plain',
    'Encoded SQL literals: CHAR(83,69,76…), 0x-encoded strings, CONCAT of CHAR() pieces.',
    `\\b(?:char|chr|nchar)\\s{0,2}\\(\\s{0,2}\\d{1,3}(?:\\s{0,2}[,+|]\\s{0,2}(?:char\\s{0,2}\\(\\s{0,2})?\\d{1,3}\\)?){1,}|\\b0x[0-9a-f]{6,}\\b`),
  rule('SQLI-009', 'sqli', 0.8, 'plain',
    'A field that IS an SQL continuation: starts with OR/AND/HAVING and a comparison, ORDER BY n, or ends in a comment: " OR 1=0-- ", " ORDER BY 6#", "or true--".',
    `^${S}{0,5}[)'"\`]{0,4}${S}{0,5}(?:(?:or|and|having|xor|where|\\|\\||&&)${S}{1,5}\\(?${S}{0,3}(?:[\\w@.]{1,30}|'[^'\\n]{0,20}'|"[^"\\n]{0,20}")${S}{0,5}\\)?${S}{0,3}(?:=|<>|!=|<=?|>=?|--|#|/\\*|;|$|\\blike\\b|\\bis\\b|\\bin\\b|\\bbetween\\b)|(?:order|group)${S}{1,5}by${S}{1,5}\\d{1,4}${S}{0,5}(?:--|#|/\\*|;|$))`),
  rule('SQLI-010', 'sqli', 0.8, 'plain',
    'Closed literal followed by a boolean operator and a constant, then a comment or the end: \' or 1 -- -, ") or true#.',
    `(?:${Q}|\\))${S}{0,5}(?:or|and|\\|\\||&&)${S}{1,5}(?:\\d{1,10}|true|false|null|not${S}{1,3}\\w{1,10})${S}{0,5}(?:--|#|/\\*|;|$)`),
]

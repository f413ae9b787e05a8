-- The order-line value rules of ecomflow (docs/cleaning.md) as DuckDB macros, written for speed: every rule has a
-- fast path of plain casts for the canonical text almost every value is, and an exact RE2 path for the rest.
-- DuckDB's CASE evaluates a branch only for the rows that take it, so the regular expressions run on the few
-- values that need them. The character classes are JavaScript's \s (Unicode White_Space plus U+FEFF), as the rules
-- use it:  WS = \t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}
-- (held equal to src/transforms on random texts by test/bench/duckdb-rules.test.ts).

-- text.trim: ends (whitespace, U+200B, U+2060) cut, inner whitespace runs → one space, empty → NULL. The guard is
-- the rule's own "needs work" test: an edge character, a whitespace other than a space, or two spaces in a row.
CREATE OR REPLACE MACRO tidy(s) AS CASE
  WHEN s = '' THEN NULL
  WHEN regexp_matches(s,
    '^[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}\x{200B}\x{2060}]|[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}\x{200B}\x{2060}]$|[\t\n\x{0B}\f\r\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]|  ')
  THEN nullif(regexp_replace(regexp_replace(s,
    '^[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}\x{200B}\x{2060}]+|[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}\x{200B}\x{2060}]+$',
    '', 'g'), '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+', ' ', 'g'), '')
  ELSE s
END;

-- True when s is empty or only whitespace (String.prototype.trim would leave '').
CREATE OR REPLACE MACRO blank(s) AS s = '' OR regexp_full_match(s,
  '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*');

-- Integer text within ±(2^53 - 1): `7`, ` +7 `, `7.`, `7.000`; NULL otherwise. Fast path: the text is the
-- canonical form of the BIGINT it casts to (DuckDB's cast alone is laxer: `7.5` → 8, `1e3`, `1_000`, `0x10`).
CREATE OR REPLACE MACRO int_exact(s) AS CASE
  WHEN regexp_full_match(s,
    '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*[+-]?[0-9]+(?:\.0*)?[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*')
  THEN TRY_CAST(regexp_extract(s, '[+-]?[0-9]+') AS BIGINT)
END;
CREATE OR REPLACE MACRO int_within(v) AS CASE WHEN abs(v) <= 9007199254740991 THEN v END;
CREATE OR REPLACE MACRO int_text(s) AS int_within(CASE
  WHEN CAST(TRY_CAST(s AS BIGINT) AS VARCHAR) = s THEN TRY_CAST(s AS BIGINT)
  ELSE int_exact(s)
END);

-- Decimal text syntax of the rules: [ws] [sign] digits [. digits] | . digits, [e|E [sign] digits] [ws]. On text of
-- that syntax DuckDB's VARCHAR → DECIMAL cast is exact and rounds half away from zero at the first dropped digit,
-- as the rules do; elsewhere it is laxer (`1_000`, inner spaces), hence the check. Fast path: plain `-12.34`.
CREATE OR REPLACE MACRO decimal_syntax(s) AS regexp_full_match(s,
  '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*');
CREATE OR REPLACE MACRO js_trim(s) AS regexp_replace(s,
  '^[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$',
  '', 'g');
CREATE OR REPLACE MACRO plain_decimal(s) AS regexp_full_match(s, '-?[0-9]+(?:\.[0-9]+)?');
-- `plain` is plain_decimal(s), passed in where the caller needs it twice.
CREATE OR REPLACE MACRO dec2_of(s, plain) AS CASE
  WHEN plain THEN TRY_CAST(s AS DECIMAL(18, 2))
  WHEN decimal_syntax(s) THEN TRY_CAST(js_trim(s) AS DECIMAL(18, 2))
END;
CREATE OR REPLACE MACRO dec2(s) AS dec2_of(s, plain_decimal(s));
CREATE OR REPLACE MACRO dec4(s) AS CASE
  WHEN plain_decimal(s) THEN TRY_CAST(s AS DECIMAL(18, 4))
  WHEN decimal_syntax(s) THEN TRY_CAST(js_trim(s) AS DECIMAL(18, 4))
END;

-- profit.round_2dp counts texts with a non-zero digit past 2 places of a point (not in exponent form); `plain`
-- says the text is plain_decimal, where the digits after the point are all there is.
CREATE OR REPLACE MACRO beyond_2dp(s, plain) AS CASE
  WHEN strpos(s, '.') = 0 OR length(s) - strpos(s, '.') <= 2 THEN false
  WHEN plain THEN rtrim(substr(s, strpos(s, '.') + 3), '0') <> ''
  ELSE regexp_matches(substr(s, strpos(s, '.') + 3), '[1-9]') AND NOT regexp_matches(s, '[eE]')
END;

-- Lenient prices (price.stray_characters), for text that is not a number as it stands: quotes, % $ € £ and
-- whitespace cut off both ends; a sign standing before a stray symbol kept; well-formed thousands commas dropped.
-- `stray_text` is what is left to parse, NULL when only whitespace was removed or the commas are malformed.
CREATE OR REPLACE MACRO stray_parts(s) AS regexp_extract(s,
  '(?s)^([%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*)(.*?)([%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*)$',
  ['pre', 'core', 'suf']);
CREATE OR REPLACE MACRO has_stray(s) AS regexp_matches(s, '[%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}]');
CREATE OR REPLACE MACRO stray_signed(p) AS CASE
  WHEN regexp_matches(p.core, '^[+-][%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}]')
  THEN {'sgn': left(p.core, 1), 'core': regexp_replace(substr(p.core, 2), '^[%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+', ''), 'removed': true}
  ELSE {'sgn': '', 'core': p.core, 'removed': has_stray(p.pre) OR has_stray(p.suf)}
END;
CREATE OR REPLACE MACRO stray_text(u) AS CASE
  WHEN contains(u.core, ',') THEN CASE
    WHEN regexp_full_match(regexp_extract(u.core, '^[+-]?([^.eE]*)', 1), '[0-9]{1,3}(?:,[0-9]{3})+')
    THEN u.sgn || regexp_extract(u.core, '^[+-]?') || replace(regexp_extract(u.core, '^[+-]?([^.eE]*)', 1), ',', '')
      || regexp_extract(u.core, '(?s)^[+-]?[^.eE]*(.*)$', 1)
  END
  WHEN u.removed THEN u.sgn || u.core
END;
CREATE OR REPLACE MACRO price_stripped(s) AS stray_text(stray_signed(stray_parts(s)));

-- d/m/yyyy (1–2 digit day and month) or yyyy-mm-dd, surrounding whitespace allowed, year 1000–9999, a day that
-- exists. Fast path: strptime's d/m/yyyy (it checks the day exists); where it reads a date the rules read the same.
CREATE OR REPLACE MACRO date_of(t) AS CASE WHEN year(t) >= 1000 THEN CAST(t AS DATE) END;
CREATE OR REPLACE MACRO date_exact(s) AS CASE
  WHEN regexp_full_match(s, '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*')
  THEN date_of(try_strptime(js_trim(s), '%d/%m/%Y'))
  WHEN regexp_full_match(s, '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*[0-9]{4}-[0-9]{2}-[0-9]{2}[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*')
  THEN date_of(try_strptime(js_trim(s), '%Y-%m-%d'))
END;
CREATE OR REPLACE MACRO date_text(s) AS coalesce(date_of(try_strptime(s, '%d/%m/%Y')), date_exact(s));

-- ── Customer value rules: a fast path for the clean shape most values have, else the reference macros of
-- test/reference/rules.sql (loaded first), which spell out each rule in full.
-- name.clean: ASCII letters and single spaces are already clean.
CREATE OR REPLACE MACRO name_fast(s) AS CASE
  WHEN regexp_full_match(s, '[A-Za-z]+(?: [A-Za-z]+)*') THEN s
  ELSE clean_name(s)
END;
-- phone.normalise: the spellings the export uses (+1 / 001 / 1 prefix, 3-3-4 digits, (AAA), an `x` extension).
CREATE OR REPLACE MACRO phone_parts(s) AS regexp_extract(s,
  '^(?:(?:\+|00)?1[ .\-]?)?(?:\(([0-9]{3})\)[ .\-]?|([0-9]{3})[ .\-]?)([0-9]{3})[ .\-]?([0-9]{4})(?:x([0-9]{1,10}))?$',
  ['a1', 'a2', 'ex', 'ln', 'ext']);
CREATE OR REPLACE MACRO phone_fast(s) AS CASE
  WHEN regexp_full_match(s,
    '(?:(?:\+|00)?1[ .\-]?)?(?:\([0-9]{3}\)[ .\-]?|[0-9]{3}[ .\-]?)[0-9]{3}[ .\-]?[0-9]{4}(?:x[0-9]{1,10})?')
  THEN phone_from_parts(phone_parts(s), nullif(phone_parts(s).ext, ''))
  ELSE normalise_phone(s)
END;
-- email.validate: a lower-case one-label domain with a plain local part is valid as written.
CREATE OR REPLACE MACRO email_fast(s) AS CASE
  WHEN regexp_full_match(s, '[A-Za-z0-9._+-]{1,64}@[a-z0-9]{1,63}\.[a-z]{2,63}') THEN s
  ELSE validate_email(s)
END;
-- postal_code.normalise: 1–5 digits are padded to 5 (all zeros: no ZIP).
CREATE OR REPLACE MACRO postal_fast(s) AS CASE
  WHEN regexp_full_match(s, '[0-9]{1,5}') THEN CASE WHEN ltrim(s, '0') = '' THEN NULL ELSE lpad(s, 5, '0') END
  ELSE normalise_postal(s)
END;

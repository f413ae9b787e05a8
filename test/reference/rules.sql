-- Reference implementation, part 1: the documented value rules as DuckDB macros (RE2 regexes, DuckDB decimals).
-- Written from the rules' documentation, independently of src/transforms; used by reference-pipeline.sql.
--
-- Character classes spelled out once here and pasted into the patterns below (RE2's \s is ASCII-only, while the
-- rules use JavaScript's \s and String.prototype.trim, i.e. Unicode White_Space plus U+FEFF):
--   WS    = \t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}
--   J     = \-\x{2010}\x{2011}'\x{2019}   (name joiners: hyphens and apostrophes; ' doubled inside SQL strings)
--   STRAY = %$€£"'\x{2018}\x{2019}\x{201C}\x{201D}   (characters a price may carry around its number)
--
-- Known limits of the mirror (every column is still compared in full; none of these shows up in the test data):
--   * \p{L} / \p{M} and NFC come from RE2 / utf8proc here and from V8's ICU in the pipeline; characters assigned in
--     a newer Unicode version than one side knows may be classified differently.
--   * The email local-part limit counts UTF-16 units, as the rule does (see utf16_length).
--   * "File order" is taken to be source_row order.

-- Surrounding whitespace removed, as String.prototype.trim does.
CREATE OR REPLACE MACRO js_trim(s) AS regexp_replace(s,
  '^[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$',
  '', 'g');

-- text.trim: whitespace (plus zero-width space U+200B and word joiner U+2060) cut at both ends, inner whitespace
-- runs collapsed to one space; empty → NULL.
CREATE OR REPLACE MACRO trim_rule(s) AS nullif(regexp_replace(
  regexp_replace(s,
    '^[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}\x{200B}\x{2060}]+|[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}\x{200B}\x{2060}]+$',
    '', 'g'),
  '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+', ' ', 'g'), '');

-- name.clean, step 1: NFC, drop everything but letters, marks, whitespace and joiners, split into words; in each
-- word drop marks with no letter before them, keep the first of a joiner run, cut joiners at the word's ends.
CREATE OR REPLACE MACRO name_words(s) AS list_filter(
  list_transform(
    string_split_regex(
      regexp_replace(nfc_normalize(s),
        '[^\p{L}\p{M}\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}\-\x{2010}\x{2011}''\x{2019}]+',
        '', 'g'),
      '[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+'),
    w -> regexp_replace(
      regexp_replace(
        regexp_replace(w, '(^|[\-\x{2010}\x{2011}''\x{2019}])\p{M}+', '\1', 'g'),
        '([\-\x{2010}\x{2011}''\x{2019}])[\-\x{2010}\x{2011}''\x{2019}]+', '\1', 'g'),
      '^[\-\x{2010}\x{2011}''\x{2019}]+|[\-\x{2010}\x{2011}''\x{2019}]+$', '', 'g')),
  w -> w <> '');

-- A name only when it holds a letter.
CREATE OR REPLACE MACRO with_letter(n) AS CASE WHEN regexp_matches(n, '\p{L}') THEN n END;

-- name.clean: the words joined by one space, NFC again (a dropped symbol may have freed a mark); NULL when no letter.
CREATE OR REPLACE MACRO clean_name(s) AS with_letter(nfc_normalize(array_to_string(name_words(s), ' ')));

-- phone.normalise, the extension: marker x / ext / ext. / extension (any case), optional spaces . : then 1–10 digits.
-- `.` of the rule's JavaScript regex does not match line terminators, hence the explicit class in group 1.
CREATE OR REPLACE MACRO phone_has_ext(t) AS regexp_matches(t,
  '^([^\n\r\x{2028}\x{2029}]*?)[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:[xX]|[eE][xX][tT]\.?|[eE][xX][tT][eE][nN][sS][iI][oO][nN])[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}.:]*([0-9]{1,10})$');
CREATE OR REPLACE MACRO phone_ext_group(t, g) AS regexp_extract(t,
  '^([^\n\r\x{2028}\x{2029}]*?)[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*(?:[xX]|[eE][xX][tT]\.?|[eE][xX][tT][eE][nN][sS][iI][oO][nN])[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}.:]*([0-9]{1,10})$',
  g);

-- phone.normalise, the number: optional +1 / 001 / 1 prefix, then 3-3-4 digits, the area code maybe in parentheses.
CREATE OR REPLACE MACRO phone_from_parts(p, ext) AS
  '+1-' || coalesce(nullif(p.a1, ''), p.a2) || '-' || p.ex || '-' || p.ln || coalesce(' x' || ext, '');
CREATE OR REPLACE MACRO phone_number_format(num, ext) AS CASE
  WHEN regexp_matches(num, '^(?:(?:\+|00)?1[ .\-]?)?(?:\(([0-9]{3})\)[ .\-]?|([0-9]{3})[ .\-]?)([0-9]{3})[ .\-]?([0-9]{4})$')
  THEN phone_from_parts(regexp_extract(num,
    '^(?:(?:\+|00)?1[ .\-]?)?(?:\(([0-9]{3})\)[ .\-]?|([0-9]{3})[ .\-]?)([0-9]{3})[ .\-]?([0-9]{4})$',
    ['a1', 'a2', 'ex', 'ln']), ext)
END;

-- phone.normalise: `+1-AAA-BBB-CCCC[ xEXT]`, NULL unless 10 national digits.
CREATE OR REPLACE MACRO normalise_phone_trimmed(t) AS CASE
  WHEN phone_has_ext(t) THEN phone_number_format(phone_ext_group(t, 1), phone_ext_group(t, 2))
  ELSE phone_number_format(t, NULL)
END;
CREATE OR REPLACE MACRO normalise_phone(s) AS normalise_phone_trimmed(js_trim(s));

-- Length in UTF-16 code units (the rule's local-part limit counts JavaScript string units).
CREATE OR REPLACE MACRO utf16_length(s) AS length(s) + length(regexp_replace(s, '[^\x{10000}-\x{10FFFF}]', '', 'g'));

-- email.validate on trimmed text: local part of 1–64 units without whitespace, @ or control characters; a dotted
-- domain of letter/digit/hyphen labels and a 2–63-letter TLD, at most 253 characters, lower-cased.
CREATE OR REPLACE MACRO validate_email_trimmed(t) AS CASE
  WHEN regexp_matches(t, '^([^\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}@\x00-\x1f\x7f]+)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$')
   AND utf16_length(split_part(t, '@', 1)) <= 64
   AND length(split_part(t, '@', 2)) <= 253
  THEN split_part(t, '@', 1) || '@' || lower(split_part(t, '@', 2))
END;
CREATE OR REPLACE MACRO validate_email(s) AS validate_email_trimmed(js_trim(s));

-- postal_code.normalise on trimmed text: ZIP+4 kept; 1–5 digits (a trailing .0… dropped) padded to 5; 9 digits
-- split 5-4; all-zero ZIPs and anything else NULL.
CREATE OR REPLACE MACRO postal_digits(t) AS regexp_extract(t, '^([0-9]{1,5}|[0-9]{9})(?:\.0+)?$', 1);
CREATE OR REPLACE MACRO postal_from_digits(d) AS CASE
  WHEN d = '' OR regexp_matches(left(d, 5), '^0+$') THEN NULL
  WHEN length(d) = 9 THEN left(d, 5) || '-' || right(d, 4)
  ELSE lpad(d, 5, '0')
END;
CREATE OR REPLACE MACRO normalise_postal_trimmed(t) AS CASE
  WHEN regexp_matches(t, '^[0-9]{5}-[0-9]{4}$') THEN CASE WHEN starts_with(t, '00000') THEN NULL ELSE t END
  ELSE postal_from_digits(postal_digits(t))
END;
CREATE OR REPLACE MACRO normalise_postal(s) AS normalise_postal_trimmed(js_trim(s));

-- Integer text (quantity, Row ID): optional sign, digits, optionally `.` and zeros only; |v| ≤ 2^53 - 1 else NULL.
CREATE OR REPLACE MACRO integer_text(t) AS CASE
  WHEN regexp_matches(js_trim(t), '^[+-]?[0-9]+(?:\.0*)?$')
   AND length(ltrim(regexp_extract(js_trim(t), '^[+-]?([0-9]+)', 1), '0')) <= 16
  THEN (CASE WHEN starts_with(js_trim(t), '-') THEN -1 ELSE 1 END)
     * TRY_CAST(regexp_extract(js_trim(t), '^[+-]?([0-9]+)', 1) AS BIGINT)
END;
CREATE OR REPLACE MACRO parse_integer(t) AS CASE WHEN abs(integer_text(t)) <= 9007199254740991 THEN integer_text(t) END;

-- d/m/yyyy (1–2 digit day and month) or yyyy-mm-dd, year 1000–9999, a day that exists; else NULL.
CREATE OR REPLACE MACRO date_parts(t) AS CASE
  WHEN regexp_matches(js_trim(t), '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
  THEN [TRY_CAST(substr(js_trim(t), 1, 4) AS INTEGER), TRY_CAST(substr(js_trim(t), 6, 2) AS INTEGER), TRY_CAST(substr(js_trim(t), 9, 2) AS INTEGER)]
  WHEN regexp_matches(js_trim(t), '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$')
  THEN [TRY_CAST(split_part(js_trim(t), '/', 3) AS INTEGER), TRY_CAST(split_part(js_trim(t), '/', 2) AS INTEGER), TRY_CAST(split_part(js_trim(t), '/', 1) AS INTEGER)]
END;
CREATE OR REPLACE MACRO date_of_parts(p) AS CASE
  WHEN p[1] >= 1000 AND p[2] BETWEEN 1 AND 12 AND p[3] >= 1
   AND p[3] <= day(last_day(make_date(p[1], least(greatest(p[2], 1), 12), 1)))
  THEN make_date(p[1], p[2], p[3])
END;
CREATE OR REPLACE MACRO parse_date(t) AS date_of_parts(date_parts(t));

-- Decimal text: `[sign] digits [. digits] [e|E [sign] digits]` after trimming, digits on at least one side of
-- the point. Parsing and rounding such text, and cleaning stray characters off prices, are done table-wise in
-- reference-pipeline.sql (step by step, once per distinct text).
CREATE OR REPLACE MACRO is_decimal_text(t) AS
  regexp_matches(js_trim(t), '^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$');

-- The parts of valid decimal text: sign, integer digits, fraction digits, exponent (as text, may be empty).
CREATE OR REPLACE MACRO decimal_parts(t) AS
  regexp_extract(js_trim(t), '^([+-]?)([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?$', ['sgn', 'int', 'frac', 'exp']);

-- An exponent's text as a number, clamped to ±10^9 (no text is long enough for the clamp to matter).
CREATE OR REPLACE MACRO exponent_value(e) AS CASE
  WHEN e = '' THEN 0
  WHEN length(ltrim(ltrim(e, '+-'), '0')) > 9 THEN (CASE WHEN starts_with(e, '-') THEN -1000000000 ELSE 1000000000 END)
  ELSE TRY_CAST(e AS BIGINT)
END;

-- Plain decimal text of the significant digits `sig` (no leading zeros) with the point `point` digits after their
-- start (may be ≤ 0 or past the end), with exactly `keep` fraction digits, the rest TRUNCATED (the caller rounds
-- once). NULL when the integer part would exceed 40 digits (far beyond DECIMAL(18, s)).
CREATE OR REPLACE MACRO plain_truncated(sgn, sig, point, keep) AS CASE
  WHEN sig = '' THEN '0.' || repeat('0', keep)
  WHEN point > 40 THEN NULL
  WHEN point <= 0 THEN sgn || '0.' || rpad(left(repeat('0', least(-point, 60)) || sig, keep), keep, '0')
  WHEN point >= length(sig) THEN sgn || sig || repeat('0', point - length(sig)) || '.' || repeat('0', keep)
  ELSE sgn || left(sig, point) || '.' || rpad(left(substr(sig, point + 1), keep), keep, '0')
END;

-- Lenient prices: the run of stray characters (quotes, % $ € £) and whitespace at the start / end of a text, and
-- whether a run holds a stray character (whitespace alone is no fix).
CREATE OR REPLACE MACRO stray_prefix(t) AS regexp_extract(t,
  '^[%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*');
CREATE OR REPLACE MACRO stray_suffix(t) AS regexp_extract(t,
  '[%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*$');
CREATE OR REPLACE MACRO has_stray(t) AS regexp_matches(t, '[%$€£"''\x{2018}\x{2019}\x{201C}\x{201D}]');

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanName, nameRule } from '../../../src/transforms/rules/index.js';
import { dirtyText } from './arbitraries.js';

/** What a cleaned name may contain: letters, combining marks, spaces, hyphens and apostrophes. */
const NAME_CHARS = /^[\p{L}\p{M} \-\u2010\u2011'\u2019]+$/u;

describe('name.clean', () => {
  it('is named and described', () => {
    expect(nameRule.name).toBe('name.clean');
    expect(nameRule.clean).toBe(cleanName);
    expect(nameRule.description).not.toBe('');
  });

  it.each([
    ['Gary567 Hansen', 'Gary Hansen'],
    [' &&Tracy Blumstein', 'Tracy Blumstein'],
    ['Tam&^*ara Smith', 'Tamara Smith'],
    ['Helen Wa55erman', 'Helen Waerman'],
    ['Ad.       ..am Hart', 'Ad am Hart'],
    ['Tam&^*ara Willing___)ham', 'Tamara Willingham'],
    ['   _Mike Vitt 12313orini', 'Mike Vitt orini'],
    ['Brosin34a Hoffman 09', 'Brosina Hoffman'],
    ['Jason Fortune-', 'Jason Fortune'],
    ["[]-=;''Becky Pak", 'Becky Pak'],
    ["David K ';lendrick", 'David K lendrick'],
    ['Ben Pet 987 -=erman', 'Ben Pet erman'],
    ['Rich.-=%&*ard Eichhorn', 'Rich-ard Eichhorn'],
    ["       Kristi;'[]na Nunn", "Kristi'na Nunn"],
    ['Dean perceR__#$#', 'Dean perceR'],
    [' Shahi  Hopkins', 'Shahi Hopkins'],
    ['Jean--Luc', 'Jean-Luc'],
    ["O''Neil", "O'Neil"],
    ['Ann\tMarie\nLee\u00a0Smith', 'Ann Marie Lee Smith'],
    ['Bu\u0308hler', 'Bühler'],
    ['Peter Bu\u0308hler', 'Peter Bühler'],
    ['Zoe#\u0308', 'Zoë'],
    ['\u0301Anna', 'Anna'],
    ['Anna -\u0301Lee', 'Anna Lee'],
    ['Jo\u200bhn', 'John'],
  ])('cleans %j to %j', (input, expected) => {
    expect(cleanName(input)).toBe(expected);
  });

  it.each([
    'Peter Bühler',
    'Zoë Ängström',
    'José Núñez',
    "Jean-Luc O'Neil",
    'Jean-Luc O’Neil',
    'Björk',
    'Neil Französisch',
    "Russell D'Ascenzo",
    'Νίκος Παπαδόπουλος',
    'Фёдор Достоевский',
    '李小龍',
    '山田 太郎',
    '김민준',
    'محمد عبد الله',
    'Ngũgĩ wa Thiongʼo',
    'Kaʻiulani',
    'Dean perceR',
  ])('keeps %j unchanged', (input) => {
    expect(cleanName(input)).toBe(input);
  });

  it.each(['', '   ', '#$%', '123', '-', "'’-", '\u0301\u0308', '__ 09 !!', '\u00a0\t\n'])(
    'returns null for %j (no letter)',
    (input) => {
      expect(cleanName(input)).toBeNull();
    },
  );

  it('never outputs a digit, a symbol or an empty string, and is idempotent', () => {
    fc.assert(
      fc.property(dirtyText, (input) => {
        const out = cleanName(input);
        if (out === null) return;
        expect(out).toMatch(NAME_CHARS);
        expect(out).toMatch(/\p{L}/u);
        expect(out).not.toMatch(/^\s|\s$| {2}/u);
        expect(out).toBe(out.normalize('NFC'));
        expect(cleanName(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns null exactly when the input has no letter', () => {
    fc.assert(
      fc.property(dirtyText, (input) => {
        expect(cleanName(input) === null).toBe(!/\p{L}/u.test(input.normalize('NFC')));
      }),
      { numRuns: 2000 },
    );
  });
});

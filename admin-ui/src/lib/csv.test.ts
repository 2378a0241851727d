import { describe, expect, it } from 'vitest';
import { guessMapping, parseHeader } from './csv';

describe('parseHeader', () => {
  it('reads the first line, quotes and BOM included', () => {
    expect(parseHeader('\ufeffName,"E-mail, work","Say ""hi"""\r\nAda,ada@x,hi')).toEqual(['Name', 'E-mail, work', 'Say "hi"']);
  });

  it('gives nothing for an empty file', () => {
    expect(parseHeader('')).toEqual([]);
  });
});

describe('guessMapping', () => {
  it('maps columns named like a field or its label', () => {
    const fields = [
      { name: 'firstName', label: 'First name' },
      { name: 'email', label: 'Email' },
      { name: 'custom.region', label: 'Region' },
    ];
    expect(guessMapping(['First Name', 'EMAIL', 'region', 'Notes'], fields)).toEqual({ 'First Name': 'firstName', EMAIL: 'email', region: 'custom.region' });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIVACY_DOC, TABLE_DOCUMENTS, policyTable, renderPolicyTable, withPolicyTable } from './table.ts';

describe('the policy table', () => {
  const table = policyTable();
  const cell = (spaceKind: string, membership: string | null, document: string) =>
    table.find((row) => row.spaceKind === spaceKind && row.membership === membership && row.document === document)!.access;

  it('has a row for every space kind × membership × document', () => {
    expect(table).toHaveLength(4 * 4 * TABLE_DOCUMENTS.length);
  });

  it('never lets a client into a team space, whatever the membership', () => {
    expect(table.filter((row) => row.spaceKind === 'team').every((row) => row.access.client === 'none')).toBe(true);
  });

  it('lets guests into nothing they are not a member of', () => {
    expect(table.filter((row) => row.membership === null).every((row) => row.access.guest === 'none')).toBe(true);
  });

  it('lets the privacy officer in wherever an employee may, and nowhere else', () => {
    for (const row of table) expect(row.access.privacy, `${row.spaceKind} ${row.membership} ${row.document}`).toBe(row.access.employee);
  });

  it("gives someone else's submission only to editors and admins, in news spaces only", () => {
    for (const row of table.filter((r) => r.document === "someone else's submission")) {
      const expected = row.spaceKind === 'news' ? 'write' : 'none';
      expect(row.access, `${row.spaceKind} ${row.membership}`).toEqual({ employee: 'none', client: 'none', editor: expected, admin: expected, guest: 'none', privacy: 'none' });
    }
  });

  it('matches the hand-checked key cells', () => {
    expect(cell('news', null, 'page')).toEqual({ employee: 'read', client: 'read', editor: 'write', admin: 'write', guest: 'none', privacy: 'read' });
    expect(cell('client', 'member', 'page')).toEqual({ employee: 'write', client: 'read', editor: 'write', admin: 'write', guest: 'read', privacy: 'write' });
    expect(cell('news', null, 'own submission')).toEqual({ employee: 'write', client: 'write', editor: 'write', admin: 'write', guest: 'none', privacy: 'write' });
    expect(cell('team', null, 'index')).toEqual({ employee: 'none', client: 'none', editor: 'none', admin: 'none', guest: 'none', privacy: 'none' });
  });

  it('is what docs/privacy.md shows (regenerate with `node packages/access/src/table.ts --write`)', () => {
    const text = readFileSync(PRIVACY_DOC, 'utf8');
    expect(withPolicyTable(text)).toBe(text);
    expect(text).toContain(renderPolicyTable());
  });
});

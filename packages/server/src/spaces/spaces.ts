/**
 * Spaces as their people and administrators see them: who reads a space, which features it has switched on,
 * and the administration of spaces and memberships. Who may see or do what is asked of the access policy
 * (@kring/access), never written out again here.
 */
import { SPACE_FEATURES, canManageFeatures, canSeeSpace, seesPerson, spaceAccess, type MembershipRole, type SpaceFeature, type SpaceKind } from '@kring/access';
import type { SpaceMember } from '@kring/contract';
import type { Accounts, SpaceRecord, User } from '../accounts/accounts.ts';
import { DomainError } from '../errors.ts';

export type SpaceErrorCode = 'not_found' | 'forbidden' | 'space_exists' | 'client_in_team_space';

/** A request about spaces that is refused; `code` says why. */
export class SpaceError extends DomainError<SpaceErrorCode> {}

/** A readable id from a name: "Buurtteam Oost" → "buurtteam-oost". */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export interface SpaceFeatures {
  space: SpaceRecord;
  features: Record<SpaceFeature, boolean>;
  canManage: boolean;
}

const asRecord = (enabled: readonly SpaceFeature[]) => Object.fromEntries(SPACE_FEATURES.map((feature) => [feature, enabled.includes(feature)])) as Record<SpaceFeature, boolean>;

export class Spaces {
  readonly #accounts: Accounts;
  readonly #accessChanged: () => Promise<void>;

  /** @param accessChanged tells the rest of the server (the sync server re-checks open sockets) now, after a change that may take access away */
  constructor(accounts: Accounts, accessChanged: () => Promise<void>) {
    this.#accounts = accounts;
    this.#accessChanged = accessChanged;
  }

  /**
   * The active people who can read the space's feed, by name (for @mentions and handing over cards), of whom only
   * those the policy lets `user` see (`seesPerson`: a client only to those who share a client space with them).
   * `not_found` for a space the person cannot see, the same as for one that does not exist.
   */
  async readers(user: User, spaceId: string): Promise<{ id: string; name: string }[]> {
    const space = await this.#accounts.space(spaceId);
    const asker = await this.#accounts.accessUser(user);
    if (!space || !canSeeSpace(asker, spaceId)) throw new SpaceError('not_found', 'No such space.');
    const people = await this.#accounts.activePeopleWithMembership(space.organisationId, space.id);
    return people
      .filter((person) => spaceAccess(person.role, { kind: space.kind, role: person.membership }, 'feed') !== 'none' && seesPerson(asker, person))
      .map(({ id, name }) => ({ id, name }));
  }

  /** The space's features, for people who see it and administrators of its organisation; `not_found` otherwise. */
  async features(user: User, spaceId: string): Promise<SpaceFeatures> {
    const space = await this.#accounts.space(spaceId);
    if (!space || space.organisationId !== user.organisationId) throw new SpaceError('not_found', 'No such space.');
    if (user.role !== 'admin' && !canSeeSpace(await this.#accounts.accessUser(user), spaceId)) throw new SpaceError('not_found', 'No such space.');
    const canManage = canManageFeatures(user.role, await this.#accounts.membership(spaceId, user.id));
    return { space, features: asRecord(space.features), canManage };
  }

  /**
   * Switches features on or off (those not named keep their setting), for the space's owners and administrators.
   * Sockets on documents of a kind just switched off close now.
   */
  async switchFeatures(user: User, spaceId: string, changes: Partial<Record<SpaceFeature, boolean>>): Promise<SpaceFeatures> {
    const found = await this.features(user, spaceId);
    if (!found.canManage) throw new SpaceError('forbidden', 'Only the owners of the space and administrators switch its features.');
    const switched = Object.fromEntries(Object.entries(changes).filter(([feature, on]) => found.features[feature as SpaceFeature] !== on));
    if (Object.keys(switched).length === 0) return found;
    await this.#accounts.setFeatures(spaceId, switched);
    await this.#accounts.audit({ userId: user.id, action: 'space.features', subject: spaceId, detail: switched });
    if (Object.values(switched).includes(false)) await this.#accessChanged();
    return this.features(user, spaceId);
  }

  /** Every space of the administrator's organisation, by name. */
  list(admin: User): Promise<SpaceRecord[]> {
    return this.#accounts.listSpaces(admin.organisationId);
  }

  /** A space of the administrator's organisation; `not_found` for any other. */
  async get(admin: User, spaceId: string): Promise<SpaceRecord> {
    const space = await this.#accounts.space(spaceId);
    if (!space || space.organisationId !== admin.organisationId) throw new SpaceError('not_found', 'No such space.');
    return space;
  }

  async members(admin: User, spaceId: string): Promise<{ space: SpaceRecord; members: SpaceMember[] }> {
    const space = await this.get(admin, spaceId);
    return { space, members: await this.#accounts.membersOf(space.id) };
  }

  /** Makes a space with every feature on; without an id one is made from the name (`-2` when taken). */
  async create(admin: User, input: { name: string; kind: SpaceKind; id?: string }): Promise<SpaceRecord> {
    const base = slug(input.name) || 'ruimte';
    let id = input.id ?? base;
    if (input.id === undefined) {
      for (let n = 2; await this.#accounts.space(id); n++) id = `${base}-${n}`;
    } else if (await this.#accounts.space(id)) {
      throw new SpaceError('space_exists', 'A space with this id exists.');
    }
    await this.#accounts.createSpace({ id, organisationId: admin.organisationId, name: input.name, kind: input.kind });
    await this.#accounts.audit({ userId: admin.id, action: 'admin.space.create', subject: id, detail: { name: input.name, kind: input.kind } });
    return (await this.#accounts.space(id))!;
  }

  /** Renames the space; its id, and so its documents' names, stay. */
  async rename(admin: User, spaceId: string, name: string): Promise<SpaceRecord> {
    const space = await this.get(admin, spaceId);
    await this.#accounts.renameSpace(space.id, name);
    await this.#accounts.audit({ userId: admin.id, action: 'admin.space.rename', subject: space.id, detail: { from: space.name, to: name } });
    return (await this.#accounts.space(space.id))!;
  }

  /**
   * Adds the person to the space or changes their role there. A client is never put in a team space
   * (`client_in_team_space`): the policy gives them nothing there, and team spaces hold care details about clients.
   */
  async setMembership(admin: User, spaceId: string, userId: string, role: MembershipRole): Promise<void> {
    const { space, person } = await this.#spaceAndPerson(admin, spaceId, userId);
    if (spaceAccess(person.role, { kind: space.kind, role }, 'index') === 'none') throw new SpaceError('client_in_team_space', 'Clients cannot be members of a team space.');
    const before = await this.#accounts.membership(space.id, person.id);
    await this.#accounts.setMembership(space.id, person.id, role);
    await this.#accounts.audit({ userId: admin.id, action: 'admin.membership.set', subject: space.id, detail: { userId: person.id, from: before, to: role } });
    if (before !== null && before !== role) await this.#accessChanged();
  }

  /** Takes the person out of the space; their open sockets there close. False when they were not in it. */
  async removeMembership(admin: User, spaceId: string, userId: string): Promise<boolean> {
    const { space, person } = await this.#spaceAndPerson(admin, spaceId, userId);
    const removed = await this.#accounts.removeMembership(space.id, person.id);
    if (removed) {
      await this.#accounts.audit({ userId: admin.id, action: 'admin.membership.remove', subject: space.id, detail: { userId: person.id } });
      await this.#accessChanged();
    }
    return removed;
  }

  async #spaceAndPerson(admin: User, spaceId: string, userId: string) {
    const [space, person] = await Promise.all([this.get(admin, spaceId), this.#accounts.userById(userId)]);
    if (!person || person.organisationId !== admin.organisationId) throw new SpaceError('not_found', 'No such person.');
    return { space, person };
  }
}

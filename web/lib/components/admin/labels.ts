/** Names of roles, membership roles, space kinds and features as people read them. */
import type { MembershipRole, OrgRole, SpaceFeature, SpaceKind } from '@kring/access';
import { m } from '$lib/paraglide/messages.js';

export const roleLabel: Record<OrgRole, () => string> = {
  employee: m.admin_role_employee,
  client: m.admin_role_client,
  editor: m.admin_role_editor,
  admin: m.admin_role_admin,
  guest: m.admin_role_guest,
  privacy: m.admin_role_privacy,
};

/** One line on what a role may do, shown where a role is chosen. */
export const roleHelp: Record<OrgRole, () => string> = {
  employee: m.admin_role_employee_help,
  client: m.admin_role_client_help,
  editor: m.admin_role_editor_help,
  admin: m.admin_role_admin_help,
  guest: m.admin_role_guest_help,
  privacy: m.admin_role_privacy_help,
};

export const membershipLabel: Record<MembershipRole, () => string> = {
  owner: m.admin_membership_owner,
  member: m.admin_membership_member,
  reader: m.admin_membership_reader,
};

export const kindLabel: Record<SpaceKind, () => string> = {
  team: m.space_kind_team,
  client: m.space_kind_client,
  news: m.space_kind_news,
  organisation: m.space_kind_organisation,
};

export const featureLabel: Record<SpaceFeature, () => string> = {
  feed: m.features_feed,
  wiki: m.features_wiki,
  boards: m.features_boards,
  chat: m.features_chat,
  polls: m.features_polls,
  activities: m.features_activities,
};

export const featureHelp: Record<SpaceFeature, () => string> = {
  feed: m.features_feed_help,
  wiki: m.features_wiki_help,
  boards: m.features_boards_help,
  chat: m.features_chat_help,
  polls: m.features_polls_help,
  activities: m.features_activities_help,
};

/** A date and time in the person's language, e.g. "3 dec. 2026 10:00". */
export function formatDateTime(iso: string | null, locale: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

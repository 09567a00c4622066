/**
 * Every /api endpoint: its method and path, as docs/api.md writes them (`<name>` for a part of the path).
 * The device's client calls through this table and a unit test holds docs/api.md to it.
 */
import { DESK_ENDPOINTS } from './desk-endpoints.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint {
  method: Method;
  path: `/api/${string}`;
}

export const ENDPOINTS = {
  login: { method: 'POST', path: '/api/auth/login' },
  loginCode: { method: 'POST', path: '/api/auth/login/code' },
  logout: { method: 'POST', path: '/api/auth/logout' },
  me: { method: 'GET', path: '/api/me' },
  accountSessions: { method: 'GET', path: '/api/account/sessions' },
  accountEndSession: { method: 'DELETE', path: '/api/account/sessions/<sessionId>' },
  accountEndOtherSessions: { method: 'POST', path: '/api/account/sessions/end-others' },
  accountChangePassword: { method: 'POST', path: '/api/account/password' },
  twoFactor: { method: 'GET', path: '/api/account/two-factor' },
  twoFactorSetup: { method: 'POST', path: '/api/account/two-factor/setup' },
  twoFactorConfirm: { method: 'POST', path: '/api/account/two-factor/confirm' },
  twoFactorDisable: { method: 'POST', path: '/api/account/two-factor/disable' },
  passwordReset: { method: 'POST', path: '/api/auth/password-reset' },
  passwordResetRequest: { method: 'POST', path: '/api/auth/password-reset/request' },
  syncBatch: { method: 'POST', path: '/api/sync/batch' },
  syncHandover: { method: 'POST', path: '/api/sync/handover' },
  syncChanges: { method: 'GET', path: '/api/sync/changes' },
  documentHistory: { method: 'GET', path: '/api/documents/history' },
  documentVersions: { method: 'GET', path: '/api/documents/versions' },
  nameDocumentVersion: { method: 'POST', path: '/api/documents/versions' },
  documentVersion: { method: 'GET', path: '/api/documents/versions/<id>' },
  restoreDocumentVersion: { method: 'POST', path: '/api/documents/versions/<id>/restore' },
  pageControl: { method: 'GET', path: '/api/documents/control' },
  changePageControl: { method: 'PUT', path: '/api/documents/control' },
  approvePage: { method: 'POST', path: '/api/documents/control/approve' },
  approvedPage: { method: 'GET', path: '/api/documents/approved' },
  readStatus: { method: 'GET', path: '/api/documents/reads' },
  confirmRead: { method: 'POST', path: '/api/documents/reads' },
  remindReaders: { method: 'POST', path: '/api/documents/reads/remind' },
  protocolsToRead: { method: 'GET', path: '/api/documents/to-read' },
  uploadFile: { method: 'POST', path: '/api/files' },
  file: { method: 'GET', path: '/api/files/<id>' },
  spaceMembers: { method: 'GET', path: '/api/spaces/<spaceId>/members' },
  conversations: { method: 'GET', path: '/api/conversations' },
  chatPartners: { method: 'GET', path: '/api/conversations/people' },
  startDirectConversation: { method: 'POST', path: '/api/conversations/direct' },
  createGroupConversation: { method: 'POST', path: '/api/conversations/groups' },
  conversation: { method: 'GET', path: '/api/conversations/<conversationId>' },
  addConversationMember: { method: 'POST', path: '/api/conversations/<conversationId>/members' },
  removeConversationMember: { method: 'DELETE', path: '/api/conversations/<conversationId>/members/<userId>' },
  markConversationRead: { method: 'PUT', path: '/api/conversations/<conversationId>/read' },
  muteConversation: { method: 'PUT', path: '/api/conversations/<conversationId>/mute' },
  shareReading: { method: 'PUT', path: '/api/conversations/<conversationId>/reading' },
  spaceFeatures: { method: 'GET', path: '/api/spaces/<spaceId>/features' },
  switchSpaceFeatures: { method: 'PUT', path: '/api/spaces/<spaceId>/features' },
  emergencyAccess: { method: 'GET', path: '/api/spaces/<spaceId>/emergency-access' },
  declareEmergencyAccess: { method: 'POST', path: '/api/spaces/<spaceId>/emergency-access' },
  spaceExport: { method: 'GET', path: '/api/spaces/<spaceId>/export' },
  myExport: { method: 'GET', path: '/api/me/export' },
  people: { method: 'GET', path: '/api/people' },
  profile: { method: 'GET', path: '/api/people/<userId>' },
  myProfile: { method: 'GET', path: '/api/me/profile' },
  changeMyProfile: { method: 'PATCH', path: '/api/me/profile' },
  profilePhoto: { method: 'GET', path: '/api/people/<userId>/photo' },
  setMyPhoto: { method: 'PUT', path: '/api/me/photo' },
  removeMyPhoto: { method: 'DELETE', path: '/api/me/photo' },
  adminChangeProfile: { method: 'PATCH', path: '/api/admin/people/<userId>/profile' },
  adminPeople: { method: 'GET', path: '/api/admin/people' },
  adminPerson: { method: 'GET', path: '/api/admin/people/<userId>' },
  adminChangePerson: { method: 'PATCH', path: '/api/admin/people/<userId>' },
  adminPasswordReset: { method: 'POST', path: '/api/admin/people/<userId>/password-reset' },
  adminSpaces: { method: 'GET', path: '/api/admin/spaces' },
  adminCreateSpace: { method: 'POST', path: '/api/admin/spaces' },
  adminSpace: { method: 'GET', path: '/api/admin/spaces/<spaceId>' },
  adminRenameSpace: { method: 'PATCH', path: '/api/admin/spaces/<spaceId>' },
  adminSetMembership: { method: 'PUT', path: '/api/admin/spaces/<spaceId>/members/<userId>' },
  adminRemoveMembership: { method: 'DELETE', path: '/api/admin/spaces/<spaceId>/members/<userId>' },
  adminInvites: { method: 'GET', path: '/api/admin/invites' },
  adminCreateInvite: { method: 'POST', path: '/api/admin/invites' },
  adminRevokeInvite: { method: 'DELETE', path: '/api/admin/invites/<inviteId>' },
  adminAudit: { method: 'GET', path: '/api/admin/audit' },
  privacyPeople: { method: 'GET', path: '/api/privacy/people' },
  privacyErase: { method: 'POST', path: '/api/privacy/erasures' },
  accessLog: { method: 'GET', path: '/api/access-log' },
  myAccessLog: { method: 'GET', path: '/api/me/access-log' },
  invitePreview: { method: 'GET', path: '/api/invites/<code>' },
  inviteAccept: { method: 'POST', path: '/api/invites/<code>/accept' },
  submissions: { method: 'GET', path: '/api/editorial/submissions' },
  submit: { method: 'POST', path: '/api/editorial/submissions' },
  submission: { method: 'GET', path: '/api/editorial/submissions/<id>' },
  decide: { method: 'POST', path: '/api/editorial/submissions/<id>/<action>' },
  activities: { method: 'GET', path: '/api/activities' },
  createActivity: { method: 'POST', path: '/api/activities' },
  activity: { method: 'GET', path: '/api/activities/<id>' },
  changeActivity: { method: 'PATCH', path: '/api/activities/<id>' },
  signUp: { method: 'POST', path: '/api/activities/<id>/signup' },
  cancelSignup: { method: 'POST', path: '/api/activities/<id>/cancel' },
  reminders: { method: 'GET', path: '/api/activities/reminders' },
  notifications: { method: 'GET', path: '/api/notifications' },
  markNotificationsRead: { method: 'POST', path: '/api/notifications/read' },
  notificationEvents: { method: 'GET', path: '/api/notifications/events' },
  notificationSettings: { method: 'GET', path: '/api/notifications/settings' },
  changeNotificationSettings: { method: 'PUT', path: '/api/notifications/settings' },
  pushKey: { method: 'GET', path: '/api/push/key' },
  pushSubscribe: { method: 'POST', path: '/api/push/subscriptions' },
  pushUnsubscribe: { method: 'DELETE', path: '/api/push/subscriptions' },
  pushSettings: { method: 'GET', path: '/api/push/settings' },
  changePushSettings: { method: 'PUT', path: '/api/push/settings' },
  digestSettings: { method: 'GET', path: '/api/digest/settings' },
  changeDigestSettings: { method: 'PUT', path: '/api/digest/settings' },
  digestUnsubscribe: { method: 'POST', path: '/api/digest/unsubscribe' },
  digestOneClickUnsubscribe: { method: 'POST', path: '/api/digest/unsubscribe/one-click' },
  digestOneClickLink: { method: 'GET', path: '/api/digest/unsubscribe/one-click' },
  ...DESK_ENDPOINTS,
  insight: { method: 'GET', path: '/api/insight' },
  insightRead: { method: 'POST', path: '/api/insight/reads' },
  rooms: { method: 'GET', path: '/api/rooms' },
  createRoom: { method: 'POST', path: '/api/rooms' },
  changeRoom: { method: 'PATCH', path: '/api/rooms/<roomId>' },
  removeRoom: { method: 'DELETE', path: '/api/rooms/<roomId>' },
  bookRoom: { method: 'POST', path: '/api/rooms/<roomId>/bookings' },
  cancelBooking: { method: 'DELETE', path: '/api/rooms/bookings/<bookingId>' },
  renewMyRoomFeed: { method: 'POST', path: '/api/rooms/feed' },
  renewRoomFeed: { method: 'POST', path: '/api/rooms/<roomId>/feed' },
  roomCalendar: { method: 'GET', path: '/api/rooms/calendar/<token>' },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** The URL of an endpoint: each `<name>` filled in (encoded), then the query, if any. */
export function urlOf(endpoint: Endpoint, params: Record<string, string> = {}, query: Record<string, string | number | undefined> = {}): string {
  const path = endpoint.path.replace(/<(\w+)>/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${endpoint.path} needs ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]))).toString();
  return search ? `${path}?${search}` : path;
}

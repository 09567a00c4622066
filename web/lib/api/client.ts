/**
 * The device's one client of Kring's HTTP API: a typed call per endpoint of the contract (@kring/contract),
 * each answering the body or why there is none. A request that never reached the server answers `offline`,
 * so callers can show "not connected" apart from a refusal, whose `code` is the server's stable error code.
 */
import {
  ENDPOINTS,
  type NotificationSettings,
  type NotificationSettingsInput,
  type InsightAnswer,
  type InsightReadAnswer,
  type AccountSessionList,
  type OkAnswer,
  type PasswordChangeBody,
  type RecoveryCodesAnswer,
  type TwoFactorCodeBody,
  type TwoFactorSetupAnswer,
  type TwoFactorStatus,
  type PasswordResetAnswer,
  type PasswordResetBody,
  type SessionsEndedAnswer,
  urlOf,
  type AccessLogAnswer,
  type ChatPartnerList,
  type ConversationAnswer,
  type ConversationList,
  type MyAccessLogAnswer,
  type ActivityAnswer,
  type CalendarFeedAnswer,
  type RoomsAnswer,
  type NewRoomBody,
  type RoomChangesBody,
  type RoomAnswer,
  type ActivityChangesBody,
  type ActivityDetail,
  type ActivityList,
  type AuditLog,
  type DocumentHistory,
  type EmergencyAccessAnswer,
  type EmergencyAccessList,
  type ErasureAnswer,
  type ErasureRequestBody,
  type PrivacyPeopleAnswer,
  type Endpoint,
  type ErrorCode,
  type FeatureSwitchesBody,
  type InviteAcceptanceBody,
  type InviteAnswer,
  type InviteList,
  type InvitePreview,
  type MembershipAnswer,
  type MembershipBody,
  type NewActivityBody,
  type NewInviteAnswer,
  type NewInviteBody,
  type NewSpaceBody,
  type NewSubmissionBody,
  type PeopleList,
  type PersonAnswer,
  type PersonChangesBody,
  type Reminders,
  type RemovedAnswer,
  type SignupAnswer,
  type SignupBody,
  type SpaceAnswer,
  type SpaceDetail,
  type SpaceFeatures,
  type SpaceList,
  type SpaceMemberList,
  type SpaceRenameBody,
  type SubmissionAction,
  type SubmissionDecisionBody,
  type SubmissionDetail,
  type SubmissionList,
  type UserAnswer,
  type ClientProfileChangesBody,
  type OrganisationProfileChangesBody,
  type OwnProfileAnswer,
  type OwnProfileChangesBody,
  type ProfileAnswer,
  type PageControl,
  type ChangePageControlBody,
  type ProtocolsToRead,
  type ReadStatus,
  type Reminded,
  type PageVersion,
  type PageVersionList,
  type PageVersionText,
  type RestoredVersion,
  type Catalogue,
  type DeskOverview,
  type DeskQueue,
  type NewReplyBody,
  type NewSavedAnswerBody,
  type OrderAnswer,
  type OrderChangesBody,
  type OrderList,
  type QuestionAnswer,
  type QuestionChangesBody,
  type QuestionList,
  type QuestionThread,
  type SavedAnswer,
  type PushKey,
  type PushSettings,
  type DigestFrequency,
  type DigestSettings,
  type PushSubscriptionInput,
} from '@kring/contract';

/** Why there is no answer: the server's code, `offline` when it could not be reached, `error` for anything else. */
export type Failure = { ok: false; status: number; code: ErrorCode | 'offline' | 'error' };
export type ApiResult<T> = { ok: true; status: number; body: T } | Failure;

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Bytes sent as they are (a photo), instead of a JSON body. */
  bytes?: { data: Uint8Array; type: string };
  signal?: AbortSignal;
}

async function call<T>(endpoint: Endpoint, { params, query, body, bytes, signal }: Call = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(urlOf(endpoint, params, query), {
      method: endpoint.method,
      headers: bytes ? { 'content-type': bytes.type } : body === undefined ? undefined : { 'content-type': 'application/json' },
      body: bytes ? bytes.data.slice().buffer : body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch {
    return { ok: false, status: 0, code: 'offline' };
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed as T };
  const code = (parsed as { error?: { code?: unknown } } | null)?.error?.code;
  return { ok: false, status: response.status, code: typeof code === 'string' ? (code as ErrorCode) : 'error' };
}

const E = ENDPOINTS;

export const api = {
  admin: {
    people: () => call<PeopleList>(E.adminPeople),
    changePerson: (userId: string, body: PersonChangesBody) => call<PersonAnswer>(E.adminChangePerson, { params: { userId }, body }),
    spaces: () => call<SpaceList>(E.adminSpaces),
    createSpace: (body: NewSpaceBody) => call<SpaceAnswer>(E.adminCreateSpace, { body }),
    space: (spaceId: string) => call<SpaceDetail>(E.adminSpace, { params: { spaceId } }),
    renameSpace: (spaceId: string, body: SpaceRenameBody) => call<SpaceAnswer>(E.adminRenameSpace, { params: { spaceId }, body }),
    setMembership: (spaceId: string, userId: string, body: MembershipBody) => call<MembershipAnswer>(E.adminSetMembership, { params: { spaceId, userId }, body }),
    removeMembership: (spaceId: string, userId: string) => call<RemovedAnswer>(E.adminRemoveMembership, { params: { spaceId, userId } }),
    invites: () => call<InviteList>(E.adminInvites),
    createInvite: (body: NewInviteBody) => call<NewInviteAnswer>(E.adminCreateInvite, { body }),
    revokeInvite: (inviteId: string) => call<InviteAnswer>(E.adminRevokeInvite, { params: { inviteId } }),
    audit: (query: { limit?: number; before?: number } = {}) => call<AuditLog>(E.adminAudit, { query }),
    passwordReset: (userId: string) => call<PasswordResetAnswer>(E.adminPasswordReset, { params: { userId } }),
  },
  people: {
    // The whole smoelenboek is fetched by components/people/directory.ts, which keeps its ETag.
    profile: (userId: string) => call<ProfileAnswer>(E.profile, { params: { userId } }),
    mine: () => call<OwnProfileAnswer>(E.myProfile),
    changeMine: (body: OwnProfileChangesBody | ClientProfileChangesBody) => call<OwnProfileAnswer>(E.changeMyProfile, { body }),
    setMyPhoto: (jpeg: Uint8Array) => call<OwnProfileAnswer>(E.setMyPhoto, { bytes: { data: jpeg, type: 'image/jpeg' } }),
    removeMyPhoto: () => call<OwnProfileAnswer>(E.removeMyPhoto),
    changeOrganisationFields: (userId: string, body: OrganisationProfileChangesBody) => call<ProfileAnswer>(E.adminChangeProfile, { params: { userId }, body }),
  },
  account: {
    sessions: () => call<AccountSessionList>(E.accountSessions),
    endSession: (sessionId: string) => call<OkAnswer>(E.accountEndSession, { params: { sessionId } }),
    endOtherSessions: () => call<SessionsEndedAnswer>(E.accountEndOtherSessions),
    changePassword: (body: PasswordChangeBody) => call<SessionsEndedAnswer>(E.accountChangePassword, { body }),
    twoFactor: () => call<TwoFactorStatus>(E.twoFactor),
    startTwoFactor: () => call<TwoFactorSetupAnswer>(E.twoFactorSetup),
    confirmTwoFactor: (body: TwoFactorCodeBody) => call<RecoveryCodesAnswer>(E.twoFactorConfirm, { body }),
    turnOffTwoFactor: (body: TwoFactorCodeBody) => call<OkAnswer>(E.twoFactorDisable, { body }),
  },
  passwordReset: {
    request: (email: string) => call<OkAnswer>(E.passwordResetRequest, { body: { email } }),
    reset: (body: PasswordResetBody) => call<OkAnswer>(E.passwordReset, { body }),
  },
  privacy: {
    people: () => call<PrivacyPeopleAnswer>(E.privacyPeople),
    erase: (personId: string) => call<ErasureAnswer>(E.privacyErase, { body: { personId } satisfies ErasureRequestBody }),
    accessLog: (query: { person: string } | { document: string }) => call<AccessLogAnswer>(E.accessLog, { query }),
    myAccessLog: () => call<MyAccessLogAnswer>(E.myAccessLog),
  },
  invites: {
    preview: (code: string) => call<InvitePreview>(E.invitePreview, { params: { code } }),
    accept: (code: string, body: InviteAcceptanceBody) => call<UserAnswer>(E.inviteAccept, { params: { code }, body }),
  },
  spaces: {
    features: (spaceId: string) => call<SpaceFeatures>(E.spaceFeatures, { params: { spaceId } }),
    switchFeatures: (spaceId: string, body: FeatureSwitchesBody) => call<SpaceFeatures>(E.switchSpaceFeatures, { params: { spaceId }, body }),
    members: (spaceId: string, signal?: AbortSignal) => call<SpaceMemberList>(E.spaceMembers, { params: { spaceId }, signal }),
    emergencyAccess: (spaceId: string) => call<EmergencyAccessList>(E.emergencyAccess, { params: { spaceId } }),
    declareEmergencyAccess: (spaceId: string, reason: string) => call<EmergencyAccessAnswer>(E.declareEmergencyAccess, { params: { spaceId }, body: { reason } }),
  },
  conversations: {
    list: (signal?: AbortSignal) => call<ConversationList>(E.conversations, { signal }),
    partners: () => call<ChatPartnerList>(E.chatPartners),
    get: (conversationId: string) => call<ConversationAnswer>(E.conversation, { params: { conversationId } }),
    startDirect: (personId: string) => call<ConversationAnswer>(E.startDirectConversation, { body: { personId } }),
    createGroup: (name: string, memberIds: string[]) => call<ConversationAnswer>(E.createGroupConversation, { body: { name, memberIds } }),
    addMember: (conversationId: string, personId: string) => call<ConversationAnswer>(E.addConversationMember, { params: { conversationId }, body: { personId } }),
    removeMember: (conversationId: string, userId: string) => call<{ removed: boolean }>(E.removeConversationMember, { params: { conversationId, userId } }),
    markRead: (conversationId: string, until: string) => call<OkAnswer>(E.markConversationRead, { params: { conversationId }, body: { until } }),
    mute: (conversationId: string, muted: boolean) => call<{ muted: boolean }>(E.muteConversation, { params: { conversationId }, body: { muted } }),
    shareReading: (conversationId: string, shares: boolean) => call<{ shares: boolean }>(E.shareReading, { params: { conversationId }, body: { shares } }),
  },
  documents: {
    history: (name: string, limit?: number) => call<DocumentHistory>(E.documentHistory, { query: { name, limit } }),
    versions: (name: string) => call<PageVersionList>(E.documentVersions, { query: { name } }),
    nameVersion: (name: string, label: string) => call<PageVersion>(E.nameDocumentVersion, { body: { name, label } }),
    version: (name: string, id: number) => call<PageVersionText>(E.documentVersion, { params: { id: String(id) }, query: { name } }),
    restore: (name: string, id: number) => call<RestoredVersion>(E.restoreDocumentVersion, { params: { id: String(id) }, body: { name } }),
    control: (name: string) => call<PageControl>(E.pageControl, { query: { name } }),
    approve: (name: string) => call<PageControl>(E.approvePage, { body: { name } }),
    changeControl: (body: ChangePageControlBody) => call<PageControl>(E.changePageControl, { body }),
    reads: (name: string) => call<ReadStatus>(E.readStatus, { query: { name } }),
    remind: (name: string) => call<Reminded>(E.remindReaders, { body: { name } }),
    toRead: () => call<ProtocolsToRead>(E.protocolsToRead),
    /** The approved version's bytes (a Yjs update), or null without one or without a network. */
    approved: async (name: string): Promise<Uint8Array | null> => {
      try {
        const response = await fetch(urlOf(E.approvedPage, {}, { name }), { credentials: 'same-origin' });
        return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
      } catch {
        return null;
      }
    },
  },
  editorial: {
    submissions: () => call<SubmissionList>(E.submissions),
    submit: (body: NewSubmissionBody) => call<SubmissionDetail>(E.submit, { body }),
    submission: (id: string) => call<SubmissionDetail>(E.submission, { params: { id } }),
    decide: (id: string, action: SubmissionAction, body: SubmissionDecisionBody = {}) => call<SubmissionDetail>(E.decide, { params: { id, action }, body }),
  },
  activities: {
    list: (spaceId: string) => call<ActivityList>(E.activities, { query: { spaceId } }),
    create: (body: NewActivityBody) => call<ActivityAnswer>(E.createActivity, { body }),
    get: (id: string) => call<ActivityDetail>(E.activity, { params: { id } }),
    change: (id: string, body: ActivityChangesBody) => call<ActivityAnswer>(E.changeActivity, { params: { id }, body }),
    signup: (id: string, body: SignupBody) => call<SignupAnswer>(E.signUp, { params: { id }, body }),
    cancel: (id: string) => call<SignupAnswer>(E.cancelSignup, { params: { id }, body: {} }),
    reminders: () => call<Reminders>(E.reminders),
  },
  // Asking and ordering go through the outbox (components/desk/desk.svelte.ts), which posts them itself.
  desk: {
    overview: () => call<DeskOverview>(E.deskOverview),
    myQuestions: () => call<QuestionList>(E.myQuestions),
    question: (questionId: string) => call<QuestionThread>(E.question, { params: { questionId } }),
    change: (questionId: string, body: QuestionChangesBody) => call<QuestionAnswer>(E.changeQuestion, { params: { questionId }, body }),
    reply: (questionId: string, body: NewReplyBody) => call<QuestionThread>(E.replyToQuestion, { params: { questionId }, body }),
    knowledge: () => call<QuestionList>(E.deskKnowledge),
    queue: (deskId: string) => call<DeskQueue>(E.deskQueue, { params: { deskId } }),
    staff: (deskId: string) => call<{ staff: { id: string; name: string }[] }>(E.deskStaffList, { params: { deskId } }),
    setStaff: (deskId: string, userIds: string[]) => call<{ staff: { id: string; name: string }[] }>(E.deskStaff, { params: { deskId }, body: { userIds } }),
    addSavedAnswer: (deskId: string, body: NewSavedAnswerBody) => call<{ savedAnswer: SavedAnswer }>(E.addSavedAnswer, { params: { deskId }, body }),
    removeSavedAnswer: (deskId: string, answerId: string) => call<{ removed: true }>(E.removeSavedAnswer, { params: { deskId, answerId } }),
    catalogue: (deskId: string) => call<Catalogue>(E.deskCatalogue, { params: { deskId } }),
    openOrders: (deskId: string) => call<OrderList>(E.deskOrders, { params: { deskId } }),
    myOrders: () => call<OrderList>(E.myOrders),
    changeOrder: (orderId: string, body: OrderChangesBody) => call<OrderAnswer>(E.changeOrder, { params: { orderId }, body }),
  },
  insight: {
    overview: () => call<InsightAnswer>(E.insight),
    read: (document: string) => call<InsightReadAnswer>(E.insightRead, { body: { document } }),
  },
  push: {
    key: () => call<PushKey>(E.pushKey),
    subscribe: (body: PushSubscriptionInput) => call<null>(E.pushSubscribe, { body }),
    unsubscribe: (endpoint: string) => call<null>(E.pushUnsubscribe, { body: { endpoint } }),
    settings: () => call<PushSettings>(E.pushSettings),
    changeSettings: (body: PushSettings) => call<PushSettings>(E.changePushSettings, { body }),
  },
  notificationSettings: {
    get: () => call<NotificationSettings>(E.notificationSettings),
    change: (body: NotificationSettingsInput) => call<NotificationSettings>(E.changeNotificationSettings, { body }),
  },
  digest: {
    settings: () => call<DigestSettings>(E.digestSettings),
    change: (frequency: DigestFrequency) => call<DigestSettings>(E.changeDigestSettings, { body: { frequency } }),
    unsubscribe: (token: string) => call<OkAnswer>(E.digestUnsubscribe, { body: { token } }),
  },
  rooms: {
    list: (from: string, days: number) => call<RoomsAnswer>(E.rooms, { query: { from, days } }),
    renewFeed: () => call<CalendarFeedAnswer>(E.renewMyRoomFeed, { body: {} }),
    create: (body: NewRoomBody) => call<RoomAnswer>(E.createRoom, { body }),
    change: (roomId: string, body: RoomChangesBody) => call<RoomAnswer>(E.changeRoom, { params: { roomId }, body }),
    remove: (roomId: string) => call<null>(E.removeRoom, { params: { roomId } }),
  },
};

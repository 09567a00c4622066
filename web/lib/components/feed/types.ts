/** Where a team's post can go instead, for the whole organisation: the organisation space's feed. */
export interface WiderAudience {
  /** The team the post comes from, shown with it. */
  from: { spaceId: string; spaceName: string };
  /** The organisation space whose feed takes the post. */
  spaceId: string;
  spaceName: string;
}

/** What every part of the feed needs to know about the person looking at it. */
export interface FeedViewer {
  id: string;
  name: string;
  locale: string;
  /** May post, comment, like and vote (the access policy says write). */
  canWrite: boolean;
  /** May pin and unpin posts. */
  canPin: boolean;
  /** May remove other people's posts and comments (space owners, editors, staff in a client space). */
  canModerate: boolean;
}

/** The activities API's answers, as docs/api.md describes them. */
export interface MySignup {
  status: 'confirmed' | 'waiting';
  /** Place on the waiting list, from 1; null with a place. */
  position: number | null;
  requestId: string | null;
}

export interface Activity {
  id: string;
  spaceId: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string | null;
  place: string;
  capacity: number;
  confirmed: number;
  waiting: number;
  placesLeft: number;
  cancelledAt: string | null;
  me: MySignup | null;
  canSignUp: boolean;
  canManage: boolean;
}

export interface Participant {
  userId: string;
  name: string;
  status: 'confirmed' | 'waiting';
  position: number | null;
}

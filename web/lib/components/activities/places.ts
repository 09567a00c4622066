import { m } from '$lib/paraglide/messages.js';
import type { Activity } from '@kring/contract';

/** How full an activity is, in words: "Nog 3 plekken vrij", "Vol · 2 op de wachtlijst", "Gaat niet door". */
export function placesText(activity: Activity): string {
  if (activity.cancelledAt) return m.activities_called_off();
  if (activity.placesLeft > 0) return m.activities_places_left({ count: activity.placesLeft });
  return activity.waiting > 0 ? m.activities_full_waiting({ count: activity.waiting }) : m.activities_full();
}

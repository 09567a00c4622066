/**
 * Two demo desks with staff: Bureau Ondersteuning (Bram) with a catalogue of promotion material, and the IT
 * servicedesk (the administrator). Written once when the demo is seeded.
 */
import { Desks } from '../desk/desk.ts';
import type { KringDb } from '../db/schema.ts';

const CATALOGUE = [
  { id: 'flyer-a5', kind: 'flyer', name: 'Flyer van het buurtteam', description: 'Een flyer met wat uw team doet en hoe mensen u bereiken.', sizes: ['A5', 'A6'], printable: true },
  { id: 'poster-a3', kind: 'poster', name: 'Poster voor het buurthuis', description: 'Een poster om op te hangen in het buurthuis, de huisartsenpraktijk of de bibliotheek.', sizes: ['A3', 'A2'], printable: true },
  { id: 'sticker-rond', kind: 'sticker', name: 'Sticker met logo', description: 'Ronde sticker met het logo, voor tassen en laptops.', sizes: ['5 cm', '8 cm'], printable: false },
  { id: 'brochure-zorg', kind: 'brochure', name: 'Brochure "Zorg bij u thuis"', description: 'Brochure over wijkverpleging, voor nieuwe cliënten en hun familie.', sizes: ['A5'], printable: false },
  { id: 'advertentie-krant', kind: 'advertisement', name: 'Advertentie in de wijkkrant', description: 'Een advertentie in de wijkkrant, met de naam en het telefoonnummer van uw team.', sizes: ['1/4 pagina', '1/2 pagina'], printable: true },
] as const;

export async function seedDemoDesks(db: KringDb): Promise<void> {
  const bram = await db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', 'bram@kring.test').executeTakeFirst();
  const admin = await db.selectFrom('users').select('id').where('email', '=', 'admin@kring.test').executeTakeFirst();
  if (!bram || !admin) return;
  const desks = new Desks(db);
  const support = await desks.create(bram.organisation_id, 'Bureau Ondersteuning', 'Vragen over planning, financiën, pr en communicatie. Ook voor posters, flyers en ander materiaal.', 'ondersteuning');
  const it = await desks.create(bram.organisation_id, 'IT-servicedesk', 'Vragen over uw telefoon, laptop, wachtwoorden en Kring.', 'it');
  await desks.setStaff(support, [bram.id]);
  await desks.setStaff(it, [admin.id]);
  let position = 0;
  for (const item of CATALOGUE) await desks.addItem(support.id, { ...item, sizes: [...item.sizes], picture: `/desk/${item.kind}.svg` }, position++);
  await desks.addSavedAnswer(support.id, 'Declaraties', 'Declaraties levert u in via het formulier op de pagina Financiën. Wij betalen ze binnen twee weken uit.');
  await desks.addSavedAnswer(support.id, 'Rooster', 'Het rooster voor de komende maand staat vanaf de 15e klaar. Wijzigingen kunt u tot die dag aan ons doorgeven.');
}

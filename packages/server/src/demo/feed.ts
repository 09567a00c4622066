/**
 * Demo posts for the feeds of the team spaces, the Cliëntenplein and the Medewerkersplein: what a care team, a
 * client community and the whole staff talk about in a week, with comments, likes, a mention, a link, a pinned
 * post and a poll. Written once by
 * the server when it seeds demo mode, into the month documents the posts' dates fall in.
 *
 * Colleagues without a demo account (Fatima, Joost…) get fixed `demo-…` ids: they show as authors but cannot
 * log in. Demo accounts get their real ids when the caller passes them, so Anna sees her own posts and vote.
 */
import * as Y from 'yjs';
import { addComment, createPost, docName, feedDocId, getPost, setLike, vote, type Mention } from '@kring/shapes';
import type { ServerWrites } from '@kring/sync-server';

/** A demo account's email, or the display name of a colleague without an account. */
type Who = string;

interface DemoComment {
  by: Who;
  text: string;
  /** Minutes after the post. */
  after: number;
  mentions?: Who[];
}

interface DemoPost {
  by: Who;
  text: string;
  /** Hours before now. */
  hoursAgo: number;
  pinned?: boolean;
  mentions?: Who[];
  likes?: Who[];
  comments?: DemoComment[];
  poll?: { options: string[]; votes: Array<[Who, number]> };
  /** The team a post for the whole organisation came from. */
  from?: { spaceId: string; spaceName: string };
}

const ACCOUNT_NAMES: Record<string, string> = {
  'anna@kring.test': 'Anna de Vries',
  'bram@kring.test': 'Bram Jansen',
  'daan@kring.test': 'Daan Bakker',
  'eva@kring.test': 'Eva Visser',
};

const FEEDS: Record<string, DemoPost[]> = {
  noord: [
    {
      by: 'Joost Mulder',
      text: 'Het rooster voor december staat klaar. Wil je ruilen? Zet het hieronder en regel het samen. Vakantiewensen voor de kerst graag voor vrijdag doorgeven.',
      hoursAgo: 6 * 24 + 3,
      pinned: true,
      likes: ['anna@kring.test', 'Fatima El Amrani', 'Sanne Bos'],
      comments: [{ by: 'Sanne Bos', text: 'Ik wil 24 december ruilen tegen 31 december, wie wil?', after: 45 }],
    },
    {
      by: 'Joost Mulder',
      text: 'De nieuwe bloeddrukmeters liggen op kantoor, in de kast bij de printer. Wil je de oude bij mij inleveren?',
      hoursAgo: 3 * 24 + 5,
      likes: ['Sanne Bos'],
    },
    {
      by: 'Fatima El Amrani',
      text: 'Mevrouw J. van de Duinstraat loopt sinds gisteren met een rollator. Willen jullie bij je bezoek kijken of de losse kleden weg zijn? Zie het protocol Valpreventie. Goede uitleg voor de familie: https://www.thuisarts.nl',
      hoursAgo: 2 * 24 + 2,
      likes: ['anna@kring.test', 'Joost Mulder'],
      comments: [
        { by: 'Sanne Bos', text: 'Gedaan vanochtend. Het kleed in de gang ligt nu in de schuur.', after: 20 * 60 },
        { by: 'anna@kring.test', text: 'Top, dank je Sanne!', after: 21 * 60 },
      ],
    },
    {
      by: 'anna@kring.test',
      text: 'Teamoverleg volgende week: welke dag past jullie het best?',
      hoursAgo: 26,
      poll: {
        options: ['Dinsdagmiddag', 'Woensdagochtend', 'Donderdagmiddag'],
        votes: [['Fatima El Amrani', 0], ['Joost Mulder', 1], ['Sanne Bos', 0]],
      },
      comments: [{ by: 'Joost Mulder', text: 'Woensdag heb ik tot 10 uur wijkoverleg, daarna kan ik ook.', after: 90 }],
    },
    {
      by: 'Sanne Bos',
      text: '@Anna de Vries kun jij morgen mijn vroege dienst overnemen? Ik moet met mijn zoon naar het ziekenhuis.',
      hoursAgo: 5,
      mentions: ['anna@kring.test'],
      comments: [{ by: 'anna@kring.test', text: 'Ja hoor, komt goed. Sterkte morgen!', after: 15 }],
      likes: ['Fatima El Amrani'],
    },
  ],
  zuid: [
    {
      by: 'Ingrid de Boer',
      text: 'Let op: vanaf maandag parkeren bij de Beatrixstraat alleen nog met een vergunning. Vraag je vergunning aan via planning@zorgaanzee.nl.',
      hoursAgo: 5 * 24,
      pinned: true,
      likes: ['bram@kring.test', 'Lotte Smit'],
    },
    {
      by: 'Mehmet Yilmaz',
      text: 'Heeft iemand de sleutel van de groene dienstauto gezien?',
      hoursAgo: 3 * 24 + 1,
      comments: [
        { by: 'bram@kring.test', text: 'Hangt in het kastje naast de printer.', after: 10 },
        { by: 'Mehmet Yilmaz', text: 'Gevonden, dank je!', after: 25 },
      ],
    },
    {
      by: 'Lotte Smit',
      text: 'Meneer V. vertelde vandaag trots dat hij weer zelf boodschappen doet. Mooi om te zien hoe ver hij is gekomen na zijn heupoperatie.',
      hoursAgo: 30,
      likes: ['bram@kring.test', 'Mehmet Yilmaz', 'Ingrid de Boer'],
      comments: [{ by: 'Ingrid de Boer', text: 'Wat fijn! Goed gedaan met de oefeningen, Lotte.', after: 60 }],
    },
    {
      by: 'bram@kring.test',
      text: 'Wie gaat er mee naar de scholing "Dementie in de wijk" op 9 december?',
      hoursAgo: 8,
      poll: {
        options: ['Ik ga mee', 'Ik kan niet', 'Weet ik nog niet'],
        votes: [['Lotte Smit', 0], ['Mehmet Yilmaz', 2], ['Ingrid de Boer', 0]],
      },
    },
  ],
  medewerkers: [
    {
      by: 'eva@kring.test',
      text: 'Welkom op het Medewerkersplein: hier zien alle collega’s van Zorg aan Zee wat teams voor iedereen delen. Cliënten zien dit plein niet.',
      hoursAgo: 8 * 24,
      pinned: true,
      likes: ['anna@kring.test', 'bram@kring.test'],
    },
    {
      by: 'bram@kring.test',
      text: 'Buurtteam Zuid heeft nog twee tilliften over die we niet gebruiken. Heeft een ander team er een nodig? Laat het hier weten.',
      hoursAgo: 2 * 24 + 2,
      from: { spaceId: 'zuid', spaceName: 'Buurtteam Zuid' },
      comments: [{ by: 'anna@kring.test', text: 'Noord wil er graag een! Ik bel je morgen.', after: 50 }],
    },
  ],
  clientenplein: [
    {
      by: 'anna@kring.test',
      text: 'Welkom op het Cliëntenplein! Hier kunt u elkaar ontmoeten, vragen stellen en zien wat er te doen is. Heeft u een vraag aan ons? Bel het servicepunt: 0223 123 456.',
      hoursAgo: 9 * 24,
      pinned: true,
      likes: ['daan@kring.test', 'Riet Hoekstra'],
    },
    {
      by: 'Riet Hoekstra',
      text: 'Weet iemand een goede taxi voor rolstoelen hier in de buurt? Mijn moeder moet volgende week naar het ziekenhuis.',
      hoursAgo: 2 * 24 + 4,
      comments: [
        { by: 'Henk de Wit', text: 'Wij gaan altijd met de regiotaxi. Wel een dag van tevoren bellen.', after: 35 },
        { by: 'anna@kring.test', text: 'Goede tip, Henk. Riet, vraag ook bij het servicepunt naar een vervoerspas.', after: 120 },
      ],
    },
    {
      by: 'anna@kring.test',
      text: 'Koffieochtend in buurthuis De Kiem: op welke dag komt u het liefst?',
      hoursAgo: 28,
      poll: {
        options: ['Maandag', 'Woensdag', 'Vrijdag'],
        votes: [['daan@kring.test', 1], ['Riet Hoekstra', 1], ['Henk de Wit', 2]],
      },
    },
    {
      by: 'daan@kring.test',
      text: 'Gisteren met de wandelgroep naar het strand geweest. Heerlijk weer en goede gesprekken. Volgende week weer!',
      hoursAgo: 4,
      likes: ['Riet Hoekstra', 'Henk de Wit', 'anna@kring.test'],
      comments: [{ by: 'Riet Hoekstra', text: 'Ik ga de volgende keer mee!', after: 30 }],
    },
  ],
};

/**
 * Writes the demo posts of every feed, as the server.
 * @param accountIds the demo accounts' user ids by email (as seeded by ./accounts.ts); accounts left out get
 *   a fixed `demo-…` id, like colleagues without an account
 * @param now the moment the posts' ages count back from
 */
export async function seedDemoFeed(documents: ServerWrites, accountIds: Readonly<Record<string, string>> = {}, now: Date = new Date()): Promise<void> {
  const person = (who: Who): { id: string; name: string } => {
    const name = ACCOUNT_NAMES[who];
    if (name !== undefined) return { id: accountIds[who] ?? `demo-${who.split('@')[0]}`, name };
    return { id: `demo-${who.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, name: who };
  };
  const mention = (who: Who): Mention => ({ userId: person(who).id, name: person(who).name });

  for (const [spaceId, posts] of Object.entries(FEEDS)) {
    const months = new Map<string, Y.Doc>();
    for (const post of posts) {
      const createdAt = new Date(now.getTime() - post.hoursAgo * 3_600_000);
      const month = feedDocId(createdAt);
      const doc = months.get(month) ?? new Y.Doc();
      months.set(month, doc);
      const author = person(post.by);
      const id = createPost(doc, {
        authorId: author.id,
        authorName: author.name,
        text: post.text,
        createdAt,
        pinned: post.pinned,
        mentions: post.mentions?.map(mention),
        poll: post.poll && { options: post.poll.options },
        ...(post.from && { audience: 'organisation' as const, from: post.from }),
      });
      for (const who of post.likes ?? []) setLike(doc, id, person(who).id, true);
      const options = getPost(doc, id)?.poll?.options ?? [];
      for (const [who, option] of post.poll?.votes ?? []) vote(doc, id, person(who).id, options[option]!.id);
      for (const comment of post.comments ?? []) {
        const by = person(comment.by);
        addComment(doc, id, {
          authorId: by.id,
          authorName: by.name,
          text: comment.text,
          createdAt: new Date(createdAt.getTime() + comment.after * 60_000),
          mentions: comment.mentions?.map(mention),
        });
      }
    }
    for (const [month, doc] of months) await documents.writeAsServer(docName(spaceId, 'feed', month), Y.encodeStateAsUpdate(doc), null);
  }
}

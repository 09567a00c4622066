/**
 * Orders from a desk's catalogue over HTTP: a team member orders 200 flyers with the team's phone number for
 * their team, the address becomes the team's delivery address, the desk moves the order on to delivered, and the
 * team reorders. Sent twice from the outbox it is one order. Attacked from other sessions: clients and guests do
 * not order, nobody orders for a team they are not a member of, only the desk's staff change the status, sizes
 * and quantities are checked, and orders per hour are limited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue, DeskOverview, OrderAnswer, OrderList } from '@kring/contract';
import { useKring, useSessions } from '../support/server.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

const SUPPORT = 'ondersteuning';
let counter = 0;
const newId = () => `bestelling-${Date.now().toString(36)}-${++counter}`;

describe('orders from a desk’s catalogue', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'daan', 'eva', 'admin']);
  let guest: Invited;
  let reader: Invited;

  const flyers = (overrides: Record<string, unknown> = {}) => ({
    id: newId(),
    itemId: 'flyer-a5',
    spaceId: 'noord',
    size: 'A5',
    quantity: 200,
    printText: 'Buurtteam Noord · 010 123 45 67',
    deliveryAddress: 'Buurthuis De Kring, Dorpsstraat 1, 1234 AB Zee',
    ...overrides,
  });
  const order = (cookie: string, body: Record<string, unknown>) => api<OrderAnswer>(kring.url, cookie, 'POST', '/api/desk/orders', body);
  const setStatus = (cookie: string, id: string, status: string) => api<OrderAnswer>(kring.url, cookie, 'PATCH', `/api/desk/orders/${id}`, { status });

  beforeAll(async () => {
    guest = await invitePerson(kring.url, sessions.admin, 'guest', [{ spaceId: 'noord', role: 'member' }], 'Gijs Gast');
    reader = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'reader' }], 'Lees Alleen');
  });

  it('shows the catalogue with pictures and sizes, and the teams a member may order for', async () => {
    const catalogue = await api<Catalogue>(kring.url, sessions.anna, 'GET', `/api/desk/desks/${SUPPORT}/catalogue`);
    expect(catalogue.status).toBe(200);
    expect(catalogue.body.items.map((item) => item.kind)).toEqual(expect.arrayContaining(['poster', 'flyer', 'advertisement', 'sticker', 'brochure']));
    expect(catalogue.body.items.find((item) => item.id === 'flyer-a5')).toMatchObject({ sizes: ['A5', 'A6'], printable: true, picture: '/desk/flyer.svg' });
    const overview = await api<DeskOverview>(kring.url, sessions.anna, 'GET', '/api/desk');
    expect(overview.body).toMatchObject({ canOrder: true, teams: [{ spaceId: 'noord', name: 'Buurtteam Noord' }] });
    const client = await api<DeskOverview>(kring.url, sessions.daan, 'GET', '/api/desk');
    expect(client.body).toMatchObject({ canOrder: false, teams: [] });
    expect((await api(kring.url, sessions.daan, 'GET', `/api/desk/desks/${SUPPORT}/catalogue`)).status).toBe(404);
  });

  it('a team member orders 200 flyers with the team’s phone number; the desk moves it on to delivered; the team reorders', async () => {
    const placed = await order(sessions.anna, flyers());
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({ status: 'ordered', quantity: 200, printText: 'Buurtteam Noord · 010 123 45 67', spaceName: 'Buurtteam Noord', itemName: 'Flyer van het buurtteam', orderedByName: 'Anna de Vries' });
    expect(placed.body.order.number).toMatch(/^B-\d{4}$/);
    const id = placed.body.order.id;
    // The address is now the team's.
    const overview = await api<DeskOverview>(kring.url, sessions.anna, 'GET', '/api/desk');
    expect(overview.body.teams[0].address).toBe('Buurthuis De Kring, Dorpsstraat 1, 1234 AB Zee');

    const open = await api<OrderList>(kring.url, sessions.bram, 'GET', `/api/desk/desks/${SUPPORT}/orders`);
    expect(open.body.orders.find((o) => o.id === id)).toMatchObject({ canHandle: true, quantity: 200 });
    for (const status of ['in_progress', 'sent', 'delivered']) expect((await setStatus(sessions.bram, id, status)).body.order.status).toBe(status);
    expect((await api<OrderList>(kring.url, sessions.bram, 'GET', `/api/desk/desks/${SUPPORT}/orders`)).body.orders.map((o) => o.id)).not.toContain(id);
    const mine = await api<OrderList>(kring.url, sessions.anna, 'GET', '/api/desk/orders');
    expect(mine.body.orders.find((o) => o.id === id)).toMatchObject({ status: 'delivered', canHandle: false });

    // Reordering is a new order with the same choices.
    const { itemId, size, quantity, printText, deliveryAddress } = placed.body.order;
    const again = await order(sessions.anna, { id: newId(), itemId, spaceId: 'noord', size, quantity, printText, deliveryAddress });
    expect(again.status).toBe(201);
    expect(again.body.order.id).not.toBe(id);
  });

  it('an order sent twice with the same id (the outbox after a lost answer) is one order', async () => {
    const body = flyers();
    const answers = await Promise.all([order(sessions.anna, body), order(sessions.anna, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect((await order(sessions.anna, body)).status).toBe(200);
    const mine = await api<OrderList>(kring.url, sessions.anna, 'GET', '/api/desk/orders');
    expect(mine.body.orders.filter((o) => o.id === body.id)).toHaveLength(1);
    // Someone else cannot take over the id.
    expect((await order(sessions.bram, { ...body, spaceId: 'zuid' })).status).toBe(409);
  });

  it('clients and guests do not order; nobody orders for a team they are not a member of, nor as a reader', async () => {
    expect((await order(sessions.daan, flyers())).status).toBe(403);
    expect((await order(guest.cookie, flyers())).status).toBe(403);
    expect((await order(reader.cookie, flyers())).status).toBe(403);
    expect((await order(sessions.bram, flyers())).status).toBe(403);
    expect((await order(sessions.anna, flyers({ spaceId: 'zuid' }))).status).toBe(403);
    expect((await order(sessions.anna, flyers({ spaceId: 'clientenplein' }))).status).toBe(403);
    expect((await order(sessions.anna, flyers({ spaceId: 'bestaat-niet' }))).status).toBe(403);
  });

  it('only the desk’s staff move an order on; the team may cancel it before work starts; others get 404', async () => {
    const { id } = (await order(sessions.anna, flyers())).body.order;
    expect((await setStatus(sessions.anna, id, 'delivered')).status).toBe(403);
    for (const cookie of [sessions.daan, guest.cookie, sessions.eva, sessions.admin]) expect((await setStatus(cookie, id, 'cancelled')).status).toBe(404);
    // A guest in the team neither orders nor sees the team's orders.
    for (const cookie of [sessions.eva, guest.cookie, reader.cookie]) {
      const theirs = await api<OrderList>(kring.url, cookie, 'GET', '/api/desk/orders');
      expect(theirs.body.orders.map((o) => o.id)).not.toContain(id);
    }
    expect((await setStatus(sessions.anna, id, 'cancelled')).body.order.status).toBe('cancelled');
    const started = (await order(sessions.anna, flyers())).body.order.id;
    await setStatus(sessions.bram, started, 'in_progress');
    expect((await setStatus(sessions.anna, started, 'cancelled')).status).toBe(403);
    expect((await setStatus(sessions.bram, started, 'verzonnen')).status).toBe(400);
  });

  it('refuses sizes the item does not come in, odd quantities, text on what is not printed, and too many orders in an hour', async () => {
    expect((await order(sessions.anna, flyers({ size: 'A0' }))).status).toBe(400);
    for (const quantity of [0, -5, 1.5, 10_001, '200']) expect((await order(sessions.anna, flyers({ quantity }))).status).toBe(400);
    expect((await order(sessions.anna, flyers({ printText: 'x'.repeat(301) }))).status).toBe(400);
    expect((await order(sessions.anna, flyers({ itemId: 'sticker-rond', size: '5 cm' }))).status).toBe(400);
    expect((await order(sessions.anna, flyers({ itemId: 'bestaat-niet' }))).status).toBe(404);
    expect((await order(sessions.anna, flyers({ deliveryAddress: '' }))).status).toBe(400);

    const busy = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'zuid', role: 'member' }], 'Veel Bestellen');
    const answers = [];
    for (let i = 0; i < 31; i++) answers.push((await order(busy.cookie, flyers({ spaceId: 'zuid', quantity: 1 }))).status);
    expect(answers.slice(0, 30).every((status) => status === 201)).toBe(true);
    expect(answers[30]).toBe(429);
  });

  it('refuses a change from another origin', async () => {
    const { id } = (await order(sessions.anna, flyers())).body.order;
    const response = await fetch(`${kring.url}/api/desk/orders/${id}`, {
      method: 'PATCH',
      headers: { cookie: sessions.bram, 'content-type': 'application/json', origin: 'https://elders.example', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ status: 'delivered' }),
    });
    expect(response.status).toBe(403);
    expect((await api<OrderList>(kring.url, sessions.anna, 'GET', '/api/desk/orders')).body.orders.find((o) => o.id === id)?.status).toBe('ordered');
  });
});

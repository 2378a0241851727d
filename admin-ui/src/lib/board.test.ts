import { describe, expect, it } from 'vitest';
import { appendPage, compareRank, dropPlace, locate, moveCard, placeFromServer, type Board, type Card, type Stage } from './board';

const stage = (id: string, probability: number, kind: Stage['kind'] = 'OPEN'): Stage => ({ id, pipelineId: 'p', name: id.toUpperCase(), position: 0, probability, kind, rottingDays: 14 });
const card = (id: string, rank: string, amount = 100, currency = 'EUR'): Card => ({
  id, title: `Deal ${id}`, amount, currency, ownerId: 'u', ownerName: 'Ada', expectedCloseDate: null, probability: null, rank, version: 1, tags: [], status: 'OPEN', rotting: false,
});

function board(): Board {
  return {
    pipeline: { id: 'p', name: 'Sales' },
    columns: [
      { stage: stage('a', 10), count: 3, totals: [{ currency: 'EUR', amount: 300, weighted: 30 }], cards: [card('1', 'B'), card('2', 'M'), card('3', 'T')], nextCursor: null },
      { stage: stage('b', 50), count: 1, totals: [{ currency: 'EUR', amount: 100, weighted: 50 }], cards: [card('4', 'M')], nextCursor: null },
      { stage: stage('won', 100, 'WON'), count: 0, totals: [], cards: [], nextCursor: null },
    ],
  };
}

const ids = (b: Board, stageId: string) => b.columns.find((c) => c.stage.id === stageId)!.cards.map((c) => c.id);
const col = (b: Board, stageId: string) => b.columns.find((c) => c.stage.id === stageId)!;

describe('moveCard', () => {
  it('moves a card to another column between two cards and names the card above', () => {
    const move = moveCard(board(), '1', { stageId: 'b', index: 1 })!;
    expect(ids(move.board, 'a')).toEqual(['2', '3']);
    expect(ids(move.board, 'b')).toEqual(['4', '1']);
    expect(move.request).toEqual({ stageId: 'b', afterDealId: '4', version: 1 });
  });

  it('names the card below when moved to the top of a column', () => {
    const move = moveCard(board(), '1', { stageId: 'b', index: 0 })!;
    expect(ids(move.board, 'b')).toEqual(['1', '4']);
    expect(move.request).toEqual({ stageId: 'b', beforeDealId: '4', version: 1 });
  });

  it('names no neighbour when moved into an empty column', () => {
    const move = moveCard(board(), '2', { stageId: 'won', index: 0 })!;
    expect(move.request).toEqual({ stageId: 'won', version: 1 });
    expect(col(move.board, 'won').cards[0].status).toBe('WON');
  });

  it('keeps counts and per-currency totals, weighted by the target stage', () => {
    const move = moveCard(board(), '1', { stageId: 'b', index: 1 })!;
    expect(col(move.board, 'a').count).toBe(2);
    expect(col(move.board, 'a').totals).toEqual([{ currency: 'EUR', amount: 200, weighted: 20 }]);
    expect(col(move.board, 'b').count).toBe(2);
    expect(col(move.board, 'b').totals).toEqual([{ currency: 'EUR', amount: 200, weighted: 100 }]);
  });

  it('adds a currency the target column did not have', () => {
    const b = board();
    b.columns[0].cards[0] = card('1', 'B', 40, 'USD');
    const move = moveCard(b, '1', { stageId: 'won', index: 0 })!;
    expect(col(move.board, 'won').totals).toEqual([{ currency: 'USD', amount: 40, weighted: 40 }]);
  });

  it('reorders within a column without changing its count', () => {
    const move = moveCard(board(), '1', { stageId: 'a', index: 2 })!;
    expect(ids(move.board, 'a')).toEqual(['2', '3', '1']);
    expect(col(move.board, 'a').count).toBe(3);
    expect(move.request).toEqual({ stageId: 'a', afterDealId: '3', version: 1 });
  });

  it('is a no-op for a drop on the same place or an unknown card', () => {
    expect(moveCard(board(), '2', { stageId: 'a', index: 1 })).toBeUndefined();
    expect(moveCard(board(), 'nope', { stageId: 'b', index: 0 })).toBeUndefined();
    expect(moveCard(board(), '1', { stageId: 'nope', index: 0 })).toBeUndefined();
  });

  it('does not change the board it was given', () => {
    const b = board();
    moveCard(b, '1', { stageId: 'b', index: 0 });
    expect(ids(b, 'a')).toEqual(['1', '2', '3']);
  });
});

describe('placeFromServer (409 recovery and move responses)', () => {
  it('puts the card where the server says, by rank, with the new version', () => {
    const optimistic = moveCard(board(), '1', { stageId: 'b', index: 1 })!.board;
    const current = { id: '1', stageId: 'a', rank: 'P', version: 3 };
    const placed = placeFromServer(optimistic, current);
    expect(ids(placed, 'a')).toEqual(['2', '1', '3']);
    expect(ids(placed, 'b')).toEqual(['4']);
    expect(col(placed, 'a').cards[1].version).toBe(3);
    expect(col(placed, 'a').count).toBe(3);
    expect(col(placed, 'b').count).toBe(1);
  });

  it('counts a card that falls beyond the loaded page without showing it', () => {
    const b = board();
    b.columns[1].nextCursor = 'c';
    const placed = placeFromServer(b, { id: '1', stageId: 'b', rank: 'z', version: 2 });
    expect(ids(placed, 'b')).toEqual(['4']);
    expect(col(placed, 'b').count).toBe(2);
    expect(locate(placed, '1')).toBeUndefined();
  });

  it('takes the card off the board when the deal went to another pipeline', () => {
    const placed = placeFromServer(board(), { id: '4', stageId: 'x', pipelineId: 'other', rank: 'M', version: 2 });
    expect(ids(placed, 'b')).toEqual([]);
  });

  it('uses the fallback card when the card is not on the board any more', () => {
    const b = board();
    const gone = b.columns[0].cards[0];
    b.columns[0].cards = b.columns[0].cards.slice(1);
    const placed = placeFromServer(b, { id: '1', stageId: 'won', rank: 'M', version: 5, status: 'WON' }, gone);
    expect(col(placed, 'won').cards[0]).toMatchObject({ id: '1', version: 5, status: 'WON', title: 'Deal 1' });
  });
});

describe('dropPlace', () => {
  it('a drop on a column goes to its end', () => {
    expect(dropPlace(board(), '1', 'column:b')).toEqual({ stageId: 'b', index: 1 });
    expect(dropPlace(board(), '1', 'column:a')).toEqual({ stageId: 'a', index: 2 });
  });

  it('a drop on a card takes its place', () => {
    expect(dropPlace(board(), '1', '4')).toEqual({ stageId: 'b', index: 0 });
    expect(dropPlace(board(), '1', '3')).toEqual({ stageId: 'a', index: 2 });
  });

  it('a drop on nothing known is no place', () => {
    expect(dropPlace(board(), '1', 'column:zz')).toBeUndefined();
    expect(dropPlace(board(), '1', 'zz')).toBeUndefined();
  });
});

describe('ranks and pages', () => {
  it('compares ranks in byte order, as COLLATE "C"', () => {
    expect(compareRank('Z', 'a')).toBeLessThan(0);
    expect(compareRank('a', 'Z')).toBeGreaterThan(0);
    expect(compareRank('9', 'A')).toBeLessThan(0);
    expect(compareRank('M', 'M')).toBe(0);
  });

  it('appends a page without repeating cards already shown', () => {
    const next = appendPage(board(), 'a', [card('3', 'T'), card('5', 'V')], 'more');
    expect(ids(next, 'a')).toEqual(['1', '2', '3', '5']);
    expect(col(next, 'a').nextCursor).toBe('more');
  });
});

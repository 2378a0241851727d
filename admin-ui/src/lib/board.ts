/** The kanban's state and the pure logic of moving cards: optimistic moves, the API's neighbours, 409 recovery. */

import { adjustTotals, type Total } from './money';

export type StageKind = 'OPEN' | 'WON' | 'LOST';

export type Stage = {
  id: string;
  pipelineId: string;
  name: string;
  position: number;
  probability: number;
  kind: StageKind;
  rottingDays: number | null;
};

export type Card = {
  id: string;
  title: string;
  amount: number | string | null;
  currency: string | null;
  ownerId: string | null;
  ownerName: string | null;
  expectedCloseDate: string | null;
  probability: number | null;
  rank: string;
  version: number;
  tags: string[];
  companyId?: string | null;
  contactId?: string | null;
  stageEnteredAt?: string | null;
  lastActivityAt?: string | null;
  status: string;
  rotting: boolean;
};

export type Column = {
  stage: Stage;
  count: number;
  totals: Total[];
  cards: Card[];
  nextCursor: string | null;
};

export type Board = {
  pipeline: { id: string; name: string };
  columns: Column[];
};

export type Place = { stageId: string; index: number };

/** Where a card is: its column's stage and its index there; undefined when not loaded. */
export function locate(board: Board, cardId: string): Place | undefined {
  for (const column of board.columns) {
    const index = column.cards.findIndex((c) => c.id === cardId);
    if (index >= 0) {
      return { stageId: column.stage.id, index };
    }
  }
  return undefined;
}

/** The probability that weights a card in a column: the card's own, else the stage's. */
function weight(card: Card, stage: Stage): number {
  return card.probability ?? stage.probability;
}

function withoutCard(column: Column, card: Card): Column {
  return {
    ...column,
    count: Math.max(0, column.count - 1),
    totals: adjustTotals(column.totals, card.currency, card.amount, weight(card, column.stage), -1),
    cards: column.cards.filter((c) => c.id !== card.id),
  };
}

function withCard(column: Column, card: Card, index: number): Column {
  const cards = [...column.cards];
  cards.splice(Math.max(0, Math.min(index, cards.length)), 0, card);
  return {
    ...column,
    count: column.count + 1,
    totals: adjustTotals(column.totals, card.currency, card.amount, weight(card, column.stage), 1),
    cards,
  };
}

export type Move = {
  board: Board;
  /** The body of POST /deals/{id}/move. */
  request: { stageId: string; afterDealId?: string; beforeDealId?: string; version: number };
};

/**
 * Moves a card to an index of a column (the index in the column as it will be, the card
 * removed from where it was). Returns the new board and the API request, or undefined when
 * nothing would change.
 */
export function moveCard(board: Board, cardId: string, to: Place): Move | undefined {
  const from = locate(board, cardId);
  if (!from) {
    return undefined;
  }
  const source = board.columns.find((c) => c.stage.id === from.stageId)!;
  const target = board.columns.find((c) => c.stage.id === to.stageId);
  if (!target) {
    return undefined;
  }
  const card = source.cards[from.index];
  const sameColumn = from.stageId === to.stageId;
  const targetCardsWithout = sameColumn ? source.cards.filter((c) => c.id !== cardId) : target.cards;
  const index = Math.max(0, Math.min(to.index, targetCardsWithout.length));
  if (sameColumn && index === from.index) {
    return undefined;
  }
  const after = index > 0 ? targetCardsWithout[index - 1] : undefined;
  const before = index < targetCardsWithout.length ? targetCardsWithout[index] : undefined;
  const moved: Card = { ...card, status: target.stage.kind };
  const columns = board.columns.map((column) => {
    if (sameColumn && column.stage.id === from.stageId) {
      const cards = [...targetCardsWithout];
      cards.splice(index, 0, moved);
      return { ...column, cards };
    }
    if (column.stage.id === from.stageId) {
      return withoutCard(column, card);
    }
    if (column.stage.id === to.stageId) {
      return withCard(column, moved, index);
    }
    return column;
  });
  const request: Move['request'] = { stageId: to.stageId, version: card.version };
  if (after) {
    request.afterDealId = after.id;
  } else if (before) {
    request.beforeDealId = before.id;
  }
  return { board: { ...board, columns }, request };
}

/** Byte-order comparison, as the rank column's COLLATE "C". */
export function compareRank(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A deal as the API returns it (move response, 409's current, GET /deals/{id}). */
export type DealRecord = {
  id: string;
  stageId: string;
  pipelineId?: string;
  rank: string;
  version: number;
  status?: string;
  title?: string;
  amount?: number | string | null;
  currency?: string | null;
  ownerId?: string | null;
  probability?: number | null;
  expectedCloseDate?: string | null;
  tags?: string[];
  lastActivityAt?: string | null;
  stageEnteredAt?: string | null;
};

/**
 * Puts a card where the server says it is (after a move, or after a 409 with the current
 * deal): out of every column, then into its stage's column at its rank. A card whose rank
 * falls beyond the loaded part of a column that has more pages is counted there but left
 * for infinite scroll to load. A deal of another pipeline just leaves the board.
 */
export function placeFromServer(board: Board, deal: DealRecord, fallback?: Card): Board {
  const from = locate(board, deal.id);
  const old = from ? board.columns.find((c) => c.stage.id === from.stageId)!.cards[from.index] : fallback;
  if (!old) {
    return board;
  }
  const card: Card = {
    ...old,
    ...pick(deal),
    rank: deal.rank,
    version: deal.version,
  };
  let columns = board.columns.map((column) => (from && column.stage.id === from.stageId ? withoutCard(column, old) : column));
  const onBoard = !deal.pipelineId || deal.pipelineId === board.pipeline.id;
  columns = columns.map((column) => {
    if (!onBoard || column.stage.id !== deal.stageId) {
      return column;
    }
    const index = column.cards.findIndex((c) => compareRank(c.rank, card.rank) > 0 || (c.rank === card.rank && c.id > card.id));
    if (index < 0 && column.nextCursor) {
      // beyond the loaded page: counted, shown when scrolled to
      return {
        ...column,
        count: column.count + 1,
        totals: adjustTotals(column.totals, card.currency, card.amount, weight(card, column.stage), 1),
      };
    }
    return withCard(column, card, index < 0 ? column.cards.length : index);
  });
  return { ...board, columns };
}

function pick(deal: DealRecord): Partial<Card> {
  const out: Partial<Card> = {};
  const keys = ['title', 'amount', 'currency', 'ownerId', 'probability', 'expectedCloseDate', 'tags', 'lastActivityAt', 'stageEnteredAt', 'status'] as const;
  for (const key of keys) {
    if (deal[key] !== undefined) {
      (out as Record<string, unknown>)[key] = deal[key];
    }
  }
  return out;
}

/** Appends a column's next page, skipping cards already shown (a card moved in meanwhile). */
export function appendPage(board: Board, stageId: string, cards: Card[], nextCursor: string | null): Board {
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.id !== stageId) {
        return column;
      }
      const seen = new Set(column.cards.map((c) => c.id));
      return { ...column, cards: [...column.cards, ...cards.filter((c) => !seen.has(c.id))], nextCursor };
    }),
  };
}

/**
 * The place a drop means. `overId` is a card id or a column id ("column:<stageId>"); a drop on
 * a card takes its place (after it when the dragged card comes from above in the same column),
 * a drop on a column's free space goes to its end.
 */
export function dropPlace(board: Board, activeId: string, overId: string): Place | undefined {
  if (overId.startsWith('column:')) {
    const stageId = overId.slice('column:'.length);
    const column = board.columns.find((c) => c.stage.id === stageId);
    if (!column) {
      return undefined;
    }
    const length = column.cards.filter((c) => c.id !== activeId).length;
    return { stageId, index: length };
  }
  const over = locate(board, overId);
  const from = locate(board, activeId);
  if (!over || !from) {
    return undefined;
  }
  if (over.stageId === from.stageId) {
    // in the same column the dragged card takes the index of the card it is over
    return { stageId: over.stageId, index: over.index };
  }
  return { stageId: over.stageId, index: over.index };
}

/** A card is rotting when the board says so (stage rotting days passed since the last activity). */
export function rottingText(card: Card, stage: Stage): string | undefined {
  if (!card.rotting) {
    return undefined;
  }
  return stage.rottingDays ? `No activity for over ${stage.rottingDays} days` : 'Rotting';
}

import { memo, useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCorners,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { api, ApiError, errorText } from '../lib/api';
import { appendPage, dropPlace, locate, moveCard, placeFromServer, rottingText, type Board, type Card, type Column, type DealRecord, type Stage } from '../lib/board';
import { filterValue, fromSearchParams, setFilter, toSearchParams, type ListQuery } from '../lib/filters';
import { formatDate, formatMoney, formatTotals } from '../lib/money';
import { hasErrors, validateDeal, type DealForm } from '../lib/validation';
import { Dialog, Empty, ErrorMessage, Loading, TextField, useTitle, useToast } from '../ui/common';

type Pipeline = { id: string; name: string; position: number; stages: Stage[] };
type Member = { userId: string; name: string; email: string };
type CustomField = { id: string; entity: string; key: string; label: string; type: string; options: string[] };

const PAGE = 25;

export default function BoardPage() {
  const { pipelineId: routePipeline } = useParams();
  const navigate = useNavigate();
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: () => api<Pipeline[]>('/api/v1/pipelines') });
  const pipelineId = routePipeline ?? pipelines.data?.[0]?.id;
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId);
  useTitle(pipeline ? `${pipeline.name} board` : 'Board');

  if (pipelines.isPending) {
    return <Loading label="Loading pipelines…" />;
  }
  if (pipelines.isError) {
    return <ErrorMessage error={pipelines.error} retry={() => pipelines.refetch()} />;
  }
  if (!pipelineId || !pipeline) {
    return (
      <section className="page">
        <h1>Board</h1>
        <Empty>{routePipeline ? 'This pipeline does not exist.' : 'No pipelines yet.'} Create one in Settings → Pipelines.</Empty>
      </section>
    );
  }
  return (
    <section className="board-page" aria-labelledby="board-title">
      <div className="board-toolbar">
        <h1 id="board-title">Board</h1>
        <label>
          <span className="visually-hidden">Pipeline</span>
          <select value={pipelineId} onChange={(e) => navigate(`/board/${e.target.value}`)} aria-label="Pipeline">
            {pipelines.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <BoardFilters />
      <PipelineBoard key={pipelineId} pipeline={pipeline} />
    </section>
  );
}

function useBoardQuery(): [ListQuery, (q: ListQuery) => void] {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => fromSearchParams(params), [params]);
  const set = useCallback((q: ListQuery) => setParams(toSearchParams(q), { replace: true }), [setParams]);
  return [query, set];
}

function BoardFilters() {
  const [query, setQuery] = useBoardQuery();
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<Member[]>('/api/v1/members') });
  const fields = useQuery({ queryKey: ['custom-fields', 'deal'], queryFn: () => api<CustomField[]>('/api/v1/custom-fields?entity=deal') });
  const [search, setSearch] = useState(query.q);
  const [tag, setTag] = useState(filterValue(query, 'tags', 'has'));
  const customFilter = query.filters.find((f) => f.field.startsWith('custom.'));
  const [customKey, setCustomKey] = useState(customFilter?.field ?? '');
  const [customValue, setCustomValue] = useState(customFilter?.value ?? '');
  const apply = (event: FormEvent) => {
    event.preventDefault();
    let next = { ...query, q: search, filters: query.filters.filter((f) => !f.field.startsWith('custom.')) };
    next = setFilter(next, 'tags', 'has', tag.trim());
    if (customKey && customValue.trim()) {
      next = setFilter(next, customKey, 'eq', customValue.trim());
    }
    setQuery(next);
  };
  const clear = () => {
    setSearch('');
    setTag('');
    setCustomKey('');
    setCustomValue('');
    setQuery({ filters: [], q: '', sort: '' });
  };
  const active = query.filters.length > 0 || query.q !== '';
  return (
    <form className="filters" onSubmit={apply} role="search" aria-label="Filter the board">
      <label>
        Owner
        <select value={filterValue(query, 'ownerId', 'eq')} onChange={(e) => setQuery(setFilter(query, 'ownerId', 'eq', e.target.value))}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          {members.data?.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tag
        <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="vip" size={10} />
      </label>
      {fields.data && fields.data.length > 0 && (
        <>
          <label>
            Field
            <select value={customKey} onChange={(e) => setCustomKey(e.target.value)}>
              <option value="">—</option>
              {fields.data.map((f) => (
                <option key={f.id} value={`custom.${f.key}`}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            equals
            <input value={customValue} onChange={(e) => setCustomValue(e.target.value)} size={10} />
          </label>
        </>
      )}
      <label>
        Search
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Title, company…" />
      </label>
      <button type="submit">Apply</button>
      {active && (
        <button type="button" className="link" onClick={clear}>
          Clear filters
        </button>
      )}
    </form>
  );
}

function PipelineBoard({ pipeline }: { pipeline: Pipeline }) {
  const [query] = useBoardQuery();
  const params = toSearchParams(query);
  params.delete('sort');
  const filterString = params.toString();
  const client = useQueryClient();
  const toast = useToast();
  const boardQuery = useQuery({
    queryKey: ['board', pipeline.id, filterString],
    queryFn: ({ signal }) => api<Board>(`/api/v1/pipelines/${pipeline.id}/board?limit=${PAGE}${filterString ? `&${filterString}` : ''}`, { signal }),
  });
  const [board, setBoardState] = useState<Board | undefined>(undefined);
  const boardRef = useRef<Board | undefined>(undefined);
  const setBoard = useCallback((next: Board) => {
    boardRef.current = next;
    setBoardState(next);
  }, []);
  useEffect(() => {
    if (boardQuery.data) {
      setBoard(boardQuery.data);
    }
  }, [boardQuery.data, setBoard]);

  const [activeCard, setActiveCard] = useState<Card | null>(null);
  const [quickAdd, setQuickAdd] = useState<Stage | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const stageName = useCallback((id: string) => pipeline.stages.find((s) => s.id === id)?.name ?? 'another stage', [pipeline.stages]);
  const cardTitle = (id: string | number) => {
    const b = boardRef.current;
    if (!b) {
      return 'the deal';
    }
    for (const c of b.columns) {
      const card = c.cards.find((x) => x.id === id);
      if (card) {
        return card.title;
      }
    }
    return 'the deal';
  };
  const overName = (id: string | number | undefined) => {
    if (id === undefined) {
      return 'no column';
    }
    const text = String(id);
    if (text.startsWith('column:')) {
      return `the end of ${stageName(text.slice(7))}`;
    }
    const place = boardRef.current && locate(boardRef.current, text);
    return place ? `${stageName(place.stageId)}, position ${place.index + 1}` : 'a card';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${cardTitle(active.id)}. Use the arrow keys to move it between and within columns, space to drop, escape to cancel.`,
    onDragOver: ({ active, over }) => `${cardTitle(active.id)} is over ${overName(over?.id)}.`,
    onDragEnd: ({ active, over }) => (over ? `Dropped ${cardTitle(active.id)} on ${overName(over.id)}.` : `${cardTitle(active.id)} was dropped outside the board.`),
    onDragCancel: ({ active }) => `Moving ${cardTitle(active.id)} was cancelled.`,
  };

  const onDragStart = (event: DragStartEvent) => {
    const b = boardRef.current;
    const place = b && locate(b, String(event.active.id));
    setActiveCard(place && b ? b.columns.find((c) => c.stage.id === place.stageId)!.cards[place.index] : null);
  };

  const onDragEnd = async (event: DragEndEvent) => {
    setActiveCard(null);
    const before = boardRef.current;
    if (!before || !event.over) {
      return;
    }
    const cardId = String(event.active.id);
    const place = dropPlace(before, cardId, String(event.over.id));
    const move = place && moveCard(before, cardId, place);
    if (!move) {
      return;
    }
    const card = before.columns.flatMap((c) => c.cards).find((c) => c.id === cardId)!;
    setBoard(move.board);
    try {
      const saved = await api<DealRecord>(`/api/v1/deals/${cardId}/move`, { body: move.request });
      setBoard(placeFromServer(boardRef.current!, saved, card));
      client.invalidateQueries({ queryKey: ['deal', cardId] });
    } catch (error) {
      const current = error instanceof ApiError && error.status === 409 ? (error.body.current as DealRecord | undefined) : undefined;
      if (current) {
        setBoard(placeFromServer(boardRef.current!, current, card));
        toast(`“${card.title}” was changed by someone else; it is shown where it is now (${stageName(current.stageId)}).`, 'error');
      } else {
        setBoard(before);
        toast(`Could not move “${card.title}”: ${errorText(error)}`, 'error');
        if (error instanceof ApiError && error.status === 409) {
          boardQuery.refetch();
        }
      }
    }
  };

  const loadMore = useCallback(
    async (stageId: string) => {
      const b = boardRef.current;
      const column = b?.columns.find((c) => c.stage.id === stageId);
      if (!b || !column?.nextCursor) {
        return;
      }
      const page = await api<{ cards: Card[]; nextCursor: string | null }>(
        `/api/v1/pipelines/${pipeline.id}/board/stages/${stageId}?limit=${PAGE}&cursor=${encodeURIComponent(column.nextCursor)}${filterString ? `&${filterString}` : ''}`,
      );
      setBoard(appendPage(boardRef.current!, stageId, page.cards, page.nextCursor));
    },
    [pipeline.id, filterString, setBoard],
  );

  if (boardQuery.isError) {
    return <ErrorMessage error={boardQuery.error} retry={() => boardQuery.refetch()} />;
  }
  if (!board) {
    return <Loading label="Loading the board…" />;
  }
  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setActiveCard(null)}
        accessibility={{ announcements, screenReaderInstructions: { draggable: 'To move a deal, press space, then use the arrow keys, then space again to drop it, or escape to cancel.' } }}
      >
        <div className="board" aria-busy={boardQuery.isFetching}>
          {board.columns.map((column) => (
            <BoardColumn key={column.stage.id} column={column} onLoadMore={loadMore} onQuickAdd={setQuickAdd} />
          ))}
        </div>
        <DragOverlay>{activeCard ? <CardView card={activeCard} stage={null} overlay /> : null}</DragOverlay>
      </DndContext>
      <QuickAddDeal
        stage={quickAdd}
        onClose={() => setQuickAdd(null)}
        onCreated={(title) => {
          setQuickAdd(null);
          toast(`Deal “${title}” added.`);
          boardQuery.refetch();
        }}
      />
    </>
  );
}

// memo: a column re-renders only when its own data changes, not when a dialog opens or another column moves
const BoardColumn = memo(function BoardColumn({ column, onLoadMore, onQuickAdd }: { column: Column; onLoadMore: (stageId: string) => Promise<void>; onQuickAdd: (stage: Stage) => void }) {
  const { setNodeRef, isOver } = useDroppable({ id: `column:${column.stage.id}` });
  const listRef = useRef<HTMLOListElement | null>(null);
  const sentinelRef = useRef<HTMLLIElement>(null);
  const setListRef = useCallback(
    (node: HTMLOListElement | null) => {
      listRef.current = node;
      setNodeRef(node);
    },
    [setNodeRef],
  );
  const headingId = `col-${column.stage.id}`;
  return (
    <section className={`column${isOver ? ' column-over' : ''}`} aria-labelledby={headingId} data-stage={column.stage.name}>
      <header className="column-header">
        <div className="column-title">
          <h2 id={headingId}>{column.stage.name}</h2>
          <span className="count" aria-label={`${column.count} deals`}>
            {column.count}
          </span>
          <button type="button" className="icon" onClick={() => onQuickAdd(column.stage)} aria-label={`Add a deal to ${column.stage.name}`} title="Add a deal">
            +
          </button>
        </div>
        <p className="column-totals">
          <span title="Total amount">{formatTotals(column.totals, 'amount')}</span>
          <span className="weighted" title={`Weighted by probability (${column.stage.probability}% by default)`}>
            weighted {formatTotals(column.totals, 'weighted')}
          </span>
        </p>
      </header>
      <SortableContext id={column.stage.id} items={column.cards.map((c) => c.id)} strategy={verticalListSortingStrategy}>
        <ol ref={setListRef} className="cards" aria-label={`${column.stage.name} deals`}>
          {column.cards.map((card) => (
            <SortableCard key={card.id} card={card} stage={column.stage} />
          ))}
          {column.cards.length === 0 && <li className="column-empty">No deals</li>}
          {column.nextCursor && <li ref={sentinelRef} className="load-sentinel" aria-hidden="true" />}
        </ol>
      </SortableContext>
      {column.nextCursor && (
        <LoadMore stageId={column.stage.id} onLoadMore={onLoadMore} remaining={column.count - column.cards.length} listRef={listRef} sentinelRef={sentinelRef} />
      )}
    </section>
  );
});

/**
 * Loads the next page when the column's list is scrolled near its end; a button for keyboards and when observation is
 * unavailable. It watches a sentinel at the end of the list, inside the list's own scroll box: the button below the
 * list is always on screen, so watching it would load page after page of a large column without anyone scrolling.
 */
function LoadMore({
  stageId,
  onLoadMore,
  remaining,
  listRef,
  sentinelRef,
}: {
  stageId: string;
  onLoadMore: (stageId: string) => Promise<void>;
  remaining: number;
  listRef: RefObject<HTMLOListElement | null>;
  sentinelRef: RefObject<HTMLLIElement | null>;
}) {
  const [state, setState] = useState<'idle' | 'loading' | 'error'>('idle');
  const load = useCallback(() => {
    if (state === 'loading') {
      return;
    }
    setState('loading');
    onLoadMore(stageId).then(
      () => setState('idle'),
      () => setState('error'),
    );
  }, [onLoadMore, stageId, state]);
  useEffect(() => {
    const sentinel = sentinelRef.current;
    const root = listRef.current;
    if (!sentinel || !root || typeof IntersectionObserver === 'undefined' || state !== 'idle') {
      return;
    }
    // within 200 px of the list's visible end: the next page arrives before the user reaches the end
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && load(), { root, rootMargin: '0px 0px 200px 0px' });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [load, state, listRef, sentinelRef]);
  return (
    <button type="button" className="load-more" onClick={load} disabled={state === 'loading'}>
      {state === 'loading' ? 'Loading…' : state === 'error' ? 'Could not load; try again' : `Show more (${Math.max(remaining, 0)})`}
    </button>
  );
}

function SortableCard({ card, stage }: { card: Card; stage: Stage }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: card.id });
  const style = { transform: CSS.Transform.toString(transform), transition };
  return (
    <li ref={setNodeRef} style={style} className={`card-slot${isDragging ? ' dragging' : ''}`} {...attributes} {...listeners} aria-roledescription="draggable deal" data-deal-id={card.id}>
      <CardView card={card} stage={stage} />
    </li>
  );
}

// memo: during a drag every sortable item re-renders for its transform; the card's content does not need to
const CardView = memo(function CardView({ card, stage, overlay = false }: { card: Card; stage: Stage | null; overlay?: boolean }) {
  const rotting = stage ? rottingText(card, stage) : undefined;
  return (
    <article className={`card${card.rotting ? ' rotting' : ''}${overlay ? ' overlay' : ''}`} aria-label={card.title}>
      <h3>
        {overlay ? card.title : (
          <Link to={`/deals/${card.id}`} onPointerDown={(e) => e.stopPropagation()}>
            {card.title}
          </Link>
        )}
      </h3>
      <p className="card-amount">{formatMoney(card.amount, card.currency)}</p>
      <p className="card-meta">
        <span title="Owner">{card.ownerName ?? 'Unassigned'}</span>
        <span title="Expected close date">{card.expectedCloseDate ? `Closes ${formatDate(card.expectedCloseDate)}` : 'No close date'}</span>
      </p>
      {card.tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {card.tags.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
      {rotting && (
        <p className="rotting-badge" title={rotting}>
          <span aria-hidden="true">●</span> Rotting<span className="visually-hidden">: {rotting}</span>
        </p>
      )}
    </article>
  );
});

function QuickAddDeal({ stage, onClose, onCreated }: { stage: Stage | null; onClose: () => void; onCreated: (title: string) => void }) {
  const empty: DealForm = { title: '', amount: '', currency: 'EUR', expectedCloseDate: '' };
  const [form, setForm] = useState<DealForm>(empty);
  const [errors, setErrors] = useState<ReturnType<typeof validateDeal>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (stage) {
      setForm(empty);
      setErrors({});
      setFailure(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stage]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateDeal(form);
    setErrors(found);
    if (hasErrors(found) || !stage) {
      return;
    }
    setSaving(true);
    try {
      const body: Record<string, unknown> = {
        title: form.title.trim(),
        currency: form.currency.trim().toUpperCase(),
        pipelineId: stage.pipelineId,
        stageId: stage.id,
      };
      if (form.amount.trim()) {
        body.amount = Number(form.amount);
      }
      if (form.expectedCloseDate) {
        body.expectedCloseDate = form.expectedCloseDate;
      }
      await api('/api/v1/deals', { body });
      onCreated(form.title.trim());
    } catch (error) {
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog title={stage ? `New deal in ${stage.name}` : 'New deal'} open={stage !== null} onClose={onClose}>
      <form onSubmit={submit} noValidate className="stack">
        <TextField label="Title" value={form.title} error={errors.title} onChange={(e) => setForm({ ...form, title: e.target.value })} autoFocus />
        <div className="row">
          <TextField label="Amount" inputMode="decimal" value={form.amount} error={errors.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} />
          <TextField label="Currency" value={form.currency} maxLength={3} size={4} error={errors.currency} onChange={(e) => setForm({ ...form, currency: e.target.value })} />
        </div>
        <TextField label="Expected close date" type="date" value={form.expectedCloseDate} error={errors.expectedCloseDate} onChange={(e) => setForm({ ...form, expectedCloseDate: e.target.value })} />
        {failure !== null && <ErrorMessage error={failure} />}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Adding…' : 'Add deal'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

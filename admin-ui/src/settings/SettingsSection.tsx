import type { ReactNode } from 'react';
import { Empty, ErrorMessage, Loading, useTitle } from '../ui/common';

/** What a settings section needs of a react-query result. */
export type QueryState<T> = { isPending: boolean; isError: boolean; error: unknown; data: T | undefined; refetch: () => unknown };

type Frame = {
  title: string;
  /** A line under the heading saying what the section is for. */
  hint?: ReactNode;
  /** Above the query's content, e.g. the form that adds to the list. */
  before?: ReactNode;
  /** Below the query's content. */
  after?: ReactNode;
};

type WithQuery<T> = Frame & {
  query: QueryState<T>;
  /** Shown instead of `children` when the query's data is an empty list. */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
};

type WithoutQuery = Frame & { query?: undefined; empty?: undefined; children?: ReactNode };

/**
 * One settings page: its heading (and the document's title), an optional hint, and, given a query, the query's
 * loading and error states around what `children` makes of its data, with `empty` for an empty list.
 */
export function SettingsSection<T>(props: WithQuery<T> | WithoutQuery) {
  const { title, hint, before, after } = props;
  useTitle(`${title} · Settings`);
  return (
    <section aria-labelledby="settings-title" className="page">
      <h2 id="settings-title">{title}</h2>
      {hint && <p className="hint">{hint}</p>}
      {before}
      {props.query ? (
        <Loaded q={props.query} empty={props.empty}>
          {props.children}
        </Loaded>
      ) : (
        props.children
      )}
      {after}
    </section>
  );
}

/** A query's loading and error states around its content; `empty` stands in for an empty list. */
export function Loaded<T>({ q, empty, children }: { q: QueryState<T>; empty?: ReactNode; children: (data: T) => ReactNode }) {
  if (q.isPending) {
    return <Loading />;
  }
  if (q.isError) {
    return <ErrorMessage error={q.error} retry={() => q.refetch()} />;
  }
  const data = q.data as T;
  if (empty !== undefined && Array.isArray(data) && data.length === 0) {
    return <Empty>{empty}</Empty>;
  }
  return <>{children(data)}</>;
}

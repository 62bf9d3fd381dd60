/** Loading, error and empty states, the same on every page. */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="status" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="status error" role="alert">
      <span>{t('common.error', { message: error.message })}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="status empty">{children ?? t('common.empty')}</p>;
}

/** Shows loading/error/empty around data that may not be there yet. */
export function Async<T>(props: {
  state: { data: T | undefined; error: Error | undefined; reload(): void };
  isEmpty?: (d: T) => boolean;
  empty?: ReactNode;
  children: (d: T) => ReactNode;
}) {
  const { data, error, reload } = props.state;
  if (data === undefined) return error ? <ErrorBox error={error} onRetry={reload} /> : <Loading />;
  return (
    <>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {props.isEmpty?.(data) ? <Empty>{props.empty}</Empty> : props.children(data)}
    </>
  );
}

/** Keeps one page's crash on that page: the shell and nav stay usable, with a retry. */
export class PageBoundary extends Component<
  { children: ReactNode; message: (e: Error) => string; retry: string },
  { error: Error | undefined }
> {
  override state: { error: Error | undefined } = { error: undefined };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="status error" role="alert">
        <span>{this.props.message(error)}</span>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          {this.props.retry}
        </button>
      </div>
    );
  }
}

import { useState } from 'react';
import { client, ok } from '../../api/client.js';
import { useAction } from '../../lib/use-action.js';
import { type ImportResult, upload } from './upload.js';

export interface UploadState {
  /** Bytes sent; `undefined` before the first upload. */
  readonly sent: number | undefined;
  /** Rows the server has read so far, while it imports. */
  readonly rowsDone: number | undefined;
  readonly result: ImportResult | undefined;
  readonly busy: boolean;
  readonly error: Error | undefined;
  start(file: File, query: string, contentType: string): Promise<void>;
  /** Forget the last upload (a new file was chosen). */
  reset(): void;
  fail(error: Error): void;
}

/** One upload at a time, with its progress: bytes sent, then the rows the server has read. */
export function useUpload(): UploadState {
  const action = useAction();
  const [sent, setSent] = useState<number>();
  const [rowsDone, setRowsDone] = useState<number>();
  const [result, setResult] = useState<ImportResult>();
  const start = async (file: File, query: string, contentType: string) => {
    setResult(undefined);
    setSent(0);
    setRowsDone(undefined);
    // The server names the running import after the file, as it stores it.
    const source = `upload:${file.name.replace(/[^\w.-]/g, '_')}`;
    // While the server imports, its progress shows on the running import of this upload.
    const poll = setInterval(() => {
      ok(client.GET('/api/v1/imports', { params: { query: { limit: 5 } } }))
        .then((r) => {
          const running = r?.imports.find((i) => i.status === 'running' && i.source === source);
          if (running?.progress) setRowsDone(running.progress.rows);
        })
        .catch(() => undefined);
    }, 500);
    try {
      setResult(await action.run(() => upload(file, query, contentType, setSent)));
    } finally {
      clearInterval(poll);
    }
  };
  const reset = () => {
    setResult(undefined);
    action.clear();
    setSent(undefined);
  };
  return {
    sent,
    rowsDone,
    result,
    busy: action.busy !== undefined,
    error: action.error,
    start,
    reset,
    fail: action.fail,
  };
}

/**
 * The popup's side of a flow cut off from the window that started it (a
 * host page served with `Cross-Origin-Opener-Policy: same-origin`): the
 * callback sent the popup to the host page with the flow's return
 * parameters, and the element on that page finishes the flow for the first
 * window. Part of the flow's lazy code (`reconnect-flow.ts`).
 */
import type { ApiError } from './api-client.js';
import type { Returned } from './flow-return.js';
import { tell, type FlowNews } from './flow-news.js';
import type { FlowDelegate } from './reconnect-flow.js';

/**
 * The backend's answer to a failed request, or a rethrow (the element left
 * the page: an `AbortError`, whose `code` is a number). Checked by shape, so
 * that the flow's chunk takes nothing from the start-up code at run time.
 */
export function failure(error: unknown): ApiError {
  if (typeof (error as ApiError | null)?.code === 'string') return error as ApiError;
  throw error;
}

/**
 * Redeems the handle here (or takes the code the flow ended with), tells the
 * first window how it ended, and closes this window. Where the browser keeps
 * it open, the card says it can be closed: the first window shows the
 * outcome, and sends the `connected` event there.
 */
export async function finishForOpener(delegate: FlowDelegate, { flow: { id }, completion, code }: Returned): Promise<void> {
  const { api, panels } = delegate;
  const news: FlowNews = { id, stage: 'done', code, requestId: null };
  if (completion) {
    tell({ id, stage: 'pending' });
    try {
      delegate.showStatus(await api.send('/connect/complete', { completion }));
    } catch (thrown) {
      const { code: failed, requestId, account } = failure(thrown);
      Object.assign(news, { code: failed, requestId, account });
    }
  }
  tell(news);
  setTimeout(() => close(), 100);
  await panels.load();
  if (panels.help) delegate.showDone(panels.help.closeThis);
}

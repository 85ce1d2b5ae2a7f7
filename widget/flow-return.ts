/**
 * A flow's addresses: where the element may send the person
 * ({@link isSafeAuthorizeUrl}), where a flow comes back ({@link pageUrl}),
 * and a page load that is a flow coming back to this page: Stripe's callback
 * sent the browser here with `?stripe_reconnect=pending&stripe_reconnect_completion=cmp_…`
 * (the handle to redeem) or `?stripe_reconnect=<code>` (the code that ended
 * the flow), beside the flow's id. That happens to a redirect flow, and to a
 * popup cut off from the window that opened it (a host page served with
 * `Cross-Origin-Opener-Policy: same-origin`), which comes back to the host
 * page inside itself and finishes the flow there for the first window
 * ({@link finishForOpener}).
 *
 * Only the return of a flow this window may finish counts (`flow-memory.ts`
 * knows where each flow may come back): a link carrying
 * `stripe_reconnect=success`, an error code, or a handle of a flow this
 * browser did not start, or opened in another tab than the flow's, is
 * ignored, fires nothing, opens no panel and forgets nothing. The parameters
 * are removed from the address bar in every case.
 */
import { COMPLETION_PARAM, FLOW_PARAM, RETURN_PARAM, isErrorCode, type ErrorCode } from '../contract/codes.js';
import { forgetStarted, startedFlow, type StartedFlow } from './flow-memory.js';
import { HANDLE, tell, type FlowNews } from './flow-signals.js';

/** What a flow came back with. */
export interface Returned {
  /** The flow it is the return of: its `mode` says whether this window is that flow's popup. */
  flow: StartedFlow;
  /** The handle to redeem; null when the flow ended with `code`. */
  completion: string | null;
  code: ErrorCode | null;
}

/** How a flow ended, as one window tells another: `code` null is connected. */
export type Ending = Pick<FlowNews, 'code' | 'requestId' | 'account'>;

/** An address the element may open or go to for Stripe: `https:`, or `http:` on this machine (a local sandbox). */
export function isSafeAuthorizeUrl(value: string): boolean {
  try {
    const { protocol, hostname } = new URL(value);
    return protocol === 'https:' || (protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname));
  } catch {
    return false;
  }
}

/** The current page's address without the return parameters: where a flow comes back to by default. */
export function pageUrl(): string {
  const url = new URL(location.href);
  for (const name of [RETURN_PARAM, COMPLETION_PARAM, FLOW_PARAM]) url.searchParams.delete(name);
  return url.href;
}

/** Reads the return parameters, removes them from the address bar, and answers the return of a flow this window may finish, or null. */
export function takeReturn(): Returned | null {
  const params = new URL(location.href).searchParams;
  const value = params.get(RETURN_PARAM);
  const completion = params.get(COMPLETION_PARAM);
  if (value === null && completion === null && !params.has(FLOW_PARAM)) return null;
  history.replaceState(history.state, '', pageUrl());
  const flow = startedFlow(params.get(FLOW_PARAM));
  if (!flow) return null;
  let returned: Returned | null = null;
  if (value === 'pending' && completion && HANDLE.test(completion)) returned = { flow, completion, code: null };
  else if (isErrorCode(value)) returned = { flow, completion: null, code: value };
  // The flow has come back: a second link with a handle is not this flow's any more.
  if (returned) forgetStarted(flow.id);
  return returned;
}

/**
 * The popup's side of a flow cut off from the window that started it:
 * redeems the handle here with `redeem` (or takes the code the flow ended
 * with), tells the first window how it ended, and closes this window. The
 * first window shows the outcome, and sends the `connected` event there.
 */
export async function finishForOpener({ flow: { id }, completion, code }: Returned, redeem: (completion: string) => Promise<Ending>): Promise<void> {
  if (completion) tell({ id, stage: 'pending' });
  const ending = completion ? await redeem(completion) : { code, requestId: null };
  tell({ id, stage: 'done', ...ending });
  setTimeout(() => close(), 100);
}

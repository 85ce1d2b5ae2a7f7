/**
 * A page load that is a flow coming back to this page: Stripe's callback
 * sent the browser here with `?stripe_reconnect=pending&stripe_reconnect_completion=cmp_…`
 * (the handle to redeem) or `?stripe_reconnect=<code>` (the code that ended
 * the flow). That happens to a redirect flow, and to a popup whose opener was
 * severed, which finishes on the host page inside itself.
 *
 * Only the return of a flow this window may finish counts (the flow's id
 * comes back beside the outcome, and `flow-memory.ts` knows where each flow
 * may come back): a link carrying `stripe_reconnect=success`, an error code,
 * or a handle of a flow this browser did not start, or opened in another tab
 * than the flow's, is ignored, fires nothing, opens no panel and forgets
 * nothing. The parameters are removed from the address bar in every case.
 */
import { COMPLETION_PARAM, FLOW_PARAM, RETURN_PARAM, isErrorCode, type ErrorCode } from '../contract/codes.js';
import { forgetStarted, startedFlow, type StartedFlow } from './flow-memory.js';
import { HANDLE } from './flow-window.js';

/** What a flow came back with. */
export interface Returned {
  /** The flow it is the return of: its `mode` says whether this window is that flow's popup. */
  flow: StartedFlow;
  /** The handle to redeem; null when the flow ended with `code`. */
  completion: string | null;
  code: ErrorCode | null;
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

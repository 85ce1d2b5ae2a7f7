/**
 * Registers `<stripe-reconnect>` and types it for the host page: the tag in
 * `HTMLElementTagNameMap`, the events in `HTMLElementEventMap`. Importing it
 * where there is no DOM (server-side rendering) does nothing and does not throw.
 *
 * First-paint rules. What a page downloads before the element can render is
 * this module and its static imports: the element, its card and panel
 * controllers, the flow loader, the API client, the card's templates and
 * styles, the events and the English card texts (`npm run bench -- --only
 * size`, `bench/first-paint.ts`: at most 11,264 B gzip). The rest is lazy, a
 * chunk each, loaded by a dynamic `import()` when first needed: the panels
 * (`panels.ts`, with the notice, the details for support and the flow's
 * memory) with the first panel or notice; the flow (`reconnect-flow.ts` and
 * `flow-*.ts`) when a flow starts or the page is a flow's return; the reader
 * of error answers (`api-errors.ts`) with the first failure; each language's
 * panel texts. To keep it so:
 * 1. A lazy chunk imports no value from the start-up code, or bundlers split
 *    that code into a shared chunk, one more download at first paint
 *    (importing Lit's `html` in `panels.ts` splits the CDN build into 5.80 +
 *    5.64 KB). So the panels get Lit's `html` and `nothing` in their scope,
 *    the flow sends its `connected` event with `dispatchEvent` rather than
 *    `events.ts`'s `emit`, and its `failure()` checks an error's shape
 *    rather than `instanceof ApiError`.
 * 2. The start-up code imports no value from a lazy module either: a name it
 *    shares with one is declared twice, checked by the compiler against the
 *    other (`flow-loader.ts`'s `RETURN` and `POPUP`).
 * 3. Types shared between the two live in `model.ts`, which compiles to
 *    nothing; lazy modules take no type from the start-up modules.
 * 4. The contract's vocabulary of codes (`contract/codes.ts`'s values) stays
 *    out of the start-up code: `api-errors.ts` reads error answers, lazily.
 * 5. A controller's internals are `#private`: minifiers rename those, not
 *    public names.
 */
import type { StripeReconnectEventMap } from './events.js';
import { StripeReconnectElement } from './stripe-reconnect-element.js';

export { StripeReconnectElement };
export type * from './events.js';

StripeReconnectElement.define();

declare global {
  interface HTMLElementTagNameMap {
    'stripe-reconnect': StripeReconnectElement;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends StripeReconnectEventMap {}
}

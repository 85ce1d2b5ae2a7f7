/**
 * The card's state, a Lit reactive controller: the status on screen (read
 * from the backend, announced, sent as the `status` event), the task the
 * element is busy with (one at a time: the card is `aria-busy`, buttons are
 * off, and a failure becomes the error's troubleshooting panel), and what
 * the last flow did, in the card's texts (`fill` fills their placeholders). Its signal aborts every request when the element
 * leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Status } from '../contract/schemas.js';
import { ApiError, type ApiClient } from './api-client.js';
import { emit } from './events.js';
import { en, format } from './messages/index.js';
import type { Card, ErrorPanel, Messages, Task } from './model.js';
import type { PanelController } from './panel-controller.js';

/** The element, as the card reads it: a Lit host it sends its events on, and the product's name it was given. */
type CardHost = ReactiveControllerHost & EventTarget & { readonly platformName: string | null };

export interface CardOptions {
  api: ApiClient;
  panels: PanelController;
}

export class CardController implements ReactiveController, Card {
  /** The status on screen; null until the first is read. */
  status: Status | null = null;
  /** The task running now, if any. */
  busy: Task | null = null;
  /** What the last flow did, said in the card until the next status. */
  done: string | null = null;
  /** The card's texts, in the element's language once loaded. */
  m: Messages = en;
  #life = new AbortController();
  #host: CardHost;
  #options: CardOptions;

  constructor(host: CardHost, options: CardOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Aborts once the element has left the page (a new signal when it comes back). */
  get signal(): AbortSignal {
    return this.#life.signal;
  }

  hostConnected(): void {
    if (this.#life.signal.aborted) this.#life = new AbortController();
  }

  hostDisconnected(): void {
    this.#life.abort();
  }

  /** Runs `work` as `task`: busy while it runs; a failure (but for the element leaving the page) shown as a panel. */
  async run(task: Task, work: () => Promise<void>): Promise<void> {
    const { panels } = this.#options;
    const before = panels.panel;
    this.busy = task;
    panels.beginTask();
    this.#host.requestUpdate();
    try {
      await work();
      // The task a panel was about has succeeded: that panel is over.
      if (panels.panel === before && (before as ErrorPanel | null)?.task === task) panels.close();
    } catch (error) {
      if (!this.signal.aborted) {
        const { code, requestId } = error instanceof ApiError ? error : new ApiError('internal');
        await panels.showError({ code, task, requestId });
      }
    } finally {
      if (this.busy === task) {
        this.busy = null;
        panels.endTask();
        this.#host.requestUpdate();
      }
    }
  }

  /** Reads the status from the backend and shows it. */
  async read(): Promise<Status> {
    const status = await this.#options.api.send('/status');
    this.show(status);
    return status;
  }

  /** "Check again": the backend asks Stripe now. */
  check = (): Promise<void> => this.run('check', async () => this.show(await this.#options.api.send('/status/check', {})));

  /** Disconnects, then shows the new status and sends the `disconnected` event. */
  disconnect(): Promise<void> {
    return this.run('disconnect', async () => {
      const status = await this.#options.api.send('/disconnect', {});
      this.show(status);
      this.#options.panels.close();
      emit(this.#host, 'stripe-reconnect:disconnected', { status });
    });
  }

  /** Shows a status read from the backend, announces its state and sends it as a `status` event. */
  show(status: Status): void {
    const { m } = this;
    const { panels } = this.#options;
    this.status = status;
    this.done = null;
    panels.announce(`${m.stripe}: ${m.state[status.state]}`);
    emit(this.#host, 'stripe-reconnect:status', { status });
    // What Stripe asks of the account is said by the panels' code: loaded only for a status that needs it.
    if (status.warning || status.problem?.details) void panels.load().then(() => this.#host.requestUpdate());
  }

  /** Fills a text's placeholders: the platform's name (`platform-name`, else the backend's) and the account's, and `values`. */
  fill = (text: string, values?: Record<string, string | null | undefined>): string => {
    const { status } = this;
    const platform = this.#host.platformName?.trim() || this.#options.api.platformName;
    return format(text, { platform, account: (status?.account ?? status?.expected)?.name, ...values });
  };

  say(sentence: string): void {
    this.done = sentence || null;
    if (sentence) this.#options.panels.announce(sentence);
  }
}

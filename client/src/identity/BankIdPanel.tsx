import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLanguage } from '../shared/i18n';
import { ProblemError, problemOf, type Problem } from '../shared/problem';
import { ProblemMessage } from '../shared/ProblemMessage';
import {
  bankIdAutoStartUrl,
  cancelBankId,
  collectBankId,
  startBankId,
  type BilingualText,
} from './sessionApi';

const BankIdQrImage = lazy(() => import('./BankIdQrImage'));

/** The order is polled this often; the QR code changes as often. */
const POLL_MS = 1_000;
/** Network errors in a row before the poll gives up. */
const MAX_POLL_ERRORS = 3;

/** The server answered the poll with a client error (e.g. the order is gone): polling again will not help. */
const isFinal = (error: unknown): boolean =>
  error instanceof ProblemError && error.problem.status >= 400 && error.problem.status < 500;

/** 'qr': Mobile BankID on another device; 'app': BankID on this device. */
type Device = 'qr' | 'app';

/** A started BankID order (login or signing): what the panel needs of the server's answer. */
export interface BankIdStarted {
  orderId: string;
  autoStartToken: string;
  qrData: string;
  message: BilingualText;
}

/** One poll of the order: its status, BankID's message and the next QR code. */
export interface BankIdPolled {
  status: 'pending' | 'complete' | 'failed';
  message?: BilingualText | undefined;
  qrData?: string | undefined;
}

/** The texts that differ between uses of the panel; the rest are BankID's own. */
export interface BankIdTexts {
  /** The panel's heading */
  heading: string;
  /** Read out when the order is complete (before `onComplete` has finished) */
  complete: string;
  /** The QR image's alternative text */
  qrAlt: string;
}

type State =
  | { phase: 'choose' }
  | { phase: 'starting'; device: Device }
  | { phase: 'pending'; device: Device; order: BankIdStarted; qrData: string; message: BilingualText }
  | { phase: 'complete'; device: Device; message?: BilingualText | undefined }
  | { phase: 'failed'; device: Device; message?: BilingualText | undefined; problem?: Problem };

export interface BankIdPanelProps<P extends BankIdPolled = BankIdPolled> {
  /** Starts an order (login or sign) */
  start: () => Promise<BankIdStarted>;
  /** Polls the order once */
  poll: (orderId: string, signal: AbortSignal) => Promise<P>;
  /** Cancels an order still pending */
  cancel: (orderId: string) => Promise<unknown>;
  /** After the order is complete (e.g. read the new session); a rejection shows as a failure */
  onComplete: (result: P) => Promise<void>;
  texts: BankIdTexts;
  /** The heading level of the panel's heading (the phase's heading is one below); default 2 */
  level?: 2 | 3;
}

/**
 * BankID, for logging in or signing: the citizen chooses the device, the order starts, and its
 * status is polled every second (redrawing the QR code) until it completes, fails or is
 * cancelled. Leaving the page cancels an order still pending.
 */
export function BankIdPanel<P extends BankIdPolled = BankIdPolled>({ start: startOrder, poll: pollOrder, cancel: cancelOrder, onComplete, texts, level = 2 }: BankIdPanelProps<P>) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [state, setState] = useState<State>({ phase: 'choose' });
  const pendingOrder = useRef<string | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  // the latest functions, so that new ones from the parent do not restart the polling
  const actions = useRef({ startOrder, pollOrder, cancelOrder, onComplete });
  useEffect(() => {
    actions.current = { startOrder, pollOrder, cancelOrder, onComplete };
  });

  const orderId = state.phase === 'pending' ? state.order.orderId : undefined;

  // A new phase replaces the buttons: move focus to its heading so it is not lost.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [state.phase]);

  // Cancel an order still pending when the page goes away.
  useEffect(
    () => () => {
      const open = pendingOrder.current;
      pendingOrder.current = undefined;
      if (open) void actions.current.cancelOrder(open).catch(() => undefined);
    },
    [],
  );

  useEffect(() => {
    if (!orderId) return;
    const controller = new AbortController();
    let timer: number | undefined;
    let errors = 0;
    const poll = async (): Promise<void> => {
      try {
        const result = await actions.current.pollOrder(orderId, controller.signal);
        if (controller.signal.aborted) return;
        errors = 0;
        if (result.status === 'pending') {
          setState((previous) =>
            previous.phase === 'pending' && previous.order.orderId === orderId
              ? { ...previous, qrData: result.qrData ?? previous.qrData, message: result.message ?? previous.message }
              : previous,
          );
          timer = window.setTimeout(() => void poll(), POLL_MS);
          return;
        }
        pendingOrder.current = undefined;
        const phase = result.status === 'complete' ? 'complete' : 'failed';
        setState((previous) =>
          previous.phase === 'pending' ? { phase, device: previous.device, message: result.message } : previous,
        );
        if (result.status !== 'complete') return;
        // after this the effect is cleaned up (no order pending): the outcome is told through the state
        await actions.current.onComplete(result).catch((error: unknown) =>
          setState((previous) =>
            previous.phase === 'complete' ? { phase: 'failed', device: previous.device, problem: problemOf(error) } : previous,
          ),
        );
      } catch (error) {
        if (controller.signal.aborted) return;
        errors += 1;
        if (errors < MAX_POLL_ERRORS && !isFinal(error)) {
          timer = window.setTimeout(() => void poll(), POLL_MS);
          return;
        }
        pendingOrder.current = undefined;
        setState((previous) =>
          previous.phase === 'choose' || previous.phase === 'starting'
            ? previous
            : { phase: 'failed', device: previous.device, problem: problemOf(error) },
        );
      }
    };
    timer = window.setTimeout(() => void poll(), POLL_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [orderId]);

  const start = async (device: Device) => {
    setState({ phase: 'starting', device });
    try {
      const order = await actions.current.startOrder();
      pendingOrder.current = order.orderId;
      setState({ phase: 'pending', device, order, qrData: order.qrData, message: order.message });
    } catch (error) {
      setState({ phase: 'failed', device, problem: problemOf(error) });
    }
  };

  const cancel = () => {
    const open = pendingOrder.current;
    pendingOrder.current = undefined;
    setState({ phase: 'choose' });
    if (open) void actions.current.cancelOrder(open).catch(() => undefined);
  };

  const Heading = level === 2 ? 'h2' : 'h3';
  const PhaseHeading = level === 2 ? 'h3' : 'h4';
  const headingId = useId();
  const deviceTitle = (device: Device) => (device === 'qr' ? t('bankid.otherDevice') : t('bankid.thisDevice'));
  const message =
    state.phase === 'starting'
      ? t('bankid.starting')
      : state.phase === 'pending' || state.phase === 'failed' || state.phase === 'complete'
        ? (state.message?.[language] ?? (state.phase === 'complete' ? texts.complete : ''))
        : '';

  return (
    <section className="bankid" aria-labelledby={headingId} data-testid="bankid-panel">
      <Heading id={headingId}>{texts.heading}</Heading>
      {state.phase === 'choose' ? (
        <>
          <PhaseHeading ref={headingRef} tabIndex={-1}>
            {t('bankid.chooseDevice')}
          </PhaseHeading>
          <div className="bankid-choices">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="bankid-other-device"
              onClick={() => void start('qr')}
            >
              {t('bankid.otherDevice')}
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              data-testid="bankid-this-device"
              onClick={() => void start('app')}
            >
              {t('bankid.thisDevice')}
            </button>
          </div>
        </>
      ) : (
        <PhaseHeading ref={headingRef} tabIndex={-1}>
          {deviceTitle(state.device)}
        </PhaseHeading>
      )}

      {state.phase === 'pending' && state.device === 'qr' && (
        <div className="bankid-qr-block">
          <p className="bankid-instructions">{t('bankid.qrInstructions')}</p>
          <div className="bankid-qr" data-testid="bankid-qr" data-qr={state.qrData}>
            <Suspense fallback={<p className="loading">{t('bankid.qrLoading')}</p>}>
              <BankIdQrImage data={state.qrData} alt={texts.qrAlt} loadingText={t('bankid.qrLoading')} />
            </Suspense>
          </div>
        </div>
      )}
      {state.phase === 'pending' && state.device === 'app' && (
        <div className="bankid-app-block">
          <p className="bankid-instructions">{t('bankid.autoStartInstructions')}</p>
          <p>
            <a
              className="btn btn-primary"
              href={bankIdAutoStartUrl(state.order.autoStartToken)}
              data-testid="bankid-autostart-link"
            >
              {t('bankid.openApp')}
            </a>
          </p>
        </div>
      )}

      {/* polite: the message changes as the citizen acts in the app, not every second */}
      <p className="bankid-status" role="status" aria-live="polite" data-testid="bankid-status">
        {message}
      </p>
      {state.phase === 'failed' && state.problem && <ProblemMessage problem={state.problem} />}

      {(state.phase === 'pending' || state.phase === 'starting') && (
        <p>
          <button type="button" className="btn btn-secondary" data-testid="bankid-cancel" onClick={cancel}>
            {t('bankid.cancel')}
          </button>
        </p>
      )}
      {state.phase === 'failed' && (
        <div className="bankid-choices">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="bankid-retry"
            onClick={() => void start(state.device)}
          >
            {t('bankid.tryAgain')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setState({ phase: 'choose' })}>
            {t('bankid.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}

interface BankIdLoginPanelProps {
  /** Where the login's orders are started and polled (a municipality's citizen login, or the staff login) */
  basePath: string;
  returnTo: string;
  name: string;
  /** Reads the new session once the order is complete */
  reload: () => Promise<unknown>;
}

/** BankID login: when the order is complete, read the new session and go back to where the person came from. */
export function BankIdLoginPanel({ basePath, returnTo, name, reload }: BankIdLoginPanelProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useCallback(() => startBankId(basePath), [basePath]);
  const poll = useCallback((orderId: string, signal: AbortSignal) => collectBankId(basePath, orderId, signal), [basePath]);
  const cancel = useCallback((orderId: string) => cancelBankId(basePath, orderId), [basePath]);
  const onComplete = useCallback(async () => {
    await reload();
    await navigate(returnTo, { replace: true });
  }, [reload, navigate, returnTo]);
  return (
    <BankIdPanel
      start={start}
      poll={poll}
      cancel={cancel}
      onComplete={onComplete}
      texts={{ heading: name || t('bankid.heading'), complete: t('bankid.complete'), qrAlt: t('bankid.qrAlt') }}
    />
  );
}

import { lazy, Suspense, useEffect, useRef, useState } from 'react';
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
  type BankIdOrder,
  type BilingualText,
} from './sessionApi';
import { useSession } from './SessionProvider';

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

type State =
  | { phase: 'choose' }
  | { phase: 'starting'; device: Device }
  | { phase: 'pending'; device: Device; order: BankIdOrder; qrData: string; message: BilingualText }
  | { phase: 'complete'; device: Device; message?: BilingualText }
  | { phase: 'failed'; device: Device; message?: BilingualText; problem?: Problem };

interface BankIdPanelProps {
  municipality: string;
  returnTo: string;
  name: string;
}

/**
 * BankID login: the citizen chooses the device, the order starts, and its status is polled
 * every second (redrawing the QR code) until it completes, fails or is cancelled. Leaving the
 * page cancels an order still pending.
 */
export function BankIdPanel({ municipality, returnTo, name }: BankIdPanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const { reload } = useSession();
  const [state, setState] = useState<State>({ phase: 'choose' });
  const pendingOrder = useRef<string | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

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
      if (open) void cancelBankId(municipality, open).catch(() => undefined);
    },
    [municipality],
  );

  useEffect(() => {
    if (!orderId) return;
    const controller = new AbortController();
    let timer: number | undefined;
    let errors = 0;
    const poll = async (): Promise<void> => {
      try {
        const result = await collectBankId(municipality, orderId, controller.signal);
        if (controller.signal.aborted) return;
        errors = 0;
        if (result.status === 'pending') {
          setState((previous) =>
            previous.phase === 'pending' && previous.order.orderId === orderId
              ? { ...previous, qrData: result.qrData ?? previous.qrData, message: result.message }
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
  }, [municipality, orderId]);

  // Logged in: read the new session, then back to where the citizen came from.
  const completedDevice = state.phase === 'complete' ? state.device : undefined;
  useEffect(() => {
    if (!completedDevice) return;
    let active = true;
    reload()
      .then(() => {
        if (active) void navigate(returnTo, { replace: true });
      })
      .catch((error: unknown) => {
        if (active) setState({ phase: 'failed', device: completedDevice, problem: problemOf(error) });
      });
    return () => {
      active = false;
    };
  }, [completedDevice, reload, navigate, returnTo]);

  const start = async (device: Device) => {
    setState({ phase: 'starting', device });
    try {
      const order = await startBankId(municipality);
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
    if (open) void cancelBankId(municipality, open).catch(() => undefined);
  };

  const deviceTitle = (device: Device) => (device === 'qr' ? t('bankid.otherDevice') : t('bankid.thisDevice'));
  const message =
    state.phase === 'starting'
      ? t('bankid.starting')
      : state.phase === 'pending' || state.phase === 'failed' || state.phase === 'complete'
        ? (state.message?.[language] ?? (state.phase === 'complete' ? t('bankid.complete') : ''))
        : '';

  return (
    <section className="bankid" aria-labelledby="bankid-heading" data-testid="bankid-panel">
      <h2 id="bankid-heading">{name || t('bankid.heading')}</h2>
      {state.phase === 'choose' ? (
        <>
          <h3 ref={headingRef} tabIndex={-1}>
            {t('bankid.chooseDevice')}
          </h3>
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
        <h3 ref={headingRef} tabIndex={-1}>
          {deviceTitle(state.device)}
        </h3>
      )}

      {state.phase === 'pending' && state.device === 'qr' && (
        <div className="bankid-qr-block">
          <p className="bankid-instructions">{t('bankid.qrInstructions')}</p>
          <div className="bankid-qr" data-testid="bankid-qr" data-qr={state.qrData}>
            <Suspense fallback={<p className="loading">{t('bankid.qrLoading')}</p>}>
              <BankIdQrImage data={state.qrData} alt={t('bankid.qrAlt')} loadingText={t('bankid.qrLoading')} />
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
